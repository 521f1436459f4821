/**
 * The admin acknowledges an alarm: the IT person has read it and acted. Some alarms clear by
 * themselves when their cause is gone (the clock, the disk); a data loss cannot be undone, so
 * `data_loss` stays raised, across restarts, until an admin acknowledges it here. A service that
 * still detects its fault raises its alarm again at its next check.
 */
import { z } from 'zod';
import { ALARM_KINDS } from '../../../../shared/health.js';
import { Ok } from '../../../../shared/protocol.js';
import type { HubCore } from '../../core.js';
import { HubError } from '../../hubError.js';
import { route, type RouteSpec } from '../route.js';

export type AlarmRouteDeps = Pick<HubCore, 'alarms'>;

const KindParam = z.strictObject({ kind: z.enum(ALARM_KINDS) });

export function alarmRoutes(deps: AlarmRouteDeps): RouteSpec<unknown, unknown, unknown>[] {
  const specs = [
    route({
      method: 'POST',
      url: '/api/admin/alarms/:kind/acknowledge',
      summary: 'Acknowledge (clear) an alarm; answers ok also when it was not raised, so a second click is harmless',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      params: KindParam,
      response: Ok,
      handler: (ctx) => {
        // An alarm says what the IT person must do; only an admin may say it is done.
        if (ctx.session?.role !== 'admin') throw new HubError('ADMIN_ROLE_REQUIRED');
        deps.alarms.clear(ctx.params.kind, `acknowledged by ${ctx.session.username}`);
        return { ok: true as const };
      },
    }),
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}
