/**
 * Master data: the site, agencies, services, counters and officers. Writes here are
 * administrative (seed, admin screens); the queue engine only reads.
 */
import { isValidTimeZone } from '../../shared/businessDate.js';
import type { OfficerRole } from '../../shared/domain.js';
import { Site, WeeklyHours, type ServiceInfo } from '../../shared/protocol.js';
import { PREFIX_PATTERN } from '../../shared/ticketNumber.js';
import type { Db } from './db/open.js';
import { hashPin } from './secrets.js';

export interface AgencyInput {
  code: string;
  name: string;
  shortName: string;
  sortOrder?: number;
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
}

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
  };
}

export class MasterData {
  private siteCache: Site | null = null;
  // Services are read on every issue and every catalogue; they change only through this class.
  private serviceCache: Map<number, ServiceInfo> | null = null;

  constructor(private readonly db: Db) {}

  setSite(input: Site): void {
    const site = Site.parse(input);
    if (!isValidTimeZone(site.timeZone)) throw new Error(`unknown time zone ${site.timeZone}`);
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
  }

  hasSite(): boolean {
    return this.db.prepare('SELECT 1 FROM site WHERE id = 1').get() !== undefined;
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

  addAgency(a: AgencyInput): number {
    return Number(
      this.db
        .prepare('INSERT INTO agencies (code, name, short_name, sort_order) VALUES (?, ?, ?, ?)')
        .run(a.code, a.name, a.shortName, a.sortOrder ?? 0).lastInsertRowid,
    );
  }

  addService(s: ServiceInput): number {
    if (!PREFIX_PATTERN.test(s.prefix)) throw new Error(`bad prefix ${s.prefix}`);
    const hours = WeeklyHours.parse(s.hours);
    this.serviceCache = null;
    return Number(
      this.db
        .prepare(
          `INSERT INTO services (agency_id, code, name, prefix, daily_quota, estimated_minutes, hours, active)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
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
        ).lastInsertRowid,
    );
  }

  updateService(id: number, patch: Partial<Pick<ServiceInput, 'dailyQuota' | 'hours' | 'active' | 'estimatedMinutes'>>): void {
    const cur = this.service(id);
    if (!cur) throw new Error(`no service ${id}`);
    this.serviceCache = null;
    this.db
      .prepare('UPDATE services SET daily_quota = ?, hours = ?, active = ?, estimated_minutes = ? WHERE id = ?')
      .run(
        patch.dailyQuota === undefined ? cur.dailyQuota : patch.dailyQuota,
        JSON.stringify(WeeklyHours.parse(patch.hours ?? cur.hours)),
        (patch.active ?? cur.active) ? 1 : 0,
        patch.estimatedMinutes ?? cur.estimatedMinutes,
        id,
      );
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

  addCounter(c: CounterInput): number {
    return this.db.transaction(() => {
      const id = Number(
        this.db
          .prepare('INSERT INTO counters (label, agency_id, zone) VALUES (?, ?, ?)')
          .run(c.label, c.agencyId ?? null, c.zone ?? '').lastInsertRowid,
      );
      const link = this.db.prepare('INSERT INTO counter_services (counter_id, service_id, rank) VALUES (?, ?, ?)');
      c.serviceIds.forEach((sid, i) => link.run(id, sid, i + 1));
      return id;
    })();
  }

  async addOfficer(o: OfficerInput): Promise<number> {
    const pinHash = await hashPin(o.pin);
    return Number(
      this.db
        .prepare('INSERT INTO officers (name, username, pin_hash, role, agency_id) VALUES (?, ?, ?, ?, ?)')
        .run(o.name, o.username, pinHash, o.role, o.agencyId ?? null).lastInsertRowid,
    );
  }
}
