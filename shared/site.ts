/**
 * The MPP's master data as it travels: the site, opening hours and services. A leaf of shared/
 * (only domain rules beneath it), so the response and event modules can build on it without a
 * cycle through protocol.ts, which re-exports it.
 */
import { z } from 'zod';
import { PREFIX_PATTERN } from './ticketNumber.js';

const id = z.number().int().positive();
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const text = (max: number) => z.string().trim().min(1).max(max);

export const OpeningInterval = z
  // close is exclusive; "24:00" means open until midnight
  .strictObject({ open: hhmm, close: z.union([hhmm, z.literal('24:00')]) })
  .refine((v) => v.open < v.close, { message: 'open must be before close' });
/** Index 0 = Minggu (Sunday) … 6 = Sabtu; an empty list means closed that day. */
export const WeeklyHours = z.array(z.array(OpeningInterval).max(4)).length(7);
export type WeeklyHours = z.infer<typeof WeeklyHours>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const Site = z.strictObject({
  name: text(120),
  address: z.string().max(300),
  // A name the clock can use: a bad one would stop every business date the hub computes.
  timeZone: text(60).refine(isTimeZone, { message: 'an IANA time zone such as Asia/Jakarta' }),
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
  /** where citizens go for it (shared/zones); null: not said */
  zoneId: id.nullable(),
  /** tickets from this many minutes before the service opens (citizens queue from 07:30 for 08:00) */
  issueOpensBeforeMinutes: z.number().int().min(0),
  /** the last ticket this many minutes before it closes */
  lastTicketBeforeMinutes: z.number().int().min(0),
  /** false: the service works through the site-wide breaks (e.g. Friday prayer) */
  followsSiteBreaks: z.boolean(),
  /** a new name or prefix from a business date on (today's numbering never changes mid-day) */
  pending: z.object({ name: z.string(), prefix: z.string().regex(PREFIX_PATTERN), from: z.string() }).nullable(),
});
export type ServiceInfo = z.infer<typeof ServiceInfo>;
