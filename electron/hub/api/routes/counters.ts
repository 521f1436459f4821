/** Counters: the list, one counter's state, and the officer's actions at /api/counters/:id/… . */
import { z } from 'zod';
import {
  CallTicketRequest,
  CounterActionResponse,
  CounterList,
  CounterView,
  IdParam,
  PauseRequest,
  ReasonRequest,
  TransferRequest,
} from '../../../../shared/protocol.js';
import type { HubCore } from '../../core.js';
import { HubError } from '../../hubError.js';
import { actorOf, route, type RouteContext, type RouteSpec } from '../route.js';

/** What the counter endpoints use. */
export type CounterRouteDeps = Pick<HubCore, 'engine' | 'views' | 'access'>;

export function counterRoutes(deps: CounterRouteDeps): RouteSpec<unknown, unknown, unknown>[] {
  const { engine, views, access } = deps;

  const counterAction = (
    path: string,
    summary: string,
    run: (counterId: number, ctx: RouteContext<never, { id: number }, unknown>) => unknown,
    body?: z.ZodType,
  ) =>
    route({
      method: 'POST',
      url: `/api/counters/:id/${path}`,
      summary,
      tag: 'counter',
      auth: { kind: 'device', roles: ['counter', 'admin'], session: 'counter' },
      params: IdParam,
      ...(body ? { body } : {}),
      response: CounterActionResponse,
      handler: (ctx) => {
        // The login checked the officer may work here; the officer's agency may have changed since.
        access.assertSessionAt(ctx.session!, ctx.params.id);
        const ticket = run(ctx.params.id, ctx as RouteContext<never, { id: number }, unknown>);
        return { ticket: ticket ?? engine.heldTicket(ctx.params.id), counterState: engine.counterState(ctx.params.id) };
      },
    });

  const specs = [
    route({
      method: 'GET',
      url: '/api/counters',
      summary: 'All counters with their state (for set-up and the admin overview)',
      tag: 'counter',
      auth: { kind: 'device', roles: ['counter', 'admin', 'display'] },
      response: CounterList,
      handler: () => views.counters(),
    }),
    route({
      method: 'GET',
      url: '/api/counters/:id/state',
      summary: "A counter's state: current ticket, waiting per service, no-shows to call back, today's figures",
      tag: 'counter',
      auth: { kind: 'device', roles: ['counter', 'admin'] },
      params: IdParam,
      response: CounterView,
      handler: ({ params, device }) => {
        if (device?.role === 'counter' && device.counterId !== params.id) throw new HubError('COUNTER_MISMATCH');
        return views.counter(params.id);
      },
    }),
    counterAction('call-next', 'Call the next ticket (Panggil berikutnya)', (id, ctx) => engine.callNext(id, actorOf(ctx))),
    counterAction('recall', 'Announce the held ticket again (Panggil ulang)', (id, ctx) => engine.recall(id, actorOf(ctx))),
    counterAction(
      'call',
      'Call a particular ticket, e.g. a no-show called back',
      (id, ctx) => engine.callTicket(id, (ctx.body as z.infer<typeof CallTicketRequest>).ticketId, actorOf(ctx)),
      CallTicketRequest,
    ),
    counterAction('start', 'Start serving the held ticket (Mulai layanan)', (id, ctx) => engine.start(id, actorOf(ctx))),
    counterAction('finish', 'Finish the held ticket (Selesai)', (id, ctx) => engine.finish(id, actorOf(ctx))),
    counterAction('no-show', 'Mark the held ticket as not present (Tidak hadir)', (id, ctx) => engine.noShow(id, actorOf(ctx))),
    counterAction(
      'transfer',
      'Transfer the held ticket to another service, keeping its arrival time (Alihkan)',
      (id, ctx) => engine.transfer(id, (ctx.body as z.infer<typeof TransferRequest>).serviceId, actorOf(ctx)),
      TransferRequest,
    ),
    counterAction(
      'cancel',
      'Cancel the held ticket',
      (id, ctx) => {
        const held = engine.heldTicket(id);
        if (!held) throw new HubError('NO_CURRENT_TICKET');
        return engine.cancel(held.id, (ctx.body as z.infer<typeof ReasonRequest>).reason ?? null, { ...actorOf(ctx), counterId: id });
      },
      ReasonRequest,
    ),
    counterAction(
      'pause',
      'Pause the counter with a reason (Istirahat)',
      (id, ctx) => {
        engine.pause(id, (ctx.body as z.infer<typeof PauseRequest>).reason, actorOf(ctx));
        return null;
      },
      PauseRequest,
    ),
    counterAction('resume', 'Resume after a pause (Lanjut)', (id, ctx) => {
      engine.resume(id, actorOf(ctx));
      return null;
    }),
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}
