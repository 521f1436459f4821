/**
 * The wire protocol between the hub and every screen: zod schemas used by both ends. This is the
 * index of the contract: requests and the small answers live here, the rest in one module per
 * subject (site, ticket, settings, events, views, survey, admin, printing, reports), all
 * re-exported from here. Every endpoint's answer has its schema (electron/hub/api/routes/*
 * declare it as `response`); the hub checks its answers against them in tests and development,
 * and the screens parse what they receive (renderer/src/api/hub.ts).
 * Request schemas are strict: an unknown field is an error, not something silently ignored.
 */
import { z } from 'zod';
import { COUNTER_STATES, DEVICE_ROLES, OFFICER_ROLES } from './domain.js';
import { Event } from './events.js';
import { Alarm } from './health.js';
import { Pin } from './pin.js';
import { CHECK_IN_PLACEMENTS, CheckedInBooking } from './booking.js';
import { Ticket } from './ticket.js';
import { PREFIX_PATTERN } from './ticketNumber.js';

export * from './admin.js';
export * from './calendar.js';
export * from './events.js';
export * from './health.js';
export * from './masterData.js';
export * from './operations.js';
export * from './pin.js';
export * from './printing.js';
export * from './reports.js';
export * from './settings.js';
export * from './site.js';
export * from './survey.js';
export * from './ticket.js';
export * from './views.js';

const id = z.number().int().positive();
const text = (max: number) => z.string().trim().min(1).max(max);

export const IdParam = z.strictObject({ id: z.coerce.number().int().positive() });

// ---- small answers shared by many endpoints ------------------------------------------------

/** A change that has nothing more to say than that it was made. */
export const Ok = z.object({ ok: z.literal(true) });
/** Something was added: its id. */
export const Created = z.object({ id });
export type Created = z.infer<typeof Created>;

/** GET /healthz: liveness, and what a screen shows before it is paired. */
export const HealthResponse = z.object({
  /** degraded: the hub runs, but an alarm needs someone (see `alarms`) */
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  /** null until the site is set up */
  siteName: z.string().nullable(),
  businessDate: z.string().nullable(),
  lastSeq: z.number().int(),
  alarms: z.array(Alarm),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

// ---- requests ----------------------------------------------------------------------------

export const PairRequest = z.strictObject({
  code: z.string().regex(/^\d{6}$/),
  name: text(60).optional(),
});
export const PairResponse = z.object({
  deviceId: id,
  role: z.enum(DEVICE_ROLES),
  counterId: id.nullable(),
  /** the zone a display was paired for (null: the whole hall) */
  zoneId: id.nullable().optional(),
  token: z.string(),
});
export type PairResponse = z.infer<typeof PairResponse>;

export const CreatePairingCodeRequest = z.strictObject({
  role: z.enum(DEVICE_ROLES),
  name: text(60),
  /** required for a counter device: the counter it stands at */
  counterId: id.optional(),
  /** a display only: the zone whose calls and waiting it shows (none: the whole hall) */
  zoneId: id.optional(),
});
export const CreatePairingCodeResponse = z.object({
  code: z.string(),
  expiresAt: z.number(),
  /** the hub's certificate fingerprint (SHA-256), to compare with what the new device shows; null without HTTPS */
  hubFingerprint: z.string().nullable().optional(),
});
export type CreatePairingCodeResponse = z.infer<typeof CreatePairingCodeResponse>;

export const LoginRequest = z.strictObject({
  username: text(40),
  pin: Pin,
  /** Needed only where the device is not bound to a counter (an admin device, or demo mode). */
  counterId: id.optional(),
});
const SessionOfficer = z.object({
  id,
  name: z.string(),
  username: z.string(),
  role: z.enum(OFFICER_ROLES),
  /** the officer's agency: a supervisor with one manages only it (null: the whole MPP) */
  agencyId: id.nullable().optional(),
});
export const LoginResponse = z.object({
  sessionToken: z.string(),
  officer: SessionOfficer,
  counterId: id.nullable(),
});
export type LoginResponse = z.infer<typeof LoginResponse>;
/** GET /api/sessions/current: who is logged in with this session. */
export const CurrentSessionResponse = z.object({ officer: SessionOfficer, counterId: id.nullable() });
export type CurrentSessionResponse = z.infer<typeof CurrentSessionResponse>;

export const IssueTicketRequest = z.strictObject({
  serviceId: id,
  priorityGroup: z.string().max(30).nullable().optional(),
  /** A client-chosen id; a retry with the same id returns the same ticket. */
  requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
});
export const IssueTicketResponse = z.object({
  ticket: Ticket,
  serviceName: z.string(),
  agencyName: z.string(),
  peopleAhead: z.number().int(),
  estimatedWaitMinutes: z.number().int(),
  /** true when this answers a retry of a request already served */
  replayed: z.boolean(),
});
export type IssueTicketResponse = z.infer<typeof IssueTicketResponse>;

/**
 * POST /api/bookings/check-in (a kiosk): the ticket a booking became, how it was placed
 * (shared/booking.ts CHECK_IN_PLACEMENTS) and what the kiosk tells the citizen.
 */
export const CheckInResponse = IssueTicketResponse.extend({
  placement: z.enum(CHECK_IN_PLACEMENTS),
  booking: CheckedInBooking.nullable(),
  message: z.object({ id: z.string(), en: z.string() }),
});
export type CheckInResponse = z.infer<typeof CheckInResponse>;

/** The languages a ticket prints in: the citizen's choice at the kiosk. */
export const TICKET_LANGS = ['id', 'en'] as const;
export type TicketLang = (typeof TICKET_LANGS)[number];
/** POST /api/tickets/:id/print: the ticket in the citizen's language (Indonesian without a body). */
export const PrintRequest = z.strictObject({ lang: z.enum(TICKET_LANGS).optional() });
export type PrintRequest = z.infer<typeof PrintRequest>;

export const CallTicketRequest = z.strictObject({ ticketId: id });
export const TransferRequest = z.strictObject({ serviceId: id });
export const PauseRequest = z.strictObject({ reason: text(100) });
export const ReasonRequest = z.strictObject({ reason: text(200).optional() });

export const CounterActionResponse = z.object({
  /** the ticket the action was about, or the one the counter still holds */
  ticket: Ticket.nullable(),
  counterState: z.enum(COUNTER_STATES),
});
export type CounterActionResponse = z.infer<typeof CounterActionResponse>;

/** GET /api/tickets/:id: one ticket, with the people ahead of it now. */
export const TicketResponse = z.object({ ticket: Ticket, peopleAhead: z.number().int() });
export type TicketResponse = z.infer<typeof TicketResponse>;

/** GET /api/events: the events after a seq (for clients that poll instead of streaming). */
export const EventsResponse = z.object({ events: z.array(Event), lastSeq: z.number().int() });
export type EventsResponse = z.infer<typeof EventsResponse>;

// ---- the event stream --------------------------------------------------------------------

/** The first message a stream client sends: who it is and the last seq it has seen. */
export const StreamHello = z.strictObject({
  type: z.literal('hello'),
  token: z.string().max(200).optional(),
  since: z.number().int().min(0),
  /**
   * The highest ticket number per prefix the client has seen in ticket events of that business
   * date: a hub that holds less has lost history and numbers past them (electron/hub/history.ts).
   */
  seen: z
    .strictObject({
      businessDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      numbers: z
        .record(z.string().regex(PREFIX_PATTERN), z.number().int().positive())
        .refine((n) => Object.keys(n).length <= 200, 'too many prefixes'),
    })
    .optional(),
});
export type StreamHello = z.infer<typeof StreamHello>;

/** What the hub sends on /api/stream. */
export const StreamServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('event'), event: Event }),
  /** sent once the backlog after `since` has been delivered; live events follow */
  z.object({ type: z.literal('ready'), lastSeq: z.number().int() }),
  /**
   * Instead of the backlog, when `since` is too far back (before the latest business date in the
   * log, or more than the hub replays): the client takes a fresh snapshot. Live events after
   * `lastSeq` follow, then 'ready'.
   */
  z.object({ type: z.literal('resync'), lastSeq: z.number().int() }),
  /** the hello was refused, or the client broke the stream's limits; the hub closes the socket after it */
  z.object({ type: z.literal('error'), error: z.object({ code: z.string(), message: z.object({ id: z.string(), en: z.string() }) }) }),
]);
export type StreamServerMessage = z.infer<typeof StreamServerMessage>;
