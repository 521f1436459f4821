/** Unauthenticated endpoints: liveness (what a screen shows before pairing) and pairing. */
import {
  HealthResponse,
  PairRequest,
  PairResponse,
} from '../../../../shared/protocol.js';
import { PAIRING_WRONG_GUESSES_TO_BURN } from '../../access.js';
import type { HubCore } from '../../core.js';
import { HubError } from '../../hubError.js';
import { route, type RouteLimits, type RouteSpec } from '../route.js';

/** What the unauthenticated endpoints use. */
export type PublicRouteDeps = Pick<HubCore, 'master' | 'engine' | 'events' | 'access' | 'alarms' | 'clock'>;

export function publicRoutes(deps: PublicRouteDeps, info: { version: string }, limits: RouteLimits): RouteSpec<unknown, unknown, unknown>[] {
  const { master, engine, events, access, alarms, clock } = deps;
  // The per-address limit does not stop a /24 of addresses (50 made 500 guesses in 0.6 s): every
  // address together gets this many attempts a minute. Pairing is rare (an admin at a new device),
  // so a guessing attack may delay it by a minute; it cannot make a code guessable.
  const globalMax = limits.pairingGlobalPerMinute ?? 3 * limits.pairingPerMinute;
  const window = { start: -Infinity, count: 0 };
  const specs = [
    route({
      method: 'GET',
      url: '/healthz',
      summary: 'Liveness and the basics a screen shows before it is paired',
      tag: 'public',
      auth: { kind: 'none' },
      response: HealthResponse,
      handler: () => {
        const site = master.hasSite() ? master.site() : null;
        const raised = alarms.list();
        return {
          status: raised.length > 0 ? 'degraded' : 'ok',
          version: info.version,
          siteName: site?.name ?? null,
          businessDate: site ? engine.today() : null,
          lastSeq: events.lastSeq(),
          alarms: raised,
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
      handler: ({ body, reply }) => {
        // A fixed minute on the trusted clock: a PC clock set back cannot stretch or reopen it.
        const now = clock.now();
        if (now >= window.start + 60_000 || now < window.start) Object.assign(window, { start: now, count: 0 });
        if (++window.count > globalMax) {
          const retryAfterSeconds = Math.max(1, Math.ceil((window.start + 60_000 - now) / 1000));
          reply.header('retry-after', String(retryAfterSeconds));
          throw new HubError('PAIRING_BUSY', { retryAfterSeconds });
        }
        return access.pair(body.code, body.name, (burned) =>
          alarms.raise('pairing_codes_burned', {
            id: `${burned} kode pemasangan dibatalkan setelah ${PAIRING_WRONG_GUESSES_TO_BURN} tebakan salah: ada yang menebak kode di jaringan. Buat kode baru saat perangkat siap dipasangkan, lalu konfirmasi alarm ini.`,
            en: `${burned} pairing code(s) burned after ${PAIRING_WRONG_GUESSES_TO_BURN} wrong guesses: someone on the network is guessing codes. Make a new code when the device is ready to pair, then acknowledge this alarm.`,
            detail: { burned, wrongGuesses: PAIRING_WRONG_GUESSES_TO_BURN },
          }),
        );
      },
    }),
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}
