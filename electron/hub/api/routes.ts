/**
 * Every REST endpoint of the hub. Counter actions live under /api/counters/:id and need the
 * officer session opened on that counter; the kiosk issues; the display only reads.
 */
import { z } from 'zod';
import {
  CallTicketRequest,
  Catalogue,
  CounterActionResponse,
  CreatePairingCodeRequest,
  CreatePairingCodeResponse,
  Event,
  IdParam,
  IssueTicketRequest,
  IssueTicketResponse,
  LoginRequest,
  LoginResponse,
  PairRequest,
  PairResponse,
  PauseRequest,
  ReasonRequest,
  Ticket,
  TransferRequest,
} from '../../../shared/protocol.js';
import type { HubCore } from '../core.js';
import { HubError } from '../hubError.js';
import type { Actor } from '../queue/engine.js';
import { SETTINGS, SettingsPatch, type SettingKey } from '../settings.js';
import { listMedia } from './displayFiles.js';
import { printingRoutes } from './printingRoutes.js';
import { reportRoutes } from './reportRoutes.js';
import { masterRoutes } from './masterRoutes.js';
import { route, type RouteContext, type RouteSpec } from './route.js';

const ANY_DEVICE = ['kiosk', 'counter', 'display', 'admin'] as const;

function actorOf(ctx: RouteContext<unknown, unknown, unknown>): Actor {
  return { officerId: ctx.session?.officerId ?? null, deviceId: ctx.device?.id ?? null };
}

export interface RouteLimits {
  /** pairing attempts per minute per client address */
  pairingPerMinute: number;
  /** login attempts per minute per client address */
  loginPerMinute: number;
}

export const DEFAULT_LIMITS: RouteLimits = { pairingPerMinute: 10, loginPerMinute: 20 };

export function hubRoutes(core: HubCore, info: { version: string }, limits: RouteLimits = DEFAULT_LIMITS): RouteSpec<unknown, unknown, unknown>[] {
  const { engine, access, views } = core;

  const counterAction = (
    path: string,
    summary: string,
    run: (counterId: number, ctx: RouteContext<never, { id: number }, unknown>) => unknown,
    body?: z.ZodType,
  ) =>
    route({
      method: 'POST',
      url: `/api/counters/:id/${path}`,
      summary,
      tag: 'counter',
      auth: { kind: 'device', roles: ['counter', 'admin'], session: 'counter' },
      params: IdParam,
      ...(body ? { body } : {}),
      response: CounterActionResponse,
      handler: (ctx) => {
        const ticket = run(ctx.params.id, ctx as RouteContext<never, { id: number }, unknown>);
        return { ticket: ticket ?? engine.heldTicket(ctx.params.id), counterState: engine.counterState(ctx.params.id) };
      },
    });

  const specs = [
    route({
      method: 'GET',
      url: '/healthz',
      summary: 'Liveness and the basics a screen shows before it is paired',
      tag: 'public',
      auth: { kind: 'none' },
      handler: () => {
        const site = core.master.hasSite() ? core.master.site() : null;
        return {
          status: 'ok',
          version: info.version,
          siteName: site?.name ?? null,
          businessDate: site ? engine.today() : null,
          lastSeq: core.events.lastSeq(),
        };
      },
    }),
    route({
      method: 'POST',
      url: '/api/pair',
      summary: 'Pair a device with a code an admin created; answers the device token once',
      tag: 'public',
      auth: { kind: 'none' },
      body: PairRequest,
      response: PairResponse,
      status: 201,
      // Six digits are guessable only by brute force: keep that slow.
      rateLimit: { max: limits.pairingPerMinute, timeWindow: '1 minute' },
      handler: ({ body }) => access.pair(body.code, body.name),
    }),
    route({
      method: 'GET',
      url: '/api/catalogue',
      summary: 'Agencies and services with open/closed, quota left, people waiting and estimated wait',
      tag: 'queue',
      auth: { kind: 'device', roles: [...ANY_DEVICE] },
      response: Catalogue,
      handler: () => views.catalogue(),
    }),
    route({
      method: 'POST',
      url: '/api/tickets',
      summary: 'Issue a ticket (retry-safe: the same requestId returns the same ticket)',
      tag: 'queue',
      auth: { kind: 'device', roles: ['kiosk'] },
      body: IssueTicketRequest,
      response: IssueTicketResponse,
      status: 201,
      handler: (ctx) => {
        const r = engine.issue(ctx.body, actorOf(ctx));
        if (r.replayed) ctx.reply.header('x-antre-replayed', '1');
        return r;
      },
    }),
    route({
      method: 'GET',
      url: '/api/tickets/:id',
      summary: 'One ticket, with the people ahead of it now',
      tag: 'queue',
      auth: { kind: 'device', roles: [...ANY_DEVICE] },
      params: IdParam,
      response: z.object({ ticket: Ticket, peopleAhead: z.number().int() }),
      handler: ({ params }) => {
        const t = engine.ticket(params.id);
        if (!t) throw new HubError('TICKET_NOT_FOUND');
        return { ticket: t, peopleAhead: engine.peopleAhead(t) };
      },
    }),
    route({
      method: 'POST',
      url: '/api/tickets/:id/cancel',
      summary: 'Cancel any open ticket (supervisor)',
      tag: 'queue',
      auth: { kind: 'device', roles: ['counter', 'admin'], session: 'supervisor' },
      params: IdParam,
      body: ReasonRequest,
      response: Ticket,
      handler: (ctx) => engine.cancel(ctx.params.id, ctx.body.reason ?? null, actorOf(ctx)),
    }),
    route({
      method: 'GET',
      url: '/api/events',
      summary: 'Events after a seq (for clients that poll instead of streaming)',
      tag: 'queue',
      auth: { kind: 'device', roles: [...ANY_DEVICE] },
      query: z.strictObject({
        since: z.coerce.number().int().min(0),
        limit: z.coerce.number().int().min(1).max(1000).default(500),
      }),
      response: z.object({ events: z.array(Event), lastSeq: z.number().int() }),
      handler: ({ query }) => ({ events: core.events.readSince(query.since, query.limit), lastSeq: core.events.lastSeq() }),
    }),

    // ---- officer sessions ------------------------------------------------------------------
    route({
      method: 'POST',
      url: '/api/sessions',
      summary: 'Officer login with username and PIN; opens the counter',
      tag: 'session',
      auth: { kind: 'device', roles: ['counter', 'admin'] },
      body: LoginRequest,
      response: LoginResponse,
      status: 201,
      rateLimit: { max: limits.loginPerMinute, timeWindow: '1 minute' },
      handler: async ({ body, device }) => {
        const { sessionToken, session } = await access.login(body, device!);
        return {
          sessionToken,
          officer: { id: session.officerId, name: session.name, username: session.username, role: session.role },
          counterId: session.counterId,
        };
      },
    }),
    route({
      method: 'GET',
      url: '/api/sessions/current',
      summary: 'Who is logged in with this session',
      tag: 'session',
      auth: { kind: 'device', roles: ['counter', 'admin'], session: 'any' },
      handler: ({ session }) => ({
        officer: { id: session!.officerId, name: session!.name, username: session!.username, role: session!.role },
        counterId: session!.counterId,
      }),
    }),
    route({
      method: 'DELETE',
      url: '/api/sessions/current',
      summary: 'Officer logout; closes the counter',
      tag: 'session',
      auth: { kind: 'device', roles: ['counter', 'admin'], session: 'any' },
      handler: ({ session }) => {
        access.logout(session!);
        return { ok: true };
      },
    }),

    // ---- counters --------------------------------------------------------------------------
    route({
      method: 'GET',
      url: '/api/counters',
      summary: 'All counters with their state (for set-up and the admin overview)',
      tag: 'counter',
      auth: { kind: 'device', roles: ['counter', 'admin', 'display'] },
      handler: () =>
        core.db
          .prepare('SELECT id, label, zone, agency_id AS agencyId, state FROM counters WHERE active = 1 ORDER BY id')
          .all(),
    }),
    route({
      method: 'GET',
      url: '/api/counters/:id/state',
      summary: "A counter's state: current ticket, waiting per service, no-shows to call back, today's figures",
      tag: 'counter',
      auth: { kind: 'device', roles: ['counter', 'admin'] },
      params: IdParam,
      handler: ({ params, device }) => {
        if (device?.role === 'counter' && device.counterId !== params.id) throw new HubError('COUNTER_MISMATCH');
        return views.counter(params.id);
      },
    }),
    counterAction('call-next', 'Call the next ticket (Panggil berikutnya)', (id, ctx) => engine.callNext(id, actorOf(ctx))),
    counterAction('recall', 'Announce the held ticket again (Panggil ulang)', (id, ctx) => engine.recall(id, actorOf(ctx))),
    counterAction(
      'call',
      'Call a particular ticket, e.g. a no-show called back',
      (id, ctx) => engine.callTicket(id, (ctx.body as z.infer<typeof CallTicketRequest>).ticketId, actorOf(ctx)),
      CallTicketRequest,
    ),
    counterAction('start', 'Start serving the held ticket (Mulai layanan)', (id, ctx) => engine.start(id, actorOf(ctx))),
    counterAction('finish', 'Finish the held ticket (Selesai)', (id, ctx) => engine.finish(id, actorOf(ctx))),
    counterAction('no-show', 'Mark the held ticket as not present (Tidak hadir)', (id, ctx) => engine.noShow(id, actorOf(ctx))),
    counterAction(
      'transfer',
      'Transfer the held ticket to another service, keeping its arrival time (Alihkan)',
      (id, ctx) => engine.transfer(id, (ctx.body as z.infer<typeof TransferRequest>).serviceId, actorOf(ctx)),
      TransferRequest,
    ),
    counterAction(
      'cancel',
      'Cancel the held ticket',
      (id, ctx) => {
        const held = engine.heldTicket(id);
        if (!held) throw new HubError('NO_CURRENT_TICKET');
        return engine.cancel(held.id, (ctx.body as z.infer<typeof ReasonRequest>).reason ?? null, { ...actorOf(ctx), counterId: id });
      },
      ReasonRequest,
    ),
    counterAction(
      'pause',
      'Pause the counter with a reason (Istirahat)',
      (id, ctx) => {
        engine.pause(id, (ctx.body as z.infer<typeof PauseRequest>).reason, actorOf(ctx));
        return null;
      },
      PauseRequest,
    ),
    counterAction('resume', 'Resume after a pause (Lanjut)', (id, ctx) => {
      engine.resume(id, actorOf(ctx));
      return null;
    }),

    // ---- display ---------------------------------------------------------------------------
    route({
      method: 'GET',
      url: '/api/display/state',
      summary: 'What the hall display shows: the latest call at each counter, waiting per agency',
      tag: 'display',
      auth: { kind: 'device', roles: ['display', 'admin'] },
      handler: () => views.display(),
    }),
    route({
      method: 'GET',
      url: '/api/display/media',
      summary: 'The media playlist of the displays: images and videos in <data dir>/media, by name',
      tag: 'display',
      auth: { kind: 'device', roles: ['display', 'admin'] },
      handler: () => listMedia(core.dataDir),
    }),

    // ---- administration --------------------------------------------------------------------
    route({
      method: 'POST',
      url: '/api/admin/pairing-codes',
      summary: 'Create a short-lived pairing code for a new device',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      body: CreatePairingCodeRequest,
      response: CreatePairingCodeResponse,
      status: 201,
      handler: ({ body }) => access.createPairingCode(body),
    }),
    route({
      method: 'GET',
      url: '/api/admin/devices',
      summary: 'Paired devices with their last-seen time',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      handler: () => access.listDevices(),
    }),
    route({
      method: 'POST',
      url: '/api/admin/devices/:id/revoke',
      summary: 'Revoke a device: its token stops working at once',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      params: IdParam,
      handler: (ctx) => {
        access.revokeDevice(ctx.params.id, { officerId: ctx.session!.officerId, deviceId: ctx.device?.id ?? null });
        return { ok: true };
      },
    }),
    route({
      method: 'POST',
      url: '/api/admin/day/close',
      summary: 'Close the business day now: open tickets are closed with the reason',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin', 'counter'], session: 'supervisor' },
      body: ReasonRequest,
      handler: (ctx) =>
        engine.closeDay(engine.today(), ctx.body.reason ?? 'Ditutup oleh supervisor / closed by a supervisor', actorOf(ctx)),
    }),
    route({
      method: 'POST',
      url: '/api/admin/backups',
      summary: 'Make an online backup of the database now',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      status: 201,
      handler: async () => {
        const b = await core.backups.backupNow();
        return { file: b.file.split(/[\\/]/).pop(), bytes: b.bytes, kept: core.backups.list().length };
      },
    }),
    route({
      method: 'GET',
      url: '/api/admin/settings',
      summary: 'The site-wide settings (priority policy, session idle time, print-failure policy, …)',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      handler: () => Object.fromEntries((Object.keys(SETTINGS) as SettingKey[]).map((k) => [k, core.settings.get(k)])),
    }),
    route({
      method: 'PUT',
      url: '/api/admin/settings',
      summary: 'Change some settings; each is validated, all change together or none, and the change is an event',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      body: SettingsPatch,
      handler: (ctx) => {
        const patch = Object.entries(ctx.body).filter(([, v]) => v !== undefined) as [SettingKey, never][];
        try {
          core.events.transaction(() => {
            for (const [k, v] of patch) core.settings.set(k, v);
            const now = core.clock.now();
            core.events.append({ type: 'settings.changed', at: now, businessDate: engine.today(now), officerId: ctx.session!.officerId, deviceId: ctx.device?.id ?? null, data: Object.fromEntries(patch) });
          });
        } catch (err) {
          core.settings.forget();
          throw err;
        }
        return Object.fromEntries((Object.keys(SETTINGS) as SettingKey[]).map((k) => [k, core.settings.get(k)]));
      },
    }),
    route({
      method: 'GET',
      url: '/api/admin/sync',
      summary: 'Sync with the central server: last success, backlog, last error, quarantined events, day manifests',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      handler: () => core.sync?.status() ?? { configured: false },
    }),
    route({
      method: 'POST',
      url: '/api/admin/sync/now',
      summary: 'Try to sync now instead of waiting for the next attempt',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      handler: () => {
        core.sync?.kick();
        return { ok: true, configured: core.sync !== null };
      },
    }),
    ...printingRoutes(core),
    ...reportRoutes(core),
    ...masterRoutes(core),
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}
