/**
 * Master data for the admin: agencies, services and counters. Validated before anything is
 * written; nothing is deleted (a service or counter is deactivated, so history keeps its names);
 * every change is a `master.changed` event, so kiosks and displays refresh at once.
 */
import { z } from 'zod';
import { isValidTimeZone } from '../../../../shared/businessDate.js';
import { IdParam, Site, WeeklyHours } from '../../../../shared/protocol.js';
import { PREFIX_PATTERN } from '../../../../shared/ticketNumber.js';
import type { HubCore } from '../../core.js';
import { HubError } from '../../hubError.js';
import { weekdayHours } from '../../../../shared/openingHours.js';
import { hashPin } from '../../secrets.js';
import { route, type RouteContext, type RouteSpec } from '../route.js';

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
  pin: z.string().regex(/^\d{4,12}$/),
  role: z.enum(['officer', 'supervisor', 'admin']),
  agencyId: z.number().int().positive().nullable().default(null),
});
const NewCounter = z.strictObject({
  label: text(40),
  agencyId: z.number().int().positive().nullable().default(null),
  zone: z.string().trim().max(40).default(''),
  serviceIds: z.array(z.number().int().positive()).min(1).max(40),
});

export function masterRoutes(core: HubCore): RouteSpec<unknown, unknown, unknown>[] {
  const { db, master, events } = core;
  const changed = (ctx: RouteContext<unknown, unknown, unknown>, kind: string, id: number) => {
    const now = core.clock.now();
    events.append({ type: 'master.changed', at: now, businessDate: core.engine.today(now), officerId: ctx.session?.officerId ?? null, deviceId: ctx.device?.id ?? null, data: { kind, id } });
  };
  const exists = (sql: string, ...args: unknown[]) => db.prepare(sql).get(...args) !== undefined;
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
      handler: (ctx) =>
        events.transaction(() => {
          if (exists('SELECT 1 FROM agencies WHERE code = ?', ctx.body.code)) throw new HubError('MASTER_DUPLICATE');
          const order = (db.prepare('SELECT COALESCE(MAX(sort_order), 0) + 1 FROM agencies').pluck().get() as number) ?? 0;
          const id = master.addAgency({ ...ctx.body, sortOrder: order });
          changed(ctx as never, 'agency', id);
          return { id };
        }),
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
      handler: (ctx) =>
        events.transaction(() => {
          const cur = db.prepare('SELECT name, short_name, sort_order FROM agencies WHERE id = ?').get(ctx.params.id) as { name: string; short_name: string; sort_order: number } | undefined;
          if (!cur) throw new HubError('MASTER_REFERENCE');
          const b = ctx.body;
          db.prepare('UPDATE agencies SET name = ?, short_name = ?, sort_order = ? WHERE id = ?').run(b.name ?? cur.name, b.shortName ?? cur.short_name, b.sortOrder ?? cur.sort_order, ctx.params.id);
          if (b.logo !== undefined) {
            const m = b.logo ? /^data:(image\/[a-z]+);base64,(.+)$/.exec(b.logo) : null;
            db.prepare('UPDATE agencies SET logo = ?, logo_type = ? WHERE id = ?').run(m ? Buffer.from(m[2]!, 'base64') : null, m ? m[1] : null, ctx.params.id);
          }
          changed(ctx as never, 'agency', ctx.params.id);
          return { ok: true };
        }),
    }),
    route({
      method: 'PUT',
      url: '/api/admin/devices/:id',
      summary: 'Rename a device',
      tag: 'admin',
      auth,
      params: IdParam,
      body: z.strictObject({ name: text(60) }),
      handler: (ctx) =>
        events.transaction(() => {
          if (!exists('SELECT 1 FROM devices WHERE id = ?', ctx.params.id)) throw new HubError('DEVICE_NOT_FOUND');
          db.prepare('UPDATE devices SET name = ? WHERE id = ?').run(ctx.body.name, ctx.params.id);
          changed(ctx as never, 'device', ctx.params.id);
          return { ok: true };
        }),
    }),
    route({
      method: 'POST',
      url: '/api/admin/services',
      summary: 'Add a service (layanan) with its prefix, quota, hours and minutes per citizen',
      tag: 'admin',
      auth,
      body: NewService,
      status: 201,
      handler: (ctx) =>
        events.transaction(() => {
          const b = ctx.body;
          if (!exists('SELECT 1 FROM agencies WHERE id = ? AND active = 1', b.agencyId)) throw new HubError('MASTER_REFERENCE');
          if (exists('SELECT 1 FROM services WHERE code = ? OR prefix = ?', b.code, b.prefix)) throw new HubError('MASTER_DUPLICATE');
          const { waitTargetMinutes, ...service } = b;
          const id = master.addService({ ...service, hours: b.hours ?? weekdayHours('08:00', '15:00') });
          db.prepare('UPDATE services SET wait_target_minutes = ? WHERE id = ?').run(waitTargetMinutes, id);
          changed(ctx as never, 'service', id);
          return { id };
        }),
    }),
    route({
      method: 'PUT',
      url: '/api/admin/services/:id',
      summary: 'Change a service’s quota, hours, minutes per citizen, or (de)activate it',
      tag: 'admin',
      auth,
      params: IdParam,
      body: ServicePatch,
      handler: (ctx) =>
        events.transaction(() => {
          if (!master.service(ctx.params.id)) throw new HubError('SERVICE_NOT_FOUND');
          const { waitTargetMinutes, ...patch } = ctx.body;
          master.updateService(ctx.params.id, patch);
          if (waitTargetMinutes !== undefined) db.prepare('UPDATE services SET wait_target_minutes = ? WHERE id = ?').run(waitTargetMinutes, ctx.params.id);
          changed(ctx as never, 'service', ctx.params.id);
          return master.service(ctx.params.id);
        }),
    }),
    route({
      method: 'POST',
      url: '/api/admin/counters',
      summary: 'Add a counter (gerai/loket) with the services it serves, in order of preference',
      tag: 'admin',
      auth,
      body: NewCounter,
      status: 201,
      handler: (ctx) =>
        events.transaction(() => {
          const b = ctx.body;
          if (new Set(b.serviceIds).size !== b.serviceIds.length || b.serviceIds.some((id) => !master.service(id))) throw new HubError('MASTER_REFERENCE');
          if (b.agencyId !== null && !exists('SELECT 1 FROM agencies WHERE id = ?', b.agencyId)) throw new HubError('MASTER_REFERENCE');
          if (exists('SELECT 1 FROM counters WHERE label = ? AND active = 1', b.label)) throw new HubError('MASTER_DUPLICATE');
          const id = master.addCounter(b);
          changed(ctx as never, 'counter', id);
          return { id };
        }),
    }),
    route({
      method: 'PUT',
      url: '/api/admin/site',
      summary: 'The MPP: name, address, IANA time zone, ticket header and footer',
      tag: 'admin',
      auth,
      body: Site,
      handler: (ctx) =>
        events.transaction(() => {
          if (!isValidTimeZone(ctx.body.timeZone)) throw new HubError('VALIDATION_FAILED', { timeZone: 'unknown time zone' });
          master.setSite(ctx.body);
          changed(ctx as never, 'site', 1);
          return master.site();
        }),
    }),
    route({
      method: 'GET',
      url: '/api/admin/officers',
      summary: 'Officers, supervisors and admins',
      tag: 'admin',
      auth,
      handler: () => db.prepare('SELECT id, name, username, role, agency_id AS agencyId, active FROM officers ORDER BY id').all(),
    }),
    route({
      method: 'POST',
      url: '/api/admin/officers',
      summary: 'Add an officer with a PIN',
      tag: 'admin',
      auth,
      body: NewOfficer,
      status: 201,
      handler: async (ctx) => {
        if (exists('SELECT 1 FROM officers WHERE username = ?', ctx.body.username)) throw new HubError('MASTER_DUPLICATE');
        const id = await master.addOfficer(ctx.body);
        events.transaction(() => changed(ctx as never, 'officer', id));
        return { id };
      },
    }),
    route({
      method: 'POST',
      url: '/api/admin/officers/:id/pin',
      summary: 'Reset an officer’s PIN (the officer’s sessions end)',
      tag: 'admin',
      auth,
      params: IdParam,
      body: z.strictObject({ pin: z.string().regex(/^\d{4,12}$/) }),
      handler: async (ctx) => {
        if (!exists('SELECT 1 FROM officers WHERE id = ?', ctx.params.id)) throw new HubError('MASTER_REFERENCE');
        const hash = await hashPin(ctx.body.pin);
        events.transaction(() => {
          db.prepare('UPDATE officers SET pin_hash = ? WHERE id = ?').run(hash, ctx.params.id);
          db.prepare('UPDATE officer_sessions SET ended_at = ? WHERE officer_id = ? AND ended_at IS NULL').run(core.clock.now(), ctx.params.id);
          changed(ctx as never, 'officer', ctx.params.id);
        });
        return { ok: true };
      },
    }),
    route({
      method: 'POST',
      url: '/api/admin/officers/:id/deactivate',
      summary: 'Deactivate an officer: no more logins, sessions end at once',
      tag: 'admin',
      auth,
      params: IdParam,
      handler: (ctx) =>
        events.transaction(() => {
          if (ctx.session?.officerId === ctx.params.id) throw new HubError('VALIDATION_FAILED', { id: 'not yourself' });
          if (!exists('SELECT 1 FROM officers WHERE id = ?', ctx.params.id)) throw new HubError('MASTER_REFERENCE');
          db.prepare('UPDATE officers SET active = 0 WHERE id = ?').run(ctx.params.id);
          db.prepare('UPDATE officer_sessions SET ended_at = ? WHERE officer_id = ? AND ended_at IS NULL').run(core.clock.now(), ctx.params.id);
          changed(ctx as never, 'officer', ctx.params.id);
          return { ok: true };
        }),
    }),
    route({
      method: 'GET',
      url: '/api/admin/closures',
      summary: 'Holidays and closures from today on',
      tag: 'admin',
      auth,
      handler: () => db.prepare('SELECT id, date, service_id AS serviceId, reason FROM closures WHERE date >= ? ORDER BY date').all(core.engine.today()),
    }),
    route({
      method: 'POST',
      url: '/api/admin/closures',
      summary: 'Close the MPP (serviceId null) or one service on a date: a holiday, a system outage',
      tag: 'admin',
      auth,
      body: z.strictObject({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), serviceId: z.number().int().positive().nullable(), reason: text(120) }),
      status: 201,
      handler: (ctx) =>
        events.transaction(() => {
          if (ctx.body.serviceId !== null && !master.service(ctx.body.serviceId)) throw new HubError('MASTER_REFERENCE');
          const id = Number(db.prepare('INSERT INTO closures (date, service_id, reason) VALUES (?, ?, ?)').run(ctx.body.date, ctx.body.serviceId, ctx.body.reason).lastInsertRowid);
          changed(ctx as never, 'closure', id);
          return { id };
        }),
    }),
    route({
      method: 'GET',
      url: '/api/admin/overview',
      summary: 'Live overview: every counter, waiting and longest wait per service (with alerts), printers, sync',
      tag: 'admin',
      auth,
      handler: () => {
        const now = core.clock.now();
        const date = core.engine.today(now);
        const target = core.settings.get('waitTargetMinutes');
        const counters = db
          .prepare(
            `SELECT c.id, c.label, c.zone, c.state, c.pause_reason AS pauseReason, o.name AS officer,
               (SELECT prefix || '-' || printf('%03d', number) FROM tickets t WHERE t.counter_id = c.id AND t.status IN ('called','serving')) AS current
             FROM counters c LEFT JOIN officers o ON o.id = c.officer_id WHERE c.active = 1 ORDER BY c.id`,
          )
          .all();
        const waiting = db
          .prepare(
            `SELECT service_id AS id, COUNT(*) AS waiting, MIN(arrived_at) AS oldest FROM tickets INDEXED BY tickets_waiting
             WHERE status = 'waiting' AND business_date = ? GROUP BY service_id`,
          )
          .all(date) as { id: number; waiting: number; oldest: number }[];
        const targets = new Map((db.prepare('SELECT id, wait_target_minutes AS t FROM services WHERE wait_target_minutes IS NOT NULL').all() as { id: number; t: number }[]).map((r) => [r.id, r.t]));
        const services = waiting.map((w) => {
          const longest = Math.floor((now - w.oldest) / 60_000);
          // A service's own target when it has one, else the site's.
          const own = targets.get(w.id) ?? target;
          return { id: w.id, name: master.service(w.id)?.name ?? '', prefix: master.service(w.id)?.prefix ?? '', waiting: w.waiting, longestWaitMinutes: longest, targetMinutes: own, overTarget: longest > own };
        });
        return { now, waitTargetMinutes: target, counters, services, printers: core.printers.list(), sync: core.sync?.status() ?? { configured: false } };
      },
    }),
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}
