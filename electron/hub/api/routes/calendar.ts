/**
 * The calendar for the admin and the supervisors: hours and issuing windows for many services in
 * one call, site-wide breaks, holidays and closures (undoable, "open anyway" for one service),
 * timed pauses. The rules and writes are Calendar's (../../calendar.ts). An agency supervisor
 * manages only their agency's services; site breaks and MPP-wide closures need the whole MPP.
 */
import {
  CalendarView,
  ClosureInfo,
  ClosureInfoList,
  ClosureInput,
  ClosurePatch,
  ClosureQuery,
  PauseInfo,
  PauseInput,
  PauseList,
  ServicesHoursInput,
  ServicesHoursResult,
  SiteBreakInput,
  SiteBreakList,
} from '../../../../shared/calendar.js';
import { Created, IdParam, Ok } from '../../../../shared/protocol.js';
import type { HubCore } from '../../core.js';
import { HubError } from '../../hubError.js';
import { agencyScope, assertAgency, assertWholeMpp } from '../agencyScope.js';
import { actorOf, route, type RouteSpec } from '../route.js';
import type { OfficerSession } from '../../access.js';

export type CalendarRouteDeps = Pick<HubCore, 'calendar' | 'master' | 'engine' | 'clock' | 'bookings'>;

export function calendarRoutes(deps: CalendarRouteDeps): RouteSpec<unknown, unknown, unknown>[] {
  const { calendar, master, engine, bookings } = deps;
  const auth = { kind: 'device' as const, roles: ['admin' as const], session: 'supervisor' as const };

  /** The service, within the session's agency (AGENCY_SCOPE otherwise). */
  const ownService = (session: OfficerSession | null, serviceId: number) => {
    const s = master.service(serviceId);
    if (!s) throw new HubError('SERVICE_NOT_FOUND');
    assertAgency(session, s.agencyId);
    return s;
  };
  /** A closure (or opening) of one service needs that service's agency; the whole MPP's needs the whole MPP. */
  const assertClosureScope = (session: OfficerSession | null, serviceId: number | null) => {
    if (serviceId === null) assertWholeMpp(session);
    else {
      const s = master.service(serviceId);
      if (!s) throw new HubError('MASTER_REFERENCE');
      assertAgency(session, s.agencyId);
    }
  };
  const ownClosure = (session: OfficerSession | null, id: number) => {
    const c = calendar.closure(id);
    if (!c || c.removedAt !== null) throw new HubError('CLOSURE_NOT_FOUND');
    assertClosureScope(session, c.serviceId);
    return c;
  };

  const specs = [
    route({
      method: 'GET',
      url: '/api/admin/calendar',
      summary: 'The calendar tab: site breaks, every service’s hours, issuing window, status now and next opening, pauses running',
      tag: 'admin',
      auth,
      response: CalendarView,
      handler: (ctx) => calendar.view(agencyScope(ctx.session)),
    }),
    route({
      method: 'PUT',
      url: '/api/admin/services/hours',
      summary: 'The same hours and/or issuing window (minutes before opening, last ticket before closing, follows site breaks) for many services, or every service of an agency, in one commit',
      tag: 'admin',
      auth,
      body: ServicesHoursInput,
      response: ServicesHoursResult,
      handler: (ctx) => {
        if (ctx.body.agencyId !== undefined) assertAgency(ctx.session, ctx.body.agencyId);
        for (const s of calendar.servicesOf(ctx.body)) assertAgency(ctx.session, s.agencyId);
        return { updated: calendar.setServicesHours(ctx.body, actorOf(ctx)) };
      },
    }),
    route({
      method: 'GET',
      url: '/api/admin/site-breaks',
      summary: 'Site-wide breaks per weekday (e.g. Jumat 11:30–13:00, Salat Jumat)',
      tag: 'admin',
      auth,
      response: SiteBreakList,
      handler: () => calendar.breaks(),
    }),
    route({
      method: 'POST',
      url: '/api/admin/site-breaks',
      summary: 'Add a site-wide break on a weekday: every service that follows site breaks gives no ticket then (whole MPP only)',
      tag: 'admin',
      auth,
      body: SiteBreakInput,
      status: 201,
      response: Created,
      handler: (ctx) => {
        assertWholeMpp(ctx.session);
        return { id: calendar.addBreak(ctx.body, actorOf(ctx)) };
      },
    }),
    route({
      method: 'PUT',
      url: '/api/admin/site-breaks/:id',
      summary: 'Change a site-wide break (whole MPP only)',
      tag: 'admin',
      auth,
      params: IdParam,
      body: SiteBreakInput,
      response: Ok,
      handler: (ctx) => {
        assertWholeMpp(ctx.session);
        calendar.updateBreak(ctx.params.id, ctx.body, actorOf(ctx));
        return { ok: true as const };
      },
    }),
    route({
      method: 'DELETE',
      url: '/api/admin/site-breaks/:id',
      summary: 'Remove a site-wide break (whole MPP only; the audit log keeps what it was)',
      tag: 'admin',
      auth,
      params: IdParam,
      response: Ok,
      handler: (ctx) => {
        assertWholeMpp(ctx.session);
        calendar.removeBreak(ctx.params.id, actorOf(ctx));
        return { ok: true as const };
      },
    }),
    route({
      method: 'GET',
      url: '/api/admin/closures',
      summary: 'Holidays and closures from today on; ?past=1: every one, those undone included',
      tag: 'admin',
      auth,
      query: ClosureQuery,
      response: ClosureInfoList,
      handler: (ctx) => {
        const scope = agencyScope(ctx.session);
        return calendar.closures(ctx.query.past === '1' ? null : engine.today(), scope).map((c) => ({ ...c, bookings: bookings.standingOn(c, scope) }));
      },
    }),
    route({
      method: 'POST',
      url: '/api/admin/closures',
      summary: 'Close the MPP (serviceId null) or one service on a date with a reason the kiosk shows; openAnyway: open one service on an MPP-wide holiday',
      tag: 'admin',
      auth,
      body: ClosureInput,
      status: 201,
      response: Created,
      handler: (ctx) => {
        assertClosureScope(ctx.session, ctx.body.serviceId);
        return { id: calendar.addClosure(ctx.body, actorOf(ctx)) };
      },
    }),
    route({
      method: 'PUT',
      url: '/api/admin/closures/:id',
      summary: 'Change the date or reason of a holiday or closure still to come',
      tag: 'admin',
      auth,
      params: IdParam,
      body: ClosurePatch,
      response: ClosureInfo,
      handler: (ctx) => {
        ownClosure(ctx.session, ctx.params.id);
        return calendar.updateClosure(ctx.params.id, ctx.body, actorOf(ctx));
      },
    }),
    route({
      method: 'DELETE',
      url: '/api/admin/closures/:id',
      summary: 'Undo a holiday, closure or "open anyway" (its row stays, marked removed)',
      tag: 'admin',
      auth,
      params: IdParam,
      response: Ok,
      handler: (ctx) => {
        ownClosure(ctx.session, ctx.params.id);
        calendar.removeClosure(ctx.params.id, actorOf(ctx));
        return { ok: true as const };
      },
    }),
    route({
      method: 'GET',
      url: '/api/admin/pauses',
      summary: 'Pauses of services still running',
      tag: 'admin',
      auth,
      response: PauseList,
      handler: (ctx) => {
        const scope = agencyScope(ctx.session);
        return calendar.pauses().filter((p) => scope === null || master.service(p.serviceId)?.agencyId === scope);
      },
    }),
    route({
      method: 'POST',
      url: '/api/admin/services/:id/pause',
      summary: 'Pause a service until a time ("10:30" today, or epoch ms) with a reason the kiosk shows; it ends by itself',
      tag: 'admin',
      auth,
      params: IdParam,
      body: PauseInput,
      status: 201,
      response: PauseInfo,
      handler: (ctx) => {
        ownService(ctx.session, ctx.params.id);
        return calendar.pauseService(ctx.params.id, ctx.body, actorOf(ctx));
      },
    }),
    route({
      method: 'POST',
      url: '/api/admin/pauses/:id/end',
      summary: 'End a pause early: tickets again at once, within the service’s window',
      tag: 'admin',
      auth,
      params: IdParam,
      response: PauseInfo,
      handler: (ctx) => {
        const p = calendar.pause(ctx.params.id);
        if (!p) throw new HubError('PAUSE_NOT_FOUND');
        ownService(ctx.session, p.serviceId);
        return calendar.endPause(ctx.params.id, actorOf(ctx));
      },
    }),
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}
