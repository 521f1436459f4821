/**
 * Complaints (*pengaduan*, Perpres 76/2013 and 89/2021): written by a citizen on their ticket's
 * phone page or at the kiosk, kept on the hub (they are captured with no internet at all), seen and
 * answered by the agency's supervisor, synced to the central server exactly once as events, and
 * exported there in a form an operator can enter into SP4N-LAPOR! (docs/COMPLAINTS.md).
 *
 * A contact is optional and needs explicit consent; it is kept only for the follow-up, never shown
 * on a screen other than the supervisor's, and never in the event stream the screens receive.
 */
import { z } from 'zod';

export { COMPLAINT_CATEGORIES, COMPLAINT_CATEGORY_LABELS, COMPLAINT_TEXT_MAX, COMPLAINT_TEXT_MIN, type ComplaintCategory } from './complaintCategories.js';
import { COMPLAINT_CATEGORIES, COMPLAINT_TEXT_MAX, COMPLAINT_TEXT_MIN } from './complaintCategories.js';

export const COMPLAINT_CHANNELS = ['phone', 'kiosk'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

export const ComplaintContact = z.strictObject({
  name: z.string().trim().max(100).default(''),
  /** an Indonesian mobile or landline number, as typed: 0812-3456-7890, +62 812 3456 7890 */
  phone: z
    .string()
    .trim()
    .regex(/^(\+?62|0)[0-9 -]{7,16}$/)
    .or(z.literal(''))
    .default(''),
  email: z.email().max(200).or(z.literal('')).default(''),
});
export type ComplaintContact = z.infer<typeof ComplaintContact>;

/** What a citizen sends. `requestId`: the same complaint sent twice (a lost answer) is kept once. */
export const ComplaintInput = z
  .strictObject({
    category: z.enum(COMPLAINT_CATEGORIES),
    text: z.string().trim().min(COMPLAINT_TEXT_MIN).max(COMPLAINT_TEXT_MAX),
    /** null: anonymous */
    contact: ComplaintContact.nullable().default(null),
    /** "Saya setuju kontak saya disimpan untuk tindak lanjut pengaduan ini": required with a contact */
    consent: z.boolean().default(false),
    /** at the kiosk, the agency complained about (the phone page's is its ticket's) */
    agencyId: z.number().int().positive().nullable().default(null),
    requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  })
  .refine((c) => c.contact === null || c.consent, { message: 'a contact is kept only with consent', path: ['consent'] })
  .refine((c) => c.contact === null || c.contact.phone !== '' || c.contact.email !== '', { message: 'a contact needs a phone or an e-mail', path: ['contact'] });
export type ComplaintInput = z.infer<typeof ComplaintInput>;

export const COMPLAINT_STATUSES = ['new', 'answered'] as const;

/** A complaint as the supervisor sees it. */
export const Complaint = z.object({
  id: z.number().int().positive(),
  /** the complaint's id everywhere (the central server's key): a UUID */
  uid: z.string(),
  channel: z.enum(COMPLAINT_CHANNELS),
  category: z.enum(COMPLAINT_CATEGORIES),
  text: z.string(),
  contact: ComplaintContact.nullable(),
  agencyId: z.number().int().positive().nullable(),
  agencyName: z.string().nullable(),
  serviceId: z.number().int().positive().nullable(),
  serviceName: z.string().nullable(),
  /** the ticket it was written from ("A-012"), when it came from a phone page */
  ticketDisplay: z.string().nullable(),
  businessDate: z.string(),
  at: z.number(),
  status: z.enum(COMPLAINT_STATUSES),
  answer: z.string().nullable(),
  answeredAt: z.number().nullable(),
  answeredBy: z.string().nullable(),
});
export type Complaint = z.infer<typeof Complaint>;

export const ComplaintAnswer = z.strictObject({ answer: z.string().trim().min(5).max(2000) });

// Added by the complaints helper (issue 22).

/**
 * The number a citizen is told ("pengaduan Anda tercatat dengan nomor 3F2A9C1B"): the first 8 hex
 * digits of the uid, so the hub, the central server and its LAPOR export all derive the same one
 * without another column; 32 bits is far beyond one MPP's complaints.
 */
export function complaintReference(uid: string): string {
  return uid.replace(/-/g, '').slice(0, 8).toUpperCase();
}

/** What the citizen gets back: the complaint's number to quote when following it up. */
export const ComplaintReceipt = z.object({ uid: z.string(), reference: z.string(), at: z.number() });
export type ComplaintReceipt = z.infer<typeof ComplaintReceipt>;

export const COMPLAINT_FILTERS = ['all', 'new', 'answered'] as const;
export type ComplaintFilter = (typeof COMPLAINT_FILTERS)[number];

/** The supervisor's list: newest first, and how many of their scope are still unanswered (the tab's badge). */
export const ComplaintList = z.object({ complaints: z.array(Complaint), newCount: z.number().int().min(0) });
export type ComplaintList = z.infer<typeof ComplaintList>;
