/**
 * What the screens read to draw themselves: the kiosk's catalogue, a counter's state, the hall
 * display's state and its playlist. The hub builds them in electron/hub/queue/views.ts; each is
 * then kept current by the event stream.
 */
import { z } from 'zod';
import { COUNTER_STATES } from './domain.js';
import { CLOSED_WHY } from './serviceCalendar.js';
import { CounterWord, DisplaySettings, KioskSettings, PriorityGroup } from './settings.js';
import { Site } from './site.js';
import { StandardSummary } from './serviceStandard.js';
import { Ticket } from './ticket.js';

export { placeText } from './place.js';

const id = z.number().int().positive();

// ---- the kiosk -----------------------------------------------------------------------------

/** Where a service is served: its zone's name and the floor text the admin wrote ("Lantai 2, sayap timur"). */
export const ServicePlace = z.object({ id, name: z.string(), floor: z.string() });
export type ServicePlace = z.infer<typeof ServicePlace>;

export const CatalogueService = z.object({
  id,
  name: z.string(),
  prefix: z.string(),
  /** the zone it is served in (an active zone), so the kiosk and the ticket say where to go; null: not said */
  zone: ServicePlace.nullable(),
  open: z.boolean(),
  /** why it is unavailable, when it is */
  unavailableReason: z.enum(['SERVICE_INACTIVE', 'SERVICE_CLOSED', 'QUOTA_EXHAUSTED', 'DAY_CLOSED']).nullable(),
  /** today's service hours, site breaks cut out */
  hoursToday: z.array(z.object({ open: z.string(), close: z.string() })),
  /** today's issuing window: tickets from N minutes before each range, the last one M before its end */
  issuingToday: z.array(z.object({ open: z.string(), close: z.string() })),
  /** with SERVICE_CLOSED: why (a closure, a pause, a site break, past the last ticket, outside hours) */
  closedWhy: z.enum(CLOSED_WHY).nullable(),
  /** the closure's, pause's or break's reason as the admin wrote it */
  closedReason: z.string().nullable(),
  /** when tickets can be taken again, when they cannot now: "Buka Senin, 7 Desember 08.00" */
  nextOpening: z.object({ at: z.number(), text: z.object({ id: z.string(), en: z.string() }) }).nullable(),
  /** when this service's state may next change (a range, a break or a pause ends, midnight): read the catalogue again then */
  statusUntil: z.number(),
  dailyQuota: z.number().int().nullable(),
  quotaLeft: z.number().int().nullable(),
  waiting: z.number().int(),
  estimatedWaitMinutes: z.number().int(),
  /** what the estimate is made of, so a kiosk keeps it current from ticket events (waitEstimate.ts) */
  waitBasis: z.object({ minutesPerTicket: z.number().min(0), counters: z.number().int().min(1) }),
  /**
   * Counters serving it that are open now (an officer logged in, not on a break). 0: the kiosk says
   * so and shows no estimate; with the site's kiosk.withoutOpenCounter = 'refuse' the hub refuses
   * its tickets (NO_COUNTER_OPEN), though `open` stays about hours and quota.
   */
  countersOpen: z.number().int().min(0),
  /** what the kiosk's search finds it by besides its own and its agency's names (the admin's words) */
  keywords: z.array(z.string()),
  /** 1 for the most issued over the last 30 days (today's when there is no history), … up to 6; null: not among them */
  popularRank: z.number().int().min(1).nullable(),
  /**
   * what the citizen should bring, how long it takes and what it costs (its standar pelayanan),
   * shown before "Ambil tiket"; null: none written (absent from hubs before issue 22)
   */
  standard: StandardSummary.nullable().optional(),
});
export type CatalogueService = z.infer<typeof CatalogueService>;

export const CatalogueAgency = z.object({
  id,
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  logoUrl: z.string().nullable(),
  services: z.array(CatalogueService),
});
export type CatalogueAgency = z.infer<typeof CatalogueAgency>;

/** GET /api/catalogue: agencies and services with open/closed, quota left, waiting and estimated wait. */
export const Catalogue = z.object({
  site: Site,
  businessDate: z.string(),
  priorityGroups: z.array(PriorityGroup),
  kiosk: KioskSettings,
  /** the MPP's word for a service desk ("Gerai" or "Loket"), for every screen */
  counterWord: CounterWord,
  agencies: z.array(CatalogueAgency),
  lastSeq: z.number().int(),
});
export type Catalogue = z.infer<typeof Catalogue>;

// ---- counters ----------------------------------------------------------------------------

/** One counter in GET /api/counters (set-up screens, the admin). */
export const CounterSummary = z.object({
  id,
  label: z.string(),
  zone: z.string(),
  agencyId: id.nullable(),
  state: z.enum(COUNTER_STATES),
});
export type CounterSummary = z.infer<typeof CounterSummary>;
export const CounterList = z.array(CounterSummary);

const DayFigures = z.object({
  served: z.number().int(),
  /** null until one ticket is served */
  averageServiceSeconds: z.number().int().nullable(),
});

/** One ticket of a counter's waiting list (electron/hub/queue/waitingList.ts). */
export const WaitingTicket = z.object({
  id,
  display: z.string(),
  serviceId: id,
  /** the priority group's code (null: a regular ticket) */
  priorityGroup: z.string().nullable(),
  arrivedAt: z.number(),
  /** whole minutes since arrival, hub time */
  waitedMinutes: z.number().int(),
  /** a regular ticket past the policy's maximum wait, called ahead of the priority tickets */
  overdue: z.boolean(),
  /** a booked ticket (issue 23): its slot start; not called before it */
  dueAt: z.number().nullable().optional(),
  /** a booked ticket's slot, local "HH:MM", shown as "Booking 09:00–09:30" */
  bookingSlot: z.object({ start: z.string(), end: z.string() }).nullable().optional(),
});
export type WaitingTicket = z.infer<typeof WaitingTicket>;

/** GET /api/counters/:id/state: what the officer's screen shows. */
export const CounterView = z.object({
  counter: z.object({
    id,
    label: z.string(),
    zone: z.string(),
    state: z.enum(COUNTER_STATES),
    pauseReason: z.string().nullable(),
    officer: z.object({ id, name: z.string() }).nullable(),
  }),
  /** the ticket called or being served here */
  currentTicket: Ticket.nullable(),
  /** the slot of the booking it came from, when it did (absent from hubs before issue 23) */
  currentBooking: z.object({ start: z.string(), end: z.string() }).nullable().optional(),
  /** the services of the counter, in its order of preference */
  services: z.array(
    z.object({ id, name: z.string(), prefix: z.string(), rank: z.number().int(), waiting: z.number().int(), longestWaitMinutes: z.number().int() }),
  ),
  /**
   * The tickets waiting for the counter's services in the order "Panggil berikutnya" would call
   * them (the first is the next call), the first 50 of `total`.
   */
  waitingList: z.object({ total: z.number().int(), tickets: z.array(WaitingTicket) }),
  /** today's no-shows it may call back, latest first */
  noShows: z.array(Ticket),
  today: DayFigures,
  /** the logged-in officer's own day, at whichever counters */
  officerToday: DayFigures.nullable(),
  /** the counter screen logs out by itself after this long without a touch or a key */
  sessionIdleMinutes: z.number().int(),
  now: z.number(),
  lastSeq: z.number().int(),
});
export type CounterView = z.infer<typeof CounterView>;

// ---- the hall display ----------------------------------------------------------------------

export const LatestCall = z.object({
  counterId: id,
  counterLabel: z.string(),
  zone: z.string(),
  ticketId: id,
  display: z.string(),
  serviceId: id,
  /** the service's name, and the agency's short name (null: a counter of no agency) */
  serviceName: z.string(),
  agencyName: z.string().nullable(),
  /** when it was last announced (its call, or its latest recall), hub time */
  calledAt: z.number(),
  /** called more than once (a recall, or a no-show called back): the display marks it "Panggilan ulang" */
  recall: z.boolean(),
});
export type LatestCall = z.infer<typeof LatestCall>;

/** GET /api/display/state: the latest call at each counter and the waiting per agency. */
export const DisplayState = z.object({
  site: Site,
  /** the zone this display was paired for: it receives only that zone's calls and waiting (null: the whole hall) */
  zone: z.object({ id, name: z.string(), floor: z.string() }).nullable(),
  businessDate: z.string(),
  settings: DisplaySettings,
  counters: z.array(z.object({ id, label: z.string(), zone: z.string(), agencyId: id.nullable() })),
  /** the services whose calls this display may show: a live call names its service and agency from here */
  services: z.array(z.object({ id, name: z.string(), agencyId: id, agencyName: z.string() })),
  now: z.number(),
  /** latest first */
  latestCalls: z.array(LatestCall),
  waitingPerAgency: z.array(z.object({ agencyId: id, name: z.string(), shortName: z.string(), waiting: z.number().int() })),
  lastSeq: z.number().int(),
});
export type DisplayState = z.infer<typeof DisplayState>;

/** One file of the display's playlist, served at /media/<file>. */
export const MediaItem = z.object({ file: z.string(), kind: z.enum(['image', 'video']) });
export type MediaItem = z.infer<typeof MediaItem>;
export const MediaList = z.array(MediaItem);

/**
 * GET /api/display/slide: what the display's optional slide (settings.display.standardSlide)
 * shows between its media: the MPP's IKM over the last 30 days (null: nobody answered the
 * survey in them), and the standard (what to bring, how long, what it costs) of every service
 * this display's calls may be for that has one, per agency; the display picks the agency called.
 */
export const DisplaySlide = z.object({
  ikm: z
    .object({
      /** the IKM converted (25–100), two decimals as the regulation's intervals are */
      value: z.number(),
      grade: z.enum(['A', 'B', 'C', 'D']),
      /** mutu pelayanan: "Baik" */
      gradeName: z.string(),
      respondents: z.number().int(),
      /** the business dates counted, both included */
      from: z.string(),
      to: z.string(),
    })
    .nullable(),
  standards: z.array(
    z.object({
      agencyId: id,
      /** the agency's short name, as the calls name it */
      agencyName: z.string(),
      services: z.array(z.object({ serviceId: id, name: z.string(), requirements: z.array(z.string()), completionTime: z.string(), fee: z.string() })),
    }),
  ),
});
export type DisplaySlide = z.infer<typeof DisplaySlide>;
