/**
 * What the hub says about its own health: the alarms an MPP's IT person must see (on the console,
 * `/healthz`, the admin overview and the event stream), each with its way out in both languages
 * (docs/OPERATIONS.md). An alarm stays raised until what caused it is gone or an admin
 * acknowledges it (a data loss cannot be undone, only acknowledged).
 */
import { z } from 'zod';

export const ALARM_KINDS = [
  /** the PC's clock reads earlier than what the hub has already recorded */
  'clock_behind',
  /** the PC's clock jumped ahead and has not held there long enough to be believed */
  'clock_jump',
  /** the hub holds less history than it or a screen or the central server has seen */
  'data_loss',
  /** SQLite's integrity check found damage */
  'database_damaged',
  /** a write failed for lack of space */
  'storage_full',
  /** less free space than a day and its backups need */
  'storage_low',
  /** a backup could not be made */
  'backup_failed',
  /** wrong pairing guesses burned the outstanding pairing codes: someone on the network is guessing */
  'pairing_codes_burned',
  /** a screen (a kiosk) hit an error and recovered by itself: it reported it (POST /api/client-errors) */
  'screen_error',
] as const;
export type AlarmKind = (typeof ALARM_KINDS)[number];

export const Alarm = z.object({
  kind: z.enum(ALARM_KINDS),
  /** when it was first raised (the hub's time) */
  since: z.number(),
  /** what happened and what to do, in Bahasa Indonesia */
  id: z.string(),
  /** the same in English */
  en: z.string(),
  /** figures for the IT person: seqs, file names, bytes */
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type Alarm = z.infer<typeof Alarm>;

/** The data of a `hub.alarm` event: an alarm raised, or cleared (`raised: false`). */
export const HubAlarmData = Alarm.extend({ raised: z.boolean() });

/**
 * POST /api/client-errors: a screen that hit an error and recovered (the kiosk went back to its
 * home screen) tells the hub what it was, for the log and the admin's `screen_error` alarm.
 */
export const ClientErrorReport = z.strictObject({
  screen: z.enum(['kiosk', 'counter', 'display', 'admin', 'survey']),
  /** the error's name and message */
  message: z.string().min(1).max(500),
  stack: z.string().max(4000).optional(),
  /** where on the screen (the kiosk's step) */
  where: z.string().max(200).optional(),
  /** the page's path and query */
  url: z.string().max(300).optional(),
});
export type ClientErrorReport = z.infer<typeof ClientErrorReport>;
