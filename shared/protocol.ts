/**
 * The wire protocol between the hub and every screen: zod schemas used by both ends.
 * Request schemas are strict: an unknown field is an error, not something silently ignored.
 */
import { z } from 'zod';
import { COUNTER_STATES, DEVICE_ROLES, EVENT_TYPES, OFFICER_ROLES, PRINT_STATES, TICKET_STATUSES } from './domain.js';
import { PREFIX_PATTERN } from './ticketNumber.js';
import { IKM_ELEMENTS } from './ikm.js';

const id = z.number().int().positive();
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const text = (max: number) => z.string().trim().min(1).max(max);

export const IdParam = z.strictObject({ id: z.coerce.number().int().positive() });

// ---- master data -------------------------------------------------------------------------

export const OpeningInterval = z
  // close is exclusive; "24:00" means open until midnight
  .strictObject({ open: hhmm, close: z.union([hhmm, z.literal('24:00')]) })
  .refine((v) => v.open < v.close, { message: 'open must be before close' });
/** Index 0 = Minggu (Sunday) … 6 = Sabtu; an empty list means closed that day. */
export const WeeklyHours = z.array(z.array(OpeningInterval).max(4)).length(7);
export type WeeklyHours = z.infer<typeof WeeklyHours>;

export const PriorityGroup = z.strictObject({
  code: z.string().regex(/^[a-z_]{2,30}$/),
  name: z.strictObject({ id: text(60), en: text(60) }),
});
export const PriorityPolicy = z.strictObject({
  groups: z.array(PriorityGroup).max(20),
  /** When both classes wait, a counter calls up to `priorityRun` priority tickets… */
  priorityRun: z.number().int().min(1).max(20),
  /** …then up to `regularRun` regular tickets, and so on. */
  regularRun: z.number().int().min(0).max(20),
  /** A regular ticket waiting longer than this goes before any priority ticket. */
  maxWaitMinutes: z.number().int().min(1).max(24 * 60),
});
export type PriorityPolicy = z.infer<typeof PriorityPolicy>;

export const Site = z.strictObject({
  name: text(120),
  address: z.string().max(300),
  timeZone: text(60),
  ticketHeader: z.string().max(300),
  ticketFooter: z.string().max(300),
});
export type Site = z.infer<typeof Site>;

export const ServiceInfo = z.object({
  id,
  agencyId: id,
  code: z.string(),
  name: z.string(),
  prefix: z.string().regex(PREFIX_PATTERN),
  dailyQuota: z.number().int().nullable(),
  estimatedMinutes: z.number(),
  active: z.boolean(),
  hours: WeeklyHours,
});
export type ServiceInfo = z.infer<typeof ServiceInfo>;

// ---- tickets and events ------------------------------------------------------------------

export const Ticket = z.object({
  id,
  number: z.number().int().positive(),
  prefix: z.string(),
  /** "A-012" */
  display: z.string(),
  businessDate: z.string(),
  serviceId: id,
  /** the service it was issued for, before any transfer */
  originServiceId: id,
  priorityGroup: z.string().nullable(),
  status: z.enum(TICKET_STATUSES),
  counterId: id.nullable(),
  issuedAt: z.number(),
  /** the original arrival time; kept across transfers, it orders the queue */
  arrivedAt: z.number(),
  calledAt: z.number().nullable(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  callCount: z.number().int(),
  closeReason: z.string().nullable(),
  printState: z.enum(PRINT_STATES),
  /** how many times it went to a printer (reprints included) */
  printCount: z.number().int(),
});
export type Ticket = z.infer<typeof Ticket>;

export const Event = z.object({
  seq: z.number().int().positive(),
  at: z.number(),
  type: z.enum(EVENT_TYPES),
  businessDate: z.string(),
  ticketId: id.nullable(),
  serviceId: id.nullable(),
  counterId: id.nullable(),
  officerId: id.nullable(),
  deviceId: id.nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type Event = z.infer<typeof Event>;

// ---- requests ----------------------------------------------------------------------------

export const PairRequest = z.strictObject({
  code: z.string().regex(/^\d{6}$/),
  name: text(60).optional(),
});
export const PairResponse = z.object({
  deviceId: id,
  role: z.enum(DEVICE_ROLES),
  counterId: id.nullable(),
  token: z.string(),
});

export const CreatePairingCodeRequest = z.strictObject({
  role: z.enum(DEVICE_ROLES),
  name: text(60),
  /** required for a counter device: the counter it stands at */
  counterId: id.optional(),
});
export const CreatePairingCodeResponse = z.object({ code: z.string(), expiresAt: z.number() });

export const LoginRequest = z.strictObject({
  username: text(40),
  pin: z.string().regex(/^\d{4,8}$/),
  /** Needed only where the device is not bound to a counter (an admin device, or demo mode). */
  counterId: id.optional(),
});
export const LoginResponse = z.object({
  sessionToken: z.string(),
  officer: z.object({ id, name: z.string(), username: z.string(), role: z.enum(OFFICER_ROLES) }),
  counterId: id.nullable(),
});

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

export const CallTicketRequest = z.strictObject({ ticketId: id });
export const TransferRequest = z.strictObject({ serviceId: id });
export const PauseRequest = z.strictObject({ reason: text(100) });
export const ReasonRequest = z.strictObject({ reason: text(200).optional() });

export const CounterActionResponse = z.object({
  ticket: Ticket.nullable(),
  counterState: z.enum(COUNTER_STATES),
});

// ---- catalogue, counter and display state --------------------------------------------------

export const CatalogueService = z.object({
  id,
  name: z.string(),
  prefix: z.string(),
  open: z.boolean(),
  /** why it is unavailable, when it is: SERVICE_INACTIVE, SERVICE_CLOSED, QUOTA_EXHAUSTED, DAY_CLOSED */
  unavailableReason: z.string().nullable(),
  hoursToday: z.array(z.object({ open: z.string(), close: z.string() })),
  dailyQuota: z.number().int().nullable(),
  quotaLeft: z.number().int().nullable(),
  waiting: z.number().int(),
  estimatedWaitMinutes: z.number().int(),
});
/** How the hall displays look and speak (a site setting). */
export const DisplaySettings = z.strictObject({
  /** the running text along the bottom */
  runningText: z.string().max(1000),
  /** what is said for a call; {nomor} is the ticket, {loket} the counter */
  wording: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((w) => w.includes('{nomor}'), { message: 'the wording must contain {nomor}' }),
  /** clips: the recorded words (offline); speech: the browser's id-ID voice when it has one; off: silent */
  voice: z.enum(['clips', 'speech', 'off']),
  /** how long a new call stays large and highlighted */
  highlightSeconds: z.number().int().min(2).max(60),
  /** calls older than this when they reach a display (after a reconnect) are shown, not spoken */
  speakMaxAgeSeconds: z.number().int().min(5).max(600),
  /** how acronyms are said: {"SKCK": "es ka ce ka"} */
  pronunciations: z.record(z.string().regex(/^[A-Z0-9]{2,12}$/), z.string().regex(/^[a-z ]{1,60}$/)),
  /** seconds an image of the media playlist stays on screen */
  imageSeconds: z.number().int().min(3).max(600),
});
export type DisplaySettings = z.infer<typeof DisplaySettings>;

/** How the kiosks behave (a site setting). */
export const KioskSettings = z.strictObject({
  /** ask "Apakah Anda lansia, penyandang disabilitas, ibu hamil …?" before the ticket */
  askPriority: z.boolean(),
  /** back to the home screen, state cleared, after this long without a touch */
  idleSeconds: z.number().int().min(5).max(600),
  /** the printer is out of paper, open or offline: stop issuing, or issue and show the number on screen */
  printerTrouble: z.enum(['stop', 'screen']),
});
export type KioskSettings = z.infer<typeof KioskSettings>;

export const Catalogue = z.object({
  site: Site,
  businessDate: z.string(),
  priorityGroups: z.array(PriorityGroup),
  kiosk: KioskSettings,
  agencies: z.array(
    z.object({ id, code: z.string(), name: z.string(), shortName: z.string(), logoUrl: z.string().nullable(), services: z.array(CatalogueService) }),
  ),
  lastSeq: z.number().int(),
});
export type Catalogue = z.infer<typeof Catalogue>;

// ---- the event stream --------------------------------------------------------------------

/** The first message a stream client sends: who it is and the last seq it has seen. */
export const StreamHello = z.strictObject({
  type: z.literal('hello'),
  token: z.string().max(200).optional(),
  since: z.number().int().min(0),
});
export type StreamHello = z.infer<typeof StreamHello>;

export type StreamServerMessage =
  | { type: 'event'; event: Event }
  /** sent once the backlog after `since` has been delivered; live events follow */
  | { type: 'ready'; lastSeq: number }
  | { type: 'error'; error: { code: string; message: { id: string; en: string } } };

// ---- the satisfaction survey ---------------------------------------------------------------

const score = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
const ElementCode = z.enum(IKM_ELEMENTS.map((e) => e.code) as [string, ...string[]]);

/** A citizen's answers: the nine elements of Permenpan RB 14/2017, or one tap of the short form. */
export const SurveyAnswerRequest = z.discriminatedUnion('form', [
  z.strictObject({
    form: z.literal('full'),
    ticketId: id,
    answers: z.record(ElementCode, score).refine((a) => IKM_ELEMENTS.every((e) => e.code in a), { message: 'all nine elements' }),
  }),
  z.strictObject({ form: z.literal('short'), ticketId: id, value: score }),
]);
export type SurveyAnswerRequest = z.infer<typeof SurveyAnswerRequest>;
