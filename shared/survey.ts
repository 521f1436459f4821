/**
 * The satisfaction survey on the wire: a citizen's answers (Permenpan RB 14/2017), the ticket the
 * survey asks about, and what the hub answers. The scoring itself is in ikm.ts.
 */
import { z } from 'zod';
import { IKM_ELEMENTS, type IkmElement } from './ikm.js';

const id = z.number().int().positive();

/** 1 tidak baik … 4 sangat baik */
export const IkmScore = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
export const IkmElementCode = z.enum(IKM_ELEMENTS.map((e) => e.code) as [IkmElement, ...IkmElement[]]);
/** What one response holds, per element (the short form's one tap stands for all nine). */
export const IkmAnswersSchema = z.partialRecord(IkmElementCode, IkmScore);

/** A citizen's answers: the nine elements of Permenpan RB 14/2017, or one tap of the short form. */
export const SurveyAnswerRequest = z.discriminatedUnion('form', [
  z.strictObject({
    form: z.literal('full'),
    ticketId: id,
    answers: z.record(IkmElementCode, IkmScore).refine((a) => IKM_ELEMENTS.every((e) => e.code in a), { message: 'all nine elements' }),
  }),
  z.strictObject({ form: z.literal('short'), ticketId: id, value: IkmScore }),
]);
export type SurveyAnswerRequest = z.infer<typeof SurveyAnswerRequest>;

/** The ticket a survey asks about, and whether it may still be rated. */
export const SurveyTicket = z.object({
  ticketId: id,
  display: z.string(),
  serviceName: z.string(),
  /** served today and not rated yet */
  eligible: z.boolean(),
  form: z.enum(['full', 'short']),
});
export type SurveyTicket = z.infer<typeof SurveyTicket>;

/** GET /api/survey/latest: what a counter's tablet asks about, if anything. */
export const SurveyLatestResponse = z.object({ ticket: SurveyTicket.nullable() });
export type SurveyLatestResponse = z.infer<typeof SurveyLatestResponse>;

/** POST /api/survey: the number of the ticket rated. */
export const SurveyAnswerResponse = z.object({ ticket: z.string() });
export type SurveyAnswerResponse = z.infer<typeof SurveyAnswerResponse>;
