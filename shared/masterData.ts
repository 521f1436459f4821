/**
 * The admin's master data as it travels: the lists (agencies, zones, services, counters, inactive
 * ones included), the bodies that add and change them, and the import's file, preview and result.
 * The import's sheets and columns are declared here once, so the hub's reader and writer
 * (electron/hub/masterImport.ts), the tests and the admin's screen agree on them.
 */
import { z } from 'zod';
import { COUNTER_STATES } from './domain.js';
import { ServiceInfo, WeeklyHours } from './site.js';
import { PREFIX_PATTERN } from './ticketNumber.js';

const id = z.number().int().positive();
const text = (max: number) => z.string().trim().min(1).max(max);
const minutes = (max: number) => z.number().int().min(0).max(max);

/** An agency or service code: capitals, digits and "-", 2 to 20 of them ("DUKCAPIL", "AKTA-LAHIR"). */
export const MASTER_CODE = /^[A-Z0-9-]{2,20}$/;
const code = z.string().trim().regex(MASTER_CODE);

// ---- the lists ---------------------------------------------------------------------------

export const AgencyAdmin = z.object({
  id,
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  sortOrder: z.number().int(),
  active: z.boolean(),
  logoUrl: z.string().nullable(),
});
export type AgencyAdmin = z.infer<typeof AgencyAdmin>;
/** GET /api/admin/agencies: every agency, inactive ones too, in kiosk order. */
export const AgencyAdminList = z.array(AgencyAdmin);

export const ZoneInfo = z.object({
  id,
  name: z.string(),
  /** what the kiosk and ticket say besides the name, e.g. "Lantai 2, sayap timur" */
  floor: z.string(),
  sortOrder: z.number().int(),
  active: z.boolean(),
});
export type ZoneInfo = z.infer<typeof ZoneInfo>;
/** GET /api/admin/zones */
export const ZoneList = z.array(ZoneInfo);

export const ServiceAdmin = ServiceInfo.extend({
  /** the admin overview's alert for this service; null: the MPP's target */
  waitTargetMinutes: z.number().int().nullable(),
  /** what the kiosk's search also finds it by ("ktp", "e-ktp", "ktp-el"), in the admin's order */
  keywords: z.array(z.string()),
});
export type ServiceAdmin = z.infer<typeof ServiceAdmin>;
/** GET /api/admin/services: every service, inactive ones too (an agency supervisor: their agency's). */
export const ServiceAdminList = z.array(ServiceAdmin);

export const CounterAdmin = z.object({
  id,
  label: z.string(),
  agencyId: id.nullable(),
  zoneId: id.nullable(),
  /** the zone's name (counters.zone, kept in sync for the screens that read it) */
  zone: z.string(),
  active: z.boolean(),
  state: z.enum(COUNTER_STATES),
  /** true while a ticket is called or served there */
  holdsTicket: z.boolean(),
  /** the services it serves, in its order of preference */
  serviceIds: z.array(id),
});
export type CounterAdmin = z.infer<typeof CounterAdmin>;
/** GET /api/admin/counters */
export const CounterAdminList = z.array(CounterAdmin);

// ---- adding and changing -----------------------------------------------------------------

export const NewAgency = z.strictObject({
  code,
  name: text(120),
  shortName: text(30),
  sortOrder: z.number().int().min(0).max(10_000).optional(),
});
export type NewAgency = z.infer<typeof NewAgency>;

export const AgencyPatch = z.strictObject({
  name: text(120).optional(),
  shortName: text(30).optional(),
  sortOrder: z.number().int().min(0).max(10_000).optional(),
  /** a PNG, JPEG or WebP as a data URL, at most ~200 KB; null removes it */
  logo: z
    .string()
    .max(280_000)
    .regex(/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/=]+$/)
    .nullable()
    .optional(),
  /** false: gone from the kiosk (its services with it); history keeps it */
  active: z.boolean().optional(),
});
export type AgencyPatch = z.infer<typeof AgencyPatch>;

export const NewZone = z.strictObject({
  name: text(40),
  floor: z.string().trim().max(60).default(''),
  sortOrder: z.number().int().min(0).max(10_000).optional(),
});
export type NewZone = z.input<typeof NewZone>;
export const ZonePatch = z.strictObject({
  name: text(40).optional(),
  floor: z.string().trim().max(60).optional(),
  sortOrder: z.number().int().min(0).max(10_000).optional(),
  active: z.boolean().optional(),
});
export type ZonePatch = z.infer<typeof ZonePatch>;

/** The fields of a service that can be set and changed (the code is its key and never changes). */
const serviceFields = {
  agencyId: id,
  name: text(120),
  prefix: z.string().trim().regex(PREFIX_PATTERN),
  dailyQuota: z.number().int().min(1).max(10_000).nullable(),
  /** minutes per citizen; decimals allowed ("7,5" in an Indonesian sheet) */
  estimatedMinutes: z.number().min(0.5).max(240),
  hours: WeeklyHours,
  waitTargetMinutes: z.number().int().min(5).max(480).nullable(),
  zoneId: id.nullable(),
  issueOpensBeforeMinutes: minutes(240),
  lastTicketBeforeMinutes: minutes(240),
  followsSiteBreaks: z.boolean(),
  /** the kiosk's search words besides the names: at most 30, each 1–40 characters, no comma */
  keywords: z
    .array(
      z
        .string()
        .trim()
        .min(1)
        .max(40)
        .regex(/^[^,]*$/, 'no comma'),
    )
    .max(30),
};

/**
 * A cell or a form field of keywords ("ktp, e-ktp; KTP-el") to the list: split at commas and
 * semicolons, trimmed, empty ones dropped.
 */
export function splitKeywords(text: string): string[] {
  return text
    .split(/[,;]/)
    .map((k) => k.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
}

export const NewService = z.strictObject({
  ...serviceFields,
  code,
  dailyQuota: serviceFields.dailyQuota.default(null),
  estimatedMinutes: serviceFields.estimatedMinutes.default(10),
  /** Senin–Jumat 08:00–15:00 when not said */
  hours: serviceFields.hours.optional(),
  waitTargetMinutes: serviceFields.waitTargetMinutes.default(null),
  zoneId: serviceFields.zoneId.default(null),
  issueOpensBeforeMinutes: serviceFields.issueOpensBeforeMinutes.default(0),
  lastTicketBeforeMinutes: serviceFields.lastTicketBeforeMinutes.default(0),
  followsSiteBreaks: serviceFields.followsSiteBreaks.default(true),
  keywords: serviceFields.keywords.default([]),
});
export type NewService = z.input<typeof NewService>;

/**
 * A change to a service. A new name or prefix takes effect from the next business day (today's
 * tickets keep their numbering); the same name or prefix as today's cancels a pending change.
 */
export const ServicePatch = z.strictObject({
  agencyId: serviceFields.agencyId.optional(),
  name: serviceFields.name.optional(),
  prefix: serviceFields.prefix.optional(),
  dailyQuota: serviceFields.dailyQuota.optional(),
  estimatedMinutes: serviceFields.estimatedMinutes.optional(),
  hours: serviceFields.hours.optional(),
  waitTargetMinutes: serviceFields.waitTargetMinutes.optional(),
  zoneId: serviceFields.zoneId.optional(),
  issueOpensBeforeMinutes: serviceFields.issueOpensBeforeMinutes.optional(),
  lastTicketBeforeMinutes: serviceFields.lastTicketBeforeMinutes.optional(),
  followsSiteBreaks: serviceFields.followsSiteBreaks.optional(),
  keywords: serviceFields.keywords.optional(),
  active: z.boolean().optional(),
});
export type ServicePatch = z.infer<typeof ServicePatch>;

const serviceIds = z.array(id).min(1).max(60);
export const NewCounter = z.strictObject({
  label: text(40),
  agencyId: id.nullable().default(null),
  zoneId: id.nullable().optional(),
  /** the zone by its name (older clients); zoneId wins when both are sent */
  zone: z.string().trim().max(40).optional(),
  /** in order of preference */
  serviceIds,
});
export type NewCounter = z.input<typeof NewCounter>;
export const CounterPatch = z.strictObject({
  label: text(40).optional(),
  agencyId: id.nullable().optional(),
  zoneId: id.nullable().optional(),
  /** replaces the list, in order of preference */
  serviceIds: serviceIds.optional(),
  /** false is refused while the counter is open or holds a ticket */
  active: z.boolean().optional(),
});
export type CounterPatch = z.infer<typeof CounterPatch>;

// ---- import and export -------------------------------------------------------------------

/** The workbook's sheets, in the order they are read and applied. */
export const MASTER_SHEETS = ['Instansi', 'Zona', 'Layanan', 'Loket', 'Standar pelayanan'] as const;
export type MasterSheet = (typeof MASTER_SHEETS)[number];

/** Hours columns in the sheet's order (Senin first) with their weekday index (0 = Minggu). */
export const HOURS_COLUMNS = [
  ['Senin', 1],
  ['Selasa', 2],
  ['Rabu', 3],
  ['Kamis', 4],
  ['Jumat', 5],
  ['Sabtu', 6],
  ['Minggu', 0],
] as const;

/** Each sheet's columns, as its header row says them; the first is the row's key. */
export const MASTER_COLUMNS = {
  Instansi: ['Kode', 'Nama', 'Nama singkat', 'Urutan', 'Aktif'],
  Zona: ['Nama', 'Lantai', 'Urutan', 'Aktif'],
  Layanan: [
    'Kode',
    'Instansi',
    'Nama',
    'Prefiks',
    'Zona',
    'Kuota harian',
    'Menit per warga',
    'Target tunggu (menit)',
    'Tiket dibuka sebelum buka (menit)',
    'Tiket terakhir sebelum tutup (menit)',
    'Ikut istirahat MPP',
    ...HOURS_COLUMNS.map(([day]) => day),
    'Aktif',
    'Kata kunci',
  ],
  Loket: ['Label', 'Instansi', 'Zona', 'Layanan', 'Aktif'],
  /**
   * A service's standar pelayanan (shared/serviceStandard.ts), one row per service code. "Nama
   * layanan" is for the reader only (the import ignores it). Persyaratan: one requirement per line
   * of the cell (Alt+Enter in Excel); " | " between them is read too, for those who type it on one line.
   */
  'Standar pelayanan': ['Kode', 'Nama layanan', 'Persyaratan', 'Prosedur', 'Waktu penyelesaian', 'Biaya', 'Produk', 'Dasar hukum', 'Pengaduan'],
} as const satisfies Record<MasterSheet, readonly string[]>;

/**
 * Columns a file may leave out (added after workbooks were made with the columns before them):
 * without one, what it holds stays as it is. "Kata kunci": the kiosk's search words, comma-separated.
 */
export const OPTIONAL_COLUMNS: Partial<Record<MasterSheet, readonly string[]>> = { Layanan: ['Kata kunci'], 'Standar pelayanan': ['Nama layanan'] };

const base64 = z.string().max(14_000_000).regex(/^[A-Za-z0-9+/=\s]*$/, 'base64');
/**
 * POST /api/admin/master/import/preview and /api/admin/master/import: the workbook (XLSX, base64),
 * or CSV files (base64, `;` or `,` separated, UTF-8 with or without BOM), one per sheet by name.
 * A sheet left out is left as it is.
 */
export const MasterImportRequest = z.union([
  z.strictObject({ xlsx: base64 }),
  z.strictObject({
    csv: z.strictObject({ Instansi: base64.optional(), Zona: base64.optional(), Layanan: base64.optional(), Loket: base64.optional(), 'Standar pelayanan': base64.optional() }),
  }),
]);
export type MasterImportRequest = z.infer<typeof MasterImportRequest>;

const Message = z.object({ id: z.string(), en: z.string() });

export const ImportRow = z.object({
  sheet: z.enum(MASTER_SHEETS),
  /** the row number as Excel shows it (the header is row 1) */
  row: z.number().int().min(2),
  /** the row's key: agency code, zone name, service code or counter label */
  key: z.string(),
  action: z.enum(['add', 'change', 'unchanged']),
  /** the columns that differ from today's data (a change) */
  changed: z.array(z.string()),
});
export type ImportRow = z.infer<typeof ImportRow>;

export const ImportIssue = z.object({
  sheet: z.enum(MASTER_SHEETS),
  /** 1 for the header or the file itself */
  row: z.number().int().min(1),
  /** the column's header, or '' for the row or the sheet as a whole */
  column: z.string(),
  message: Message,
});
export type ImportIssue = z.infer<typeof ImportIssue>;

/** What an import would do: every row, and every error (a file with any applies nothing). */
export const MasterImportPreview = z.object({
  rows: z.array(ImportRow),
  errors: z.array(ImportIssue),
  counts: z.object({ add: z.number().int(), change: z.number().int(), unchanged: z.number().int() }),
});
export type MasterImportPreview = z.infer<typeof MasterImportPreview>;

/** POST /api/admin/master/import: applied, all of it in one transaction. */
export const MasterImportResult = z.object({
  /** rows added or changed */
  applied: z.number().int().min(0),
  preview: MasterImportPreview,
});
export type MasterImportResult = z.infer<typeof MasterImportResult>;

// ---- hours as a sheet writes them --------------------------------------------------------

/** One day's ranges as a cell: "08:00-12:00, 13:00-15:00"; '' when closed. */
export function formatDayHours(ranges: readonly { open: string; close: string }[]): string {
  return ranges.map((r) => `${r.open}-${r.close}`).join(', ');
}

/**
 * A cell back to ranges. Accepts "08.00–12.00", "8:00 - 12:00" and ";" between ranges too, as
 * people type them in Excel; null when it cannot be read.
 */
export function parseDayHours(cell: string): { open: string; close: string }[] | null {
  const s = cell.trim();
  if (s === '' || /^(tutup|libur|closed|-)$/i.test(s)) return [];
  const out: { open: string; close: string }[] = [];
  for (const part of s.split(/[,;/]/)) {
    const m = /^\s*(\d{1,2})[:.](\d{2})\s*[-–—]\s*(\d{1,2})[:.](\d{2})\s*$/.exec(part);
    if (!m) return null;
    const hhmm = (h: string, mm: string) => `${h.padStart(2, '0')}:${mm}`;
    const open = hhmm(m[1]!, m[2]!);
    const close = hhmm(m[3]!, m[4]!);
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(open) || !(/^([01]\d|2[0-3]):[0-5]\d$/.test(close) || close === '24:00') || open >= close) return null;
    out.push({ open, close });
  }
  out.sort((a, b) => a.open.localeCompare(b.open));
  for (let i = 1; i < out.length; i++) if (out[i]!.open < out[i - 1]!.close) return null;
  return out.length > 4 ? null : out;
}

// ---- validation messages, in both languages ----------------------------------------------

export type FieldMessage = z.infer<typeof Message>;

/** What a form or an import row says about a field, in both languages. */
export const FIELD_MESSAGES = {
  required: { id: 'Wajib diisi.', en: 'Required.' },
  code: { id: 'Huruf kapital, angka, atau "-", 2–20 karakter.', en: 'Capitals, digits or "-", 2–20 characters.' },
  prefix: { id: 'Prefiks 1–4 huruf kapital/angka dengan sedikitnya satu huruf (A, SK, 3B, 4A1).', en: 'Prefix of 1–4 capitals/digits with at least one letter (A, SK, 3B, 4A1).' },
  tooLong: { id: 'Terlalu panjang.', en: 'Too long.' },
  number: { id: 'Harus berupa angka dalam batas yang diizinkan.', en: 'Must be a number within the allowed range.' },
  wholeNumber: { id: 'Harus bilangan bulat dalam batas yang diizinkan.', en: 'Must be a whole number within the allowed range.' },
  yesNo: { id: 'Isi "Ya" atau "Tidak".', en: 'Write "Ya" (yes) or "Tidak" (no).' },
  hours: { id: 'Jam tidak terbaca; tulis misalnya "08:00-12:00, 13:00-15:00" (kosong = tutup).', en: 'Hours not readable; write e.g. "08:00-12:00, 13:00-15:00" (empty = closed).' },
  agencyUnknown: { id: 'Instansi dengan kode ini tidak ada.', en: 'No agency has this code.' },
  zoneUnknown: { id: 'Zona dengan nama ini tidak ada.', en: 'No zone has this name.' },
  serviceUnknown: { id: 'Layanan dengan kode ini tidak ada: {{codes}}.', en: 'No service has this code: {{codes}}.' },
  duplicateRow: { id: 'Baris lain di lembar ini memakai kunci yang sama.', en: 'Another row of this sheet has the same key.' },
  prefixTaken: { id: 'Prefiks ini sudah dipakai layanan {{code}} (hari ini atau mulai besok).', en: 'This prefix is used by service {{code}} (today or from tomorrow).' },
  labelTaken: { id: 'Label ini sudah dipakai loket lain.', en: 'Another counter has this label.' },
  nameTaken: { id: 'Nama ini sudah dipakai.', en: 'This name is already in use.' },
  counterInUse: { id: 'Loket sedang buka atau memegang tiket; tutup loket dahulu.', en: 'The counter is open or holds a ticket; close it first.' },
  keywords: { id: 'Paling banyak 30 kata kunci, masing-masing 1–40 karakter, dipisah koma.', en: 'At most 30 keywords of 1–40 characters each, separated by commas.' },
  duplicateService: { id: 'Layanan yang sama tertulis dua kali.', en: 'The same service is listed twice.' },
  noServices: { id: 'Sedikitnya satu layanan.', en: 'At least one service.' },
  requirements: { id: 'Paling banyak 30 persyaratan, masing-masing paling banyak 200 karakter, satu per baris.', en: 'At most 30 requirements of at most 200 characters each, one per line.' },
  missingColumn: { id: 'Kolom "{{column}}" tidak ada di baris judul.', en: 'Column "{{column}}" is missing from the header row.' },
  unreadable: { id: 'Berkas tidak dapat dibaca sebagai XLSX/CSV.', en: 'The file cannot be read as XLSX/CSV.' },
} as const satisfies Record<string, FieldMessage>;
export type FieldMessageKey = keyof typeof FIELD_MESSAGES;

/** A message with its {{placeholders}} filled. */
export function fieldMessage(key: FieldMessageKey, params: Record<string, string | number> = {}): FieldMessage {
  const fill = (s: string) => s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(params[k] ?? ''));
  const m = FIELD_MESSAGES[key];
  return { id: fill(m.id), en: fill(m.en) };
}

/** A zod issue on one field as a message people read (the forms and the import share these). */
export function issueMessage(field: string, issue: z.core.$ZodIssue): FieldMessage {
  if (issue.code === 'too_small' && issue.origin === 'string') return FIELD_MESSAGES.required;
  if (issue.code === 'invalid_type' && issue.input === undefined) return FIELD_MESSAGES.required;
  if (issue.code === 'too_big' && issue.origin === 'string') return FIELD_MESSAGES.tooLong;
  if (field === 'prefix') return FIELD_MESSAGES.prefix;
  if (field === 'code') return FIELD_MESSAGES.code;
  if (field === 'hours') return FIELD_MESSAGES.hours;
  if (field === 'estimatedMinutes') return FIELD_MESSAGES.number;
  if (field === 'keywords') return FIELD_MESSAGES.keywords;
  if (issue.code === 'too_small' && issue.origin === 'array') return FIELD_MESSAGES.noServices;
  if (issue.code === 'too_small' || issue.code === 'too_big' || issue.code === 'invalid_type') return FIELD_MESSAGES.wholeNumber;
  return { id: 'Tidak valid.', en: 'Not valid.' };
}

/** Every field's first problem, by field name; empty when the value passes `schema`. */
export function fieldErrors(schema: z.ZodType, value: unknown): Record<string, FieldMessage> {
  const r = schema.safeParse(value);
  if (r.success) return {};
  const out: Record<string, FieldMessage> = {};
  for (const issue of r.error.issues) {
    const field = String(issue.path[0] ?? '');
    if (field === 'serviceIds' && issue.code === 'too_small') out[field] ??= FIELD_MESSAGES.noServices;
    else out[field] ??= issueMessage(field, issue);
  }
  return out;
}
