/**
 * The ticket on the citizen's phone: the ticket's QR code opens a small public page the hub serves
 * on the building's network (visitor Wi-Fi, no internet needed), under a per-ticket token that is
 * signed by the hub and expires at the end of the ticket's business day. The page shows that one
 * ticket — number, service, people ahead, estimated wait, where to go, "dipanggil!" — and, after
 * the service, the survey of exactly that visit and a complaint form. Nothing about any other
 * citizen, and nothing personal, is ever in it.
 */
import { z } from 'zod';

/** `<ticketId>.<yyyymmdd>.<mac>`, base64url MAC: the link's last path segment (/t/<token>). */
export const PHONE_TOKEN_PATTERN = /^[1-9][0-9]{0,9}\.[0-9]{8}\.[A-Za-z0-9_-]{22}$/;
export const PhoneToken = z.string().regex(PHONE_TOKEN_PATTERN);

/** What the phone says about where the ticket stands, in the citizen's terms. */
export const PHONE_STATES = ['waiting', 'called', 'serving', 'done', 'missed', 'ended'] as const;
export type PhoneState = (typeof PHONE_STATES)[number];

export const PhoneTicketView = z.object({
  number: z.string(),
  agencyName: z.string(),
  serviceName: z.string(),
  /** where the service is served: "Lantai 2 - Zona B"; null when the site did not say */
  place: z.string().nullable(),
  state: z.enum(PHONE_STATES),
  /** while waiting */
  peopleAhead: z.number().int().min(0).nullable(),
  estimatedWaitMinutes: z.number().int().min(0).nullable(),
  /**
   * A ticket checked in from an online booking, before its slot: the slot's start ("09:00"), from
   * which it is called. No estimate then: walk-ins arriving before the slot may still go ahead.
   */
  bookedFrom: z.string().nullable(),
  /** no counter serves the service right now: no estimate is given */

  noOpenCounter: z.boolean(),
  /** when called or being served: "Gerai 5" */
  counterLabel: z.string().nullable(),
  /** how many times it was called: a recall (the citizen did not come) rings the phone again */
  callCount: z.number().int().min(0),
  /** the survey of this visit: open after the service (for the site's survey window), done once answered */
  survey: z.enum(['not_yet', 'open', 'done', 'closed']),
  /** the site's survey form, for the page to ask */
  surveyForm: z.enum(['full', 'short']),
  /** a grant the survey answers carry back (shared/survey.ts), when the survey is open */
  surveyGrant: z.string().nullable(),
  /** the site's word for a counter */
  counterWord: z.string(),
  siteName: z.string(),
  /** a number that changes whenever anything above does: the page's stream sends a new view only then */
  version: z.number().int().min(0),
  /** when the link stops working (the end of the ticket's business day), ms since epoch */
  expiresAt: z.number(),
});
export type PhoneTicketView = z.infer<typeof PhoneTicketView>;
