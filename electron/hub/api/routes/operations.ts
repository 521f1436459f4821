/** Day-to-day operation by a supervisor: closing the day, backups, settings, sync with the central server. */
import {
  ReasonRequest,
} from '../../../../shared/protocol.js';
import type { HubCore } from '../../core.js';
import { SETTINGS, SettingsPatch, type SettingKey } from '../../settings.js';
import { actorOf, route, type RouteSpec } from '../route.js';

export function operationsRoutes(core: HubCore): RouteSpec<unknown, unknown, unknown>[] {
  const { engine } = core;
  const specs = [
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
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}
