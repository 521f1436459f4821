/**
 * The standar pelayanan: the admin reads and writes a service's (a supervisor of its agency, or an
 * MPP-wide supervisor or admin, as for every other service edit); the public reads the published
 * ones, as JSON and as the page /standar. The public endpoints need no token: UU 25/2009 requires
 * the standard to be published, so it is nobody's secret. They are rate-limited per address, as a
 * visitor's phone on the hall's Wi-Fi may reach them.
 */
import { z } from 'zod';
import { IdParam } from '../../../../shared/protocol.js';
import { PublishedStandard, ServiceStandard } from '../../../../shared/serviceStandard.js';
import { STANDARDS_PAGE_CSP, renderStandardsPage } from '../../../../shared/standardsPage.js';
import type { HubCore } from '../../core.js';
import { assertServiceScope } from '../agencyScope.js';
import { actorOf, route, type RouteSpec } from '../route.js';

export type StandardRouteDeps = Pick<HubCore, 'master' | 'standards'>;

/** Requests a minute per address to each public endpoint: a reader pages through it, a scraper waits. */
const PUBLIC_PER_MINUTE = 60;

export function standardRoutes(deps: StandardRouteDeps): RouteSpec<unknown, unknown, unknown>[] {
  const { master, standards } = deps;
  const auth = { kind: 'device' as const, roles: ['admin' as const], session: 'supervisor' as const };

  /** The service's agency, refused outside the session's scope. */
  const scoped = (session: Parameters<typeof assertServiceScope>[0], serviceId: number) => assertServiceScope(session, master.serviceAgency(serviceId));

  const specs = [
    route({
      method: 'GET',
      url: '/api/admin/services/:id/standard',
      summary: 'A service’s standar pelayanan (empty fields when none was written)',
      tag: 'admin',
      auth,
      params: IdParam,
      response: ServiceStandard,
      handler: (ctx) => {
        scoped(ctx.session, ctx.params.id);
        return standards.get(ctx.params.id);
      },
    }),
    route({
      method: 'PUT',
      url: '/api/admin/services/:id/standard',
      summary: 'Replace a service’s standar pelayanan; published at once (hub page, kiosk, central server)',
      tag: 'admin',
      auth,
      params: IdParam,
      body: ServiceStandard,
      response: ServiceStandard,
      handler: (ctx) => {
        scoped(ctx.session, ctx.params.id);
        return standards.set(ctx.params.id, ctx.body, actorOf(ctx));
      },
    }),
    route({
      method: 'GET',
      url: '/api/standards',
      summary: 'Every published standar pelayanan (active services), in kiosk order; public, no token',
      tag: 'public',
      auth: { kind: 'none' },
      rateLimit: { max: PUBLIC_PER_MINUTE, timeWindow: '1 minute' },
      response: z.array(PublishedStandard),
      handler: () => standards.published(),
    }),
    route({
      method: 'GET',
      url: '/standar',
      summary: 'The public page of the standar pelayanan: HTML without script, for phones; public, no token',
      tag: 'public',
      auth: { kind: 'none' },
      rateLimit: { max: PUBLIC_PER_MINUTE, timeWindow: '1 minute' },
      response: z.string(),
      files: ['text/html; charset=utf-8'],
      handler: ({ reply }) => {
        const siteName = master.hasSite() ? master.site().name : 'Mal Pelayanan Publik';
        reply.type('text/html; charset=utf-8').header('content-security-policy', STANDARDS_PAGE_CSP).header('cache-control', 'no-cache');
        return renderStandardsPage({ siteName, standards: standards.published() });
      },
    }),
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}
