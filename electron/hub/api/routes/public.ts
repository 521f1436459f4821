/** Unauthenticated endpoints: liveness (what a screen shows before pairing) and pairing. */
import {
  HealthResponse,
  PairRequest,
  PairResponse,
} from '../../../../shared/protocol.js';
import type { HubCore } from '../../core.js';
import { route, type RouteLimits, type RouteSpec } from '../route.js';

/** What the unauthenticated endpoints use. */
export type PublicRouteDeps = Pick<HubCore, 'master' | 'engine' | 'events' | 'access' | 'alarms'>;

export function publicRoutes(deps: PublicRouteDeps, info: { version: string }, limits: RouteLimits): RouteSpec<unknown, unknown, unknown>[] {
  const { master, engine, events, access, alarms } = deps;
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
      handler: ({ body }) => access.pair(body.code, body.name),
    }),
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}
