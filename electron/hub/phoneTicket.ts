/**
 * The ticket on the citizen's phone (shared/phoneTicket.ts): the link the ticket's QR code carries,
 * the view the phone page shows, and the page's two writes (the survey of this visit, a complaint).
 *
 * The link's token is `<ticketId>.<yyyymmdd>.<mac>`: the mac is an HMAC of the id and the ticket's
 * business date with a key the hub made itself (hub_keys, never sent anywhere), so a token for
 * another ticket cannot be made by changing a number, and a copied link dies at the end of that
 * business day in the site's time zone. Every refusal (a bad mac, another date, a ticket this
 * database does not hold, an expired day) is the same `null`: the routes answer one 404 for all of
 * them, so probing learns nothing, not even whether a ticket id exists.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { businessDate, localParts } from '../../shared/businessDate.js';
import type { ComplaintInput } from '../../shared/complaints.js';
import type { Event } from '../../shared/events.js';
import { PHONE_TOKEN_PATTERN, type PhoneState, type PhoneTicketView } from '../../shared/phoneTicket.js';
import { placeText } from '../../shared/place.js';
import type { TicketStatus } from '../../shared/domain.js';
import type { Ticket } from '../../shared/ticket.js';
import { estimatedWaitMinutes, type WaitBasis } from '../../shared/waitEstimate.js';
import type { Clock } from './clock.js';
import type { Db } from './db/open.js';
import type { EventLog } from './events.js';
import { HubError } from './hubError.js';
import type { MasterData } from './masterData.js';
import type { QueueEngine } from './queue/engine.js';
import { toTicket, type TicketRow } from './queue/tickets.js';
import type { SettingsStore } from './settings.js';
import { hubKey, type Survey, type SurveyAnswerInput } from './survey.js';

const KEY_NAME = 'phone-link';
/** 16 bytes of HMAC-SHA256 (128 bits), base64url: 22 characters. */
const MAC_BYTES = 16;
/** The port `npm run serve` listens on, for a link made before the hub has told its own (tests in-process). */
const DEFAULT_PORT = 7800;

/** The complaints module as the phone page uses it (electron/hub/complaints.ts, helper E's). */
export interface ComplaintFiling {
  file(input: ComplaintInput, from: { channel: 'phone'; ticketId: number }): { uid: string; reference: string; at: number };
}

export interface PhoneLinksDeps {
  db: Db;
  master: Pick<MasterData, 'site'>;
  engine: Pick<QueueEngine, 'today' | 'ticket'>;
  settings: Pick<SettingsStore, 'get'>;
  clock: Clock;
}

/** The hub's first non-internal IPv4 address: what a phone on the building's Wi-Fi can reach. */
export function firstLanAddress(): string | null {
  for (const list of Object.values(networkInterfaces())) {
    for (const i of list ?? []) if (i.family === 'IPv4' && !i.internal) return i.address;
  }
  return null;
}

/** The end of a business date ("2026-12-02") in `timeZone`: the first ms whose business date is later. */
export function endOfBusinessDay(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  // The zone's offset at noon of that date (Indonesia has no daylight saving: one offset all day).
  const noon = Date.UTC(y, m - 1, d, 12);
  const p = localParts(noon, timeZone);
  const [ly, lm, ld] = p.date.split('-').map(Number) as [number, number, number];
  const offset = Date.UTC(ly, lm - 1, ld) + p.minuteOfDay * 60_000 - noon;
  let end = Date.UTC(y, m - 1, d + 1) - offset;
  // A zone with a transition that day: step to the real boundary rather than trust the offset.
  while (businessDate(end - 1, timeZone) > date) end -= 60_000;
  while (businessDate(end, timeZone) <= date) end += 60_000;
  return end;
}

/** The signed links: made for a ticket, checked back to it. */
export class PhoneLinks {
  private readonly key: Buffer;
  /** where this hub listens for plain HTTP, told by hub.ts once it listens (port 0: any port) */
  private hubPort = DEFAULT_PORT;

  constructor(private readonly deps: PhoneLinksDeps) {
    this.key = hubKey(deps.db, KEY_NAME);
  }

  /** Told by startHub once the LAN API listens. */
  setHubPort(port: number): void {
    this.hubPort = port;
  }

  private mac(id: number, day: string): string {
    return createHmac('sha256', this.key).update(`phone\n${id}.${day}`).digest().subarray(0, MAC_BYTES).toString('base64url');
  }

  token(t: Pick<Ticket, 'id' | 'businessDate'>): string {
    const day = t.businessDate.replace(/-/g, '');
    return `${t.id}.${day}.${this.mac(t.id, day)}`;
  }

  /** The site's address for phones, else this hub's LAN address and port (plain HTTP: phones cannot trust the hub's own certificate). */
  baseUrl(): string {
    const configured = this.deps.settings.get('publicBaseUrl');
    if (configured) return configured.replace(/\/+$/, '');
    return `http://${firstLanAddress() ?? '127.0.0.1'}:${this.hubPort}`;
  }

  link(t: Pick<Ticket, 'id' | 'businessDate'>): string {
    return `${this.baseUrl()}/t/${this.token(t)}`;
  }

  /** When a ticket's link stops working: the end of its business day. */
  expiresAt(t: Pick<Ticket, 'businessDate'>): number {
    return endOfBusinessDay(t.businessDate, this.deps.master.site().timeZone);
  }

  /** The ticket a token is for, or null for any token that is not a live one of this hub (one answer for all). */
  ticketOf(token: string): Ticket | null {
    if (!PHONE_TOKEN_PATTERN.test(token)) return null;
    const [idText, day, mac] = token.split('.') as [string, string, string];
    const id = Number(idText);
    const expected = Buffer.from(this.mac(id, day));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const t = this.deps.engine.ticket(id);
    // Signed here, but the database no longer holds that ticket on that date (a restored backup).
    if (!t || t.businessDate.replace(/-/g, '') !== day) return null;
    if (this.deps.clock.now() >= this.expiresAt(t)) return null;
    return t;
  }

  /** A link scanned at the kiosk (`…/t/<token>`, any host: the site may have changed its address since). */
  ticketOfLink(text: string): Ticket | null {
    const m = /\/t\/([^/?#\s]+)\s*$/.exec(text.trim());
    return m ? this.ticketOf(m[1]!) : null;
  }
}

export interface PhoneTicketsDeps {
  db: Db;
  events: EventLog;
  master: MasterData;
  engine: QueueEngine;
  settings: SettingsStore;
  clock: Clock;
  links: PhoneLinks;
  survey: Survey;
  complaints: ComplaintFiling;
}

const STATE: Record<TicketStatus, PhoneState> = {
  waiting: 'waiting',
  called: 'called',
  serving: 'serving',
  done: 'done',
  no_show: 'missed',
  cancelled: 'ended',
  closed: 'ended',
};

/** FNV-1a, 31 bits: the view's `version`, equal for equal views. */
function fingerprint(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & 0x7fffffff;
}

/** A phone's page listening for changes (the stream route): told only about its own ticket's. */
export interface PhoneWatch {
  stop(): void;
}

/** What a view of one service shares with every other view of it, read once per burst. */
interface ServiceContext {
  where: { service: string; agency: string; zone: string | null; floor: string | null } | undefined;
  open: number;
  /** the service's wait basis, read when first needed */
  basis: () => WaitBasis | null;
  surveyForm: ReturnType<SettingsStore['get']>;
  counterWord: ReturnType<SettingsStore['get']>;
  siteName: string;
}

/**
 * Why a watch ended: the link expired (the day is over), the hub is stopping, or the ticket can
 * change no more (`final`: the page keeps its last view and stops listening, so the stream's place
 * goes to a citizen still waiting).
 */
export type WatchEnd = 'expired' | 'closing' | 'final';

/**
 * A view nothing will change any more before the link expires: a cancelled ticket, or a served one
 * whose survey is answered or closed. (A ticket closed at the day's end is not final: a day
 * reopened by mistake puts it back in the queue.)
 */
function isFinal(t: Ticket, v: PhoneTicketView): boolean {
  return t.status === 'cancelled' || (t.status === 'done' && v.survey !== 'open');
}

/** A ticket checked in from a booking: its slot's start ("09:00") and the instant it may be called from. */
interface Booked {
  slot: string;
  dueAt: number;
}

/** One open watch (a stream of the phone route). */
interface Watch {
  ticketId: number;
  /** its ticket's service as last seen, and the counters serving that service then */
  serviceId: number;
  counters: Set<number>;
  /** the version last sent */
  last: number;
  stopped: boolean;
  onView: (v: PhoneTicketView) => void;
  end: (why: WatchEnd) => void;
  /** the ticket as last seen, and what its last view was made of (null: compute it in full next time) */
  ticket: Ticket | null;
  inputs: string | null;
  /** when its ticket's link expires, as last computed */
  expiresAt: number;
  /** until when its last view holds with equal inputs: a survey window's end (the clock closes it), else forever */
  stableUntil: number;
}

/** Adds `w` to the set at `key` of `index`. */
function indexAdd(index: Map<number, Set<Watch>>, key: number, w: Watch): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(w);
}

function indexDelete(index: Map<number, Set<Watch>>, key: number, w: Watch): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(w);
  if (set.size === 0) index.delete(key);
}

/** A ticket just issued, as far as the people ahead of others are concerned. */
interface IssuedRow {
  id: number;
  service_id: number;
  business_date: string;
  status: TicketStatus;
  priority_group: string | null;
  arrived_at: number;
}

/** Whether `n`, waiting, is among the people ahead of waiting `t` (engine.peopleAhead's rule). */
function countsAhead(n: IssuedRow, t: Ticket): boolean {
  if (n.status !== 'waiting' || n.id === t.id || n.service_id !== t.serviceId || n.business_date !== t.businessDate) return false;
  const earlier = n.arrived_at < t.arrivedAt || (n.arrived_at === t.arrivedAt && n.id < t.id);
  return t.priorityGroup !== null ? n.priority_group !== null && earlier : n.priority_group !== null || earlier;
}

export class PhoneTickets {
  /** every watch open now: the hub's shutdown ends them all */
  private readonly open = new Set<Watch>();
  /** the open watches by their ticket, by their ticket's service, by the counters serving it */
  private readonly byTicket = new Map<number, Set<Watch>>();
  private readonly byService = new Map<number, Set<Watch>>();
  private readonly byCounter = new Map<number, Set<Watch>>();
  /** the one subscription to the event log all watches share, while any is open */
  private unsubscribe: (() => void) | null = null;
  /** what the events since the last recompute touched */
  private burst = { all: false, tickets: new Set<number>(), services: new Set<number>(), counters: new Set<number>(), issued: new Map<number, number[]>() };
  private pending: ReturnType<typeof setImmediate> | null = null;

  constructor(private readonly deps: PhoneTicketsDeps) {}

  /**
   * Ends every watch (the hub is stopping): an open stream would otherwise keep the HTTP server
   * from closing, since its keep-alives never leave it idle. The pages reconnect by themselves.
   */
  endAll(): void {
    for (const w of [...this.open]) w.end('closing');
  }

  ticketOf(token: string): Ticket | null {
    return this.deps.links.ticketOf(token);
  }

  /** The survey of this visit: open from the finish for the site's survey window, once. */
  private surveyState(t: Ticket): { state: PhoneTicketView['survey']; grant: string | null } {
    if (t.status !== 'done' || t.finishedAt === null) return { state: 'not_yet', grant: null };
    const offer = this.deps.survey.offer(t, 'qr');
    if (offer.reason === 'answered') return { state: 'done', grant: null };
    const windowEnd = t.finishedAt + this.deps.settings.get('surveyWindowMinutes') * 60_000;
    if (!offer.eligible || this.deps.clock.now() >= windowEnd) return { state: 'closed', grant: null };
    return { state: 'open', grant: offer.grant };
  }

  /** What every view of a service shares, read now. */
  private serviceContext(serviceId: number): ServiceContext {
    const { db, engine, settings, master } = this.deps;
    const where = db
      .prepare(
        `SELECT s.name AS service, a.name AS agency, z.name AS zone, z.floor AS floor FROM services s
         JOIN agencies a ON a.id = s.agency_id LEFT JOIN zones z ON z.id = s.zone_id AND z.active = 1 WHERE s.id = ?`,
      )
      .get(serviceId) as ServiceContext['where'];
    let basis: { value: WaitBasis | null } | null = null;
    return {
      where,
      open: engine.countersOpen(serviceId),
      basis: () => (basis ??= { value: engine.waitBasis(serviceId) }).value,
      surveyForm: settings.get('surveyForm'),
      counterWord: settings.get('counterWord'),
      siteName: master.site().name,
    };
  }

  /** What the phone shows: this ticket only, in the citizen's terms. */
  view(t: Ticket): PhoneTicketView {
    const ahead = t.status === 'waiting' ? this.deps.engine.peopleAhead(t) : null;
    return this.build(t, this.serviceContext(t.serviceId), ahead, this.deps.links.expiresAt(t), this.bookedFrom(t, this.bookingsOf([t.id])));
  }

  /** The booked slot and the time before which it is not called, of those of `ticketIds` checked in from a booking. */
  private bookingsOf(ticketIds: number[]): Map<number, Booked> {
    const rows = this.deps.db
      .prepare(
        `SELECT t.id AS id, b.slot_start AS slot, t.due_at AS dueAt FROM tickets t JOIN bookings b ON b.id = t.booking_id
         WHERE t.id IN (SELECT value FROM json_each(?)) AND t.due_at IS NOT NULL`,
      )
      .all(JSON.stringify(ticketIds)) as ({ id: number } & Booked)[];
    return new Map(rows.map((r) => [r.id, { slot: r.slot, dueAt: r.dueAt }]));
  }

  /**
   * A booked ticket waiting for its slot: the slot's start, from which it is called. Its people
   * ahead count walk-ins by their arrival, and walk-ins still arriving may join them before the
   * slot, so the page says when it is called rather than an estimate.
   */
  private bookedFrom(t: Ticket, booked: Map<number, Booked>): Booked | null {
    const b = booked.get(t.id);
    return b && t.status === 'waiting' && this.deps.clock.now() < b.dueAt ? b : null;
  }

  /** The view of `t` from its service's context and its people ahead (null unless waiting). */
  private build(t: Ticket, ctx: ServiceContext, ahead: number | null, expiresAt: number, booked: Booked | null): PhoneTicketView {
    const { db } = this.deps;
    const where = ctx.where;
    const counterLabel =
      t.counterId === null || (t.status !== 'called' && t.status !== 'serving')
        ? null
        : ((db.prepare('SELECT label FROM counters WHERE id = ?').pluck().get(t.counterId) as string | undefined) ?? null);
    const waiting = t.status === 'waiting';
    const open = ctx.open;
    const survey = this.surveyState(t);
    const basis = ahead === null || open === 0 || ahead === 0 ? null : ctx.basis();
    const body = {
      number: t.display,
      agencyName: where?.agency ?? '',
      serviceName: where?.service ?? '',
      place: where?.zone === null || where?.zone === undefined ? null : placeText({ name: where.zone, floor: where.floor ?? '' }) || null,
      state: STATE[t.status],
      peopleAhead: ahead,
      // engine.estimatedWaitMinutes, with the basis read once for the service
      estimatedWaitMinutes: ahead === null || open === 0 || booked ? null : ahead === 0 || basis === null ? 0 : estimatedWaitMinutes(ahead, basis),
      bookedFrom: booked?.slot ?? null,
      noOpenCounter: waiting && open === 0,
      counterLabel,
      callCount: t.callCount,
      survey: survey.state,
      surveyForm: ctx.surveyForm as PhoneTicketView['surveyForm'],
      surveyGrant: null as string | null,
      counterWord: ctx.counterWord as PhoneTicketView['counterWord'],
      siteName: ctx.siteName,
      version: 0,
      expiresAt,
    };
    // The grant carries the clock: it would change the version every ms. Everything else is the view.
    body.version = fingerprint(JSON.stringify(body));
    body.surveyGrant = survey.grant;
    return body;
  }

  /**
   * Everything a view of `t` is made of besides its service's names, the site's settings, its
   * survey and the clock (master data and settings changes recompute every view, an answered survey
   * names its ticket, an open survey window is recomputed once it has passed, and the day's end
   * expires the link): equal inputs, equal view.
   */
  private inputsOf(t: Ticket, ahead: number | null, ctx: ServiceContext, booked: Booked | null): string {
    const basis = ctx.basis();
    return `${t.status}|${t.serviceId}|${t.counterId}|${t.callCount}|${t.display}|${t.businessDate}|${ahead}|${ctx.open}|${basis ? `${basis.minutesPerTicket}/${basis.counters}` : '-'}|${booked?.slot ?? ''}`;
  }

  /** The survey of exactly this ticket, through its link: after the finish, within the window, once. */
  answerSurvey(t: Ticket, answers: Omit<SurveyAnswerInput, 'ticketId' | 'grant'> & { grant?: string }): { ticket: string } {
    const s = this.surveyState(t);
    if (s.state === 'done') throw new HubError('SURVEY_ALREADY_ANSWERED');
    if (s.state !== 'open') throw new HubError('SURVEY_NOT_ELIGIBLE');
    // The token already proved the ticket; the grant (the view's, or a fresh one) records the channel 'qr'.
    const grant = answers.grant ?? s.grant!;
    return this.deps.survey.answer({ ...answers, ticketId: t.id, grant } as SurveyAnswerInput, { deviceId: null });
  }

  fileComplaint(t: Ticket, input: ComplaintInput): { uid: string; reference: string; at: number } {
    return this.deps.complaints.file(input, { channel: 'phone', ticketId: t.id });
  }

  /** The watch's service (and so its counters) moved: its place in the indexes follows. */
  private setService(w: Watch, serviceId: number): void {
    indexDelete(this.byService, w.serviceId, w);
    for (const c of w.counters) indexDelete(this.byCounter, c, w);
    w.serviceId = serviceId;
    w.counters = new Set(this.deps.db.prepare('SELECT counter_id FROM counter_services WHERE service_id = ?').pluck().all(serviceId) as number[]);
    indexAdd(this.byService, serviceId, w);
    for (const c of w.counters) indexAdd(this.byCounter, c, w);
  }

  private send(w: Watch, t: Ticket, v: PhoneTicketView): void {
    if (v.version !== w.last) {
      w.last = v.version;
      w.onView(v);
    }
    if (isFinal(t, v)) w.end('final');
  }

  /** One watch recomputed on its own, in full (its first view, its minute's look). */
  private refresh(w: Watch): void {
    if (w.stopped) return;
    const t = this.deps.engine.ticket(w.ticketId);
    const expiresAt = t ? this.deps.links.expiresAt(t) : 0;
    if (!t || this.deps.clock.now() >= expiresAt) {
      w.end('expired');
      return;
    }
    if (t.serviceId !== w.serviceId) this.setService(w, t.serviceId);
    // this.view(t), keeping what it is made of
    const ctx = this.serviceContext(t.serviceId);
    const ahead = t.status === 'waiting' ? this.deps.engine.peopleAhead(t) : null;
    const booked = this.bookedFrom(t, this.bookingsOf([t.id]));
    const v = this.build(t, ctx, ahead, expiresAt, booked);
    w.ticket = t;
    w.expiresAt = expiresAt;
    w.inputs = this.inputsOf(t, ahead, ctx, booked);
    w.stableUntil = this.stableUntil(t, v, booked);
    this.send(w, t, v);
  }

  /** Until when a view of `t` holds while its inputs do: an open survey closes with the clock, a booked slot starts with it. */
  private stableUntil(t: Ticket, v: PhoneTicketView, booked: Booked | null): number {
    // A booked ticket's slot comes with the clock too: from then on it is an ordinary waiting ticket.
    if (booked) return booked.dueAt;
    return v.survey === 'open' && t.finishedAt !== null ? t.finishedAt + this.deps.settings.get('surveyWindowMinutes') * 60_000 : Infinity;
  }

  /** Each event as it commits: notes what it touched; one recompute per burst, after the writer's transaction. */
  private onEvent(e: Event): void {
    const b = this.burst;
    let touched = false;
    if (e.type.startsWith('master.') || e.type === 'settings.changed') {
      b.all = true;
      touched = true;
    }
    if (e.ticketId !== null && this.byTicket.has(e.ticketId)) {
      b.tickets.add(e.ticketId);
      touched = true;
    }
    if (e.counterId !== null && this.byCounter.has(e.counterId)) {
      b.counters.add(e.counterId);
      touched = true;
    }
    if (e.serviceId !== null && this.byService.has(e.serviceId)) {
      // A ticket issued changes no other ticket and no counter: only the views it queues ahead of.
      if (e.type === 'ticket.issued' && e.ticketId !== null) {
        const list = b.issued.get(e.serviceId);
        if (list) list.push(e.ticketId);
        else b.issued.set(e.serviceId, [e.ticketId]);
      } else b.services.add(e.serviceId);
      touched = true;
    }
    if (touched && this.pending === null) this.pending = setImmediate(() => this.flush());
  }

  /**
   * The burst's recompute: the watches it may have changed, grouped by service, each group read
   * with one query for its tickets and one for its queue; a view is rebuilt only when what it is
   * made of moved, and sent only when its version moved.
   */
  private flush(): void {
    this.pending = null;
    const b = this.burst;
    this.burst = { all: false, tickets: new Set(), services: new Set(), counters: new Set(), issued: new Map() };
    const { db, clock } = this.deps;
    const now = clock.now();
    const dirty = new Set<Watch>();
    const add = (set: Set<Watch> | undefined) => set?.forEach((w) => dirty.add(w));
    if (b.all) add(this.open);
    else {
      for (const id of b.tickets) add(this.byTicket.get(id));
      for (const id of b.services) add(this.byService.get(id));
      for (const id of b.counters) add(this.byCounter.get(id));
      const issuedRow = db.prepare('SELECT id, service_id, business_date, status, priority_group, arrived_at FROM tickets WHERE id = ?');
      for (const [serviceId, ids] of b.issued) {
        if (b.services.has(serviceId)) continue;
        const rows = ids.map((id) => issuedRow.get(id) as IssuedRow | undefined);
        for (const w of this.byService.get(serviceId) ?? []) {
          const t = w.ticket;
          if (
            dirty.has(w) ||
            t === null ||
            w.inputs === null ||
            now >= w.stableUntil ||
            now >= w.expiresAt ||
            (t.status === 'waiting' && rows.some((n) => n === undefined || countsAhead(n, t)))
          ) {
            dirty.add(w);
          }
        }
      }
    }
    if (dirty.size === 0) return;
    const groups = new Map<number, Watch[]>();
    for (const w of dirty) {
      const g = groups.get(w.serviceId);
      if (g) g.push(w);
      else groups.set(w.serviceId, [w]);
    }
    const rowsOf = db.prepare('SELECT * FROM tickets WHERE id IN (SELECT value FROM json_each(?))');
    const queue = db.prepare(`SELECT id, arrived_at, priority_group FROM tickets WHERE service_id = ? AND business_date = ? AND status = 'waiting' ORDER BY arrived_at, id`).raw();
    const expiry = new Map<string, number>();
    for (const [serviceId, watches] of groups) {
      const ids = watches.map((w) => w.ticketId);
      const rows = new Map((rowsOf.all(JSON.stringify(ids)) as TicketRow[]).map((r) => [r.id, r]));
      const bookings = this.bookingsOf(ids);
      const ctx = this.serviceContext(serviceId);
      // engine.peopleAhead of every waiting ticket of the service on a date, from its queue in one read
      const aheadOn = new Map<string, Map<number, number>>();
      const aheadOf = (t: Ticket): number => {
        let ahead = aheadOn.get(t.businessDate);
        if (!ahead) {
          const waiting = queue.all(serviceId, t.businessDate) as [number, number, string | null][];
          const priority = waiting.filter((r) => r[2] !== null).length;
          ahead = new Map();
          let p = 0;
          let r = 0;
          for (const [id, , group] of waiting) ahead.set(id, group !== null ? p++ : priority + r++);
          aheadOn.set(t.businessDate, ahead);
        }
        return ahead.get(t.id) ?? this.deps.engine.peopleAhead(t);
      };
      for (const w of watches) {
        if (w.stopped) continue;
        const row = rows.get(w.ticketId);
        const t = row ? toTicket(row) : undefined;
        let expiresAt = t ? expiry.get(t.businessDate) : undefined;
        if (t && expiresAt === undefined) expiry.set(t.businessDate, (expiresAt = this.deps.links.expiresAt(t)));
        if (!t || now >= expiresAt!) {
          w.end('expired');
          continue;
        }
        if (t.serviceId !== serviceId) {
          this.refresh(w);
          continue;
        }
        const ahead = t.status === 'waiting' ? aheadOf(t) : null;
        const booked = this.bookedFrom(t, bookings);
        const inputs = this.inputsOf(t, ahead, ctx, booked);
        const previous = w.inputs;
        w.ticket = t;
        w.inputs = inputs;
        w.expiresAt = expiresAt!;
        if (!b.all && !b.tickets.has(t.id) && now < w.stableUntil && inputs === previous) continue;
        const v = this.build(t, ctx, ahead, expiresAt!, booked);
        w.stableUntil = this.stableUntil(t, v, booked);
        this.send(w, t, v);
      }
    }
  }

  /**
   * Calls `onView` with a new view whenever this ticket's changes: after each committed event of
   * its service or of a counter serving that service (or the ticket itself, a transfer included),
   * recomputed once per burst, sent only when the version moved. `onEnd` when the link expires
   * (`expired`: the page stops reconnecting), the ticket can change no more (`final`, right after
   * its last view) or the hub stops (`closing`).
   */
  watch(ticketId: number, onView: (v: PhoneTicketView) => void, onEnd: (why: WatchEnd) => void): PhoneWatch {
    const w: Watch = {
      ticketId,
      serviceId: 0,
      counters: new Set(),
      last: -1,
      stopped: false,
      onView,
      end: (why) => {
        if (w.stopped) return;
        stop();
        onEnd(why);
      },
      ticket: null,
      inputs: null,
      expiresAt: 0,
      stableUntil: 0,
    };
    // The survey window and the day's end pass with no event: looked at once a minute.
    const tick = setInterval(() => this.refresh(w), 60_000);
    const stop = () => {
      if (w.stopped) return;
      w.stopped = true;
      clearInterval(tick);
      this.open.delete(w);
      indexDelete(this.byTicket, w.ticketId, w);
      indexDelete(this.byService, w.serviceId, w);
      for (const c of w.counters) indexDelete(this.byCounter, c, w);
      if (this.open.size === 0) {
        this.unsubscribe?.();
        this.unsubscribe = null;
        if (this.pending) clearImmediate(this.pending);
        this.pending = null;
        this.burst = { all: false, tickets: new Set(), services: new Set(), counters: new Set(), issued: new Map() };
      }
    };
    this.open.add(w);
    indexAdd(this.byTicket, ticketId, w);
    this.setService(w, this.deps.engine.ticket(ticketId)?.serviceId ?? 0);
    this.unsubscribe ??= this.deps.events.subscribe((e) => this.onEvent(e));
    this.refresh(w);
    return { stop };
  }
}
