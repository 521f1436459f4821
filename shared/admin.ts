/**
 * What the admin's endpoints answer (/api/admin/…): the live overview, devices, officers,
 * closures, sync, backups and the day's close. Settings are in settings.ts, printers in
 * printing.ts, reports in reports.ts.
 */
import { z } from 'zod';
import { COUNTER_STATES, DEVICE_ROLES, OFFICER_ROLES } from './domain.js';
import { Alarm } from './health.js';
import { CalendarDate } from './calendarDate.js';
import { Pin } from './pin.js';
import { PrinterInfo } from './printing.js';

const id = z.number().int().positive();

export const DeviceInfo = z.object({
  id,
  name: z.string(),
  role: z.enum(DEVICE_ROLES),
  /** the counter a counter device stands at */
  counterId: id.nullable(),
  /** the zone a display shows (null: the whole hall) */
  zoneId: id.nullable(),
  createdAt: z.number(),
  revokedAt: z.number().nullable(),
  lastSeenAt: z.number().nullable(),
});
export type DeviceInfo = z.infer<typeof DeviceInfo>;
/** GET /api/admin/devices */
export const DeviceList = z.array(DeviceInfo);

export const OfficerInfo = z.object({
  id,
  name: z.string(),
  username: z.string(),
  role: z.enum(OFFICER_ROLES),
  /** the officer's own agency; null: the MPP's own staff (any counter) */
  agencyId: id.nullable(),
  /** 1 active, 0 deactivated (SQLite's boolean, as stored) */
  active: z.union([z.literal(0), z.literal(1)]),
  /** other agencies whose counters the officer may work at */
  allowedAgencyIds: z.array(id),
  /** locked out by wrong PINs on some device until then (epoch ms), or null */
  lockedUntil: z.number().nullable(),
});
export type OfficerInfo = z.infer<typeof OfficerInfo>;
/** GET /api/admin/officers */
export const OfficerList = z.array(OfficerInfo);
/** POST /api/admin/officers/:id/unlock: how many devices the officer was locked out of. */
export const UnlockOfficerResponse = z.object({ unlocked: z.number().int().min(0) });
export type UnlockOfficerResponse = z.infer<typeof UnlockOfficerResponse>;

const username = z.string().trim().regex(/^[a-z0-9._-]{3,30}$/);
const personName = z.string().trim().min(1).max(80);
/** POST /api/admin/officers */
export const NewOfficerRequest = z.strictObject({
  name: personName,
  username,
  pin: Pin,
  role: z.enum(OFFICER_ROLES),
  agencyId: id.nullable().default(null),
  allowedAgencyIds: z.array(id).max(100).default([]),
});
export type NewOfficerRequest = z.input<typeof NewOfficerRequest>;
/** PUT /api/admin/officers/:id: what is said changes, the rest stays */
export const OfficerPatch = z.strictObject({
  name: personName.optional(),
  role: z.enum(OFFICER_ROLES).optional(),
  agencyId: id.nullable().optional(),
  allowedAgencyIds: z.array(id).max(100).optional(),
});
export type OfficerPatch = z.infer<typeof OfficerPatch>;

// ---- the audit log -------------------------------------------------------------------------

/** What the audit log is about: the kinds of master data, and the rest an admin changes. */
export const AUDIT_SUBJECTS = ['agency', 'service', 'counter', 'officer', 'device', 'site', 'closure', 'zone', 'siteBreak', 'pause', 'import', 'settings', 'day', 'media', 'ticket'] as const;

/** One change by an admin or a supervisor: who, when, what, the row before and after. */
export const AuditEntry = z.object({
  id,
  at: z.number(),
  officerId: id.nullable(),
  /** the officer's name (as it reads now) */
  officer: z.string().nullable(),
  deviceId: id.nullable(),
  /** e.g. 'service.update', 'officer.resetPin', 'day.close' */
  action: z.string(),
  subject: z.string(),
  subjectId: z.number().int().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
/** GET /api/admin/audit: newest first, at most `limit`; `more` when older entries were left out */
export const AuditList = z.object({ entries: z.array(AuditEntry), more: z.boolean() });
export type AuditList = z.infer<typeof AuditList>;
/** GET /api/admin/audit?from=…&to=…&officerId=…&subject=…&format=csv|xlsx */
export const AuditQuery = z.strictObject({
  /** business dates (YYYY-MM-DD) in the site's time zone, both included */
  from: CalendarDate.optional(),
  to: CalendarDate.optional(),
  officerId: z.coerce.number().int().positive().optional(),
  subject: z.enum(AUDIT_SUBJECTS).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

/** "name: A → B; role: officer → supervisor": the fields an entry changed (every field of something new). */
export function describeChanges(before: unknown, after: unknown): string {
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>;
  const show = (v: unknown) => (v === undefined || v === null ? '–' : typeof v === 'string' ? v : JSON.stringify(v));
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((k) => (before === null || before === undefined ? `${k}: ${show(a[k])}` : `${k}: ${show(b[k])} → ${show(a[k])}`))
    .join('; ');
}

/** GET /api/admin/sync: how far the central server has the events, and what went wrong. */
export const SyncStatus = z.discriminatedUnion('configured', [
  z.object({ configured: z.literal(false) }),
  z.object({
    configured: z.literal(true),
    url: z.string(),
    site: z.string(),
    /** the server holds every event up to this seq */
    ackedSeq: z.number().int(),
    lastSeq: z.number().int(),
    /** events not yet acknowledged */
    backlog: z.number().int(),
    lastSuccessAt: z.number().nullable(),
    lastAttemptAt: z.number().nullable(),
    lastError: z.string().nullable(),
    /** failed attempts in a row */
    failures: z.number().int(),
    nextAttemptAt: z.number().nullable(),
    /** events the server could not read and put aside */
    quarantined: z.array(z.object({ seqs: z.array(z.number().int()), at: z.number() })),
    /** closed days checked against the server's copy (match: 1 the same, 0 different) */
    manifests: z.array(z.object({ businessDate: z.string(), lastSeq: z.number().int(), match: z.union([z.literal(0), z.literal(1)]) })),
  }),
]);
export type SyncStatus = z.infer<typeof SyncStatus>;

/** POST /api/admin/sync/now */
export const SyncKickResponse = z.object({ ok: z.literal(true), configured: z.boolean() });

/** POST /api/admin/backups: the file made (its name only), its size and how many are kept. */
export const BackupResponse = z.object({ file: z.string(), bytes: z.number().int(), kept: z.number().int(), lastSeq: z.number().int() });
export type BackupResponse = z.infer<typeof BackupResponse>;

/** One backup: named by its content (epoch, last event seq, that event's business date). */
export const BackupEntry = z.object({
  file: z.string(),
  epoch: z.number().int(),
  /** the last event seq it holds: the order of backups, never the clock */
  lastSeq: z.number().int(),
  /** the business date of that event */
  businessDate: z.string(),
  /** when it was made, by the hub's clock then */
  madeAt: z.number(),
  bytes: z.number().int(),
  /** gzip-compressed (every kept backup but the newest) */
  compressed: z.boolean(),
});
export type BackupEntry = z.infer<typeof BackupEntry>;

/** GET /api/admin/backups: newest content first, their total size, and a restore waiting for the next start. */
export const BackupList = z.object({
  backups: z.array(BackupEntry),
  totalBytes: z.number().int(),
  pendingRestore: z.string().nullable(),
});
export type BackupList = z.infer<typeof BackupList>;

/** POST /api/admin/backups/restore (admin): the backup to restore at the hub's next start. */
export const RestoreRequest = z.strictObject({ file: z.string().min(1).max(200) });
export type RestoreRequest = z.infer<typeof RestoreRequest>;

/** Answer 202: staged; the hub stops now and applies it when started again. */
export const RestoreStaged = z.object({ file: z.string(), lastSeq: z.number().int(), businessDate: z.string(), restarting: z.literal(true) });
export type RestoreStaged = z.infer<typeof RestoreStaged>;

/** POST /api/admin/day/close */
export const DayCloseResponse = z.object({ date: z.string(), closedTickets: z.number().int() });
export type DayCloseResponse = z.infer<typeof DayCloseResponse>;

/** POST /api/admin/day/reopen: today's business day, closed by mistake, opened again. */
export const DayReopenRequest = z.strictObject({
  /** the business date (YYYY-MM-DD); only today's can be reopened */
  date: CalendarDate,
  /** why, for the event log */
  reason: z.string().trim().min(1).max(200),
});
export const DayReopenResponse = z.object({ date: z.string(), restoredTickets: z.number().int() });
export type DayReopenResponse = z.infer<typeof DayReopenResponse>;

/** GET /api/admin/overview: every counter, waiting and longest wait per service, printers, sync. */
export const AdminOverview = z.object({
  now: z.number(),
  /** today's business date, and whether it was closed (by the end of the day or a supervisor) */
  day: z.object({ date: z.string(), closed: z.boolean() }),
  /** the site's target; a service may have its own */
  waitTargetMinutes: z.number().int(),
  counters: z.array(
    z.object({
      id,
      label: z.string(),
      zone: z.string(),
      state: z.enum(COUNTER_STATES),
      pauseReason: z.string().nullable(),
      /** the officer's name */
      officer: z.string().nullable(),
      /** the ticket held there, "A-012" */
      current: z.string().nullable(),
    }),
  ),
  /** services with someone waiting */
  services: z.array(
    z.object({
      id,
      name: z.string(),
      prefix: z.string(),
      waiting: z.number().int(),
      longestWaitMinutes: z.number().int(),
      targetMinutes: z.number().int(),
      overTarget: z.boolean(),
    }),
  ),
  printers: z.array(PrinterInfo),
  sync: SyncStatus,
  /** what needs the IT person now (shared/health.ts) */
  alarms: z.array(Alarm),
  /** the disk holding the data folder; backupBytes: what the kept backups take of it */
  storage: z.object({ freeBytes: z.number(), totalBytes: z.number(), backupBytes: z.number() }),
});
export type AdminOverview = z.infer<typeof AdminOverview>;
