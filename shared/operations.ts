/**
 * The admin's day-to-day operations (/api/admin/tickets…, /api/admin/media…): finding a ticket by
 * its number to reprint, cancel or call it at a counter, and the displays' media playlist.
 */
import { z } from 'zod';
import { CalendarDate } from './calendarDate.js';
import { COUNTER_STATES, EVENT_TYPES } from './domain.js';
import { Ticket } from './ticket.js';

const id = z.number().int().positive();

// ---- finding a ticket --------------------------------------------------------------------

/**
 * A ticket number as a person types it: "A-012", "a12", "A 12", "4A1-007". Without a dash the
 * number is the digits after the last letter ("4A1007" reads as 4A + 1007: type the dash).
 */
export function parseTicketNumber(input: string): { prefix: string; number: number } | null {
  const s = input.trim().toUpperCase().replace(/\s+/g, '');
  const dashed = /^([A-Z0-9]{1,4})-0*(\d{1,6})$/.exec(s);
  const plain = dashed ? null : /^([A-Z0-9]*[A-Z])0*(\d{1,6})$/.exec(s);
  const m = dashed ?? plain;
  if (!m) return null;
  const prefix = m[1]!;
  const number = Number(m[2]);
  if (!/[A-Z]/.test(prefix) || prefix.length > 4 || number < 1) return null;
  return { prefix, number };
}

/** GET /api/admin/tickets?number=A-012&date=YYYY-MM-DD (the date: today's when left out). */
export const TicketFindQuery = z.strictObject({
  number: z
    .string()
    .max(20)
    .refine((n) => parseTicketNumber(n) !== null, { message: 'a ticket number such as A-012' }),
  date: CalendarDate.optional(),
});

/** One step of a ticket's life, from the event log. */
export const TicketHistoryEntry = z.object({
  seq: z.number().int().positive(),
  at: z.number(),
  type: z.enum(EVENT_TYPES),
  counterId: id.nullable(),
  counterLabel: z.string().nullable(),
  officerName: z.string().nullable(),
  deviceName: z.string().nullable(),
  /** the reason of a cancel or close, the printer's state of a failed print, the services of a transfer */
  detail: z.string().nullable(),
  /** a print marked "cetak ulang" */
  reprint: z.boolean(),
  /** a no-show called back */
  again: z.boolean(),
});
export type TicketHistoryEntry = z.infer<typeof TicketHistoryEntry>;

/** A counter where the ticket could be called now or later: it serves the ticket's service. */
export const CallableCounter = z.object({
  id,
  label: z.string(),
  state: z.enum(COUNTER_STATES),
  /** it holds a ticket already: finish or cancel that one first */
  busy: z.boolean(),
});
export type CallableCounter = z.infer<typeof CallableCounter>;

/** The answer: the ticket, where it belongs, what happened to it, and where it may be called. */
export const TicketDetail = z.object({
  ticket: Ticket,
  serviceName: z.string(),
  agencyId: id,
  agencyName: z.string(),
  counterLabel: z.string().nullable(),
  /** today's business date: only today's open tickets can be called, reprinted or cancelled */
  today: z.string(),
  history: z.array(TicketHistoryEntry),
  counters: z.array(CallableCounter),
});
export type TicketDetail = z.infer<typeof TicketDetail>;

/** POST /api/admin/tickets/:id/call: call the ticket at this counter (its officer serves it). */
export const AdminCallRequest = z.strictObject({ counterId: id });
/** POST /api/admin/tickets/:id/cancel: a cancel from the admin always says why. */
export const AdminCancelRequest = z.strictObject({ reason: z.string().trim().min(1).max(200) });

// ---- the displays' media -----------------------------------------------------------------

/** What a display may play, and how big one file may be. */
export const MEDIA_TYPES = {
  'image/jpeg': { ext: '.jpg', kind: 'image', maxBytes: 5 * 1024 * 1024 },
  'image/png': { ext: '.png', kind: 'image', maxBytes: 5 * 1024 * 1024 },
  'image/webp': { ext: '.webp', kind: 'image', maxBytes: 5 * 1024 * 1024 },
  'video/mp4': { ext: '.mp4', kind: 'video', maxBytes: 30 * 1024 * 1024 },
  'video/webm': { ext: '.webm', kind: 'video', maxBytes: 30 * 1024 * 1024 },
} as const;
export type MediaType = keyof typeof MEDIA_TYPES;
export const MEDIA_MAX_FILES = 50;
/** every media file together */
export const MEDIA_MAX_TOTAL_BYTES = 300 * 1024 * 1024;
/** a JSON body holds the file in base64: 4/3 of its size, and the rest of the request */
export const MEDIA_BODY_LIMIT = Math.ceil((30 * 1024 * 1024 * 4) / 3) + 64 * 1024;

/** A file name as the hub keeps it: letters, digits, dot, dash, underscore, space. */
export const MEDIA_NAME = /^[A-Za-z0-9._ -]{1,100}$/;

/** POST /api/admin/media: one file, in base64. */
export const MediaUpload = z.strictObject({
  /** the file's own name; the hub makes it safe and unique */
  name: z.string().trim().min(1).max(200),
  type: z.enum(Object.keys(MEDIA_TYPES) as [MediaType, ...MediaType[]]),
  data: z.string().min(4).max(MEDIA_BODY_LIMIT).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64'),
});
export type MediaUpload = z.infer<typeof MediaUpload>;

export const AdminMediaItem = z.object({ file: z.string(), kind: z.enum(['image', 'video']), bytes: z.number().int().min(0) });
export type AdminMediaItem = z.infer<typeof AdminMediaItem>;
/** GET /api/admin/media: in the order the displays play them. */
export const AdminMediaList = z.object({ items: z.array(AdminMediaItem), totalBytes: z.number().int().min(0) });
export type AdminMediaList = z.infer<typeof AdminMediaList>;

/** PUT /api/admin/media/order: every file, in the new order. */
export const MediaOrderRequest = z.strictObject({ files: z.array(z.string().regex(MEDIA_NAME)).max(MEDIA_MAX_FILES) });
export const MediaFileParam = z.strictObject({ file: z.string().regex(MEDIA_NAME) });
