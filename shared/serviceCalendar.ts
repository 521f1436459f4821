/**
 * When a service gives tickets: its weekly hours (several ranges a day), the site-wide breaks it
 * follows (e.g. Jumat 11:30–13:00), its issuing window (tickets from N minutes before it opens,
 * the last one M minutes before it closes), holidays and closures (with a per-service "open
 * anyway"), and timed pauses. Pure rules over plain data, in the site's time zone: the hub decides
 * with them (electron/hub/calendar.ts) and the screens can show the same words.
 *
 * The rules, where the issue leaves them open (docs/DECISIONS.md):
 * - The issuing window applies to each range of the service's own hours: with 08:00–12:00 and
 *   13:00–15:00, N = 30 and M = 30, tickets go from 07:30 to 11:30 and from 12:30 to 14:30.
 * - A site break is cut out of both the service hours and the issuing window; it is not an opening
 *   (no lead of N minutes before its end) nor a closing (no cut-off of M minutes before its start).
 * - A closure of one service wins over everything; an MPP-wide closure closes every service but
 *   those with an "open anyway" row for that date.
 * - A pause stops issuing from its start until its end (or until ended early); it ends by itself.
 * - "Next opening" is the first moment tickets can be taken again (the window's start, not the
 *   service's), looked for over at most LOOKAHEAD_DAYS days.
 * Days are taken as having no daylight-saving jump (Indonesia has none).
 */
import { localParts, parseHhMm, type LocalParts } from './businessDate.js';
import { MONTHS_ID, WEEKDAYS_ID } from './domain.js';
import type { WeeklyHours } from './site.js';

/** How far ahead the next opening is looked for. */
export const LOOKAHEAD_DAYS = 60;
const MINUTE_MS = 60_000;

export interface SiteBreak {
  id: number;
  /** 0 = Minggu … 6 = Sabtu */
  weekday: number;
  start: string;
  end: string;
  reason: string;
}

export interface CalendarClosure {
  id: number;
  date: string;
  /** null: the whole MPP */
  serviceId: number | null;
  reason: string;
  /** a row that opens `serviceId` on a date the whole MPP is closed */
  openAnyway: boolean;
}

export interface CalendarPause {
  id: number;
  serviceId: number;
  fromAt: number;
  /** when it ends: its planned end, or when it was ended early */
  untilAt: number;
  reason: string;
}

/** What the rules need of a service (shared/site.ts ServiceInfo has it all). */
export interface CalendarService {
  id: number;
  hours: WeeklyHours;
  issueOpensBeforeMinutes: number;
  lastTicketBeforeMinutes: number;
  followsSiteBreaks: boolean;
}

/** What the rules read besides the service: the site's zone, its breaks, closures, pauses. */
export interface CalendarFacts {
  timeZone: string;
  breaks: readonly SiteBreak[];
  /** closures not undone, at least from the day asked about to LOOKAHEAD_DAYS after it */
  closures: readonly CalendarClosure[];
  /** pauses not over, of any service */
  pauses: readonly CalendarPause[];
}

/** Minutes of a local day, [start, end). */
export interface Range {
  start: number;
  end: number;
}

/** Why a service gives no ticket now (the kiosk says it): see calendarStatus. */
export const CLOSED_WHY = ['closure', 'pause', 'break', 'lastTicket', 'hours'] as const;
export type ClosedWhy = (typeof CLOSED_WHY)[number];

export interface NextOpening {
  at: number;
  text: { id: string; en: string };
}

export interface CalendarStatus {
  /** tickets can be taken now (as far as the calendar goes: quota and the day are the engine's) */
  issuing: boolean;
  why: ClosedWhy | null;
  /** the admin's words: the closure's, the pause's or the break's reason */
  reason: string | null;
  /** today's service hours, site breaks cut out */
  serviceToday: { open: string; close: string }[];
  /** today's issuing window */
  issuingToday: { open: string; close: string }[];
  /** when tickets can next be taken, when they cannot now (null: open now, or not within LOOKAHEAD_DAYS) */
  nextOpening: NextOpening | null;
  /** when this status may next change: a screen reads again then */
  until: number;
}

// ---- ranges ------------------------------------------------------------------------------

function toRange(h: { open: string; close: string }): Range {
  return { start: parseHhMm(h.open), end: parseHhMm(h.close) };
}

export function hhmm(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

const toHours = (rs: Range[]) => rs.map((r) => ({ open: hhmm(r.start), close: hhmm(r.end) }));

/** Sorted, overlapping or touching ranges merged, empty ones dropped. */
export function mergeRanges(ranges: Range[]): Range[] {
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

/** `ranges` with every `cut` taken out. */
export function subtractRanges(ranges: Range[], cuts: Range[]): Range[] {
  let out = mergeRanges(ranges);
  for (const c of cuts) {
    if (c.end <= c.start) continue;
    out = out.flatMap((r) => {
      if (c.end <= r.start || c.start >= r.end) return [r];
      const pieces: Range[] = [];
      if (c.start > r.start) pieces.push({ start: r.start, end: c.start });
      if (c.end < r.end) pieces.push({ start: c.end, end: r.end });
      return pieces;
    });
  }
  return out;
}

/** The site breaks a service keeps on a weekday. */
export function breaksOn(service: CalendarService, weekday: number, breaks: readonly SiteBreak[]): SiteBreak[] {
  return service.followsSiteBreaks ? breaks.filter((b) => b.weekday === weekday) : [];
}

/** The service's hours on a weekday, its site breaks cut out. */
export function serviceRanges(service: CalendarService, weekday: number, breaks: readonly SiteBreak[]): Range[] {
  return subtractRanges((service.hours[weekday] ?? []).map(toRange), breaksOn(service, weekday, breaks).map(toRange2));
}

function toRange2(b: { start: string; end: string }): Range {
  return { start: parseHhMm(b.start), end: parseHhMm(b.end) };
}

/** When tickets are given on a weekday: each range of hours from N before to M before its end, breaks cut out. */
export function issuingRanges(service: CalendarService, weekday: number, breaks: readonly SiteBreak[]): Range[] {
  const n = service.issueOpensBeforeMinutes;
  const m = service.lastTicketBeforeMinutes;
  const window = (service.hours[weekday] ?? []).map(toRange).map((r) => ({ start: Math.max(0, r.start - n), end: Math.min(24 * 60, r.end - m) }));
  return subtractRanges(mergeRanges(window), breaksOn(service, weekday, breaks).map(toRange2));
}

// ---- closures and pauses -----------------------------------------------------------------

/** The closure that keeps the service shut on `date`, or null. */
export function closureOn(serviceId: number, date: string, closures: readonly CalendarClosure[]): CalendarClosure | null {
  let wide: CalendarClosure | null = null;
  let openAnyway = false;
  for (const c of closures) {
    if (c.date !== date) continue;
    if (c.serviceId === serviceId) {
      if (!c.openAnyway) return c;
      openAnyway = true;
    } else if (c.serviceId === null && !c.openAnyway) wide ??= c;
  }
  return openAnyway ? null : wide;
}

/** The pause holding the service at `at`, or null. */
export function pauseAt(serviceId: number, at: number, pauses: readonly CalendarPause[]): CalendarPause | null {
  return pauses.find((p) => p.serviceId === serviceId && p.fromAt <= at && at < p.untilAt) ?? null;
}

// ---- dates -------------------------------------------------------------------------------

function dateParts(date: string): [number, number, number] {
  return date.split('-').map(Number) as [number, number, number];
}

/** "2026-11-23" plus `days`. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = dateParts(date);
  return new Date(Date.UTC(y, m - 1, d + days, 12)).toISOString().slice(0, 10);
}

/** 0 = Minggu … 6 = Sabtu */
export function weekdayOf(date: string): number {
  const [y, m, d] = dateParts(date);
  return new Date(Date.UTC(y, m - 1, d, 12)).getUTCDay();
}

/**
 * The instants of local midnights, computed once per date (Intl is slow enough to matter over a
 * catalogue of 350 services). Make one per question: it holds no clock.
 */
export class LocalDays {
  private readonly starts = new Map<string, number>();
  private readonly minutes = new Map<number, Readonly<LocalParts>>();
  constructor(readonly timeZone: string) {}

  /** localParts of an instant, kept per minute (businessDate.ts keeps only the last one). */
  parts(t: number): Readonly<LocalParts> {
    const minute = Math.floor(t / MINUTE_MS);
    let p = this.minutes.get(minute);
    if (!p) {
      if (this.minutes.size > 10_000) this.minutes.clear();
      p = localParts(t, this.timeZone);
      this.minutes.set(minute, p);
    }
    return p;
  }

  /** The instant a local date begins. */
  start(date: string): number {
    let t = this.starts.get(date);
    if (t === undefined) {
      const [y, m, d] = dateParts(date);
      const naive = Date.UTC(y, m - 1, d);
      // naive - offset, the offset read at the guess and once more at the answer
      t = naive - this.offsetAt(naive);
      t = naive - this.offsetAt(t);
      this.starts.set(date, t);
    }
    return t;
  }

  /** The instant of a local date's minute. */
  at(date: string, minute: number): number {
    return this.start(date) + minute * MINUTE_MS;
  }

  private offsetAt(t: number): number {
    const p = this.parts(t);
    const [y, m, d] = dateParts(p.date);
    return Date.UTC(y, m - 1, d) + p.minuteOfDay * MINUTE_MS - Math.floor(t / MINUTE_MS) * MINUTE_MS;
  }
}

// ---- words -------------------------------------------------------------------------------

const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "14:30" as Indonesians write a time: "14.30". */
export function idTime(hm: string): string {
  return hm.replace(':', '.');
}

/**
 * "Buka pukul 13.00" (today), "Buka besok, Selasa 24 November 08.00", "Buka Senin, 7 Desember 08.00"
 * and the same in English, for an opening at `at` seen from `now`.
 */
export function nextOpeningText(at: number, now: number, timeZone: string, days = new LocalDays(timeZone)): { id: string; en: string } {
  const when = days.parts(at);
  const today = days.parts(now).date;
  const time = when.time;
  if (when.date === today) return { id: `Buka pukul ${idTime(time)}`, en: `Opens at ${time}` };
  const [y, m, d] = dateParts(when.date);
  const year = y !== dateParts(today)[0] ? ` ${y}` : '';
  const dayId = `${WEEKDAYS_ID[when.weekday]}, ${d} ${MONTHS_ID[m - 1]}${year}`;
  const dayEn = `${WEEKDAYS_EN[when.weekday]} ${d} ${MONTHS_EN[m - 1]}${year}`;
  if (when.date === addDays(today, 1)) return { id: `Buka besok, ${dayId} ${idTime(time)}`, en: `Opens tomorrow, ${dayEn} ${time}` };
  return { id: `Buka ${dayId} ${idTime(time)}`, en: `Opens ${dayEn} ${time}` };
}

// ---- the status --------------------------------------------------------------------------

/** Epoch intervals [from, to) with the pauses of the service taken out. */
function unpaused(serviceId: number, from: number, to: number, pauses: readonly CalendarPause[]): { from: number; to: number }[] {
  let pieces = [{ from, to }];
  for (const p of pauses) {
    if (p.serviceId !== serviceId) continue;
    pieces = pieces.flatMap((r) => {
      if (p.untilAt <= r.from || p.fromAt >= r.to) return [r];
      const out: { from: number; to: number }[] = [];
      if (p.fromAt > r.from) out.push({ from: r.from, to: p.fromAt });
      if (p.untilAt < r.to) out.push({ from: p.untilAt, to: r.to });
      return out;
    });
  }
  return pieces.filter((r) => r.to > r.from);
}

/**
 * The first instant at or after `from` when the service gives tickets, over LOOKAHEAD_DAYS days,
 * with the interval it lasts; null when there is none.
 */
export function nextIssuing(service: CalendarService, from: number, facts: CalendarFacts, days = new LocalDays(facts.timeZone)): { from: number; to: number } | null {
  const first = days.parts(from).date;
  for (let i = 0; i <= LOOKAHEAD_DAYS; i++) {
    const date = addDays(first, i);
    if (closureOn(service.id, date, facts.closures)) continue;
    for (const r of issuingRanges(service, weekdayOf(date), facts.breaks)) {
      const start = Math.max(from, days.at(date, r.start));
      const end = days.at(date, r.end);
      if (end <= start) continue;
      const piece = unpaused(service.id, start, end, facts.pauses)[0];
      if (piece) return piece;
    }
  }
  return null;
}

/** Whether the service gives tickets at `at`, why not, when it next does, and when this may change. */
export function calendarStatus(service: CalendarService, at: number, facts: CalendarFacts, days = new LocalDays(facts.timeZone)): CalendarStatus {
  const p = days.parts(at);
  const minute = p.minuteOfDay;
  const service_ = serviceRanges(service, p.weekday, facts.breaks);
  const issuing_ = issuingRanges(service, p.weekday, facts.breaks);
  const closure = closureOn(service.id, p.date, facts.closures);
  const pause = pauseAt(service.id, at, facts.pauses);
  const inside = (rs: Range[]) => rs.some((r) => minute >= r.start && minute < r.end);

  let why: ClosedWhy | null = null;
  let reason: string | null = null;
  if (closure) [why, reason] = ['closure', closure.reason];
  else if (pause) [why, reason] = ['pause', pause.reason];
  else if (!inside(issuing_)) {
    const brk = breaksOn(service, p.weekday, facts.breaks).find((b) => minute >= parseHhMm(b.start) && minute < parseHhMm(b.end));
    const window = (service.hours[p.weekday] ?? []).map(toRange);
    if (brk && inside(window)) [why, reason] = ['break', brk.reason || null];
    else why = inside(service_) ? 'lastTicket' : 'hours';
  }
  const issuing = why === null;
  const nextOpeningAt = issuing ? null : (nextIssuing(service, at, facts, days)?.from ?? null);

  // Whatever may change what is shown: an edge of today's ranges or breaks, the pause's end,
  // midnight, the next opening.
  const edges = [
    ...service_.flatMap((r) => [r.start, r.end]),
    ...issuing_.flatMap((r) => [r.start, r.end]),
    ...breaksOn(service, p.weekday, facts.breaks).flatMap((b) => [parseHhMm(b.start), parseHhMm(b.end)]),
  ]
    .filter((m) => m > minute && m < 24 * 60)
    .map((m) => days.at(p.date, m));
  const midnight = days.start(addDays(p.date, 1));
  const until = Math.min(midnight, ...edges, ...(pause ? [pause.untilAt] : []), ...(nextOpeningAt !== null && nextOpeningAt > at ? [nextOpeningAt] : []));

  return {
    issuing,
    why,
    reason,
    serviceToday: toHours(service_),
    issuingToday: toHours(issuing_),
    nextOpening: nextOpeningAt === null ? null : { at: nextOpeningAt, text: nextOpeningText(nextOpeningAt, at, facts.timeZone, days) },
    until,
  };
}

/** "Layanan 08.00–15.00 · tiket terakhir 14.30": the last ticket's time when it comes before closing, else null. */
export function lastTicketTime(serviceToday: { close: string }[], issuingToday: { close: string }[]): string | null {
  const close = serviceToday.at(-1)?.close;
  const last = issuingToday.at(-1)?.close;
  return last && close && last !== close ? last : null;
}
