/**
 * Every REST endpoint of the hub, one module per resource. Counter actions live under
 * /api/counters/:id and need the officer session opened on that counter; the kiosk issues; the
 * display only reads.
 */
import type { HubCore } from '../../core.js';
import { DEFAULT_LIMITS, type RouteLimits, type RouteSpec } from '../route.js';
import { counterRoutes } from './counters.js';
import { deviceRoutes } from './devices.js';
import { displayRoutes } from './display.js';
import { masterRoutes } from './master.js';
import { operationsRoutes } from './operations.js';
import { printingRoutes } from './printing.js';
import { publicRoutes } from './public.js';
import { reportRoutes } from './reports.js';
import { sessionRoutes } from './sessions.js';
import { ticketRoutes } from './tickets.js';

export { DEFAULT_LIMITS, type RouteLimits } from '../route.js';

export function hubRoutes(core: HubCore, info: { version: string }, limits: RouteLimits = DEFAULT_LIMITS): RouteSpec<unknown, unknown, unknown>[] {
  return [
    ...publicRoutes(core, info, limits),
    ...ticketRoutes(core),
    ...sessionRoutes(core, limits),
    ...counterRoutes(core),
    ...displayRoutes(core),
    ...deviceRoutes(core),
    ...operationsRoutes(core),
    ...printingRoutes(core),
    ...reportRoutes(core),
    ...masterRoutes(core),
  ];
}
