/**
 * Master data: the site, agencies, services, counters, officers and closures. Every write goes
 * through here, so the caches below stay right and the admin's refusals (a duplicate, a reference
 * to nothing) are the same whoever writes. A change made by someone (the admin API passes the
 * actor) is a `master.changed` event in the same transaction, so kiosks and displays refresh at
 * once; set-up (the demo seed, the first start) passes no actor and leaves no event.
 */
import { businessDate, isValidTimeZone } from '../../shared/businessDate.js';
import type { Closure, OfficerInfo } from '../../shared/admin.js';
import type { OfficerRole } from '../../shared/domain.js';
import type { MasterKind } from '../../shared/events.js';
import { Site, WeeklyHours, type ServiceInfo } from '../../shared/protocol.js';
import { PREFIX_PATTERN } from '../../shared/ticketNumber.js';
import type { Actor } from './actor.js';
import { AuditLog } from './audit.js';
import type { Clock } from './clock.js';
import type { Db } from './db/open.js';
import type { EventLog } from './events.js';
import { HubError } from './hubError.js';
import { hashPin } from './secrets.js';

export interface AgencyInput {
  code: string;
  name: string;
  shortName: string;
  /** the place on the kiosk; after the last agency when not said */
  sortOrder?: number;
}

export interface AgencyPatch {
  name?: string;
  shortName?: string;
  sortOrder?: number;
  /** null removes the logo */
  logo?: AgencyLogo | null;
}

export interface AgencyLogo {
  data: Buffer;
  /** its MIME type, e.g. image/png */
  type: string;
}

export interface ServiceInput {
  agencyId: number;
  code: string;
  name: string;
  prefix: string;
  dailyQuota?: number | null;
  estimatedMinutes?: number;
  hours: WeeklyHours;
  active?: boolean;
  /** the admin overview's alert for this service; the site's setting when null */
  waitTargetMinutes?: number | null;
}

export type ServicePatch = Partial<Pick<ServiceInput, 'dailyQuota' | 'hours' | 'active' | 'estimatedMinutes' | 'waitTargetMinutes'>>;

export interface CounterInput {
  label: string;
  agencyId?: number | null;
  zone?: string;
  /** service ids in order of preference */
  serviceIds: number[];
}

export interface OfficerInput {
  name: string;
  username: string;
  pin: string;
  role: OfficerRole;
  agencyId?: number | null;
}

interface ServiceRow {
  id: number;
  agency_id: number;
  code: string;
  name: string;
  prefix: string;
  daily_quota: number | null;
  estimated_minutes: number;
  hours: string;
  active: number;
  zone_id: number | null;
  issue_opens_before_minutes: number;
  last_ticket_before_minutes: number;
  follows_site_breaks: number;
  pending_name: string | null;
  pending_prefix: string | null;
  pending_from: string | null;
}

function toServiceInfo(r: ServiceRow): ServiceInfo {
  return {
    id: r.id,
    agencyId: r.agency_id,
    code: r.code,
    name: r.name,
    prefix: r.prefix,
    dailyQuota: r.daily_quota,
    estimatedMinutes: r.estimated_minutes,
    active: r.active === 1,
    hours: WeeklyHours.parse(JSON.parse(r.hours)),
    zoneId: r.zone_id,
    issueOpensBeforeMinutes: r.issue_opens_before_minutes,
    lastTicketBeforeMinutes: r.last_ticket_before_minutes,
    followsSiteBreaks: r.follows_site_breaks === 1,
    pending: r.pending_from ? { name: r.pending_name ?? r.name, prefix: r.pending_prefix ?? r.prefix, from: r.pending_from } : null,
  };
}

/** The table each kind of master data lives in, for the audit log's before and after. */
const TABLES: Record<MasterKind, string | null> = {
  agency: 'agencies',
  service: 'services',
  counter: 'counters',
  officer: 'officers',
  device: 'devices',
  site: 'site',
  closure: 'closures',
  zone: 'zones',
  siteBreak: 'site_breaks',
  pause: 'service_pauses',
  import: null,
};

export interface MasterDataDeps {
  db: Db;
  events: EventLog;
  clock: Clock;
  /** made here when not given (tests that build MasterData alone) */
  audit?: AuditLog;
}

export class MasterData {
  private readonly db: Db;
  private readonly events: EventLog;
  private readonly clock: Clock;
  readonly audit: AuditLog;
  private siteCache: Site | null = null;
  // Services are read on every issue and every catalogue; they change only through this class.
  private serviceCache: Map<number, ServiceInfo> | null = null;

  constructor(deps: MasterDataDeps) {
    this.db = deps.db;
    this.events = deps.events;
    this.clock = deps.clock;
    this.audit = deps.audit ?? new AuditLog({ db: deps.db, clock: deps.clock });
  }

  /**
   * Several writes as one commit (the demo seed). A rollback drops the caches, which may hold
   * what was written before it. Writes inside another service's transaction are not supported:
   * that rollback would go unnoticed here.
   */
  transaction<T>(fn: () => T): T {
    try {
      return this.events.transaction(fn);
    } catch (err) {
      this.siteCache = null;
      this.serviceCache = null;
      throw err;
    }
  }

  /** The row of `kind` #id as stored now (for the audit log), or null. */
  private row(kind: MasterKind, id: number | null): unknown {
    const table = TABLES[kind];
    if (!table || id === null) return null;
    return this.db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) ?? null;
  }

  /**
   * Call before a write to `kind` #id (null for something new); call what it returns after the
   * write, with the new id when something was added. It appends the `master.changed` event and
   * the audit entry (action, row before, row after), both in the write's transaction. Without an
   * actor (set-up) it leaves neither.
   */
  track(kind: MasterKind, id: number | null, actor: Actor | undefined, action: string): (newId?: number, after?: unknown) => void {
    const before = actor ? this.row(kind, id) : null;
    return (newId, after) => {
      const subjectId = newId ?? id;
      this.changed(kind, subjectId ?? 0, actor);
      this.audit.record(actor, action, kind, subjectId, before, after ?? this.row(kind, subjectId));
    };
  }

  private changed(kind: MasterKind, id: number, actor: Actor | undefined): void {
    if (!actor) return;
    const now = this.clock.now();
    this.events.append({
      type: 'master.changed',
      at: now,
      businessDate: businessDate(now, this.site().timeZone),
      officerId: actor.officerId ?? null,
      deviceId: actor.deviceId ?? null,
      data: { kind, id },
    });
  }

  private exists(sql: string, ...args: unknown[]): boolean {
    return this.db.prepare(sql).get(...args) !== undefined;
  }

  // ---- the site --------------------------------------------------------------------------

  setSite(input: Site, actor?: Actor): Site {
    const site = Site.parse(input);
    if (!isValidTimeZone(site.timeZone)) throw new HubError('VALIDATION_FAILED', { timeZone: 'unknown time zone' });
    return this.transaction(() => {
      const done = this.track('site', 1, actor, 'site.update');
      this.db
        .prepare(
          `INSERT INTO site (id, name, address, time_zone, ticket_header, ticket_footer)
           VALUES (1, @name, @address, @timeZone, @ticketHeader, @ticketFooter)
           ON CONFLICT(id) DO UPDATE SET name = excluded.name, address = excluded.address,
             time_zone = excluded.time_zone, ticket_header = excluded.ticket_header,
             ticket_footer = excluded.ticket_footer`,
        )
        .run(site);
      this.siteCache = site;
      done();
      return site;
    });
  }

  hasSite(): boolean {
    return this.exists('SELECT 1 FROM site WHERE id = 1');
  }

  site(): Site {
    if (this.siteCache) return this.siteCache;
    const r = this.db.prepare('SELECT * FROM site WHERE id = 1').get() as
      | { name: string; address: string; time_zone: string; ticket_header: string; ticket_footer: string }
      | undefined;
    if (!r) throw new Error('the site is not set up');
    this.siteCache = {
      name: r.name,
      address: r.address,
      timeZone: r.time_zone,
      ticketHeader: r.ticket_header,
      ticketFooter: r.ticket_footer,
    };
    return this.siteCache;
  }

  // ---- agencies --------------------------------------------------------------------------

  addAgency(a: AgencyInput, actor?: Actor): number {
    return this.transaction(() => {
      if (this.exists('SELECT 1 FROM agencies WHERE code = ?', a.code)) throw new HubError('MASTER_DUPLICATE');
      const done = this.track('agency', null, actor, 'agency.add');
      const order = a.sortOrder ?? (this.db.prepare('SELECT COALESCE(MAX(sort_order), 0) + 1 FROM agencies').pluck().get() as number);
      const id = Number(
        this.db
          .prepare('INSERT INTO agencies (code, name, short_name, sort_order) VALUES (?, ?, ?, ?)')
          .run(a.code, a.name, a.shortName, order).lastInsertRowid,
      );
      done(id);
      return id;
    });
  }

  updateAgency(id: number, patch: AgencyPatch, actor?: Actor): void {
    this.transaction(() => {
      const cur = this.db.prepare('SELECT name, short_name, sort_order FROM agencies WHERE id = ?').get(id) as
        | { name: string; short_name: string; sort_order: number }
        | undefined;
      if (!cur) throw new HubError('MASTER_REFERENCE');
      const done = this.track('agency', id, actor, 'agency.update');
      this.db
        .prepare('UPDATE agencies SET name = ?, short_name = ?, sort_order = ? WHERE id = ?')
        .run(patch.name ?? cur.name, patch.shortName ?? cur.short_name, patch.sortOrder ?? cur.sort_order, id);
      if (patch.logo !== undefined) {
        this.db.prepare('UPDATE agencies SET logo = ?, logo_type = ? WHERE id = ?').run(patch.logo?.data ?? null, patch.logo?.type ?? null, id);
      }
      done();
    });
  }

  agencyLogo(id: number): AgencyLogo | null {
    const r = this.db.prepare('SELECT logo, logo_type FROM agencies WHERE id = ? AND logo IS NOT NULL').get(id) as
      | { logo: Buffer; logo_type: string }
      | undefined;
    return r ? { data: r.logo, type: r.logo_type } : null;
  }

  // ---- services --------------------------------------------------------------------------

  addService(s: ServiceInput, actor?: Actor): number {
    if (!PREFIX_PATTERN.test(s.prefix)) throw new HubError('VALIDATION_FAILED', { prefix: 'not a ticket prefix' });
    const hours = WeeklyHours.parse(s.hours);
    return this.transaction(() => {
      if (!this.exists('SELECT 1 FROM agencies WHERE id = ? AND active = 1', s.agencyId)) throw new HubError('MASTER_REFERENCE');
      if (this.exists('SELECT 1 FROM services WHERE code = ? OR prefix = ?', s.code, s.prefix)) throw new HubError('MASTER_DUPLICATE');
      this.serviceCache = null;
      const done = this.track('service', null, actor, 'service.add');
      const id = Number(
        this.db
          .prepare(
            `INSERT INTO services (agency_id, code, name, prefix, daily_quota, estimated_minutes, hours, active, wait_target_minutes)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            s.agencyId,
            s.code,
            s.name,
            s.prefix,
            s.dailyQuota ?? null,
            s.estimatedMinutes ?? 10,
            JSON.stringify(hours),
            s.active === false ? 0 : 1,
            s.waitTargetMinutes ?? null,
          ).lastInsertRowid,
      );
      done(id);
      return id;
    });
  }

  updateService(id: number, patch: ServicePatch, actor?: Actor): ServiceInfo {
    return this.transaction(() => {
      const cur = this.service(id);
      if (!cur) throw new HubError('SERVICE_NOT_FOUND');
      this.serviceCache = null;
      const done = this.track('service', id, actor, 'service.update');
      this.db
        .prepare('UPDATE services SET daily_quota = ?, hours = ?, active = ?, estimated_minutes = ? WHERE id = ?')
        .run(
          patch.dailyQuota === undefined ? cur.dailyQuota : patch.dailyQuota,
          JSON.stringify(WeeklyHours.parse(patch.hours ?? cur.hours)),
          (patch.active ?? cur.active) ? 1 : 0,
          patch.estimatedMinutes ?? cur.estimatedMinutes,
          id,
        );
      if (patch.waitTargetMinutes !== undefined) {
        this.db.prepare('UPDATE services SET wait_target_minutes = ? WHERE id = ?').run(patch.waitTargetMinutes, id);
      }
      done();
      return this.service(id)!;
    });
  }

  service(id: number): ServiceInfo | undefined {
    return this.loadServices().get(id);
  }

  /** In display order. */
  services(): ServiceInfo[] {
    return [...this.loadServices().values()];
  }

  private loadServices(): Map<number, ServiceInfo> {
    this.serviceCache ??= new Map(
      (this.db.prepare('SELECT * FROM services ORDER BY sort_order, id').all() as ServiceRow[]).map((r) => [r.id, toServiceInfo(r)]),
    );
    return this.serviceCache;
  }

  // ---- counters --------------------------------------------------------------------------

  addCounter(c: CounterInput, actor?: Actor): number {
    return this.transaction(() => {
      if (new Set(c.serviceIds).size !== c.serviceIds.length || c.serviceIds.some((id) => !this.service(id))) throw new HubError('MASTER_REFERENCE');
      if ((c.agencyId ?? null) !== null && !this.exists('SELECT 1 FROM agencies WHERE id = ?', c.agencyId)) throw new HubError('MASTER_REFERENCE');
      if (this.exists('SELECT 1 FROM counters WHERE label = ? AND active = 1', c.label)) throw new HubError('MASTER_DUPLICATE');
      const done = this.track('counter', null, actor, 'counter.add');
      const id = Number(
        this.db
          .prepare('INSERT INTO counters (label, agency_id, zone) VALUES (?, ?, ?)')
          .run(c.label, c.agencyId ?? null, c.zone ?? '').lastInsertRowid,
      );
      this.linkServices(id, c.serviceIds, 1);
      done(id);
      return id;
    });
  }

  /** More services for a counter, after the ones it prefers already. */
  addCounterServices(counterId: number, serviceIds: number[], actor?: Actor): void {
    this.transaction(() => {
      if (!this.exists('SELECT 1 FROM counters WHERE id = ?', counterId)) throw new HubError('MASTER_REFERENCE');
      const done = this.track('counter', counterId, actor, 'counter.services');
      const last = this.db.prepare('SELECT COALESCE(MAX(rank), 0) FROM counter_services WHERE counter_id = ?').pluck().get(counterId) as number;
      this.linkServices(counterId, serviceIds, last + 1);
      done();
    });
  }

  private linkServices(counterId: number, serviceIds: number[], firstRank: number): void {
    const link = this.db.prepare('INSERT INTO counter_services (counter_id, service_id, rank) VALUES (?, ?, ?)');
    serviceIds.forEach((sid, i) => link.run(counterId, sid, firstRank + i));
  }

  // ---- officers --------------------------------------------------------------------------

  async addOfficer(o: OfficerInput, actor?: Actor): Promise<number> {
    const taken = () => this.exists('SELECT 1 FROM officers WHERE username = ?', o.username);
    // Refused before the slow hash, and checked again after it: another request may have won.
    if (taken()) throw new HubError('MASTER_DUPLICATE');
    const pinHash = await hashPin(o.pin);
    return this.transaction(() => {
      if (taken()) throw new HubError('MASTER_DUPLICATE');
      const done = this.track('officer', null, actor, 'officer.add');
      const id = Number(
        this.db
          .prepare('INSERT INTO officers (name, username, pin_hash, role, agency_id) VALUES (?, ?, ?, ?, ?)')
          .run(o.name, o.username, pinHash, o.role, o.agencyId ?? null).lastInsertRowid,
      );
      done(id);
      return id;
    });
  }

  officers(): OfficerInfo[] {
    return this.db.prepare('SELECT id, name, username, role, agency_id AS agencyId, active FROM officers ORDER BY id').all() as OfficerInfo[];
  }

  /** Somebody who can log in to the admin. */
  hasActiveAdmin(): boolean {
    return this.exists(`SELECT 1 FROM officers WHERE role = 'admin' AND active = 1`);
  }

  /** A new PIN; the officer's open sessions end with the old one. */
  async resetPin(officerId: number, pin: string, actor?: Actor): Promise<void> {
    if (!this.exists('SELECT 1 FROM officers WHERE id = ?', officerId)) throw new HubError('MASTER_REFERENCE');
    const hash = await hashPin(pin);
    this.transaction(() => {
      const done = this.track('officer', officerId, actor, 'officer.resetPin');
      this.db.prepare('UPDATE officers SET pin_hash = ? WHERE id = ?').run(hash, officerId);
      this.endSessions(officerId);
      done();
    });
  }

  /** No more logins; the officer's open sessions end at once. Nobody deactivates themselves. */
  deactivateOfficer(officerId: number, actor?: Actor): void {
    this.transaction(() => {
      if (actor?.officerId === officerId) throw new HubError('VALIDATION_FAILED', { id: 'not yourself' });
      if (!this.exists('SELECT 1 FROM officers WHERE id = ?', officerId)) throw new HubError('MASTER_REFERENCE');
      const done = this.track('officer', officerId, actor, 'officer.deactivate');
      this.db.prepare('UPDATE officers SET active = 0 WHERE id = ?').run(officerId);
      this.endSessions(officerId);
      done();
    });
  }

  // A credential change and the end of the sessions opened with it are one commit, so sessions
  // are ended here rather than by a second call into Access.
  private endSessions(officerId: number): void {
    this.db.prepare('UPDATE officer_sessions SET ended_at = ? WHERE officer_id = ? AND ended_at IS NULL').run(this.clock.now(), officerId);
  }

  // ---- holidays and closures -------------------------------------------------------------

  /** Closures on `fromDate` and after, by date. */
  closures(fromDate: string): Closure[] {
    return this.db.prepare('SELECT id, date, service_id AS serviceId, reason FROM closures WHERE date >= ? ORDER BY date').all(fromDate) as Closure[];
  }

  /** Closes the MPP (serviceId null) or one service on a date. */
  addClosure(c: { date: string; serviceId: number | null; reason: string }, actor?: Actor): number {
    return this.transaction(() => {
      if (c.serviceId !== null && !this.service(c.serviceId)) throw new HubError('MASTER_REFERENCE');
      const done = this.track('closure', null, actor, 'closure.add');
      const id = Number(this.db.prepare('INSERT INTO closures (date, service_id, reason) VALUES (?, ?, ?)').run(c.date, c.serviceId, c.reason).lastInsertRowid);
      done(id);
      return id;
    });
  }
}
