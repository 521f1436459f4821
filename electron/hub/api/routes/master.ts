/**
 * Master data for the admin: the site, agencies, zones, services, counters (lists with the inactive
 * ones, add, change, deactivate), the import and export of all of them as a workbook, and the live
 * overview. (Officers are in staff.ts, devices in devices.ts.) Bodies are validated by their
 * schemas in shared/masterData.ts; the checks against what exists, the writes, the `master.changed`
 * event and the audit entry are MasterData's (one transaction each). Nothing is deleted (a
 * service or counter is deactivated, so history keeps its names).
 *
 * An agency supervisor sees and changes only their agency's services and counters (and its own
 * name and logo); agencies, zones, the site, import and export need the whole MPP (agencyScope.ts).
 */
import { z } from 'zod';
import {
  AdminOverview,
  AgencyAdminList,
  AgencyPatch,
  CounterAdminList,
  CounterPatch,
  Created,
  IdParam,
  MASTER_SHEETS,
  MasterImportPreview,
  MasterImportRequest,
  MasterImportResult,
  NewAgency,
  NewCounter,
  NewService,
  NewZone,
  Ok,
  ServiceAdminList,
  ServiceInfo,
  ServicePatch,
  Site,
  ZoneList,
  ZonePatch,
} from '../../../../shared/protocol.js';
import { weekdayHours } from '../../../../shared/openingHours.js';
import type { HubCore } from '../../core.js';
import { HubError } from '../../hubError.js';
import type { AgencyLogo } from '../../masterData.js';
import { MASTER_FILE_TYPES, MasterImport } from '../../masterImport.js';
import { agencyScope, assertAgency, assertWholeMpp } from '../agencyScope.js';
import { actorOf, route, type RouteSpec } from '../route.js';

/** An uploaded workbook as base64 JSON: room for a real MPP's set-up several times over. */
const IMPORT_BODY_LIMIT = 15_000_000;

/** What the master-data endpoints use. */
export type MasterRouteDeps = Pick<HubCore, 'master' | 'standards' | 'access' | 'engine' | 'views' | 'printers' | 'sync' | 'alarms' | 'storage' | 'backups' | 'integrity' | 'clock'>;

/** A logo as the admin's form sends it (a data URL, checked by AgencyPatch) to bytes and type. */
function decodeLogo(dataUrl: string | null): AgencyLogo | null {
  const m = dataUrl ? /^data:(image\/[a-z]+);base64,(.+)$/.exec(dataUrl) : null;
  return m ? { data: Buffer.from(m[2]!, 'base64'), type: m[1]! } : null;
}

export function masterRoutes(deps: MasterRouteDeps): RouteSpec<unknown, unknown, unknown>[] {
  const { master, printers } = deps;
  const importer = new MasterImport(master, deps.standards);
  const auth = { kind: 'device' as const, roles: ['admin' as const], session: 'supervisor' as const };

  /** A scoped supervisor may touch a counter of their agency only, serving their agency's services only. */
  const assertCounterScope = (session: Parameters<typeof agencyScope>[0], agencyId: number | null | undefined, serviceIds: number[] | undefined) => {
    if (agencyScope(session) === null) return;
    if (agencyId !== undefined) assertAgency(session, agencyId);
    for (const id of serviceIds ?? []) assertAgency(session, master.serviceAgency(id));
  };

  const specs = [
    // ---- agencies ----
    route({
      method: 'GET',
      url: '/api/admin/agencies',
      summary: 'Every agency, inactive ones too, in kiosk order (an agency supervisor: their own)',
      tag: 'admin',
      auth,
      response: AgencyAdminList,
      handler: (ctx) => master.agencies(agencyScope(ctx.session)),
    }),
    route({
      method: 'POST',
      url: '/api/admin/agencies',
      summary: 'Add an agency (instansi); the whole MPP only',
      tag: 'admin',
      auth,
      body: NewAgency,
      status: 201,
      response: Created,
      handler: (ctx) => {
        assertWholeMpp(ctx.session);
        return { id: master.addAgency(ctx.body, actorOf(ctx)) };
      },
    }),
    route({
      method: 'PUT',
      url: '/api/admin/agencies/:id',
      summary: 'Rename an agency, change its place on the kiosk, set or remove its logo, (de)activate it',
      tag: 'admin',
      auth,
      params: IdParam,
      body: AgencyPatch,
      bodyLimit: 300_000,
      response: Ok,
      handler: (ctx) => {
        assertAgency(ctx.session, ctx.params.id);
        // The kiosk's order and what is on it at all are the MPP's, not one agency's.
        if (ctx.body.sortOrder !== undefined || ctx.body.active !== undefined) assertWholeMpp(ctx.session);
        const { logo, ...patch } = ctx.body;
        master.updateAgency(ctx.params.id, { ...patch, ...(logo !== undefined ? { logo: decodeLogo(logo) } : {}) }, actorOf(ctx));
        return { ok: true };
      },
    }),

    // ---- zones ----
    route({
      method: 'GET',
      url: '/api/admin/zones',
      summary: 'Every zone (floor, wing), inactive ones too',
      tag: 'admin',
      auth,
      response: ZoneList,
      handler: () => master.zones(),
    }),
    route({
      method: 'POST',
      url: '/api/admin/zones',
      summary: 'Add a zone (e.g. "Lantai 2" with its floor text); the whole MPP only',
      tag: 'admin',
      auth,
      body: NewZone,
      status: 201,
      response: Created,
      handler: (ctx) => {
        assertWholeMpp(ctx.session);
        return { id: master.addZone(ctx.body, actorOf(ctx)) };
      },
    }),
    route({
      method: 'PUT',
      url: '/api/admin/zones/:id',
      summary: 'Rename a zone (its counters follow), change its floor text or order, (de)activate it',
      tag: 'admin',
      auth,
      params: IdParam,
      body: ZonePatch,
      response: Ok,
      handler: (ctx) => {
        assertWholeMpp(ctx.session);
        master.updateZone(ctx.params.id, ctx.body, actorOf(ctx));
        return { ok: true };
      },
    }),

    // ---- services ----
    route({
      method: 'GET',
      url: '/api/admin/services',
      summary: 'Every service, inactive ones too, with a pending name or prefix (an agency supervisor: their agency’s)',
      tag: 'admin',
      auth,
      response: ServiceAdminList,
      handler: (ctx) => master.servicesAdmin(agencyScope(ctx.session)),
    }),
    route({
      method: 'POST',
      url: '/api/admin/services',
      summary: 'Add a service (layanan) with its prefix, quota, hours, minutes per citizen, zone and issuing window',
      tag: 'admin',
      auth,
      body: NewService,
      status: 201,
      response: Created,
      handler: (ctx) => {
        assertAgency(ctx.session, ctx.body.agencyId);
        return { id: master.addService({ ...ctx.body, hours: ctx.body.hours ?? weekdayHours('08:00', '15:00') }, actorOf(ctx)) };
      },
    }),
    route({
      method: 'PUT',
      url: '/api/admin/services/:id',
      summary: 'Change a service; a new name or prefix takes effect from the next business day once today’s tickets have used it',
      tag: 'admin',
      auth,
      params: IdParam,
      body: ServicePatch,
      response: ServiceInfo,
      handler: (ctx) => {
        const agencyId = master.serviceAgency(ctx.params.id);
        if (agencyId === null) throw new HubError('SERVICE_NOT_FOUND');
        assertAgency(ctx.session, agencyId);
        if (ctx.body.agencyId !== undefined) assertAgency(ctx.session, ctx.body.agencyId);
        return master.updateService(ctx.params.id, ctx.body, actorOf(ctx));
      },
    }),

    // ---- counters ----
    route({
      method: 'GET',
      url: '/api/admin/counters',
      summary: 'Every counter, inactive ones too, with its agency, zone and services in order (an agency supervisor: their agency’s)',
      tag: 'admin',
      auth,
      response: CounterAdminList,
      handler: (ctx) => master.counters(agencyScope(ctx.session)),
    }),
    route({
      method: 'POST',
      url: '/api/admin/counters',
      summary: 'Add a counter (gerai/loket) with its agency, zone and the services it serves, in order of preference',
      tag: 'admin',
      auth,
      body: NewCounter,
      status: 201,
      response: Created,
      handler: (ctx) => {
        assertCounterScope(ctx.session, ctx.body.agencyId, ctx.body.serviceIds);
        // A zone named but not there yet is made: that is the whole MPP's to do.
        if (ctx.body.zoneId === undefined && ctx.body.zone && !master.zones().some((z) => z.name === ctx.body.zone)) assertWholeMpp(ctx.session);
        return { id: master.addCounter(ctx.body, actorOf(ctx)) };
      },
    }),
    route({
      method: 'PUT',
      url: '/api/admin/counters/:id',
      summary: 'Change a counter’s label, agency, zone or services (the list replaced, in order); deactivation is refused while it is open or holds a ticket',
      tag: 'admin',
      auth,
      params: IdParam,
      body: CounterPatch,
      response: Ok,
      handler: (ctx) => {
        const agencyId = master.counterAgency(ctx.params.id);
        if (agencyId === undefined) throw new HubError('MASTER_REFERENCE', { id: 'no such counter' });
        assertCounterScope(ctx.session, agencyId, ctx.body.serviceIds);
        if (ctx.body.agencyId !== undefined) assertCounterScope(ctx.session, ctx.body.agencyId, undefined);
        master.updateCounter(ctx.params.id, ctx.body, actorOf(ctx));
        return { ok: true };
      },
    }),

    // ---- import and export ----
    route({
      method: 'GET',
      url: '/api/admin/master/export',
      summary: 'Today’s master data in the import’s format: the XLSX workbook, or one sheet as CSV (`;`, decimal comma, UTF-8 BOM)',
      tag: 'admin',
      auth,
      query: z.strictObject({ format: z.enum(['xlsx', 'csv']).default('xlsx'), sheet: z.enum(MASTER_SHEETS).optional() }),
      files: [MASTER_FILE_TYPES.xlsx, MASTER_FILE_TYPES.csv],
      handler: async (ctx) => {
        assertWholeMpp(ctx.session);
        if (ctx.query.format === 'csv') {
          if (!ctx.query.sheet) throw new HubError('VALIDATION_FAILED', { sheet: 'a CSV is one sheet: Instansi, Zona, Layanan, Loket or Standar pelayanan' });
          ctx.reply.header('content-type', MASTER_FILE_TYPES.csv).header('content-disposition', `attachment; filename="data-master-${ctx.query.sheet}.csv"`);
          return importer.exportCsv(ctx.query.sheet);
        }
        ctx.reply.header('content-type', MASTER_FILE_TYPES.xlsx).header('content-disposition', 'attachment; filename="data-master.xlsx"');
        return importer.exportXlsx();
      },
    }),
    route({
      method: 'POST',
      url: '/api/admin/master/import/preview',
      summary: 'What an import would do: every row (add, change, unchanged) and every error; changes nothing',
      tag: 'admin',
      auth,
      body: MasterImportRequest,
      bodyLimit: IMPORT_BODY_LIMIT,
      response: MasterImportPreview,
      handler: (ctx) => {
        assertWholeMpp(ctx.session);
        return importer.preview(ctx.body);
      },
    }),
    route({
      method: 'POST',
      url: '/api/admin/master/import',
      summary: 'Apply an import all-or-nothing in one transaction (one master.changed event of kind import); a file with errors is refused (422) and changes nothing',
      tag: 'admin',
      auth,
      body: MasterImportRequest,
      bodyLimit: IMPORT_BODY_LIMIT,
      response: MasterImportResult,
      handler: (ctx) => {
        assertWholeMpp(ctx.session);
        return importer.apply(ctx.body, actorOf(ctx));
      },
    }),
    route({
      method: 'PUT',
      url: '/api/admin/site',
      summary: 'The MPP: name, address, IANA time zone, ticket header and footer',
      tag: 'admin',
      auth,
      body: Site,
      response: Site,
      handler: (ctx) => {
        assertWholeMpp(ctx.session);
        return master.setSite(ctx.body, actorOf(ctx));
      },
    }),
    route({
      method: 'GET',
      url: '/api/admin/overview',
      summary: 'Live overview: every counter, waiting and longest wait per service (with alerts), printers, sync (an agency supervisor: their agency’s counters and services)',
      tag: 'admin',
      auth,
      response: AdminOverview,
      handler: ({ session }) => {
        const queue = queueOverview(deps);
        const scope = agencyScope(session);
        // Printers, sync and alarms concern the whole building, and every supervisor sees them.
        const shared = { printers: printers.list(), sync: deps.sync?.status() ?? { configured: false }, alarms: deps.alarms.list(), storage: { ...deps.storage.space(), backupBytes: deps.backups.totalBytes() } };
        if (scope === null) return { ...queue, ...shared };
        const theirCounters = new Set(master.counters(scope).map((c) => c.id));
        return {
          ...queue,
          counters: queue.counters.filter((c) => theirCounters.has(c.id)),
          services: queue.services.filter((s) => master.service(s.id)?.agencyId === scope),
          ...shared,
        };
      },
    }),
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}

/**
 * The queue part of the overview, or an empty one when the tickets cannot be read (a damaged
 * database): the overview is where the admin reads the alarm that says so, so the damage must not
 * take it down too.
 */
function queueOverview(deps: Pick<HubCore, 'views' | 'integrity' | 'clock' | 'engine'>): ReturnType<HubCore['views']['overview']> {
  try {
    return deps.views.overview();
  } catch (err) {
    if (!deps.integrity.requestFailed(err)) throw err;
    return { now: deps.clock.now(), day: { date: deps.engine.today(), closed: false }, waitTargetMinutes: 0, counters: [], services: [] };
  }
}
