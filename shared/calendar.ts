/**
 * The calendar's requests and answers (electron/hub/api/routes/calendar.ts): hours and issuing
 * windows for many services at once, site-wide breaks, holidays and closures (undoable, with a
 * per-service "open anyway"), timed pauses. The rules themselves are in serviceCalendar.ts.
 */
import { z } from 'zod';
import { CalendarDate } from './calendarDate.js';
import { CLOSED_WHY } from './serviceCalendar.js';
import { WeeklyHours } from './site.js';

const id = z.number().int().positive();
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const endTime = z.union([hhmm, z.literal('24:00')]);
const text = (max: number) => z.string().trim().min(1).max(max);
const minutes = z.number().int().min(0).max(240);

/** Weekly hours whose ranges of a day do not overlap (kept in order of time by the hub). */
export const CalendarHours = WeeklyHours.refine(
  (week) =>
    week.every((day) => {
      const sorted = [...day].sort((a, b) => (a.open < b.open ? -1 : 1));
      return sorted.every((r, i) => i === 0 || sorted[i - 1]!.close <= r.open);
    }),
  { message: 'the ranges of a day must not overlap' },
);

/**
 * PUT /api/admin/services/hours: the same hours and/or issuing window for many services in one
 * call, named one by one or as every service of an agency.
 */
export const ServicesHoursInput = z
  .strictObject({
    serviceIds: z.array(id).min(1).max(1000).optional(),
    agencyId: id.optional(),
    hours: CalendarHours.optional(),
    /** tickets from this many minutes before each range of hours opens */
    issueOpensBeforeMinutes: minutes.optional(),
    /** the last ticket this many minutes before each range closes */
    lastTicketBeforeMinutes: minutes.optional(),
    /** false: the services work through the site-wide breaks */
    followsSiteBreaks: z.boolean().optional(),
  })
  .refine((v) => (v.serviceIds === undefined) !== (v.agencyId === undefined), { message: 'serviceIds or agencyId, one of them' })
  .refine(
    (v) => v.hours !== undefined || v.issueOpensBeforeMinutes !== undefined || v.lastTicketBeforeMinutes !== undefined || v.followsSiteBreaks !== undefined,
    { message: 'nothing to change' },
  );
export type ServicesHoursInput = z.infer<typeof ServicesHoursInput>;

export const ServicesHoursResult = z.object({ updated: z.number().int() });
export type ServicesHoursResult = z.infer<typeof ServicesHoursResult>;

// ---- site breaks ---------------------------------------------------------------------------

export const SiteBreakInput = z
  .strictObject({
    /** 0 = Minggu … 6 = Sabtu */
    weekday: z.number().int().min(0).max(6),
    start: hhmm,
    end: endTime,
    /** what the kiosk says, e.g. "Salat Jumat" */
    reason: z.string().trim().max(80).default(''),
  })
  .refine((b) => b.start < b.end, { message: 'start must be before end', path: ['end'] });
export type SiteBreakInput = z.infer<typeof SiteBreakInput>;

export const SiteBreakInfo = z.object({ id, weekday: z.number().int(), start: z.string(), end: z.string(), reason: z.string() });
export type SiteBreakInfo = z.infer<typeof SiteBreakInfo>;
export const SiteBreakList = z.array(SiteBreakInfo);

// ---- closures ------------------------------------------------------------------------------

export const ClosureInput = z
  .strictObject({
    date: CalendarDate,
    /** null: the whole MPP */
    serviceId: id.nullable(),
    reason: text(120),
    /** opens this one service on a date the whole MPP is closed */
    openAnyway: z.boolean().default(false),
  })
  .refine((c) => !c.openAnyway || c.serviceId !== null, { message: 'open anyway is for one service', path: ['serviceId'] });
export type ClosureInput = z.infer<typeof ClosureInput>;

export const ClosurePatch = z.strictObject({ date: CalendarDate.optional(), reason: text(120).optional() });
export type ClosurePatch = z.infer<typeof ClosurePatch>;

export const ClosureInfo = z.object({
  id,
  date: z.string(),
  serviceId: id.nullable(),
  reason: z.string(),
  openAnyway: z.boolean(),
  /** undone at (epoch ms); listed only when past ones are asked for */
  removedAt: z.number().nullable(),
});
export type ClosureInfo = z.infer<typeof ClosureInfo>;
/**
 * GET /api/admin/closures: each closure with the online bookings still standing on the day it
 * closes (0 for "open anyway" and undone ones), so the admin knows whom to tell.
 */
export const ClosureListItem = ClosureInfo.extend({ bookings: z.number().int().nonnegative() });
export type ClosureListItem = z.infer<typeof ClosureListItem>;
export const ClosureInfoList = z.array(ClosureListItem);

/** GET /api/admin/closures?past=1: with the past ones and those undone */
export const ClosureQuery = z.strictObject({ past: z.enum(['0', '1']).optional() });

// ---- pauses --------------------------------------------------------------------------------

export const PauseInput = z.strictObject({
  /** "10:30" (today, in the site's time zone) or an instant (epoch ms) */
  until: z.union([hhmm, z.number().int().positive()]),
  reason: text(120),
});
export type PauseInput = z.infer<typeof PauseInput>;

export const PauseInfo = z.object({
  id,
  serviceId: id,
  fromAt: z.number(),
  untilAt: z.number(),
  reason: z.string(),
  /** ended early at */
  endedAt: z.number().nullable(),
});
export type PauseInfo = z.infer<typeof PauseInfo>;
export const PauseList = z.array(PauseInfo);

// ---- the calendar tab ----------------------------------------------------------------------

const Hours = z.array(z.object({ open: z.string(), close: z.string() }));
export const NextOpening = z.object({ at: z.number(), text: z.object({ id: z.string(), en: z.string() }) });

/** GET /api/admin/calendar: what the Calendar tab shows (an agency supervisor: their agency's services). */
export const CalendarView = z.object({
  timeZone: z.string(),
  today: z.string(),
  now: z.number(),
  breaks: SiteBreakList,
  services: z.array(
    z.object({
      id,
      agencyId: id,
      name: z.string(),
      prefix: z.string(),
      active: z.boolean(),
      hours: WeeklyHours,
      issueOpensBeforeMinutes: z.number().int(),
      lastTicketBeforeMinutes: z.number().int(),
      followsSiteBreaks: z.boolean(),
      issuing: z.boolean(),
      why: z.enum(CLOSED_WHY).nullable(),
      reason: z.string().nullable(),
      serviceToday: Hours,
      issuingToday: Hours,
      nextOpening: NextOpening.nullable(),
    }),
  ),
  /** pauses not over */
  pauses: PauseList,
});
export type CalendarView = z.infer<typeof CalendarView>;
