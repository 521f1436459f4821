/**
 * Online booking (issue 23): a citizen books a time slot for a service on the central server's
 * public page; every hub pulls the bookings meant for it (a feed per site, the mirror of its own
 * push) and holds today's and the coming days', so a day with no internet honours every booking
 * made before the line went down; the kiosk checks the citizen in and gives a ticket placed by the
 * site's rule (docs/BOOKING.md).
 *
 * Times: a slot is a local time range on a business date in the site's zone ("2026-12-03",
 * "09:00"–"09:30"); instants on the wire are ms since the epoch.
 */
import { z } from 'zod';
import { WeeklyHours } from './site.js';

const id = z.number().int().positive();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

/** Six characters with nothing to misread (no 0/O, 1/I/L): said over the phone, typed at a kiosk. */
export const BOOKING_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const BOOKING_CODE_PATTERN = /^[2-9A-HJKMNP-Z]{6}$/;
/** What the booking's QR code holds: `ANTRE-BOOKING:<site code>:<code>` (a scanner types it at the kiosk). */
export const BOOKING_QR_PREFIX = 'ANTRE-BOOKING:';

/** A code as typed or scanned: spaces, dashes and case forgiven; the QR's text read too. */
export function readBookingCode(raw: string): string | null {
  const text = raw.trim().toUpperCase();
  const fromQr = text.startsWith(BOOKING_QR_PREFIX) ? text.slice(text.lastIndexOf(':') + 1) : text;
  const code = fromQr.replace(/[\s-]/g, '');
  return BOOKING_CODE_PATTERN.test(code) ? code : null;
}

/** Which services take bookings, and how (set at the hub, Data master → Layanan; published to the central). */
export const ServiceBookingSettings = z.strictObject({
  enabled: z.boolean(),
  /** one slot's length */
  slotMinutes: z.union([z.literal(15), z.literal(20), z.literal(30), z.literal(60)]),
  /** bookings one slot takes */
  capacityPerSlot: z.number().int().min(1).max(100),
  /** how many days ahead a citizen may book (today not included: a booking is for a later day) */
  daysAhead: z.number().int().min(1).max(60),
});
export type ServiceBookingSettings = z.infer<typeof ServiceBookingSettings>;

/**
 * What the central server needs to offer a site's slots, published by the hub (event
 * `booking.catalogue`) whenever services, their booking settings, hours or the calendar change.
 */
export const BookingCatalogue = z.object({
  siteName: z.string(),
  timeZone: z.string(),
  services: z.array(
    z.object({
      serviceId: id,
      code: z.string(),
      name: z.string(),
      agencyId: id,
      agencyName: z.string(),
      settings: ServiceBookingSettings,
      hours: WeeklyHours,
    }),
  ),
  /** dates the whole MPP (serviceId null) or one service is closed, from today on */
  closures: z.array(z.object({ date, serviceId: id.nullable() })),
});
export type BookingCatalogue = z.infer<typeof BookingCatalogue>;

/** A booking as the hub receives it. `phone`: only when the citizen consented, for a reminder. */
export const FeedBooking = z.object({
  code: z.string().regex(BOOKING_CODE_PATTERN),
  serviceId: id,
  date,
  slotStart: hhmm,
  slotEnd: hhmm,
  madeAt: z.number(),
  phone: z.string().nullable(),
});
export type FeedBooking = z.infer<typeof FeedBooking>;

/** One change the central server holds for a hub, in the order it happened (`seq` per site, gapless). */
export const FeedEntry = z.discriminatedUnion('kind', [
  z.object({ seq: id, kind: z.literal('booking.made'), booking: FeedBooking }),
  z.object({ seq: id, kind: z.literal('booking.cancelled'), code: z.string().regex(BOOKING_CODE_PATTERN), cancelledAt: z.number() }),
]);
export type FeedEntry = z.infer<typeof FeedEntry>;

/** GET /api/sync/feed?site=&after=&limit=: the entries after a seq; `last` is the newest the server has. */
export const FeedPage = z.object({ entries: z.array(FeedEntry), last: z.number().int().min(0) });
export type FeedPage = z.infer<typeof FeedPage>;

export const BOOKING_STATUSES = ['booked', 'cancelled', 'checked_in', 'no_show'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/**
 * A booking the hub could not apply as sent, kept for the admin: a cancellation that came after the
 * citizen checked in (not applied: they hold a ticket), a booking for a service the hub has closed
 * or removed since (kept; the kiosk honours it as a walk-in), a cancellation of a code never received.
 */
export const BOOKING_CONFLICTS = ['cancelled_after_check_in', 'service_unavailable', 'unknown_code'] as const;
export type BookingConflict = (typeof BOOKING_CONFLICTS)[number];

/** What the kiosk sends: the code as scanned or typed. */
export const CheckInRequest = z.strictObject({
  code: z.string().trim().min(1).max(120),
  /** the same check-in sent twice (a lost answer) gives the same ticket */
  requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  /**
   * The service the citizen chose at the kiosk after the hub answered BOOKING_NOT_RECEIVED or
   * BOOKING_SERVICE_UNAVAILABLE: the walk-in ticket is issued there (issue 23, helper I).
   */
  serviceId: id.optional(),
});
export type CheckInRequest = z.infer<typeof CheckInRequest>;

/**
 * How the ticket was placed:
 * - `on_time`: within the slot's check-in window: called at the slot time (docs/BOOKING.md);
 * - `late`: past the window: a walk-in from now;
 * - `not_yet_received`: a well-formed code the hub has not pulled yet (made after its last pull,
 *   or the internet is down): a walk-in, said so, never refused;
 * - `other_day`: a booking for another date: a walk-in today, said so.
 * - `service_unavailable`: the booked service is closed or removed at this hub: a walk-in in the
 *   service the citizen chose, said so.
 */
export const CHECK_IN_PLACEMENTS = ['on_time', 'late', 'not_yet_received', 'other_day', 'service_unavailable'] as const;
export type CheckInPlacement = (typeof CHECK_IN_PLACEMENTS)[number];

/** The booking a check-in found (none for `not_yet_received`). */
export const CheckedInBooking = z.object({ code: z.string(), serviceId: id, date, slotStart: hhmm, slotEnd: hhmm });

/** A booking as the hub's admin and reports see it. */
export const HubBooking = z.object({
  id,
  code: z.string(),
  serviceId: id,
  serviceName: z.string(),
  date,
  slotStart: hhmm,
  slotEnd: hhmm,
  status: z.enum(BOOKING_STATUSES),
  /** the ticket it became at check-in */
  ticketDisplay: z.string().nullable(),
  checkedInAt: z.number().nullable(),
  conflict: z.enum(BOOKING_CONFLICTS).nullable(),
  /** the citizen's phone, kept only with their consent (for a reminder; and to be told the day closed) */
  phone: z.string().nullable(),
  /**
   * The MPP or the service is closed on its date (a holiday or closure added after it was booked):
   * somebody should tell the citizen. At the day's settling it becomes cancelled, not a no-show.
   */
  dayClosed: z.boolean(),
});
export type HubBooking = z.infer<typeof HubBooking>;

/** GET /api/admin/bookings/feed: where the hub's pull of the central server's feed stands. */
export const BookingFeedStatus = z.discriminatedUnion('configured', [
  z.object({ configured: z.literal(false), cursor: z.number().int() }),
  z.object({
    configured: z.literal(true),
    /** the last feed entry applied */
    cursor: z.number().int(),
    lastPullAt: z.number().nullable(),
    lastAttemptAt: z.number().nullable(),
    lastError: z.string().nullable(),
    failures: z.number().int(),
    nextAttemptAt: z.number().nullable(),
  }),
]);
export type BookingFeedStatus = z.infer<typeof BookingFeedStatus>;

/** One service's line of GET /api/admin/bookings/report. */
export const BookingReportRow = z.object({
  serviceId: z.number().int(),
  serviceName: z.string(),
  made: z.number().int(),
  cancelled: z.number().int(),
  checkedIn: z.number().int(),
  onTime: z.number().int(),
  noShows: z.number().int(),
  avgWaitBookedMinutes: z.number().nullable(),
  avgWaitWalkInMinutes: z.number().nullable(),
});
export type BookingReportRow = z.infer<typeof BookingReportRow>;
