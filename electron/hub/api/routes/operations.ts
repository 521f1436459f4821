/** Day-to-day operation by a supervisor: closing the day (and reopening one closed by mistake), backups, settings, sync with the central server. */
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
import type { HubCore } from '../../core.js';
import { HubError } from '../../hubError.js';
import { SettingsPatch } from '../../settings.js';
import { actorOf, route, type RouteSpec } from '../route.js';

/** What the operations endpoints use. */
export type OperationsRouteDeps = Pick<HubCore, 'engine' | 'backups' | 'settings' | 'sync'>;

export function operationsRoutes(deps: OperationsRouteDeps): RouteSpec<unknown, unknown, unknown>[] {
  const { engine, backups, settings, sync } = deps;
  const specs = [
    route({
      method: 'POST',
      url: '/api/admin/day/close',
      summary: 'Close the business day now: open tickets are closed with the reason',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin', 'counter'], session: 'supervisor' },
      body: ReasonRequest,
      response: DayCloseResponse,
      handler: (ctx) =>
        engine.closeDay(engine.today(), ctx.body.reason ?? 'Ditutup oleh supervisor / closed by a supervisor', actorOf(ctx)),
    }),
    route({
      method: 'POST',
      url: '/api/admin/day/reopen',
      summary: 'Reopen today’s business day closed by mistake: the tickets that close closed are back in the queue, in their order',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin', 'counter'], session: 'supervisor' },
      body: DayReopenRequest,
      response: DayReopenResponse,
      handler: (ctx) => engine.reopenDay(ctx.body.date, ctx.body.reason, actorOf(ctx)),
    }),
    route({
      method: 'POST',
      url: '/api/admin/backups',
      summary: 'Make an online backup of the database now',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      status: 201,
      response: BackupResponse,
      handler: async () => {
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
      handler: () => {
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
      handler: (ctx) => settings.update(ctx.body, actorOf(ctx)),
    }),
    route({
      method: 'GET',
      url: '/api/admin/sync',
      summary: 'Sync with the central server: last success, backlog, last error, quarantined events, day manifests',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      response: SyncStatus,
      handler: () => sync?.status() ?? { configured: false },
    }),
    route({
      method: 'POST',
      url: '/api/admin/sync/now',
      summary: 'Try to sync now instead of waiting for the next attempt',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      response: SyncKickResponse,
      handler: () => {
        sync?.kick();
        return { ok: true, configured: sync !== null };
      },
    }),
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}
