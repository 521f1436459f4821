/** Day-to-day operation by a supervisor: closing the day, backups, settings, sync with the central server. */
import {
  BackupResponse,
  DayCloseResponse,
  ReasonRequest,
  SiteSettings,
  SyncKickResponse,
  SyncStatus,
} from '../../../../shared/protocol.js';
import type { HubCore } from '../../core.js';
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
      url: '/api/admin/backups',
      summary: 'Make an online backup of the database now',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      status: 201,
      response: BackupResponse,
      handler: async () => {
        const b = await backups.backupNow();
        return { file: b.file.split(/[\\/]/).pop(), bytes: b.bytes, kept: backups.list().length };
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
