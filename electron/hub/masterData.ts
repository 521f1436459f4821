/**
 * Master data: the site, agencies, services, counters and closures (officers: staff.ts). Every write goes
 * through here, so the caches below stay right and the admin's refusals (a duplicate, a reference
 * to nothing) are the same whoever writes. A change made by someone (the admin API passes the
 * actor) is a `master.changed` event in the same transaction, so kiosks and displays refresh at
 * once; set-up (the demo seed, the first start) passes no actor and leaves no event.
 *
 * Zones are here too (a counter's `zone` text is kept equal to its zone's name). A service's new
 * name or prefix waits as pending for the next business day once today's tickets have used it, and
 * is applied when the day rolls over (applyDueChanges): today's numbering never breaks. An import
 * (../masterImport.ts) writes through the same methods inside importBatch: one event for all.
 */
import { businessDate, isValidTimeZone } from '../../shared/businessDate.js';
import type { AgencyAdmin, CounterAdmin, ServiceAdmin, ZoneInfo } from '../../shared/masterData.js';
import type { CounterState } from '../../shared/domain.js';
import type { MasterKind } from '../../shared/events.js';
import { Site, WeeklyHours, type ServiceInfo } from '../../shared/protocol.js';
import { PREFIX_PATTERN } from '../../shared/ticketNumber.js';
import type { Actor } from './actor.js';
import { AuditLog } from './audit.js';
import type { Clock } from './clock.js';
import type { Db } from './db/open.js';
import type { EventLog } from './events.js';
import { HubError } from './hubError.js';

export interface AgencyInput {
  code: string;
  name: string;
  shortName: string;
  /** the place on the kiosk; after the last agency when not said */
  sortOrder?: number;
}

export interface AgencyPatch {
  name?: string;
  /** false: off the kiosk with its services; history keeps it */
  active?: boolean;
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
  zoneId?: number | null;
  /** the zone by its name (set-up): made when it does not exist yet */
  zone?: string;
  issueOpensBeforeMinutes?: number;
  lastTicketBeforeMinutes?: number;
  followsSiteBreaks?: boolean;
  /** words the kiosk's search finds it by, besides its name and its agency's ("ktp", "e-ktp") */
  keywords?: readonly string[];
}

export type ServicePatch = Partial<
  Pick<
    ServiceInput,
    | 'agencyId'
    | 'name'
    | 'prefix'
    | 'dailyQuota'
    | 'hours'
    | 'active'
    | 'estimatedMinutes'
    | 'waitTargetMinutes'
    | 'zoneId'
    | 'issueOpensBeforeMinutes'
    | 'lastTicketBeforeMinutes'
    | 'followsSiteBreaks'
    | 'keywords'
  >
>;

export interface CounterInput {
  label: string;
  agencyId?: number | null;
  zoneId?: number | null;
  /** the zone by its name (set-up, older clients): made when it does not exist yet */
  zone?: string;
  /** service ids in order of preference */
  serviceIds: number[];
}

export interface CounterPatch {
  label?: string;
  agencyId?: number | null;
  zoneId?: number | null;
  /** replaces the list, in order of preference */
  serviceIds?: number[];
  active?: boolean;
}

export interface ZoneInput {
  name: string;
  floor?: string;
  sortOrder?: number;
}

export type ZonePatch = Partial<ZoneInput> & { active?: boolean };

export interface ServiceRow {
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
  wait_target_minutes: number | null;
  /** comma-separated (migration 15) */
  keywords: string;
}

/** At most this many keywords per service, each at most KEYWORD_MAX characters. */
export const KEYWORDS_MAX = 30;
export const KEYWORD_MAX = 40;

/**
 * Keywords as stored: trimmed, inner spaces collapsed, empty ones and repeats (ignoring case)
 * dropped, in the admin's order, joined with ", ". A comma inside one splits it.
 */
export function keywordsText(keywords: readonly string[]): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const k of keywords.flatMap((k) => k.split(','))) {
    const word = k.trim().replace(/\s+/g, ' ');
    if (!word || seen.has(word.toLowerCase())) continue;
    seen.add(word.toLowerCase());
    out.push(word);
  }
  return out.join(', ');
}

/** The stored text back to the list. */
export function keywordList(text: string): string[] {
  return text
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
}

export function toServiceInfo(r: ServiceRow): ServiceInfo {
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

/** The hub itself as the actor of what happens with the day (a pending name or prefix applied). */
const HUB_ACTOR: Actor = { officerId: null, deviceId: null };

/** The calendar date after `date` (YYYY-MM-DD). */
function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
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
  media: null,
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
  /** the earliest date a pending name or prefix takes effect, among the cached services */
  private firstPendingFrom: string | null = null;
  private applyingPending = false;
  private batchDepth = 0;

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
    // An import is one event for all its rows (importBatch), each row still in the audit log.
    if (!actor || this.batchDepth > 0) return;
    this.appendChanged(kind, id, actor);
  }

  private appendChanged(kind: MasterKind, id: number, actor: Actor): void {
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

  /**
   * Many writes as one import: one transaction, one `master.changed` event of kind 'import' whose
   * id is the number of rows `fn` says it applied (none when it applied nothing), an audit entry
   * per row (the writes' own) and one for the import itself.
   */
  importBatch(actor: Actor, fn: () => number): number {
    return this.transaction(() => {
      this.batchDepth += 1;
      let applied: number;
      try {
        applied = fn();
      } finally {
        this.batchDepth -= 1;
      }
      if (applied > 0) {
        this.appendChanged('import', applied, actor);
        this.audit.record(actor, 'import.apply', 'import', applied, null, { applied });
      }
      return applied;
    });
  }

  /** Today's business date on the hub's clock. */
  private today(): string {
    return businessDate(this.clock.now(), this.site().timeZone);
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
      if (this.exists('SELECT 1 FROM agencies WHERE code = ?', a.code)) throw new HubError('MASTER_DUPLICATE', { code: 'taken' });
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
      const cur = this.db.prepare('SELECT name, short_name, sort_order, active FROM agencies WHERE id = ?').get(id) as
        | { name: string; short_name: string; sort_order: number; active: number }
        | undefined;
      if (!cur) throw new HubError('MASTER_REFERENCE');
      const done = this.track('agency', id, actor, patch.active === false ? 'agency.deactivate' : patch.active === true && cur.active === 0 ? 'agency.reactivate' : 'agency.update');
      this.db
        .prepare('UPDATE agencies SET name = ?, short_name = ?, sort_order = ?, active = ? WHERE id = ?')
        .run(patch.name ?? cur.name, patch.shortName ?? cur.short_name, patch.sortOrder ?? cur.sort_order, patch.active === undefined ? cur.active : patch.active ? 1 : 0, id);
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

  /** Every agency, inactive ones too, in kiosk order; `scope` limits it to one. */
  agencies(scope: number | null = null): AgencyAdmin[] {
    const rows = this.db
      .prepare(
        `SELECT id, code, name, short_name, sort_order, active, logo IS NOT NULL AS has_logo FROM agencies
         WHERE ? IS NULL OR id = ? ORDER BY sort_order, name`,
      )
      .all(scope, scope) as { id: number; code: string; name: string; short_name: string; sort_order: number; active: number; has_logo: number }[];
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      shortName: r.short_name,
      sortOrder: r.sort_order,
      active: r.active === 1,
      logoUrl: r.has_logo ? `/logos/${r.id}` : null,
    }));
  }

  /** The agency a service belongs to (null: no such service). */
  serviceAgency(serviceId: number): number | null {
    return this.service(serviceId)?.agencyId ?? null;
  }

  // ---- zones -----------------------------------------------------------------------------

  zones(): ZoneInfo[] {
    return (this.db.prepare('SELECT id, name, floor, sort_order, active FROM zones ORDER BY sort_order, name').all() as {
      id: number;
      name: string;
      floor: string;
      sort_order: number;
      active: number;
    }[]).map((r) => ({ id: r.id, name: r.name, floor: r.floor, sortOrder: r.sort_order, active: r.active === 1 }));
  }

  addZone(z: ZoneInput, actor?: Actor): number {
    return this.transaction(() => {
      if (this.exists('SELECT 1 FROM zones WHERE name = ?', z.name)) throw new HubError('MASTER_DUPLICATE', { name: 'taken' });
      const done = this.track('zone', null, actor, 'zone.add');
      const order = z.sortOrder ?? (this.db.prepare('SELECT COALESCE(MAX(sort_order), 0) + 1 FROM zones').pluck().get() as number);
      const id = Number(this.db.prepare('INSERT INTO zones (name, floor, sort_order) VALUES (?, ?, ?)').run(z.name, z.floor ?? '', order).lastInsertRowid);
      done(id);
      return id;
    });
  }

  /** A new name reaches the counters in it (counters.zone, which other screens read). */
  updateZone(id: number, patch: ZonePatch, actor?: Actor): void {
    this.transaction(() => {
      const cur = this.db.prepare('SELECT name, floor, sort_order, active FROM zones WHERE id = ?').get(id) as
        | { name: string; floor: string; sort_order: number; active: number }
        | undefined;
      if (!cur) throw new HubError('MASTER_REFERENCE');
      if (patch.name !== undefined && patch.name !== cur.name && this.exists('SELECT 1 FROM zones WHERE name = ? AND id <> ?', patch.name, id)) {
        throw new HubError('MASTER_DUPLICATE', { name: 'taken' });
      }
      const done = this.track('zone', id, actor, patch.active === false ? 'zone.deactivate' : patch.active === true && cur.active === 0 ? 'zone.reactivate' : 'zone.update');
      const name = patch.name ?? cur.name;
      this.db
        .prepare('UPDATE zones SET name = ?, floor = ?, sort_order = ?, active = ? WHERE id = ?')
        .run(name, patch.floor ?? cur.floor, patch.sortOrder ?? cur.sort_order, patch.active === undefined ? cur.active : patch.active ? 1 : 0, id);
      if (name !== cur.name) this.db.prepare('UPDATE counters SET zone = ? WHERE zone_id = ?').run(name, id);
      done();
    });
  }

  /** A zone's id by name, made (set-up) when it does not exist; null for ''. */
  private zoneByName(name: string | undefined, actor?: Actor): number | null {
    const n = name?.trim() ?? '';
    if (!n) return null;
    const found = this.db.prepare('SELECT id FROM zones WHERE name = ?').pluck().get(n) as number | undefined;
    return found ?? this.addZone({ name: n }, actor);
  }

  private knownZone(zoneId: number): number {
    this.zoneName(zoneId);
    return zoneId;
  }

  private zoneName(zoneId: number | null): string {
    if (zoneId === null) return '';
    const name = this.db.prepare('SELECT name FROM zones WHERE id = ?').pluck().get(zoneId) as string | undefined;
    if (name === undefined) throw new HubError('MASTER_REFERENCE', { zoneId: 'no such zone' });
    return name;
  }

  // ---- services --------------------------------------------------------------------------

  addService(s: ServiceInput, actor?: Actor): number {
    if (!PREFIX_PATTERN.test(s.prefix)) throw new HubError('VALIDATION_FAILED', { prefix: 'not a ticket prefix' });
    const hours = WeeklyHours.parse(s.hours);
    return this.transaction(() => {
      if (!this.exists('SELECT 1 FROM agencies WHERE id = ? AND active = 1', s.agencyId)) throw new HubError('MASTER_REFERENCE', { agencyId: 'no such active agency' });
      if (this.exists('SELECT 1 FROM services WHERE code = ?', s.code)) throw new HubError('MASTER_DUPLICATE', { code: 'taken' });
      this.assertPrefixFree(s.prefix, null);
      const zoneId = s.zoneId !== undefined && s.zoneId !== null ? this.knownZone(s.zoneId) : this.zoneByName(s.zone, actor);
      this.serviceCache = null;
      const done = this.track('service', null, actor, 'service.add');
      const id = Number(
        this.db
          .prepare(
            `INSERT INTO services (agency_id, code, name, prefix, daily_quota, estimated_minutes, hours, active, wait_target_minutes,
               zone_id, issue_opens_before_minutes, last_ticket_before_minutes, follows_site_breaks, keywords, sort_order)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM services))`,
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
            zoneId,
            s.issueOpensBeforeMinutes ?? 0,
            s.lastTicketBeforeMinutes ?? 0,
            s.followsSiteBreaks === false ? 0 : 1,
            keywordsText(s.keywords ?? []),
          ).lastInsertRowid,
      );
      done(id);
      return id;
    });
  }

  /** Refuses a prefix another service has today or will have from its pending change. */
  private assertPrefixFree(prefix: string, exceptId: number | null): void {
    const other = this.db
      .prepare('SELECT code FROM services WHERE (prefix = ? OR pending_prefix = ?) AND id IS NOT ?')
      .pluck()
      .get(prefix, prefix, exceptId) as string | undefined;
    if (other !== undefined) throw new HubError('MASTER_PREFIX_TAKEN', { prefix: `used by ${other}` });
  }

  /** Whether today's numbering already used a prefix (a ticket, or a floor after lost history). */
  private prefixUsedToday(prefix: string, serviceId: number, date: string): boolean {
    return (
      this.exists('SELECT 1 FROM tickets WHERE business_date = ? AND (prefix = ? OR service_id = ? OR origin_service_id = ?)', date, prefix, serviceId, serviceId) ||
      this.exists('SELECT 1 FROM number_floors WHERE business_date = ? AND prefix = ?', date, prefix)
    );
  }

  /**
   * A change to a service. A new name or prefix waits for the next business day when today's
   * numbering has used the service (a ticket issued today): it is kept as pending and applied
   * when the day rolls over. Before its first ticket of the day (set-up) it applies at once.
   */
  updateService(id: number, patch: ServicePatch, actor?: Actor): ServiceInfo {
    if (patch.prefix !== undefined && !PREFIX_PATTERN.test(patch.prefix)) throw new HubError('VALIDATION_FAILED', { prefix: 'not a ticket prefix' });
    return this.transaction(() => {
      const cur = this.service(id);
      if (!cur) throw new HubError('SERVICE_NOT_FOUND');
      const row = this.db.prepare('SELECT wait_target_minutes, keywords FROM services WHERE id = ?').get(id) as { wait_target_minutes: number | null; keywords: string };
      if (patch.agencyId !== undefined && patch.agencyId !== cur.agencyId && !this.exists('SELECT 1 FROM agencies WHERE id = ? AND active = 1', patch.agencyId)) {
        throw new HubError('MASTER_REFERENCE', { agencyId: 'no such active agency' });
      }
      if (patch.zoneId !== undefined && patch.zoneId !== null) this.zoneName(patch.zoneId);
      const action = patch.active === false ? 'service.deactivate' : patch.active === true && !cur.active ? 'service.reactivate' : 'service.update';
      this.serviceCache = null;
      const done = this.track('service', id, actor, action);
      this.db
        .prepare(
          `UPDATE services SET agency_id = ?, daily_quota = ?, hours = ?, active = ?, estimated_minutes = ?, wait_target_minutes = ?, zone_id = ?,
             issue_opens_before_minutes = ?, last_ticket_before_minutes = ?, follows_site_breaks = ?, keywords = ? WHERE id = ?`,
        )
        .run(
          patch.agencyId ?? cur.agencyId,
          patch.dailyQuota === undefined ? cur.dailyQuota : patch.dailyQuota,
          JSON.stringify(WeeklyHours.parse(patch.hours ?? cur.hours)),
          (patch.active ?? cur.active) ? 1 : 0,
          patch.estimatedMinutes ?? cur.estimatedMinutes,
          patch.waitTargetMinutes === undefined ? row.wait_target_minutes : patch.waitTargetMinutes,
          patch.zoneId === undefined ? cur.zoneId : patch.zoneId,
          patch.issueOpensBeforeMinutes ?? cur.issueOpensBeforeMinutes,
          patch.lastTicketBeforeMinutes ?? cur.lastTicketBeforeMinutes,
          (patch.followsSiteBreaks ?? cur.followsSiteBreaks) ? 1 : 0,
          patch.keywords === undefined ? row.keywords : keywordsText(patch.keywords),
          id,
        );
      if (patch.name !== undefined || patch.prefix !== undefined) this.renameService(cur, patch.name ?? cur.pending?.name ?? cur.name, patch.prefix ?? cur.pending?.prefix ?? cur.prefix);
      done();
      return this.service(id)!;
    });
  }

  /** The name and prefix `cur` should carry: at once before today's first ticket, else from tomorrow. */
  private renameService(cur: ServiceInfo, name: string, prefix: string): void {
    if (prefix !== cur.prefix) this.assertPrefixFree(prefix, cur.id);
    if (name === cur.name && prefix === cur.prefix) {
      this.db.prepare('UPDATE services SET pending_name = NULL, pending_prefix = NULL, pending_from = NULL WHERE id = ?').run(cur.id);
      return;
    }
    const today = this.today();
    if (!this.prefixUsedToday(cur.prefix, cur.id, today) && (prefix === cur.prefix || !this.prefixUsedToday(prefix, cur.id, today))) {
      this.db.prepare('UPDATE services SET name = ?, prefix = ?, pending_name = NULL, pending_prefix = NULL, pending_from = NULL WHERE id = ?').run(name, prefix, cur.id);
      return;
    }
    this.db
      .prepare('UPDATE services SET pending_name = ?, pending_prefix = ?, pending_from = ? WHERE id = ?')
      .run(name === cur.name ? null : name, prefix === cur.prefix ? null : prefix, nextDate(today), cur.id);
  }

  /**
   * Applies the pending names and prefixes whose date has come (the business day rolled over):
   * one `master.changed` event and audit entry per service, by the hub itself. Never inside
   * another transaction (that one's rollback would leave the cache wrong); the queue calls it
   * before issuing and at the day's watch. Answers how many services changed.
   */
  applyDueChanges(): number {
    if (!this.serviceCache) this.buildServiceCache();
    if (this.firstPendingFrom === null || this.db.inTransaction || this.applyingPending) return 0;
    const today = this.today();
    if (this.firstPendingFrom > today) return 0;
    this.applyingPending = true;
    try {
      return this.transaction(() => {
        const due = this.db.prepare('SELECT id FROM services WHERE pending_from IS NOT NULL AND pending_from <= ? ORDER BY id').pluck().all(today) as number[];
        const done = due.map((sid) => this.track('service', sid, HUB_ACTOR, 'service.pendingApplied'));
        // Two steps, so that a prefix one service leaves and another takes the same day never collides.
        this.db.prepare(`UPDATE services SET prefix = '#' || id WHERE pending_prefix IS NOT NULL AND pending_from <= ?`).run(today);
        this.db
          .prepare(
            `UPDATE services SET name = COALESCE(pending_name, name), prefix = COALESCE(pending_prefix, prefix),
               pending_name = NULL, pending_prefix = NULL, pending_from = NULL WHERE pending_from <= ?`,
          )
          .run(today);
        this.serviceCache = null;
        for (const d of done) d();
        return due.length;
      });
    } finally {
      this.applyingPending = false;
      this.serviceCache = null;
    }
  }

  service(id: number): ServiceInfo | undefined {
    return this.loadServices().get(id);
  }

  /** In display order. */
  services(): ServiceInfo[] {
    return [...this.loadServices().values()];
  }

  /** Every service with what only the admin sees (its waiting target); `scope` limits it to one agency. */
  servicesAdmin(scope: number | null = null): ServiceAdmin[] {
    this.loadServices();
    return (this.db.prepare('SELECT * FROM services WHERE ? IS NULL OR agency_id = ? ORDER BY sort_order, id').all(scope, scope) as ServiceRow[]).map((r) => ({
      ...toServiceInfo(r),
      waitTargetMinutes: r.wait_target_minutes,
      keywords: keywordList(r.keywords),
    }));
  }

  /** Each service's search keywords (the kiosk's catalogue); services without any are left out. */
  serviceKeywords(): Map<number, string[]> {
    const rows = this.db.prepare(`SELECT id, keywords FROM services WHERE keywords <> ''`).all() as { id: number; keywords: string }[];
    return new Map(rows.map((r) => [r.id, keywordList(r.keywords)]));
  }

  private buildServiceCache(): Map<number, ServiceInfo> {
    const cache = new Map(
      (this.db.prepare('SELECT * FROM services ORDER BY sort_order, id').all() as ServiceRow[]).map((r) => [r.id, toServiceInfo(r)]),
    );
    this.firstPendingFrom = null;
    for (const s of cache.values()) {
      if (s.pending && (this.firstPendingFrom === null || s.pending.from < this.firstPendingFrom)) this.firstPendingFrom = s.pending.from;
    }
    this.serviceCache = cache;
    return cache;
  }

  private loadServices(): Map<number, ServiceInfo> {
    const cache = this.serviceCache ?? this.buildServiceCache();
    // A read after the day rolled over sees the new names (the kiosk's catalogue at 00:00).
    if (this.firstPendingFrom !== null && !this.applyingPending && !this.db.inTransaction && this.firstPendingFrom <= this.today()) {
      this.applyDueChanges();
      return this.serviceCache ?? this.buildServiceCache();
    }
    return cache;
  }

  // ---- counters --------------------------------------------------------------------------

  addCounter(c: CounterInput, actor?: Actor): number {
    return this.transaction(() => {
      this.assertServiceList(c.serviceIds);
      if ((c.agencyId ?? null) !== null && !this.exists('SELECT 1 FROM agencies WHERE id = ?', c.agencyId)) throw new HubError('MASTER_REFERENCE', { agencyId: 'no such agency' });
      if (this.exists('SELECT 1 FROM counters WHERE label = ?', c.label)) throw new HubError('MASTER_DUPLICATE', { label: 'taken' });
      const zoneId = c.zoneId !== undefined && c.zoneId !== null ? c.zoneId : c.zoneId === null ? null : this.zoneByName(c.zone, actor);
      const zone = this.zoneName(zoneId);
      const done = this.track('counter', null, actor, 'counter.add');
      const id = Number(
        this.db
          .prepare('INSERT INTO counters (label, agency_id, zone, zone_id) VALUES (?, ?, ?, ?)')
          .run(c.label, c.agencyId ?? null, zone, zoneId).lastInsertRowid,
      );
      this.linkServices(id, c.serviceIds, 1);
      done(id);
      return id;
    });
  }

  private assertServiceList(serviceIds: number[]): void {
    if (new Set(serviceIds).size !== serviceIds.length) throw new HubError('MASTER_REFERENCE', { serviceIds: 'a service twice' });
    if (serviceIds.some((id) => !this.service(id))) throw new HubError('MASTER_REFERENCE', { serviceIds: 'no such service' });
  }

  /**
   * A counter's label, agency, zone, services (the list replaced, in order) or (de)activation.
   * Deactivating is refused while it is open or holds a ticket: its officer closes it first.
   */
  updateCounter(id: number, patch: CounterPatch, actor?: Actor): void {
    this.transaction(() => {
      const cur = this.db.prepare('SELECT label, agency_id, zone_id, zone, active, state FROM counters WHERE id = ?').get(id) as
        | { label: string; agency_id: number | null; zone_id: number | null; zone: string; active: number; state: CounterState }
        | undefined;
      if (!cur) throw new HubError('MASTER_REFERENCE', { id: 'no such counter' });
      if (patch.label !== undefined && patch.label !== cur.label && this.exists('SELECT 1 FROM counters WHERE label = ? AND id <> ?', patch.label, id)) {
        throw new HubError('MASTER_DUPLICATE', { label: 'taken' });
      }
      if (patch.agencyId !== undefined && patch.agencyId !== null && !this.exists('SELECT 1 FROM agencies WHERE id = ?', patch.agencyId)) {
        throw new HubError('MASTER_REFERENCE', { agencyId: 'no such agency' });
      }
      if (patch.serviceIds) this.assertServiceList(patch.serviceIds);
      if (patch.active === false && cur.active === 1 && (cur.state !== 'closed' || this.holdsTicket(id))) throw new HubError('COUNTER_IN_USE');
      const zoneId = patch.zoneId === undefined ? cur.zone_id : patch.zoneId;
      const zone = zoneId === cur.zone_id ? cur.zone : this.zoneName(zoneId);
      const action = patch.active === false ? 'counter.deactivate' : patch.active === true && cur.active === 0 ? 'counter.reactivate' : 'counter.update';
      const done = this.track('counter', id, actor, action);
      this.db
        .prepare('UPDATE counters SET label = ?, agency_id = ?, zone_id = ?, zone = ?, active = ? WHERE id = ?')
        .run(
          patch.label ?? cur.label,
          patch.agencyId === undefined ? cur.agency_id : patch.agencyId,
          zoneId,
          zone,
          patch.active === undefined ? cur.active : patch.active ? 1 : 0,
          id,
        );
      if (patch.serviceIds) {
        this.db.prepare('DELETE FROM counter_services WHERE counter_id = ?').run(id);
        this.linkServices(id, patch.serviceIds, 1);
      }
      done(undefined, { ...(this.row('counter', id) as object), serviceIds: this.counterServiceIds(id) });
    });
  }

  private holdsTicket(counterId: number): boolean {
    return this.exists(`SELECT 1 FROM tickets WHERE counter_id = ? AND status IN ('called','serving')`, counterId);
  }

  private counterServiceIds(counterId: number): number[] {
    return this.db.prepare('SELECT service_id FROM counter_services WHERE counter_id = ? ORDER BY rank').pluck().all(counterId) as number[];
  }

  /** Every counter, inactive ones too, with its services in order; `scope` limits it to one agency's. */
  counters(scope: number | null = null): CounterAdmin[] {
    const rows = this.db
      .prepare(
        `SELECT c.id, c.label, c.agency_id, c.zone_id, c.zone, c.active, c.state,
                EXISTS (SELECT 1 FROM tickets t WHERE t.counter_id = c.id AND t.status IN ('called','serving')) AS holds
         FROM counters c WHERE ? IS NULL OR c.agency_id = ? ORDER BY c.id`,
      )
      .all(scope, scope) as { id: number; label: string; agency_id: number | null; zone_id: number | null; zone: string; active: number; state: CounterState; holds: number }[];
    const links = new Map<number, number[]>();
    for (const l of this.db.prepare('SELECT counter_id, service_id FROM counter_services ORDER BY counter_id, rank').all() as { counter_id: number; service_id: number }[]) {
      const list = links.get(l.counter_id) ?? [];
      list.push(l.service_id);
      links.set(l.counter_id, list);
    }
    return rows.map((r) => ({
      id: r.id,
      label: r.label,
      agencyId: r.agency_id,
      zoneId: r.zone_id,
      zone: r.zone,
      active: r.active === 1,
      state: r.state,
      holdsTicket: r.holds === 1,
      serviceIds: links.get(r.id) ?? [],
    }));
  }

  /** The agency a counter belongs to (undefined: no such counter). */
  counterAgency(counterId: number): number | null | undefined {
    const r = this.db.prepare('SELECT agency_id FROM counters WHERE id = ?').get(counterId) as { agency_id: number | null } | undefined;
    return r ? r.agency_id : undefined;
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

  // ---- the calendar ---------------------------------------------------------------------

  /**
   * Holidays, closures, breaks, pauses and the services' hours are written by ../calendar.ts
   * (Calendar), inside `transaction`; after it writes the services' calendar columns it calls
   * this, so the next read sees them.
   */
  forgetServices(): void {
    this.serviceCache = null;
  }
}
