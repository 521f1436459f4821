/**
 * The calendar: when each service gives tickets. It reads the services' hours and issuing windows
 * (MasterData), the site-wide breaks, holidays and closures, and timed pauses, and answers with the
 * rules of shared/serviceCalendar.ts. Writes (hours for many services at once, breaks, closures,
 * pauses) are one transaction each through MasterData's, with the `master.changed` event and the
 * audit entry (`master.track`). Nothing here runs on a timer: a pause ends because the clock passed
 * its end, and the catalogue tells the screens when to read again (`until`).
 */
import { businessDate } from '../../shared/businessDate.js';
import type { CalendarView, ClosureInfo, ClosureInput, ClosurePatch, PauseInfo, PauseInput, ServicesHoursInput, SiteBreakInfo, SiteBreakInput } from '../../shared/calendar.js';
import {
  addDays,
  calendarStatus,
  closureOn,
  LocalDays,
  LOOKAHEAD_DAYS,
  nextIssuing,
  nextOpeningText,
  type CalendarClosure,
  type CalendarFacts,
  type CalendarPause,
  type CalendarStatus,
  type NextOpening,
} from '../../shared/serviceCalendar.js';
import { parseHhMm } from '../../shared/businessDate.js';
import type { ServiceInfo, WeeklyHours } from '../../shared/site.js';
import type { Actor } from './actor.js';
import type { Clock } from './clock.js';
import type { Db } from './db/open.js';
import { HubError } from './hubError.js';
import type { MasterData } from './masterData.js';

export interface CalendarDeps {
  db: Db;
  master: MasterData;
  clock: Clock;
}

/** A pause may last at most this long: longer is a closure. */
const LONGEST_PAUSE_MS = 7 * 86_400_000;

interface ClosureRow {
  id: number;
  date: string;
  service_id: number | null;
  reason: string;
  open_anyway: number;
  removed_at: number | null;
}

interface PauseRow {
  id: number;
  service_id: number;
  from_at: number;
  until_at: number;
  reason: string;
  ended_at: number | null;
}

const toClosure = (r: ClosureRow): ClosureInfo => ({
  id: r.id,
  date: r.date,
  serviceId: r.service_id,
  reason: r.reason,
  openAnyway: r.open_anyway === 1,
  removedAt: r.removed_at,
});

const toPause = (r: PauseRow): PauseInfo => ({
  id: r.id,
  serviceId: r.service_id,
  fromAt: r.from_at,
  untilAt: r.until_at,
  reason: r.reason,
  endedAt: r.ended_at,
});

/** A day's ranges in order of time (the editor may send them in any order). */
function sortedHours(hours: WeeklyHours): WeeklyHours {
  return hours.map((day) => [...day].sort((a, b) => (a.open < b.open ? -1 : 1)));
}

export class Calendar {
  private readonly db: Db;
  private readonly master: MasterData;
  private readonly clock: Clock;
  /** breaks, closures from a date on, pauses not over at its start: read once per business date or write */
  private cache: { key: string; facts: CalendarFacts; days: LocalDays } | null = null;
  /** the statuses answered at one instant (a catalogue asks for each service twice) */
  private memo: { at: number; facts: CalendarFacts; statuses: WeakMap<ServiceInfo, CalendarStatus> } | null = null;

  constructor(deps: CalendarDeps) {
    this.db = deps.db;
    this.master = deps.master;
    this.clock = deps.clock;
  }

  // ---- reading ---------------------------------------------------------------------------

  private timeZone(): string {
    return this.master.site().timeZone;
  }

  /** What the rules read, from the business date of `at` on. */
  facts(at = this.clock.now()): { facts: CalendarFacts; days: LocalDays } {
    const timeZone = this.timeZone();
    const today = businessDate(at, timeZone);
    const key = `${timeZone} ${today}`;
    if (this.cache?.key === key) return this.cache;
    const days = new LocalDays(timeZone);
    const breaks = this.breaks();
    const closures = (
      this.db
        .prepare('SELECT * FROM closures WHERE removed_at IS NULL AND date >= ? AND date <= ? ORDER BY date, id')
        .all(today, addDays(today, LOOKAHEAD_DAYS + 1)) as ClosureRow[]
    ).map(toClosure) as CalendarClosure[];
    const pauses: CalendarPause[] = (
      this.db.prepare('SELECT * FROM service_pauses WHERE COALESCE(ended_at, until_at) > ? ORDER BY id').all(days.start(today)) as PauseRow[]
    ).map((r) => ({ id: r.id, serviceId: r.service_id, fromAt: r.from_at, untilAt: Math.min(r.until_at, r.ended_at ?? Infinity), reason: r.reason }));
    this.cache = { key, facts: { timeZone, breaks, closures, pauses }, days };
    return this.cache;
  }

  /** Whether the service gives tickets at `at` as far as the calendar goes, and what to say. */
  status(service: ServiceInfo, at = this.clock.now()): CalendarStatus {
    const { facts, days } = this.facts(at);
    if (this.memo?.at !== at || this.memo.facts !== facts) this.memo = { at, facts, statuses: new WeakMap() };
    let s = this.memo.statuses.get(service);
    if (!s) {
      s = calendarStatus(service, at, facts, days);
      this.memo.statuses.set(service, s);
    }
    return s;
  }

  /** The first opening on a later business date (the day is closed, or the quota spent). */
  nextOpeningAfterToday(service: ServiceInfo, at = this.clock.now()): NextOpening | null {
    const { facts, days } = this.facts(at);
    const tomorrow = days.start(addDays(businessDate(at, facts.timeZone), 1));
    const next = nextIssuing(service, tomorrow, facts, days);
    return next ? { at: next.from, text: nextOpeningText(next.from, at, facts.timeZone, days) } : null;
  }

  /** The holiday or closure keeping the service shut on `date` (the whole MPP or this service), or null. */
  closureOn(serviceId: number, date: string): ClosureInfo | null {
    const rows = (this.db.prepare('SELECT * FROM closures WHERE removed_at IS NULL AND date = ?').all(date) as ClosureRow[]).map(toClosure);
    const c = closureOn(serviceId, date, rows);
    return c ? (rows.find((r) => r.id === c.id) ?? null) : null;
  }

  /** What the Calendar tab shows; `agencyId`: that agency's services only. */
  view(agencyId: number | null, at = this.clock.now()): CalendarView {
    const { facts } = this.facts(at);
    const services = this.master.services().filter((s) => agencyId === null || s.agencyId === agencyId);
    const ids = new Set(services.map((s) => s.id));
    return {
      timeZone: facts.timeZone,
      today: businessDate(at, facts.timeZone),
      now: at,
      breaks: this.breaks(),
      services: services.map((s) => {
        const st = this.status(s, at);
        return {
          id: s.id,
          agencyId: s.agencyId,
          name: s.name,
          prefix: s.prefix,
          active: s.active,
          hours: s.hours,
          issueOpensBeforeMinutes: s.issueOpensBeforeMinutes,
          lastTicketBeforeMinutes: s.lastTicketBeforeMinutes,
          followsSiteBreaks: s.followsSiteBreaks,
          issuing: st.issuing,
          why: st.why,
          reason: st.reason,
          serviceToday: st.serviceToday,
          issuingToday: st.issuingToday,
          nextOpening: st.nextOpening,
        };
      }),
      pauses: this.pauses(at).filter((p) => ids.has(p.serviceId)),
    };
  }

  breaks(): SiteBreakInfo[] {
    return this.db.prepare('SELECT id, weekday, start, end, reason FROM site_breaks ORDER BY weekday, start, id').all() as SiteBreakInfo[];
  }

  /**
   * Closures not undone from `fromDate` on, by date; with `fromDate` null every closure, those
   * undone included. `agencyId`: the MPP-wide ones and that agency's services' only.
   */
  closures(fromDate: string | null, agencyId: number | null = null): ClosureInfo[] {
    const rows = (
      fromDate === null
        ? this.db.prepare('SELECT * FROM closures ORDER BY date, id').all()
        : this.db.prepare('SELECT * FROM closures WHERE removed_at IS NULL AND date >= ? ORDER BY date, id').all(fromDate)
    ) as ClosureRow[];
    return rows.map(toClosure).filter((c) => agencyId === null || c.serviceId === null || this.master.service(c.serviceId)?.agencyId === agencyId);
  }

  /** Pauses not over at `at`. */
  pauses(at = this.clock.now()): PauseInfo[] {
    return (this.db.prepare('SELECT * FROM service_pauses WHERE ended_at IS NULL AND until_at > ? ORDER BY until_at, id').all(at) as PauseRow[]).map(toPause);
  }

  pause(id: number): PauseInfo | null {
    const r = this.db.prepare('SELECT * FROM service_pauses WHERE id = ?').get(id) as PauseRow | undefined;
    return r ? toPause(r) : null;
  }

  closure(id: number): ClosureInfo | null {
    const r = this.db.prepare('SELECT * FROM closures WHERE id = ?').get(id) as ClosureRow | undefined;
    return r ? toClosure(r) : null;
  }

  // ---- writing ---------------------------------------------------------------------------

  /** One transaction through MasterData's; the facts are read again after it, whatever happened. */
  private write<T>(fn: () => T): T {
    try {
      return this.master.transaction(fn);
    } finally {
      this.cache = null;
      this.memo = null;
    }
  }

  private today(): string {
    return businessDate(this.clock.now(), this.timeZone());
  }

  /** The services an hours change is for: those named, or every service of an agency. */
  servicesOf(input: Pick<ServicesHoursInput, 'serviceIds' | 'agencyId'>): ServiceInfo[] {
    if (input.agencyId !== undefined) {
      const list = this.master.services().filter((s) => s.agencyId === input.agencyId);
      if (list.length === 0) throw new HubError('MASTER_REFERENCE');
      return list;
    }
    const ids = [...new Set(input.serviceIds ?? [])];
    return ids.map((id) => {
      const s = this.master.service(id);
      if (!s) throw new HubError('MASTER_REFERENCE');
      return s;
    });
  }

  /** The same hours and/or issuing window for every service named: one commit, one audit entry each. */
  setServicesHours(input: ServicesHoursInput, actor?: Actor): number {
    const services = this.servicesOf(input);
    const hours = input.hours ? JSON.stringify(sortedHours(input.hours)) : null;
    return this.write(() => {
      const update = this.db.prepare(
        `UPDATE services SET hours = COALESCE(@hours, hours),
           issue_opens_before_minutes = COALESCE(@before, issue_opens_before_minutes),
           last_ticket_before_minutes = COALESCE(@last, last_ticket_before_minutes),
           follows_site_breaks = COALESCE(@follows, follows_site_breaks)
         WHERE id = @id`,
      );
      for (const s of services) {
        const done = this.master.track('service', s.id, actor, 'service.hours');
        update.run({
          id: s.id,
          hours,
          before: input.issueOpensBeforeMinutes ?? null,
          last: input.lastTicketBeforeMinutes ?? null,
          follows: input.followsSiteBreaks === undefined ? null : input.followsSiteBreaks ? 1 : 0,
        });
        done();
      }
      this.master.forgetServices();
      return services.length;
    });
  }

  addBreak(b: SiteBreakInput, actor?: Actor): number {
    return this.write(() => {
      const done = this.master.track('siteBreak', null, actor, 'siteBreak.add');
      const id = Number(this.db.prepare('INSERT INTO site_breaks (weekday, start, end, reason) VALUES (?, ?, ?, ?)').run(b.weekday, b.start, b.end, b.reason).lastInsertRowid);
      done(id);
      return id;
    });
  }

  updateBreak(id: number, b: SiteBreakInput, actor?: Actor): void {
    this.write(() => {
      if (!this.db.prepare('SELECT 1 FROM site_breaks WHERE id = ?').get(id)) throw new HubError('SITE_BREAK_NOT_FOUND');
      const done = this.master.track('siteBreak', id, actor, 'siteBreak.update');
      this.db.prepare('UPDATE site_breaks SET weekday = ?, start = ?, end = ?, reason = ? WHERE id = ?').run(b.weekday, b.start, b.end, b.reason, id);
      done();
    });
  }

  /** A break no longer kept: its row goes (nothing refers to it; the audit log keeps what it was). */
  removeBreak(id: number, actor?: Actor): void {
    this.write(() => {
      if (!this.db.prepare('SELECT 1 FROM site_breaks WHERE id = ?').get(id)) throw new HubError('SITE_BREAK_NOT_FOUND');
      const done = this.master.track('siteBreak', id, actor, 'siteBreak.remove');
      this.db.prepare('DELETE FROM site_breaks WHERE id = ?').run(id);
      done(id, null);
    });
  }

  /** Closes the MPP (serviceId null) or one service on a date, or opens one service on an MPP-wide holiday. */
  addClosure(c: ClosureInput, actor?: Actor): number {
    if (c.date < this.today()) throw new HubError('VALIDATION_FAILED', { date: 'a date from today on' });
    return this.write(() => {
      if (c.serviceId !== null && !this.master.service(c.serviceId)) throw new HubError('MASTER_REFERENCE');
      const same = this.db
        .prepare('SELECT 1 FROM closures WHERE removed_at IS NULL AND date = ? AND service_id IS ? AND open_anyway = ?')
        .get(c.date, c.serviceId, c.openAnyway ? 1 : 0);
      if (same) throw new HubError('MASTER_DUPLICATE');
      const done = this.master.track('closure', null, actor, c.openAnyway ? 'closure.openAnyway' : 'closure.add');
      const id = Number(
        this.db
          .prepare('INSERT INTO closures (date, service_id, reason, open_anyway) VALUES (?, ?, ?, ?)')
          .run(c.date, c.serviceId, c.reason, c.openAnyway ? 1 : 0).lastInsertRowid,
      );
      done(id);
      return id;
    });
  }

  /** A new date or reason for a closure still to come (or today's). */
  updateClosure(id: number, patch: ClosurePatch, actor?: Actor): ClosureInfo {
    const today = this.today();
    return this.write(() => {
      const cur = this.closure(id);
      if (!cur || cur.removedAt !== null) throw new HubError('CLOSURE_NOT_FOUND');
      if (cur.date < today || (patch.date !== undefined && patch.date < today)) throw new HubError('VALIDATION_FAILED', { date: 'a date from today on' });
      const done = this.master.track('closure', id, actor, 'closure.update');
      this.db.prepare('UPDATE closures SET date = ?, reason = ? WHERE id = ?').run(patch.date ?? cur.date, patch.reason ?? cur.reason, id);
      done();
      return this.closure(id)!;
    });
  }

  /** Undoes a closure (or an "open anyway"): the row stays, marked removed. */
  removeClosure(id: number, actor?: Actor): void {
    const today = this.today();
    this.write(() => {
      const cur = this.closure(id);
      if (!cur || cur.removedAt !== null) throw new HubError('CLOSURE_NOT_FOUND');
      if (cur.date < today) throw new HubError('VALIDATION_FAILED', { id: 'a closure in the past stays as it was' });
      const done = this.master.track('closure', id, actor, 'closure.remove');
      this.db.prepare('UPDATE closures SET removed_at = ? WHERE id = ?').run(this.clock.now(), id);
      done();
    });
  }

  /**
   * No tickets for the service from now until `until` ("10:30" today in the site's zone, or an
   * instant), with the reason the kiosk shows. A pause still running is ended by the new one.
   */
  pauseService(serviceId: number, input: PauseInput, actor?: Actor): PauseInfo {
    const now = this.clock.now();
    const { days } = this.facts(now);
    const untilAt = typeof input.until === 'number' ? input.until : days.at(businessDate(now, this.timeZone()), parseHhMm(input.until));
    if (untilAt <= now) throw new HubError('VALIDATION_FAILED', { until: 'a time still to come' });
    if (untilAt > now + LONGEST_PAUSE_MS) throw new HubError('VALIDATION_FAILED', { until: 'at most 7 days; longer is a closure' });
    return this.write(() => {
      if (!this.master.service(serviceId)) throw new HubError('SERVICE_NOT_FOUND');
      for (const p of this.pauses(now).filter((p) => p.serviceId === serviceId)) {
        const done = this.master.track('pause', p.id, actor, 'pause.replace');
        this.db.prepare('UPDATE service_pauses SET ended_at = ? WHERE id = ?').run(now, p.id);
        done();
      }
      const done = this.master.track('pause', null, actor, 'pause.add');
      const id = Number(
        this.db
          .prepare('INSERT INTO service_pauses (service_id, from_at, until_at, reason, officer_id) VALUES (?, ?, ?, ?, ?)')
          .run(serviceId, now, untilAt, input.reason, actor?.officerId ?? null).lastInsertRowid,
      );
      done(id);
      return this.pause(id)!;
    });
  }

  /** Ends a pause before its time: tickets again at once (within the service's window). */
  endPause(id: number, actor?: Actor): PauseInfo {
    const now = this.clock.now();
    return this.write(() => {
      const cur = this.pause(id);
      if (!cur) throw new HubError('PAUSE_NOT_FOUND');
      if (cur.endedAt !== null || cur.untilAt <= now) throw new HubError('PAUSE_OVER');
      const done = this.master.track('pause', id, actor, 'pause.end');
      this.db.prepare('UPDATE service_pauses SET ended_at = ? WHERE id = ?').run(now, id);
      done();
      return this.pause(id)!;
    });
  }
}
