/**
 * Online booking (issue 23). The admin part (bookingAdminRoutes): each service's booking
 * settings, read and written like any other service edit (the admin, or a supervisor of the
 * service's agency), the bookings of a date and the feed's state. The kiosk's check-in
 * (bookingKioskRoutes) goes at the bottom of this file.
 */
import { z } from 'zod';
import { BookingFeedStatus, BookingReportRow, CheckInRequest, HubBooking, ServiceBookingSettings } from '../../../../shared/booking.js';
import { CheckInResponse, IdParam } from '../../../../shared/protocol.js';
import type { HubCore } from '../../core.js';
import { bookingReport } from '../../reports.js';
import { agencyScope, assertServiceScope, assertWholeMpp } from '../agencyScope.js';
import { actorOf, route, type RouteSpec } from '../route.js';

export type BookingAdminRouteDeps = Pick<HubCore, 'master' | 'bookings' | 'bookingFeed' | 'engine'>;


export function bookingAdminRoutes(deps: BookingAdminRouteDeps): RouteSpec<unknown, unknown, unknown>[] {
  const { master, bookings, bookingFeed, engine } = deps;
  const auth = { kind: 'device' as const, roles: ['admin' as const], session: 'supervisor' as const };

  const scoped = (session: Parameters<typeof assertServiceScope>[0], serviceId: number) => assertServiceScope(session, master.serviceAgency(serviceId));

  const specs = [
    route({
      method: 'GET',
      url: '/api/admin/services/:id/booking',
      summary: 'A service’s online booking settings (bookings off until set)',
      tag: 'admin',
      auth,
      params: IdParam,
      response: ServiceBookingSettings,
      handler: (ctx) => {
        scoped(ctx.session, ctx.params.id);
        return bookings.settings(ctx.params.id);
      },
    }),
    route({
      method: 'PUT',
      url: '/api/admin/services/:id/booking',
      summary: 'Replace a service’s online booking settings; published to the central server with the next push',
      tag: 'admin',
      auth,
      params: IdParam,
      body: ServiceBookingSettings,
      response: ServiceBookingSettings,
      handler: (ctx) => {
        scoped(ctx.session, ctx.params.id);
        return bookings.setSettings(ctx.params.id, ctx.body, actorOf(ctx));
      },
    }),
    route({
      method: 'GET',
      url: '/api/admin/bookings',
      summary: 'The bookings of a date (today when not given), by slot; a supervisor sees their agency’s',
      tag: 'admin',
      auth,
      query: z.strictObject({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }),
      response: z.array(HubBooking),
      handler: (ctx) => {
        const scope = agencyScope(ctx.session);
        const all = bookings.list(ctx.query.date ?? engine.today());
        return scope === null ? all : all.filter((b) => master.serviceAgency(b.serviceId) === scope);
      },
    }),
    route({
      method: 'GET',
      url: '/api/admin/bookings/feed',
      summary: 'The booking feed from the central server: the last entry applied, last pull, last error',
      tag: 'admin',
      auth,
      response: BookingFeedStatus,
      handler: (ctx) => {
        assertWholeMpp(ctx.session);
        return bookingFeed ? { configured: true as const, ...bookingFeed.status() } : { configured: false as const, cursor: bookings.feedCursor().cursor };
      },
    }),
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}

// ---- the kiosk's check-in (helper I) below -------------------------------------------------

// ---- the kiosk's check-in (helper I) -------------------------------------------------------

export type BookingKioskRouteDeps = Pick<HubCore, 'checkIn' | 'db' | 'master'>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export function bookingKioskRoutes(deps: BookingKioskRouteDeps): RouteSpec<unknown, unknown, unknown>[] {
  const { checkIn, db, master } = deps;
  return [
    route({
      method: 'GET',
      url: '/api/admin/bookings/report',
      summary: 'Bookings made, checked in (on time), no-shows, and the average wait booked vs walk-in, per service, for a date range',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      query: z.strictObject({ from: isoDate, to: isoDate }).refine((q) => q.from <= q.to, { message: 'from after to' }),
      response: z.object({ rows: z.array(BookingReportRow) }),
      handler: (ctx) => {
        assertWholeMpp(ctx.session);
        return { rows: bookingReport(db, master, ctx.query.from, ctx.query.to) };
      },
    }),
    route({
      method: 'POST',
      url: '/api/bookings/check-in',
      summary: 'A booked citizen checks in: the code as typed or scanned becomes a ticket placed by docs/BOOKING.md (retry-safe by requestId)',
      tag: 'queue',
      auth: { kind: 'device', roles: ['kiosk'] },
      body: CheckInRequest,
      response: CheckInResponse,
      status: 201,
      // A kiosk checks in a few citizens a minute; a paired device guessing codes is slowed down.
      rateLimit: { max: 60, timeWindow: '1 minute' },
      handler: (ctx) => {
        const r = checkIn.checkIn(ctx.body, actorOf(ctx));
        if (r.replayed) ctx.reply.header('x-antre-replayed', '1');
        return r;
      },
    }),
  ] as RouteSpec<unknown, unknown, unknown>[];
}
