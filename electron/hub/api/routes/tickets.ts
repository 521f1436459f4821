/** The queue as kiosks and screens see it: the catalogue, issuing, one ticket, cancelling, events by seq. */
import { z } from 'zod';
import {
  Catalogue,
  EventsResponse,
  IdParam,
  IssueTicketRequest,
  IssueTicketResponse,
  ReasonRequest,
  Ticket,
  TicketResponse,
} from '../../../../shared/protocol.js';
import type { HubCore } from '../../core.js';
import { HubError } from '../../hubError.js';
import { forScreens } from '../../screenEvents.js';
import { assertAgency } from '../agencyScope.js';
import { actorOf, ANY_DEVICE, route, type RouteSpec } from '../route.js';

/** What the queue endpoints use. */
export type TicketRouteDeps = Pick<HubCore, 'engine' | 'views' | 'events' | 'tickets'>;

export function ticketRoutes(deps: TicketRouteDeps): RouteSpec<unknown, unknown, unknown>[] {
  const { engine, views, events, tickets } = deps;
  const specs = [
    route({
      method: 'GET',
      url: '/api/catalogue',
      summary: 'Agencies and services with open/closed, quota left, people waiting and estimated wait',
      tag: 'queue',
      auth: { kind: 'device', roles: [...ANY_DEVICE] },
      response: Catalogue,
      handler: () => views.catalogue(),
    }),
    route({
      method: 'POST',
      url: '/api/tickets',
      summary: 'Issue a ticket (retry-safe: the same requestId returns the same ticket)',
      tag: 'queue',
      auth: { kind: 'device', roles: ['kiosk'] },
      body: IssueTicketRequest,
      response: IssueTicketResponse,
      status: 201,
      handler: (ctx) => {
        const r = engine.issue(ctx.body, actorOf(ctx));
        if (r.replayed) ctx.reply.header('x-antre-replayed', '1');
        return r;
      },
    }),
    route({
      method: 'GET',
      url: '/api/tickets/:id',
      summary: 'One ticket, with the people ahead of it now',
      tag: 'queue',
      auth: { kind: 'device', roles: [...ANY_DEVICE] },
      params: IdParam,
      response: TicketResponse,
      handler: ({ params }) => {
        const t = engine.ticket(params.id);
        if (!t) throw new HubError('TICKET_NOT_FOUND');
        return { ticket: t, peopleAhead: engine.peopleAhead(t) };
      },
    }),
    route({
      method: 'POST',
      url: '/api/tickets/:id/cancel',
      summary: 'Cancel any open ticket (supervisor)',
      tag: 'queue',
      auth: { kind: 'device', roles: ['counter', 'admin'], session: 'supervisor' },
      params: IdParam,
      body: ReasonRequest,
      response: Ticket,
      handler: (ctx) => {
        // An agency supervisor cancels only their agency's tickets.
        const t = engine.ticket(ctx.params.id);
        if (!t) throw new HubError('TICKET_NOT_FOUND');
        assertAgency(ctx.session, tickets.agenciesOf(t).current);
        return engine.cancel(ctx.params.id, ctx.body.reason ?? null, actorOf(ctx));
      },
    }),
    route({
      method: 'GET',
      url: '/api/events',
      summary: 'Events after a seq (for clients that poll instead of streaming)',
      tag: 'queue',
      auth: { kind: 'device', roles: [...ANY_DEVICE] },
      query: z.strictObject({
        since: z.coerce.number().int().min(0),
        limit: z.coerce.number().int().min(1).max(1000).default(500),
      }),
      response: EventsResponse,
      handler: ({ query }) => ({ events: events.readSince(query.since, query.limit).map(forScreens), lastSeq: events.lastSeq() }),
    }),
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}
