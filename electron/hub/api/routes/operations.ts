/**
 * Day-to-day operation by a supervisor: finding a ticket by its number (to call it at a counter or
 * cancel it), closing the day (and reopening one closed by mistake), backups, settings, sync with
 * the central server, the displays' media. An agency supervisor finds only their agency's tickets;
 * everything site-wide (the day, backups, settings, sync, media) needs the whole MPP.
 */
import {
  BackupList,
  BackupResponse,
  DayCloseResponse,
  DayReopenRequest,
  DayReopenResponse,
  ReasonRequest,
  RestoreRequest,
  RestoreStaged,
  SiteSettings,
  SyncKickResponse,
  SyncStatus,
} from '../../../../shared/protocol.js';
import {
  AdminCallRequest,
  AdminCancelRequest,
  AdminMediaItem,
  AdminMediaList,
  MEDIA_BODY_LIMIT,
  MediaFileParam,
  MediaOrderRequest,
  MediaUpload,
  parseTicketNumber,
  TicketDetail,
  TicketFindQuery,
} from '../../../../shared/operations.js';
import type { Ticket } from '../../../../shared/ticket.js';
import { IdParam, Ok } from '../../../../shared/protocol.js';
import type { OfficerSession } from '../../access.js';
import type { Actor } from '../../actor.js';
import type { HubCore } from '../../core.js';
import { HubError } from '../../hubError.js';
import { SettingsPatch } from '../../settings.js';
import { agencyScope, assertAgency, assertWholeMpp } from '../agencyScope.js';
import { deleteMedia, mediaFiles, orderMedia, saveMedia } from '../displayFiles.js';
import { actorOf, route, type RouteAuth, type RouteSpec } from '../route.js';

/** What the operations endpoints use. */
export type OperationsRouteDeps = Pick<HubCore, 'engine' | 'backups' | 'settings' | 'sync' | 'tickets' | 'audit' | 'events' | 'dataDir' | 'clock'>;

export function operationsRoutes(deps: OperationsRouteDeps): RouteSpec<unknown, unknown, unknown>[] {
  const { engine, backups, settings, sync, tickets, audit, events, dataDir, clock } = deps;
  const admin: RouteAuth = { kind: 'device', roles: ['admin'], session: 'supervisor' };
  const wholeMpp = <T extends { session: OfficerSession | null }>(ctx: T) => assertWholeMpp(ctx.session);

  /** A ticket this session may see: its agency, or the one it was issued for before a transfer. */
  const visible = (session: OfficerSession | null, ticket: Ticket) => {
    const scope = agencyScope(session);
    if (scope === null) return;
    const { current, origin } = tickets.agenciesOf(ticket);
    if (current !== scope && origin !== scope) throw new HubError('AGENCY_SCOPE');
  };
  /** A ticket this session may act on: its service's agency now. */
  const actionable = (session: OfficerSession | null, ticketId: number): Ticket => {
    const ticket = engine.ticket(ticketId);
    if (!ticket) throw new HubError('TICKET_NOT_FOUND');
    assertAgency(session, tickets.agenciesOf(ticket).current);
    return ticket;
  };
  const media = (): AdminMediaList => {
    const items = mediaFiles(dataDir);
    return { items, totalBytes: items.reduce((sum, m) => sum + m.bytes, 0) };
  };
  /**
   * After the files changed: the audit entry and a `master.changed` event of kind 'media', in one
   * commit, so the displays read their playlist again at once (and nothing else of theirs).
   */
  const mediaChanged = (actor: Actor, action: string, before: unknown, after: unknown) =>
    events.transaction(() => {
      audit.record(actor, action, 'media', null, before, after);
      const now = clock.now();
      events.append({
        type: 'master.changed',
        at: now,
        businessDate: engine.today(now),
        officerId: actor.officerId ?? null,
        deviceId: actor.deviceId ?? null,
        data: { kind: 'media', id: 1 },
      });
    });

  const specs = [
    route({
      method: 'GET',
      url: '/api/admin/tickets',
      summary: 'Find a ticket by its number (today, or the date given): the ticket, its history and the counters that serve it',
      tag: 'admin',
      auth: admin,
      query: TicketFindQuery,
      response: TicketDetail,
      handler: (ctx) => {
        const { prefix, number } = parseTicketNumber(ctx.query.number)!;
        const ticket = tickets.find(prefix, number, ctx.query.date ?? engine.today());
        if (!ticket) throw new HubError('TICKET_NOT_FOUND');
        visible(ctx.session, ticket);
        return tickets.detail(ticket);
      },
    }),
    route({
      method: 'POST',
      url: '/api/admin/tickets/:id/call',
      summary: 'Call a waiting (or no-show) ticket at a counter that serves it; the call is the counter officer’s, the audit log names who asked',
      tag: 'admin',
      auth: admin,
      params: IdParam,
      body: AdminCallRequest,
      response: TicketDetail,
      handler: (ctx) => {
        const before = actionable(ctx.session, ctx.params.id);
        const { counterId } = ctx.body;
        const called = events.transaction(() => {
          // Reports count the call for the officer at that counter, who serves the citizen.
          const t = engine.callTicket(counterId, before.id, { officerId: tickets.counterOfficer(counterId), deviceId: ctx.device?.id ?? null });
          audit.record(actorOf(ctx), 'ticket.call', 'ticket', t.id, before, { ...t, calledAtCounter: counterId });
          return t;
        });
        return tickets.detail(called);
      },
    }),
    route({
      method: 'POST',
      url: '/api/admin/tickets/:id/cancel',
      summary: 'Cancel an open ticket, with the reason',
      tag: 'admin',
      auth: admin,
      params: IdParam,
      body: AdminCancelRequest,
      response: TicketDetail,
      handler: (ctx) => {
        const before = actionable(ctx.session, ctx.params.id);
        const cancelled = events.transaction(() => {
          const t = engine.cancel(before.id, ctx.body.reason, actorOf(ctx));
          audit.record(actorOf(ctx), 'ticket.cancel', 'ticket', t.id, before, t);
          return t;
        });
        return tickets.detail(cancelled);
      },
    }),
    route({
      method: 'POST',
      url: '/api/admin/day/close',
      summary: 'Close the business day now: open tickets are closed with the reason',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin', 'counter'], session: 'supervisor' },
      body: ReasonRequest,
      response: DayCloseResponse,
      handler: (ctx) => {
        wholeMpp(ctx);
        return engine.closeDay(engine.today(), ctx.body.reason ?? 'Ditutup oleh supervisor / closed by a supervisor', actorOf(ctx));
      },
    }),
    route({
      method: 'POST',
      url: '/api/admin/day/reopen',
      summary: 'Reopen today’s business day closed by mistake: the tickets that close closed are back in the queue, in their order',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin', 'counter'], session: 'supervisor' },
      body: DayReopenRequest,
      response: DayReopenResponse,
      handler: (ctx) => {
        wholeMpp(ctx);
        return engine.reopenDay(ctx.body.date, ctx.body.reason, actorOf(ctx));
      },
    }),
    route({
      method: 'POST',
      url: '/api/admin/backups',
      summary: 'Make an online backup of the database now',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      status: 201,
      response: BackupResponse,
      handler: async (ctx) => {
        wholeMpp(ctx);
        const b = await backups.backupNow();
        return { file: b.file, bytes: b.bytes, kept: backups.list().length, lastSeq: b.lastSeq };
      },
    }),
    route({
      method: 'GET',
      url: '/api/admin/backups',
      summary: 'The backups kept (newest content first), their total size, and a restore waiting for the next start',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      response: BackupList,
      handler: (ctx) => {
        wholeMpp(ctx);
        const list = backups.list();
        return {
          backups: list.map(({ path: _path, ...b }) => b),
          totalBytes: list.reduce((sum, b) => sum + b.bytes, 0),
          pendingRestore: backups.pendingRestore(),
        };
      },
    }),
    route({
      method: 'POST',
      url: '/api/admin/backups/restore',
      summary: 'Restore a backup (admin): checked now, applied by the hub when it starts again; the hub stops after answering',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      body: RestoreRequest,
      status: 202,
      response: RestoreStaged,
      handler: async (ctx) => {
        // Replacing the whole database is an admin's decision, not a supervisor's.
        if (ctx.session?.role !== 'admin') throw new HubError('ADMIN_ROLE_REQUIRED');
        const b = await backups.stageRestore(ctx.body.file);
        // Stop only once the answer has left, so the screen knows the hub is restarting on purpose.
        ctx.reply.raw.once('finish', () => backups.requestRestart());
        return { file: b.file, lastSeq: b.lastSeq, businessDate: b.businessDate, restarting: true };
      },
    }),
    route({
      method: 'GET',
      url: '/api/admin/settings',
      summary: 'The site-wide settings (priority policy, session idle time, print-failure policy, …)',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      response: SiteSettings,
      handler: () => settings.all(),
    }),
    route({
      method: 'PUT',
      url: '/api/admin/settings',
      summary: 'Change some settings; each is validated, all change together or none, and the change is an event',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      body: SettingsPatch,
      response: SiteSettings,
      handler: (ctx) => {
        wholeMpp(ctx);
        return settings.update(ctx.body, actorOf(ctx));
      },
    }),
    route({
      method: 'GET',
      url: '/api/admin/sync',
      summary: 'Sync with the central server: last success, backlog, last error, quarantined events, day manifests',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      response: SyncStatus,
      handler: (ctx) => {
        wholeMpp(ctx);
        return sync?.status() ?? { configured: false };
      },
    }),
    route({
      method: 'POST',
      url: '/api/admin/sync/now',
      summary: 'Try to sync now instead of waiting for the next attempt',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      response: SyncKickResponse,
      handler: (ctx) => {
        wholeMpp(ctx);
        sync?.kick();
        return { ok: true, configured: sync !== null };
      },
    }),
    route({
      method: 'GET',
      url: '/api/admin/media',
      summary: 'The displays’ media (images and videos in <data dir>/media) in playing order, with their sizes',
      tag: 'admin',
      auth: admin,
      response: AdminMediaList,
      handler: (ctx) => {
        wholeMpp(ctx);
        return media();
      },
    }),
    route({
      method: 'POST',
      url: '/api/admin/media',
      summary: 'Add an image (JPG, PNG, WebP, up to 5 MB) or a video (MP4, WebM, up to 30 MB), in base64, at the end of the playlist',
      tag: 'admin',
      auth: admin,
      body: MediaUpload,
      bodyLimit: MEDIA_BODY_LIMIT,
      status: 201,
      response: AdminMediaItem,
      handler: (ctx) => {
        wholeMpp(ctx);
        const added = saveMedia(dataDir, ctx.body);
        mediaChanged(actorOf(ctx), 'media.add', null, added);
        return added;
      },
    }),
    route({
      method: 'PUT',
      url: '/api/admin/media/order',
      summary: 'The order the displays play the media in: every file, each once',
      tag: 'admin',
      auth: admin,
      body: MediaOrderRequest,
      response: AdminMediaList,
      handler: (ctx) => {
        wholeMpp(ctx);
        const before = mediaFiles(dataDir).map((m) => m.file);
        orderMedia(dataDir, ctx.body.files);
        mediaChanged(actorOf(ctx), 'media.order', before, ctx.body.files);
        return media();
      },
    }),
    route({
      method: 'DELETE',
      url: '/api/admin/media/:file',
      summary: 'Delete a media file (media are not history: the file goes)',
      tag: 'admin',
      auth: admin,
      params: MediaFileParam,
      response: Ok,
      handler: (ctx) => {
        wholeMpp(ctx);
        const gone = deleteMedia(dataDir, ctx.params.file);
        mediaChanged(actorOf(ctx), 'media.delete', gone, null);
        return { ok: true };
      },
    }),
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}
