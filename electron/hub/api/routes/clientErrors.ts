/**
 * A screen's report of an error it recovered from (the kiosk's error boundary sends it home and
 * says so here): written to the hub's log with everything the screen sent (its stack, its step),
 * and raised as the `screen_error` alarm, which the admin sees on the overview (and /healthz says
 * `degraded`) until they acknowledge it. The alarm counts the reports since it was raised and
 * names the last device and message, so a kiosk failing again and again is one alarm, not a flood.
 */
import { ClientErrorReport } from '../../../../shared/health.js';
import { Ok } from '../../../../shared/protocol.js';
import type { HubCore } from '../../core.js';
import { ANY_DEVICE, route, type RouteSpec } from '../route.js';

export type ClientErrorRouteDeps = Pick<HubCore, 'alarms' | 'log'>;

const SCREEN_ID: Record<ClientErrorReport['screen'], string> = { kiosk: 'Kios', counter: 'Layar loket', display: 'Layar aula', admin: 'Layar admin', survey: 'Layar survei' };
const SCREEN_EN: Record<ClientErrorReport['screen'], string> = { kiosk: 'Kiosk', counter: 'Counter screen', display: 'Hall display', admin: 'Admin screen', survey: 'Survey screen' };

export function clientErrorRoutes(deps: ClientErrorRouteDeps): RouteSpec<unknown, unknown, unknown>[] {
  /** reports since the alarm was last raised (an acknowledged alarm starts again from zero) */
  let count = 0;
  const specs = [
    route({
      method: 'POST',
      url: '/api/client-errors',
      summary: 'A screen reports an error it recovered from: logged, and raised as the screen_error alarm on the admin overview',
      tag: 'queue',
      auth: { kind: 'device', roles: [...ANY_DEVICE] },
      body: ClientErrorReport,
      response: Ok,
      // A screen failing on every render must not flood the log: the screens send at most a few a minute.
      rateLimit: { max: 30, timeWindow: '1 minute' },
      handler: ({ body, device }) => {
        const who = device?.name ?? '?';
        deps.log.error(
          { deviceId: device?.id ?? null, device: who, screen: body.screen, where: body.where ?? null, url: body.url ?? null, stack: body.stack ?? null },
          `screen error on ${body.screen} "${who}": ${body.message}`,
        );
        count = deps.alarms.has('screen_error') ? count + 1 : 1;
        const message = body.message.length > 160 ? `${body.message.slice(0, 159)}…` : body.message;
        deps.alarms.raise('screen_error', {
          id:
            `${SCREEN_ID[body.screen]} "${who}" mengalami galat dan kembali ke layar awal dengan sendirinya (${count} kali sejak alarm ini muncul; terakhir: ${message}). ` +
            'Bila berulang: pastikan aplikasi di perangkat itu sama versinya dengan hub, lalu kirim log hub ke pengembang. Konfirmasi alarm ini setelah ditangani.',
          en:
            `${SCREEN_EN[body.screen]} "${who}" hit an error and went back to its start screen by itself (${count} time(s) since this alarm was raised; last: ${message}). ` +
            "If it recurs: check that the device's app is the hub's version, then send the hub's log to the developers. Acknowledge this alarm once handled.",
          detail: { device: who, deviceId: device?.id ?? null, screen: body.screen, where: body.where ?? null, count, message },
        });
        return { ok: true as const };
      },
    }),
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}
