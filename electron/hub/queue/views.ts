/**
 * Read models for the screens: the kiosk's catalogue, a counter's state, the hall display's
 * state and the admin's overview. Every query reads today's rows through an index (the waiting
 * tickets, a counter's calls), so the cost follows the number of services and counters, not
 * history. The catalogue asks a few small queries per service (open, quota left, estimate); the
 * other views a fixed handful each.
 */
import type { AdminOverview } from '../../../shared/admin.js';
import type { CounterState } from '../../../shared/domain.js';
import type { Catalogue } from '../../../shared/protocol.js';
import { addDays } from '../../../shared/serviceCalendar.js';
import { formatTicketNumber } from '../../../shared/ticketNumber.js';
import { estimatedWaitMinutes } from '../../../shared/waitEstimate.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/open.js';
import type { EventLog } from '../events.js';
import { HubError } from '../hubError.js';
import type { MasterData } from '../masterData.js';
import type { SettingsStore } from '../settings.js';
import type { StandardSummary } from '../../../shared/serviceStandard.js';
import type { QueueEngine } from './engine.js';
import { toTicket, type TicketRow } from './tickets.js';
import { waitingList } from './waitingList.js';

export interface ViewsDeps {
  db: Db;
  engine: QueueEngine;
  master: MasterData;
  settings: SettingsStore;
  /** the last seq each view was read at, so a screen resumes its stream from there */
  events: EventLog;
  clock: Clock;
  /** each service's standar pelayanan, as the kiosk shows it before "Ambil tiket" */
  standards?: { summaries(): Map<number, StandardSummary> };
}

/** The "Layanan populer" row: this many services at most, counted over this many days (today's among them). */
export const POPULAR_COUNT = 6;
export const POPULAR_DAYS = 30;
/** How long the popular services stand before they are counted again (within the business day). */
const POPULAR_REFRESH_MS = 60 * 60_000;

export class Views {
  /**
   * The popular services as last counted: for `date`, at `at`. With history (tickets before today)
   * it stands for an hour; with today's tickets only (a new MPP), until the next event, so the row
   * forms as the first tickets are taken. Every kiosk and counter reads the catalogue at each
   * resync: they share this one count.
   */
  private popularCache: { date: string; at: number; seq: number | null; ranks: Map<number, number> } | null = null;
  private readonly db: Db;
  private readonly engine: QueueEngine;
  private readonly master: MasterData;
  private readonly settings: SettingsStore;
  private readonly events: EventLog;
  private readonly clock: Clock;
  private readonly standards: ViewsDeps['standards'];

  constructor(deps: ViewsDeps) {
    this.standards = deps.standards;
    this.db = deps.db;
    this.engine = deps.engine;
    this.master = deps.master;
    this.settings = deps.settings;
    this.events = deps.events;
    this.clock = deps.clock;
  }

  private perService(sql: string, ...args: unknown[]): Map<number, number> {
    const rows = this.db.prepare(sql).all(...args) as { service_id: number; n: number }[];
    return new Map(rows.map((r) => [r.service_id, r.n]));
  }

  catalogue(): Catalogue {
    const now = this.clock.now();
    const site = this.master.site();
    const date = this.engine.today(now);
    const waiting = this.perService(
      // the waiting index holds only waiting tickets: counting there never touches history
      `SELECT service_id, COUNT(*) AS n FROM tickets INDEXED BY tickets_waiting
       WHERE status = 'waiting' AND business_date = ? GROUP BY service_id`,
      date,
    );
    const agencies = this.db
      .prepare('SELECT id, code, name, short_name, logo IS NOT NULL AS has_logo FROM agencies WHERE active = 1 ORDER BY sort_order, name')
      .all() as { id: number; code: string; name: string; short_name: string; has_logo: number }[];
    const services = this.master.services();
    // Counters open now (an officer in, not on a break) per service: one grouped query.
    const countersOpen = this.perService(
      `SELECT cs.service_id, COUNT(*) AS n FROM counter_services cs JOIN counters c ON c.id = cs.counter_id
       WHERE c.active = 1 AND c.state = 'open' GROUP BY cs.service_id`,
    );
    const keywords = this.master.serviceKeywords();
    const standards = this.standards?.summaries() ?? new Map<number, StandardSummary>();
    const popular = this.popular(date, now);
    // Where each service is: its zone, when that zone is in use (an inactive one would send people astray).
    const zones = new Map(
      (this.db.prepare('SELECT id, name, floor FROM zones WHERE active = 1').all() as { id: number; name: string; floor: string }[]).map((z) => [z.id, z]),
    );
    return {
      site,
      businessDate: date,
      priorityGroups: this.settings.get('priorityPolicy').groups,
      kiosk: this.settings.get('kiosk'),
      counterWord: this.settings.get('counterWord'),
      agencies: agencies.map((a) => ({
        id: a.id,
        code: a.code,
        name: a.name,
        shortName: a.short_name,
        logoUrl: a.has_logo ? `/logos/${a.id}` : null,
        services: services
          .filter((s) => s.agencyId === a.id && s.active)
          .map((s) => {
            const reason = this.engine.unavailableReason(s, now);
            const cal = this.engine.calendar.status(s, now);
            const issued = s.dailyQuota === null ? 0 : this.engine.issuedCount(s.id, date);
            const w = waiting.get(s.id) ?? 0;
            const basis = this.engine.waitBasis(s.id)!;
            return {
              id: s.id,
              name: s.name,
              prefix: s.prefix,
              zone: s.zoneId === null ? null : (zones.get(s.zoneId) ?? null),
              open: reason === null,
              unavailableReason: reason,
              hoursToday: cal.serviceToday,
              issuingToday: cal.issuingToday,
              closedWhy: reason === 'SERVICE_CLOSED' ? cal.why : null,
              closedReason: reason === 'SERVICE_CLOSED' ? cal.reason : null,
              nextOpening:
                reason === null || reason === 'SERVICE_INACTIVE' ? null : reason === 'SERVICE_CLOSED' ? cal.nextOpening : this.engine.calendar.nextOpeningAfterToday(s, now),
              statusUntil: cal.until,
              dailyQuota: s.dailyQuota,
              quotaLeft: s.dailyQuota === null ? null : Math.max(0, s.dailyQuota - issued),
              waiting: w,
              estimatedWaitMinutes: estimatedWaitMinutes(w, basis),
              waitBasis: basis,
              countersOpen: countersOpen.get(s.id) ?? 0,
              keywords: keywords.get(s.id) ?? [],
              popularRank: popular.get(s.id) ?? null,
              standard: standards.get(s.id) ?? null,
            };
          }),
      })),
      lastSeq: this.events.lastSeq(),
    };
  }

  /**
   * The services most issued over the last POPULAR_DAYS days, today's included, by the
   * service the citizen chose (a transfer does not count): service id → rank (1 = most). One
   * grouped query on the (business_date, origin_service_id) index, cached as `popularCache` says.
   * Inactive services drop out of the catalogue by themselves.
   */
  private popular(date: string, now: number): Map<number, number> {
    const c = this.popularCache;
    if (c && c.date === date && now - c.at < POPULAR_REFRESH_MS && now >= c.at && (c.seq === null || c.seq === this.events.lastSeq())) return c.ranks;
    const seq = this.events.lastSeq();
    const rows = this.db
      .prepare(
        `SELECT origin_service_id AS id, COUNT(*) AS n, MIN(business_date) AS first FROM tickets
         WHERE business_date BETWEEN ? AND ? GROUP BY origin_service_id`,
      )
      .all(addDays(date, -(POPULAR_DAYS - 1)), date) as { id: number; n: number; first: string }[];
    const active = new Set(this.master.services().filter((s) => s.active).map((s) => s.id));
    const top = rows
      .filter((r) => active.has(r.id))
      .sort((a, b) => b.n - a.n || a.id - b.id)
      .slice(0, POPULAR_COUNT);
    const history = rows.some((r) => r.first < date);
    const ranks = new Map(top.map((r, i) => [r.id, i + 1]));
    this.popularCache = { date, at: now, seq: history ? null : seq, ranks };
    return ranks;
  }

  counter(counterId: number) {
    const c = this.db
      .prepare(
        `SELECT c.*, o.name AS officer_name FROM counters c LEFT JOIN officers o ON o.id = c.officer_id
         WHERE c.id = ? AND c.active = 1`,
      )
      .get(counterId) as
      | { id: number; label: string; zone: string; state: string; pause_reason: string | null; officer_id: number | null; officer_name: string | null }
      | undefined;
    if (!c) throw new HubError('COUNTER_NOT_FOUND');
    const now = this.clock.now();
    const date = this.engine.today(now);
    const services = this.db
      .prepare(
        `SELECT s.id, s.name, s.prefix, cs.rank,
           (SELECT COUNT(*) FROM tickets t WHERE t.service_id = s.id AND t.status = 'waiting' AND t.business_date = ?) AS waiting,
           (SELECT MIN(arrived_at) FROM tickets t WHERE t.service_id = s.id AND t.status = 'waiting' AND t.business_date = ?) AS oldest
         FROM counter_services cs JOIN services s ON s.id = cs.service_id
         WHERE cs.counter_id = ? ORDER BY cs.rank`,
      )
      .all(date, date, counterId) as { id: number; name: string; prefix: string; rank: number; waiting: number; oldest: number | null }[];
    const noShows = this.db
      .prepare(
        `SELECT t.* FROM tickets t JOIN counter_services cs ON cs.service_id = t.service_id AND cs.counter_id = ?
         WHERE t.status = 'no_show' AND t.business_date = ? ORDER BY t.called_at DESC LIMIT 50`,
      )
      .all(counterId, date) as TicketRow[];
    const stats = this.db
      .prepare(
        `SELECT COUNT(*) AS served, AVG(finished_at - started_at) AS avg_ms FROM tickets
         WHERE counter_id = ? AND business_date = ? AND status = 'done'`,
      )
      .get(counterId, date) as { served: number; avg_ms: number | null };
    // The officer's own day, at whichever counters they served.
    const mine =
      c.officer_id === null
        ? null
        : (this.db
            .prepare(
              `SELECT COUNT(*) AS served, AVG(finished_at - started_at) AS avg_ms FROM tickets
               WHERE officer_id = ? AND business_date = ? AND status = 'done'`,
            )
            .get(c.officer_id, date) as { served: number; avg_ms: number | null });
    const avgSeconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));
    const held = this.engine.heldTicket(counterId);
    return {
      counter: {
        id: c.id,
        label: c.label,
        zone: c.zone,
        state: c.state,
        pauseReason: c.pause_reason,
        officer: c.officer_id === null ? null : { id: c.officer_id, name: c.officer_name },
      },
      currentTicket: held,
      currentBooking: held ? this.engine.bookingSlot(held.id) : null,
      waitingList: waitingList(this.db, { counterId, date, now, policy: this.settings.get('priorityPolicy') }),
      services: services.map((s) => ({
        id: s.id,
        name: s.name,
        prefix: s.prefix,
        rank: s.rank,
        waiting: s.waiting,
        longestWaitMinutes: s.oldest === null ? 0 : Math.floor((now - s.oldest) / 60_000),
      })),
      noShows: noShows.map(toTicket),
      today: { served: stats.served, averageServiceSeconds: avgSeconds(stats.avg_ms) },
      officerToday: mine ? { served: mine.served, averageServiceSeconds: avgSeconds(mine.avg_ms) } : null,
      /** the counter screen logs out by itself after this long without a touch or a key */
      sessionIdleMinutes: this.settings.get('sessionIdleMinutes'),
      now,
      lastSeq: this.events.lastSeq(),
    };
  }

  /** Every active counter with its state (set-up screens, the admin). */
  counters(): { id: number; label: string; zone: string; agencyId: number | null; state: CounterState }[] {
    return this.db
      .prepare('SELECT id, label, zone, agency_id AS agencyId, state FROM counters WHERE active = 1 ORDER BY id')
      .all() as { id: number; label: string; zone: string; agencyId: number | null; state: CounterState }[];
  }

  /**
   * The admin's live overview of the queue: every counter with its officer and held ticket, and
   * per service the people waiting and the longest wait against its target (the service's own,
   * else the site's).
   */
  overview(): Omit<AdminOverview, 'printers' | 'sync' | 'alarms' | 'storage'> {
    const now = this.clock.now();
    const date = this.engine.today(now);
    const target = this.settings.get('waitTargetMinutes');
    const day = { date, closed: this.engine.isDayClosed(date) };
    const counters = this.db
      .prepare(
        `SELECT c.id, c.label, c.zone, c.state, c.pause_reason AS pauseReason, o.name AS officer,
           (SELECT prefix || '-' || printf('%03d', number) FROM tickets t WHERE t.counter_id = c.id AND t.status IN ('called','serving')) AS current
         FROM counters c LEFT JOIN officers o ON o.id = c.officer_id WHERE c.active = 1 ORDER BY c.id`,
      )
      .all() as AdminOverview['counters'];
    const waiting = this.db
      .prepare(
        `SELECT service_id AS id, COUNT(*) AS waiting, MIN(arrived_at) AS oldest FROM tickets INDEXED BY tickets_waiting
         WHERE status = 'waiting' AND business_date = ? GROUP BY service_id`,
      )
      .all(date) as { id: number; waiting: number; oldest: number }[];
    const targets = new Map(
      (this.db.prepare('SELECT id, wait_target_minutes AS t FROM services WHERE wait_target_minutes IS NOT NULL').all() as { id: number; t: number }[]).map((r) => [r.id, r.t]),
    );
    const services = waiting.map((w) => {
      const longest = Math.floor((now - w.oldest) / 60_000);
      const own = targets.get(w.id) ?? target;
      const service = this.master.service(w.id);
      return { id: w.id, name: service?.name ?? '', prefix: service?.prefix ?? '', waiting: w.waiting, longestWaitMinutes: longest, targetMinutes: own, overTarget: longest > own };
    });
    return { now, day, waitTargetMinutes: target, counters, services };
  }

  /**
   * What a hall display shows. A display paired for a zone (`zoneId`) sees only the counters
   * standing there and the waiting of the services served there; the rest never leaves the hub.
   */
  display(zoneId: number | null = null) {
    const date = this.engine.today();
    const zone =
      zoneId === null
        ? null
        : ((this.db.prepare('SELECT id, name, floor FROM zones WHERE id = ?').get(zoneId) as { id: number; name: string; floor: string } | undefined) ?? {
            id: zoneId,
            name: '',
            floor: '',
          });
    // Counters (and services) of the zone; every one for the whole hall.
    const inZone = zoneId === null ? '' : 'AND c.zone_id = @zoneId';
    // One index search per counter for its latest call today: the cost follows the number of
    // counters, not the number of tickets.
    const calls = this.db
      .prepare(
        `SELECT t.*, c.label AS counter_label, c.zone, s.name AS service_name, a.short_name AS agency_name FROM counters c
         JOIN tickets t ON t.id = (SELECT t2.id FROM tickets t2
           WHERE t2.counter_id = c.id AND t2.business_date = @date AND t2.called_at IS NOT NULL
           ORDER BY t2.called_at DESC, t2.id DESC LIMIT 1)
         JOIN services s ON s.id = t.service_id
         LEFT JOIN agencies a ON a.id = s.agency_id
         WHERE c.active = 1 ${inZone}
         ORDER BY t.called_at DESC`,
      )
      .all({ date, ...(zoneId === null ? {} : { zoneId }) }) as (TicketRow & { counter_label: string; zone: string; service_name: string; agency_name: string | null })[];
    const waiting = (
      zoneId === null
        ? this.db
            .prepare(
              `SELECT a.id, a.name, a.short_name, COUNT(t.id) AS waiting FROM agencies a
               LEFT JOIN services s ON s.agency_id = a.id
               LEFT JOIN tickets t ON t.service_id = s.id AND t.status = 'waiting' AND t.business_date = ?
               WHERE a.active = 1 GROUP BY a.id ORDER BY a.sort_order, a.name`,
            )
            .all(date)
        : // The agencies with a service served in the zone, counting those services only.
          this.db
            .prepare(
              `SELECT a.id, a.name, a.short_name, COUNT(t.id) AS waiting FROM agencies a
               JOIN services s ON s.agency_id = a.id AND s.zone_id = ? AND s.active = 1
               LEFT JOIN tickets t ON t.service_id = s.id AND t.status = 'waiting' AND t.business_date = ?
               WHERE a.active = 1 GROUP BY a.id ORDER BY a.sort_order, a.name`,
            )
            .all(zoneId, date)
    ) as { id: number; name: string; short_name: string; waiting: number }[];
    const counters = this.db
      .prepare(`SELECT c.id, c.label, c.zone, c.agency_id AS agencyId FROM counters c WHERE c.active = 1 ${inZone} ORDER BY c.id`)
      .all(...(zoneId === null ? [] : [{ zoneId }])) as { id: number; label: string; zone: string; agencyId: number | null }[];
    // The services a live call may name: those of the zone's counters (every one for the hall).
    const services = this.db
      .prepare(
        zoneId === null
          ? `SELECT s.id, s.name, s.agency_id AS agencyId, a.short_name AS agencyName FROM services s JOIN agencies a ON a.id = s.agency_id ORDER BY s.id`
          : `SELECT DISTINCT s.id, s.name, s.agency_id AS agencyId, a.short_name AS agencyName FROM services s JOIN agencies a ON a.id = s.agency_id
             WHERE s.zone_id = @zoneId OR s.id IN (SELECT cs.service_id FROM counter_services cs JOIN counters c ON c.id = cs.counter_id WHERE c.zone_id = @zoneId)
             ORDER BY s.id`,
      )
      .all(...(zoneId === null ? [] : [{ zoneId }])) as { id: number; name: string; agencyId: number; agencyName: string }[];
    // A recall is announced anew: the display puts it first, live and after a reload alike. The
    // ticket keeps its first called_at (the wait the reports measure); the recall's time is its event's.
    const lastRecall = this.db.prepare(`SELECT MAX(at) FROM events WHERE ticket_id = ? AND type = 'ticket.recalled'`).pluck();
    const announced = calls
      .map((t) => ({ t, at: t.call_count > 1 ? Math.max(t.called_at ?? 0, (lastRecall.get(t.id) as number | null) ?? 0) : (t.called_at ?? 0) }))
      .sort((a, b) => b.at - a.at);
    return {
      site: this.master.site(),
      zone,
      businessDate: date,
      settings: this.settings.get('display'),
      counters,
      services,
      now: this.clock.now(),
      latestCalls: announced.map(({ t, at }) => ({
        counterId: t.counter_id!,
        counterLabel: t.counter_label,
        zone: t.zone,
        ticketId: t.id,
        display: formatTicketNumber(t.prefix, t.number),
        serviceId: t.service_id,
        serviceName: t.service_name,
        agencyName: t.agency_name,
        calledAt: at,
        recall: t.call_count > 1,
      })),
      waitingPerAgency: waiting.map((a) => ({ agencyId: a.id, name: a.name, shortName: a.short_name, waiting: a.waiting })),
      lastSeq: this.events.lastSeq(),
    };
  }
}
