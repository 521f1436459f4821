/**
 * Each service's standar pelayanan (shared/serviceStandard.ts), kept in service_standards
 * (migration 16, requirements as a JSON array). Every write goes through here: it appends a
 * 'standard.published' event in the write's transaction, so the central server's public page of
 * the MPP follows the hub's exactly (a rollback publishes nothing), and an audit entry like every
 * other master-data edit. The kiosk's catalogue reads `summaries()`; the public pages read
 * `published()`.
 */
import { businessDate } from '../../shared/businessDate.js';
import { EMPTY_STANDARD, ServiceStandard, hasStandard, type PublishedStandard, type StandardSummary } from '../../shared/serviceStandard.js';
import { fieldErrors } from '../../shared/masterData.js';
import type { Actor } from './actor.js';
import type { AuditLog } from './audit.js';
import type { Clock } from './clock.js';
import type { Db } from './db/open.js';
import type { EventLog } from './events.js';
import { HubError } from './hubError.js';
import type { MasterData } from './masterData.js';

interface StandardRow {
  service_id: number;
  requirements: string;
  procedure: string;
  completion_time: string;
  fee: string;
  product: string;
  legal_basis: string;
  complaint_contact: string;
}

function toStandard(r: StandardRow): ServiceStandard {
  return {
    requirements: JSON.parse(r.requirements) as string[],
    procedure: r.procedure,
    completionTime: r.completion_time,
    fee: r.fee,
    product: r.product,
    legalBasis: r.legal_basis,
    complaintContact: r.complaint_contact,
  };
}

const sameStandard = (a: ServiceStandard, b: ServiceStandard) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A standard as the hub keeps it, or the field errors that refuse it. Besides the schema: a
 * requirement may not hold a line break or "|", which separate requirements in the workbook's
 * cell, so what is exported is imported back the same.
 */
export function checkStandard(input: unknown): { ok: true; standard: ServiceStandard } | { ok: false; errors: Record<string, unknown> } {
  const parsed = ServiceStandard.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(ServiceStandard, input) };
  const s = parsed.data;
  if (s.requirements.some((r) => /[|\r\n]/.test(r))) {
    return { ok: false, errors: { requirements: { id: 'Satu persyaratan per baris, tanpa tanda "|".', en: 'One requirement per line, without "|".' } } };
  }
  // Line ends as one kind: a procedure typed on Windows and one typed in the browser compare equal.
  return { ok: true, standard: { ...s, procedure: s.procedure.replace(/\r\n?/g, '\n'), legalBasis: s.legalBasis.replace(/\r\n?/g, '\n') } };
}

export interface ServiceStandardsDeps {
  db: Db;
  events: EventLog;
  master: MasterData;
  clock: Clock;
  audit: AuditLog;
}

export class ServiceStandards {
  // Read on every kiosk catalogue; written only through this class.
  private cache: Map<number, ServiceStandard> | null = null;

  constructor(private readonly deps: ServiceStandardsDeps) {}

  private all(): Map<number, ServiceStandard> {
    if (!this.cache) {
      const rows = this.deps.db.prepare('SELECT * FROM service_standards').all() as StandardRow[];
      this.cache = new Map(rows.map((r) => [r.service_id, toStandard(r)]));
    }
    return this.cache;
  }

  /** A service's standard; the empty one when none was written. SERVICE_NOT_FOUND for no such service. */
  get(serviceId: number): ServiceStandard {
    if (!this.deps.master.service(serviceId)) throw new HubError('SERVICE_NOT_FOUND');
    return this.all().get(serviceId) ?? EMPTY_STANDARD;
  }

  /**
   * Replaces a service's standard (an empty one clears it, and is published as such so the central
   * page drops it too). Unchanged: nothing written, nothing published. Must not run inside another
   * service's transaction except MasterData's importBatch (its rollback drops this cache too via
   * `forget`, called by the import).
   */
  set(serviceId: number, input: unknown, actor?: Actor): ServiceStandard {
    const checked = checkStandard(input);
    if (!checked.ok) throw new HubError('VALIDATION_FAILED', checked.errors);
    const standard = checked.standard;
    const { db, events, master, clock, audit } = this.deps;
    const service = master.service(serviceId);
    if (!service) throw new HubError('SERVICE_NOT_FOUND');
    const before = this.all().get(serviceId) ?? null;
    if (sameStandard(before ?? EMPTY_STANDARD, standard)) return standard;
    try {
      events.transaction(() => {
        const now = clock.now();
        db.prepare(
          `INSERT INTO service_standards (service_id, requirements, procedure, completion_time, fee, product, legal_basis, complaint_contact, updated_at)
           VALUES (@serviceId, @requirements, @procedure, @completionTime, @fee, @product, @legalBasis, @complaintContact, @now)
           ON CONFLICT(service_id) DO UPDATE SET requirements = excluded.requirements, procedure = excluded.procedure,
             completion_time = excluded.completion_time, fee = excluded.fee, product = excluded.product,
             legal_basis = excluded.legal_basis, complaint_contact = excluded.complaint_contact, updated_at = excluded.updated_at`,
        ).run({ ...standard, requirements: JSON.stringify(standard.requirements), serviceId, now });
        const agency = master.agencies(service.agencyId)[0];
        events.append({
          type: 'standard.published',
          at: now,
          businessDate: businessDate(now, master.site().timeZone),
          serviceId,
          officerId: actor?.officerId ?? null,
          deviceId: actor?.deviceId ?? null,
          data: { serviceId, serviceName: service.name, agencyId: service.agencyId, agencyName: agency?.name ?? '', standard },
        });
        audit.record(actor, 'standard.update', 'service_standard', serviceId, before, standard);
        this.all().set(serviceId, standard);
      });
    } catch (err) {
      this.forget();
      throw err;
    }
    return standard;
  }

  /** Drops the cache (a rolled-back import may have written to it). */
  forget(): void {
    this.cache = null;
  }

  /** What the kiosk shows before "Ambil tiket"; null when the service has no standard. */
  summary(serviceId: number): StandardSummary | null {
    const s = this.all().get(serviceId);
    return hasStandard(s) ? { requirements: s.requirements, completionTime: s.completionTime, fee: s.fee } : null;
  }

  /** Every service that has a standard, for the kiosk's catalogue. */
  summaries(): Map<number, StandardSummary> {
    const out = new Map<number, StandardSummary>();
    for (const [id, s] of this.all()) if (hasStandard(s)) out.set(id, { requirements: s.requirements, completionTime: s.completionTime, fee: s.fee });
    return out;
  }

  /**
   * The standards the public reads: of active services of active agencies, in kiosk order (agency,
   * then service), with the names they are offered under today.
   */
  published(): PublishedStandard[] {
    const { master } = this.deps;
    const standards = this.all();
    const out: PublishedStandard[] = [];
    for (const agency of master.agencies()) {
      if (!agency.active) continue;
      for (const service of master.services()) {
        if (service.agencyId !== agency.id || !service.active) continue;
        const s = standards.get(service.id);
        if (hasStandard(s)) out.push({ serviceId: service.id, serviceName: service.name, agencyId: agency.id, agencyName: agency.name, standard: s });
      }
    }
    return out;
  }
}
