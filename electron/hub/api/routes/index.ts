/**
 * Every REST endpoint of the hub, one module per resource. Counter actions live under
 * /api/counters/:id and need the officer session opened on that counter; the kiosk issues; the
 * display only reads.
 */
import type { HubCore } from '../../core.js';
import { DEFAULT_LIMITS, type RouteLimits, type RouteSpec } from '../route.js';
import { alarmRoutes, type AlarmRouteDeps } from './alarms.js';
import { calendarRoutes, type CalendarRouteDeps } from './calendar.js';
import { clientErrorRoutes, type ClientErrorRouteDeps } from './clientErrors.js';
import { complaintRoutes, type ComplaintRouteDeps } from './complaints.js';
import { counterRoutes, type CounterRouteDeps } from './counters.js';
import { deviceRoutes } from './devices.js';
import { displayRoutes, type DisplayRouteDeps } from './display.js';
import { masterRoutes, type MasterRouteDeps } from './master.js';
import { operationsRoutes, type OperationsRouteDeps } from './operations.js';
import { printingRoutes, type PrintingRouteDeps } from './printing.js';
import { phoneRoutes, type PhoneRouteDeps } from './phone.js';
import { publicRoutes, type PublicRouteDeps } from './public.js';
import { reportRoutes, type ReportRouteDeps } from './reports.js';
import { sessionRoutes } from './sessions.js';
import { staffRoutes, type StaffRouteDeps } from './staff.js';
import { standardRoutes, type StandardRouteDeps } from './standards.js';
import { bookingAdminRoutes, bookingKioskRoutes, type BookingAdminRouteDeps, type BookingKioskRouteDeps } from './bookings.js';
import { ticketRoutes, type TicketRouteDeps } from './tickets.js';
import { voiceRoutes, type VoiceRouteDeps } from './voice.js';

export { DEFAULT_LIMITS, type RouteLimits } from '../route.js';

/** The services the endpoints call, together: never the database itself. */
export type HubRouteDeps = PublicRouteDeps &
  PhoneRouteDeps &
  TicketRouteDeps &
  Pick<HubCore, 'access' | 'hubFingerprint'> &
  CounterRouteDeps &
  DisplayRouteDeps &
  VoiceRouteDeps &
  OperationsRouteDeps &
  PrintingRouteDeps &
  ReportRouteDeps &
  MasterRouteDeps &
  StaffRouteDeps &
  StandardRouteDeps &
  BookingAdminRouteDeps &
  BookingKioskRouteDeps &
  CalendarRouteDeps &
  AlarmRouteDeps &
  ClientErrorRouteDeps &
  ComplaintRouteDeps;

export function hubRoutes(deps: HubRouteDeps, info: { version: string }, limits: RouteLimits = DEFAULT_LIMITS): RouteSpec<unknown, unknown, unknown>[] {
  return [
    ...publicRoutes(deps, info, limits),
    ...phoneRoutes(deps),
    ...ticketRoutes(deps),
    ...sessionRoutes(deps, limits),
    ...counterRoutes(deps),
    ...displayRoutes(deps),
    ...voiceRoutes(deps),
    ...deviceRoutes(deps),
    ...operationsRoutes(deps),
    ...printingRoutes(deps),
    ...reportRoutes(deps),
    ...masterRoutes(deps),
    ...staffRoutes(deps),
    ...standardRoutes(deps),
    ...bookingAdminRoutes(deps),
    ...bookingKioskRoutes(deps),
    ...calendarRoutes(deps),
    ...alarmRoutes(deps),
    ...clientErrorRoutes(deps),
    ...complaintRoutes(deps),
  ];
}
