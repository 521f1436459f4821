/**
 * Master data for the admin: the site, agencies, services, counters, officers, closures, device
 * names, and the live overview. Bodies are validated here; the checks against what exists, the
 * writes and the `master.changed` event are MasterData's (one transaction each). Nothing is
 * deleted (a service or counter is deactivated, so history keeps its names).
 */
import { z } from 'zod';
import { AdminOverview, ClosureList, Created, IdParam, OfficerList, Ok, Pin, ServiceInfo, Site, UnlockOfficerResponse, WeeklyHours } from '../../../../shared/protocol.js';
import { CalendarDate } from '../../../../shared/calendarDate.js';
import { PREFIX_PATTERN } from '../../../../shared/ticketNumber.js';
import { weekdayHours } from '../../../../shared/openingHours.js';
import type { HubCore } from '../../core.js';
import { HubError } from '../../hubError.js';
import type { AgencyLogo } from '../../masterData.js';
import { actorOf, route, type RouteSpec } from '../route.js';

const code = z.string().trim().regex(/^[A-Z0-9-]{2,20}$/);
const text = (max: number) => z.string().trim().min(1).max(max);

const NewAgency = z.strictObject({ code, name: text(120), shortName: text(30) });
const AgencyPatch = z.strictObject({
  name: text(120).optional(),
  shortName: text(30).optional(),
  sortOrder: z.number().int().min(0).max(10_000).optional(),
  /** a PNG, JPEG or WebP as a data URL, at most ~200 KB; null removes it */
  logo: z
    .string()
    .max(280_000)
    .regex(/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/=]+$/)
    .nullable()
    .optional(),
});
const NewService = z.strictObject({
  agencyId: z.number().int().positive(),
  code,
  name: text(120),
  prefix: z.string().regex(PREFIX_PATTERN),
  dailyQuota: z.number().int().min(1).max(10_000).nullable().default(null),
  estimatedMinutes: z.number().int().min(1).max(240).default(10),
  hours: WeeklyHours.optional(),
  waitTargetMinutes: z.number().int().min(5).max(480).nullable().default(null),
});
const ServicePatch = z.strictObject({
  waitTargetMinutes: z.number().int().min(5).max(480).nullable().optional(),
  dailyQuota: z.number().int().min(1).max(10_000).nullable().optional(),
  estimatedMinutes: z.number().int().min(1).max(240).optional(),
  hours: WeeklyHours.optional(),
  active: z.boolean().optional(),
});
const NewOfficer = z.strictObject({
  name: text(80),
  username: z.string().trim().regex(/^[a-z0-9._-]{3,30}$/),
  pin: Pin,
  role: z.enum(['officer', 'supervisor', 'admin']),
  agencyId: z.number().int().positive().nullable().default(null),
});
const NewCounter = z.strictObject({
  label: text(40),
  agencyId: z.number().int().positive().nullable().default(null),
  zone: z.string().trim().max(40).default(''),
  serviceIds: z.array(z.number().int().positive()).min(1).max(40),
});

/** What the master-data endpoints use. */
export type MasterRouteDeps = Pick<HubCore, 'master' | 'access' | 'engine' | 'views' | 'printers' | 'sync' | 'alarms' | 'storage' | 'backups' | 'integrity' | 'clock'>;

/** A logo as the admin's form sends it (a data URL, checked by AgencyPatch) to bytes and type. */
function decodeLogo(dataUrl: string | null): AgencyLogo | null {
  const m = dataUrl ? /^data:(image\/[a-z]+);base64,(.+)$/.exec(dataUrl) : null;
  return m ? { data: Buffer.from(m[2]!, 'base64'), type: m[1]! } : null;
}

export function masterRoutes(deps: MasterRouteDeps): RouteSpec<unknown, unknown, unknown>[] {
  const { master, access, engine, printers } = deps;
  const auth = { kind: 'device' as const, roles: ['admin' as const], session: 'supervisor' as const };

  const specs = [
    route({
      method: 'POST',
      url: '/api/admin/agencies',
      summary: 'Add an agency (instansi)',
      tag: 'admin',
      auth,
      body: NewAgency,
      status: 201,
      response: Created,
      handler: (ctx) => ({ id: master.addAgency(ctx.body, actorOf(ctx)) }),
    }),
    route({
      method: 'PUT',
      url: '/api/admin/agencies/:id',
      summary: 'Rename an agency, change its place on the kiosk, set or remove its logo',
      tag: 'admin',
      auth,
      params: IdParam,
      body: AgencyPatch,
      bodyLimit: 300_000,
      response: Ok,
      handler: (ctx) => {
        const { logo, ...patch } = ctx.body;
        master.updateAgency(ctx.params.id, { ...patch, ...(logo !== undefined ? { logo: decodeLogo(logo) } : {}) }, actorOf(ctx));
        return { ok: true };
      },
    }),
    route({
      method: 'PUT',
      url: '/api/admin/devices/:id',
      summary: 'Rename a device',
      tag: 'admin',
      auth,
      params: IdParam,
      body: z.strictObject({ name: text(60) }),
      response: Ok,
      handler: (ctx) => {
        access.renameDevice(ctx.params.id, ctx.body.name, actorOf(ctx));
        return { ok: true };
      },
    }),
    route({
      method: 'POST',
      url: '/api/admin/services',
      summary: 'Add a service (layanan) with its prefix, quota, hours and minutes per citizen',
      tag: 'admin',
      auth,
      body: NewService,
      status: 201,
      response: Created,
      handler: (ctx) => ({ id: master.addService({ ...ctx.body, hours: ctx.body.hours ?? weekdayHours('08:00', '15:00') }, actorOf(ctx)) }),
    }),
    route({
      method: 'PUT',
      url: '/api/admin/services/:id',
      summary: 'Change a service’s quota, hours, minutes per citizen, or (de)activate it',
      tag: 'admin',
      auth,
      params: IdParam,
      body: ServicePatch,
      response: ServiceInfo,
      handler: (ctx) => master.updateService(ctx.params.id, ctx.body, actorOf(ctx)),
    }),
    route({
      method: 'POST',
      url: '/api/admin/counters',
      summary: 'Add a counter (gerai/loket) with the services it serves, in order of preference',
      tag: 'admin',
      auth,
      body: NewCounter,
      status: 201,
      response: Created,
      handler: (ctx) => ({ id: master.addCounter(ctx.body, actorOf(ctx)) }),
    }),
    route({
      method: 'PUT',
      url: '/api/admin/site',
      summary: 'The MPP: name, address, IANA time zone, ticket header and footer',
      tag: 'admin',
      auth,
      body: Site,
      response: Site,
      handler: (ctx) => master.setSite(ctx.body, actorOf(ctx)),
    }),
    route({
      method: 'GET',
      url: '/api/admin/officers',
      summary: 'Officers, supervisors and admins',
      tag: 'admin',
      auth,
      response: OfficerList,
      handler: () => master.officers(),
    }),
    route({
      method: 'POST',
      url: '/api/admin/officers',
      summary: 'Add an officer with a PIN',
      tag: 'admin',
      auth,
      body: NewOfficer,
      status: 201,
      response: Created,
      handler: async (ctx) => ({ id: await master.addOfficer(ctx.body, actorOf(ctx)) }),
    }),
    route({
      method: 'POST',
      url: '/api/admin/officers/:id/pin',
      summary: 'Reset an officer’s PIN (the officer’s sessions end)',
      tag: 'admin',
      auth,
      params: IdParam,
      body: z.strictObject({ pin: Pin }),
      response: Ok,
      handler: async (ctx) => {
        await master.resetPin(ctx.params.id, ctx.body.pin, actorOf(ctx));
        return { ok: true };
      },
    }),
    route({
      method: 'POST',
      url: '/api/admin/officers/:id/unlock',
      summary: 'Lift an officer’s PIN lockout on every device (admin only); answers how many devices were locked',
      tag: 'admin',
      auth,
      params: IdParam,
      response: UnlockOfficerResponse,
      handler: (ctx) => {
        // A lockout guards a PIN: lifting it is an admin's call, as is every other credential.
        if (ctx.session?.role !== 'admin') throw new HubError('ADMIN_ROLE_REQUIRED');
        return access.unlockOfficer(ctx.params.id);
      },
    }),
    route({
      method: 'POST',
      url: '/api/admin/officers/:id/deactivate',
      summary: 'Deactivate an officer: no more logins, sessions end at once',
      tag: 'admin',
      auth,
      params: IdParam,
      response: Ok,
      handler: (ctx) => {
        master.deactivateOfficer(ctx.params.id, actorOf(ctx));
        return { ok: true };
      },
    }),
    route({
      method: 'GET',
      url: '/api/admin/closures',
      summary: 'Holidays and closures from today on',
      tag: 'admin',
      auth,
      response: ClosureList,
      handler: () => master.closures(engine.today()),
    }),
    route({
      method: 'POST',
      url: '/api/admin/closures',
      summary: 'Close the MPP (serviceId null) or one service on a date: a holiday, a system outage',
      tag: 'admin',
      auth,
      body: z.strictObject({ date: CalendarDate, serviceId: z.number().int().positive().nullable(), reason: text(120) }),
      status: 201,
      response: Created,
      handler: (ctx) => ({ id: master.addClosure(ctx.body, actorOf(ctx)) }),
    }),
    route({
      method: 'GET',
      url: '/api/admin/overview',
      summary: 'Live overview: every counter, waiting and longest wait per service (with alerts), printers, sync',
      tag: 'admin',
      auth,
      response: AdminOverview,
      handler: () => ({ ...queueOverview(deps), printers: printers.list(), sync: deps.sync?.status() ?? { configured: false }, alarms: deps.alarms.list(), storage: { ...deps.storage.space(), backupBytes: deps.backups.totalBytes() } }),
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
