/** Unauthenticated endpoints: liveness (what a screen shows before pairing) and pairing. */
import {
  PairRequest,
  PairResponse,
} from '../../../../shared/protocol.js';
import type { HubCore } from '../../core.js';
import { route, type RouteLimits, type RouteSpec } from '../route.js';

export function publicRoutes(core: HubCore, info: { version: string }, limits: RouteLimits): RouteSpec<unknown, unknown, unknown>[] {
  const { engine, access } = core;
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
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}
