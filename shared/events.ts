/**
 * The event log on the wire: every state change of the hub is one event (GET /api/events, the
 * WebSocket stream, the sync batches). `Event` is a union discriminated by `type`, each type with
 * its own `data`, so a screen that checks `e.type === 'ticket.called'` reads `e.data.display` as a
 * string without a cast, and the hub cannot append an event with the wrong data
 * (electron/hub/events.ts takes `NewEvent<T>`).
 *
 * Adding a type: add it to EVENT_TYPES (domain.ts), give it a data schema here and a member of
 * the union; the check at the bottom fails to compile until both lists agree.
 */
import { z } from 'zod';
import { DEVICE_ROLES, EVENT_TYPES, TICKET_STATUSES, type EventType } from './domain.js';
import { HubAlarmData } from './health.js';
import { PRINT_OUTCOMES, PRINTER_STATES, PrinterStatus } from './printing.js';
import { SiteSettings } from './settings.js';
import { BOOKING_CONFLICTS, BookingCatalogue, CHECK_IN_PLACEMENTS } from './booking.js';
import { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS, ComplaintContact } from './complaints.js';
import { PublishedStandard } from './serviceStandard.js';
import { IkmAnswersSchema, Suggestion, SURVEY_CHANNELS, SurveyProfile } from './survey.js';

const id = z.number().int().positive();

// ---- data per type -----------------------------------------------------------------------

/** What every ticket.* event says about the ticket, as it stands after the change. */
export const TicketEventData = z.object({
  /** "A-012" */
  display: z.string(),
  prefix: z.string(),
  number: z.number().int().positive(),
  status: z.enum(TICKET_STATUSES),
  priorityGroup: z.string().nullable(),
  callCount: z.number().int().min(0),
});
export type TicketEventData = z.infer<typeof TicketEventData>;

/** A change made at a counter names it, so a display can show it without looking it up. */
const atCounter = TicketEventData.extend({ counterLabel: z.string() });

export const TicketCalledData = atCounter.extend({
  /** true for a no-show called back */
  again: z.boolean(),
});
export const TicketTransferredData = atCounter.extend({ fromServiceId: id, toServiceId: id });
export const TicketCancelledData = TicketEventData.extend({
  reason: z.string().nullable(),
  previousStatus: z.enum(TICKET_STATUSES),
});
export const TicketClosedData = TicketEventData.extend({
  reason: z.string(),
  previousStatus: z.enum(TICKET_STATUSES),
});
/** One attempt to print: ticket.printed, ticket.print_unconfirmed or ticket.print_failed. */
export const TicketPrintData = TicketEventData.extend({
  outcome: z.enum(PRINT_OUTCOMES),
  printerState: z.enum(PRINTER_STATES),
  detail: z.string().nullable(),
  reprint: z.boolean(),
});

export const CounterEventData = z.object({ counterLabel: z.string() });
export const CounterPausedData = CounterEventData.extend({ reason: z.string() });

export const DayClosedData = z.object({
  reason: z.string(),
  /** tickets of the day per status, after the close */
  counts: z.partialRecord(z.enum(TICKET_STATUSES), z.number().int().min(0)),
});
/** A supervisor reopened a business date that had been closed by mistake (a clock glitch). */
export const DayReopenedData = z.object({
  reason: z.string(),
  /** tickets the mistaken close had closed, back in the queue */
  restoredTickets: z.number().int().min(0),
});
export const DevicePairedData = z.object({ name: z.string(), role: z.enum(DEVICE_ROLES) });
export const DeviceRevokedData = z.object({
  /** the admin device that revoked it (null: the hub's own browser) */
  by: id.nullable(),
});
/** A printer's state changed (the event's deviceId is the kiosk; null the hub's own). */
export const PrinterStatusData = z.object({
  ...PrinterStatus.shape,
  previousState: z.enum(PRINTER_STATES).nullable(),
});
/** The settings that changed, with their new values. */
export const SettingsChangedData = SiteSettings.partial();
export const SurveyAnsweredData = z.object({
  display: z.string(),
  form: z.enum(['full', 'short']),
  answers: IkmAnswersSchema,
  /** how the ticket was found (absent from responses before hub schema 14; null: recorded in-process) */
  channel: z.enum(SURVEY_CHANNELS).nullable().optional(),
  /** the respondent's profile (what they chose to give); absent or {} when skipped */
  profile: SurveyProfile.optional(),
  /** the saran; null when none was written. Left out of what screens receive (the stream, /api/events). */
  suggestion: Suggestion.nullable().optional(),
});
/** 'media': the displays' media playlist changed (a file added, reordered or deleted); its id is always 1, the one playlist. */
export const MASTER_KINDS = ['agency', 'service', 'counter', 'officer', 'device', 'site', 'closure', 'zone', 'siteBreak', 'pause', 'import', 'media'] as const;
export type MasterKind = (typeof MASTER_KINDS)[number];
export const MasterChangedData = z.object({ kind: z.enum(MASTER_KINDS), id });
/**
 * A service's standar pelayanan as it now reads (shared/serviceStandard.ts): the central server
 * publishes the latest of each service. Sent whole, so the central needs nothing else to show it.
 */
export const StandardPublishedData = PublishedStandard;
/**
 * A complaint as written (shared/complaints.ts). Its text and contact go to the central server
 * only: the stream and /api/events leave them out, as they do a survey's saran.
 */
export const ComplaintFiledData = z.object({
  uid: z.string(),
  channel: z.enum(COMPLAINT_CHANNELS),
  category: z.enum(COMPLAINT_CATEGORIES),
  agencyId: id.nullable(),
  ticketDisplay: z.string().nullable(),
  text: z.string().optional(),
  contact: ComplaintContact.nullable().optional(),
});
export const ComplaintAnsweredData = z.object({ uid: z.string(), answer: z.string().optional() });
/** What the central server offers of this site for booking (shared/booking.ts), published whole. */
export const BookingCatalogueData = BookingCatalogue;
/** A booking the hub pulled from the central server (its phone, if any, is not repeated here). */
export const BookingReceivedData = z.object({ code: z.string(), date: z.string(), slotStart: z.string(), slotEnd: z.string() });
/**
 * A booking cancelled: by the citizen on the booking page (no reason, as sent before there were
 * others), or by the hub at the settling of a day that was closed for its service ('day_closed').
 */
export const BookingCancelledData = z.object({ code: z.string(), reason: z.enum(['citizen', 'day_closed']).optional() });
/** A booked citizen checked in at the kiosk: the ticket it became and how it was placed. */
export const BookingCheckedInData = z.object({ code: z.string().nullable(), display: z.string(), placement: z.enum(CHECK_IN_PLACEMENTS) });
export const BookingNoShowData = z.object({ code: z.string(), date: z.string() });
export const BookingConflictData = z.object({ code: z.string(), conflict: z.enum(BOOKING_CONFLICTS) });

// ---- the events --------------------------------------------------------------------------

const envelope = {
  seq: z.number().int().positive(),
  at: z.number(),
  businessDate: z.string(),
  ticketId: id.nullable(),
  serviceId: id.nullable(),
  counterId: id.nullable(),
  officerId: id.nullable(),
  deviceId: id.nullable(),
};

const event = <T extends EventType, D extends z.ZodType>(type: T, data: D) =>
  z.object({ ...envelope, type: z.literal(type), data });

export const Event = z.discriminatedUnion('type', [
  event('ticket.issued', TicketEventData),
  event('ticket.called', TicketCalledData),
  event('ticket.recalled', atCounter),
  event('ticket.started', atCounter),
  event('ticket.finished', atCounter),
  event('ticket.no_show', atCounter),
  event('ticket.transferred', TicketTransferredData),
  event('ticket.cancelled', TicketCancelledData),
  event('ticket.closed', TicketClosedData),
  event('ticket.printed', TicketPrintData),
  event('ticket.print_unconfirmed', TicketPrintData),
  event('ticket.print_failed', TicketPrintData),
  event('counter.opened', CounterEventData),
  event('counter.paused', CounterPausedData),
  event('counter.resumed', CounterEventData),
  event('counter.closed', CounterEventData),
  event('day.closed', DayClosedData),
  event('day.reopened', DayReopenedData),
  event('hub.alarm', HubAlarmData),
  event('device.paired', DevicePairedData),
  event('device.revoked', DeviceRevokedData),
  event('printer.status', PrinterStatusData),
  event('settings.changed', SettingsChangedData),
  event('survey.answered', SurveyAnsweredData),
  event('master.changed', MasterChangedData),
  event('standard.published', StandardPublishedData),
  event('complaint.filed', ComplaintFiledData),
  event('complaint.answered', ComplaintAnsweredData),
  event('booking.catalogue', BookingCatalogueData),
  event('booking.received', BookingReceivedData),
  event('booking.cancelled', BookingCancelledData),
  event('booking.checked_in', BookingCheckedInData),
  event('booking.no_show', BookingNoShowData),
  event('booking.conflict', BookingConflictData),
]);
export type Event = z.infer<typeof Event>;

/** One type of event: `EventOf<'ticket.called'>`. */
export type EventOf<T extends EventType> = Extract<Event, { type: T }>;
/** The data of one type of event. */
export type EventData<T extends EventType> = EventOf<T>['data'];
/** The types whose data starts with TicketEventData. */
export type TicketEventType = Extract<EventType, `ticket.${string}`>;
/** The types whose data starts with CounterEventData. */
export type CounterEventType = Extract<EventType, `counter.${string}`>;

/**
 * An event whose `data` is not looked into: for the central server, which stores what hubs of
 * several versions send, so a data field added by a newer hub neither fails nor is dropped there.
 */
export const EventEnvelope = z.object({ ...envelope, type: z.enum(EVENT_TYPES), data: z.record(z.string(), z.unknown()) });
export type EventEnvelope = z.infer<typeof EventEnvelope>;

// Every type of domain.ts has its member in the union, and nothing else does: a compile error here
// names the list to fix.
type Missing = Exclude<EventType, Event['type']>;
type Extra = Exclude<Event['type'], EventType>;
type Holds<T extends true> = T;
type _EveryTypeCovered = Holds<[Missing, Extra] extends [never, never] ? true : false>;
