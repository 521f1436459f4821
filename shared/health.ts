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
