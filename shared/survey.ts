/**
 * The satisfaction survey on the wire: a citizen's answers (Permenpan RB 14/2017), the ticket the
 * survey asks about, and what the hub answers. The scoring itself is in ikm.ts.
 *
 * A survey is bound to the visit: the hub hands out a ticket to rate only by one of three ways in
 * (`SURVEY_CHANNELS`) and signs it with a `grant` that the answers must carry back, so the answers
 * land on the ticket that was offered and the response records how it was found.
 */
import { z } from 'zod';
import { IKM_ELEMENTS, type IkmElement } from './ikm.js';
import { PREFIX_PATTERN } from './ticketNumber.js';

const id = z.number().int().positive();

/** 1 … 4: the first … the last of the element's four answers (ikm.ts IKM_QUESTIONS) */
export const IkmScore = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
export const IkmElementCode = z.enum(IKM_ELEMENTS.map((e) => e.code) as [IkmElement, ...IkmElement[]]);
/** What one response holds, per element (the short form's one tap stands for all nine). */
export const IkmAnswersSchema = z.partialRecord(IkmElementCode, IkmScore);

/**
 * How the citizen reached the survey: the tablet at the counter that just served them, the QR code
 * on their ticket (signed by the hub), or its number typed at the kiosk (only shortly after the
 * service: see survey.ts on the hub).
 */
export const SURVEY_CHANNELS = ['counter', 'qr', 'number'] as const;
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];

/** The most a suggestion (saran) may hold. */
export const SUGGESTION_MAX = 500;

/**
 * The respondent's profile as the regulation's questionnaire asks it, each item optional ("Lewati").
 * Codes on the wire and in the database; labels (both languages) in PROFILE_OPTIONS.
 */
export const PROFILE_OPTIONS = {
  gender: [
    { code: 'L', id: 'Laki-laki', en: 'Male' },
    { code: 'P', id: 'Perempuan', en: 'Female' },
  ],
  age: [
    { code: 'u20', id: 'di bawah 20 tahun', en: 'under 20' },
    { code: '20-29', id: '20–29 tahun', en: '20–29' },
    { code: '30-39', id: '30–39 tahun', en: '30–39' },
    { code: '40-49', id: '40–49 tahun', en: '40–49' },
    { code: '50-59', id: '50–59 tahun', en: '50–59' },
    { code: '60+', id: '60 tahun ke atas', en: '60 or older' },
  ],
  education: [
    { code: 'sd', id: 'SD ke bawah', en: 'Primary school or less' },
    { code: 'smp', id: 'SMP', en: 'Junior high school' },
    { code: 'sma', id: 'SMA', en: 'Senior high school' },
    { code: 'd1-d3', id: 'D1–D3', en: 'Diploma (D1–D3)' },
    { code: 'd4-s1', id: 'D4–S1', en: "Bachelor's (D4–S1)" },
    { code: 's2+', id: 'S2 ke atas', en: "Master's or higher" },
  ],
  occupation: [
    { code: 'pns', id: 'PNS', en: 'Civil servant' },
    { code: 'tni', id: 'TNI', en: 'Armed forces' },
    { code: 'polri', id: 'Polri', en: 'Police' },
    { code: 'swasta', id: 'Swasta', en: 'Private sector' },
    { code: 'wirausaha', id: 'Wirausaha', en: 'Self-employed' },
    { code: 'pelajar', id: 'Pelajar/Mahasiswa', en: 'Student' },
    { code: 'lainnya', id: 'Lainnya', en: 'Other' },
  ],
} as const;
export type ProfileItem = keyof typeof PROFILE_OPTIONS;
export const PROFILE_ITEMS = Object.keys(PROFILE_OPTIONS) as ProfileItem[];

const codesOf = <K extends ProfileItem>(k: K) => z.enum(PROFILE_OPTIONS[k].map((o) => o.code) as unknown as [(typeof PROFILE_OPTIONS)[K][number]['code'], ...(typeof PROFILE_OPTIONS)[K][number]['code'][]]);

/** The respondent's profile: any of the four, or none. */
export const SurveyProfile = z.strictObject({
  gender: codesOf('gender').optional(),
  age: codesOf('age').optional(),
  education: codesOf('education').optional(),
  occupation: codesOf('occupation').optional(),
});
export type SurveyProfile = z.infer<typeof SurveyProfile>;

/** The saran: free text, ≤ 500 characters; line breaks kept, other control characters refused. */
// eslint-disable-next-line no-control-regex
export const Suggestion = z.string().max(SUGGESTION_MAX).regex(/^[^\u0000-\u0009\u000b-\u001f\u007f]*$/, 'no control characters');

/** What the hub signed when it offered the ticket: the answers carry it back. */
export const SurveyGrant = z.string().min(1).max(200);

/** A citizen's answers: the nine elements of Permenpan RB 14/2017, or one tap of the short form. */
export const SurveyAnswerRequest = z.discriminatedUnion('form', [
  z.strictObject({
    form: z.literal('full'),
    ticketId: id,
    grant: SurveyGrant,
    answers: z.record(IkmElementCode, IkmScore).refine((a) => IKM_ELEMENTS.every((e) => e.code in a), { message: 'all nine elements' }),
    profile: SurveyProfile.optional(),
    suggestion: Suggestion.optional(),
  }),
  z.strictObject({ form: z.literal('short'), ticketId: id, grant: SurveyGrant, value: IkmScore }),
]);
export type SurveyAnswerRequest = z.infer<typeof SurveyAnswerRequest>;

/** Why a ticket found may not be rated. */
export const SURVEY_REFUSALS = [
  /** not served (yet): waiting, called, cancelled, no-show … */
  'not_finished',
  /** served on another day */
  'other_day',
  /** rated already */
  'answered',
  /** typed by number longer after its service than a typed number may be (scan the QR instead) */
  'too_old',
] as const;
export type SurveyRefusal = (typeof SURVEY_REFUSALS)[number];

/** The ticket a survey asks about, and whether it may still be rated. */
export const SurveyTicket = z.object({
  ticketId: id,
  display: z.string(),
  serviceName: z.string(),
  /** served today, not rated yet, and (typed by number) served recently */
  eligible: z.boolean(),
  /** why not, when not eligible */
  reason: z.enum(SURVEY_REFUSALS).nullable(),
  form: z.enum(['full', 'short']),
  channel: z.enum(SURVEY_CHANNELS),
  /** what POST /api/survey must carry back; null when not eligible */
  grant: SurveyGrant.nullable(),
});
export type SurveyTicket = z.infer<typeof SurveyTicket>;

/** GET /api/survey/latest: what a counter's tablet asks about, if anything. */
export const SurveyLatestResponse = z.object({ ticket: SurveyTicket.nullable() });
export type SurveyLatestResponse = z.infer<typeof SurveyLatestResponse>;

/** POST /api/survey: the number of the ticket rated. */
export const SurveyAnswerResponse = z.object({ ticket: z.string() });
export type SurveyAnswerResponse = z.infer<typeof SurveyAnswerResponse>;

/**
 * The tickets a number typed at the kiosk may mean, as (prefix, number) pairs: "A-012", "a012",
 * "A 12", "a-001" and "A001" all mean; "SKC2 1000" is SKC2-1000. Without a separator
 * a prefix that ends in a digit makes it ambiguous ("B21": B2-1 or B-21): every reading is given,
 * and the hub looks each up.
 */
export function ticketNumberCandidates(typed: string): { prefix: string; number: number }[] {
  const s = typed.toUpperCase().replace(/\s+/g, ' ').trim();
  const valid = (prefix: string, digits: string) => PREFIX_PATTERN.test(prefix) && /^\d{1,7}$/.test(digits) && Number(digits) > 0;
  const apart = /^([A-Z0-9]{1,4}) ?[-–./ ] ?(\d+)$/.exec(s);
  if (apart) return valid(apart[1]!, apart[2]!) ? [{ prefix: apart[1]!, number: Number(apart[2]) }] : [];
  const compact = s.replace(/ /g, '');
  const out: { prefix: string; number: number }[] = [];
  for (let k = 1; k <= 4 && k < compact.length; k++) {
    const prefix = compact.slice(0, k);
    const digits = compact.slice(k);
    if (valid(prefix, digits)) out.push({ prefix, number: Number(digits) });
  }
  return out;
}
