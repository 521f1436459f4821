/** Officer sessions: login (opens the counter), who is logged in, logout (closes it). */
import {
  CurrentSessionResponse,
  LoginRequest,
  LoginResponse,
  Ok,
} from '../../../../shared/protocol.js';
import type { HubCore } from '../../core.js';
import { HubError } from '../../hubError.js';
import { route, type RouteLimits, type RouteSpec } from '../route.js';

export function sessionRoutes(deps: Pick<HubCore, 'access'>, limits: RouteLimits): RouteSpec<unknown, unknown, unknown>[] {
  const { access } = deps;
  const specs = [
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
      handler: async ({ body, device, req, reply }) => {
        const { sessionToken, session } = await access.login(body, device!, req.socket.remoteAddress).catch((err: unknown) => {
          const wait = err instanceof HubError && err.code === 'LOGIN_LOCKED' ? (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds : undefined;
          if (wait !== undefined) reply.header('retry-after', String(wait));
          throw err;
        });
        return {
          sessionToken,
          officer: { id: session.officerId, name: session.name, username: session.username, role: session.role, agencyId: session.agencyId },
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
      response: CurrentSessionResponse,
      handler: ({ session }) => ({
        officer: { id: session!.officerId, name: session!.name, username: session!.username, role: session!.role, agencyId: session!.agencyId },
        counterId: session!.counterId,
      }),
    }),
    route({
      method: 'DELETE',
      url: '/api/sessions/current',
      summary: 'Officer logout; closes the counter',
      tag: 'session',
      auth: { kind: 'device', roles: ['counter', 'admin'], session: 'any' },
      response: Ok,
      handler: ({ session }) => {
        access.logout(session!);
        return { ok: true };
      },
    }),
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}
