/**
 * The Survei Kepuasan Masyarakat, bound to the visit: one response per ticket served today, given
 * at a counter-facing tablet right after "Selesai", or at the kiosk by the ticket's QR code or its
 * number. Each response is an event, so sync carries it to the central server.
 *
 * Which ticket a response is about is the hub's decision, not the screen's:
 * - the counter's tablet (`latestAt`) is offered only the ticket that counter finished last, within
 *   the site's `surveyWindowMinutes`, not rated yet, and only until the counter starts serving
 *   someone else (then that citizen is at the counter, not the one who left);
 * - the QR code on the ticket is the link to the ticket's phone page (`…/t/<token>`, phoneTicket.ts),
 *   signed with a key the hub made itself (table hub_keys, never sent anywhere), so a code cannot
 *   be made up for another ticket; tickets printed before issue 22 carry `ANTRE:<id>:<number>:<mac>`,
 *   which is still read; a code without a mac (tickets printed before that) is refused;
 * - a number typed at the kiosk finds only a ticket finished within `NUMBER_WINDOW_MS` (2 hours):
 *   an officer cannot fill in the survey for the morning's tickets by typing their numbers; the
 *   QR code of a ticket in the citizen's hand works all day.
 * Each way hands out a `grant`, signed with the same key, that binds the ticket and the channel for
 * `GRANT_MS`; the answers must carry it back, and the response records the channel.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { shortFormAnswers, type IkmAnswers } from '../../shared/ikm.js';
import type { Event, SurveyAnswerRequest, SurveyProfile, Ticket } from '../../shared/protocol.js';
import { SURVEY_CHANNELS, ticketNumberCandidates, type SurveyChannel, type SurveyRefusal, type SurveyTicket } from '../../shared/survey.js';
import { formatTicketNumber } from '../../shared/ticketNumber.js';
import type { Actor } from './actor.js';
import type { Clock } from './clock.js';
import type { Db } from './db/open.js';
import type { EventLog } from './events.js';
import { HubError } from './hubError.js';
import type { MasterData } from './masterData.js';
import type { QueueEngine } from './queue/engine.js';
import type { SettingsStore } from './settings.js';

export type { SurveyTicket };

/** A number typed at the kiosk finds a ticket finished at most this long ago. */
export const NUMBER_WINDOW_MS = 2 * 60 * 60_000;
/** How long the answers may take after the ticket was offered. */
export const GRANT_MS = 30 * 60_000;
/** Hex digits of the QR code's mac (80 bits): short enough for a small code, far beyond guessing at the hub's rate limit. */
const QR_MAC_HEX = 20;
const KEY_NAME = 'ticket-code';

/** An answer as the hub takes it: over HTTP the grant is required (the route's schema); in-process it may be left out. */
export type SurveyAnswerInput = SurveyAnswerRequest extends infer R ? (R extends unknown ? Omit<R, 'grant'> & { grant?: string } : never) : never;

export interface SurveyDeps {
  db: Db;
  events: EventLog;
  master: MasterData;
  engine: Pick<QueueEngine, 'today' | 'ticket'>;
  /** which form citizens see; the counter tablet's window */
  settings: SettingsStore;
  clock: Clock;
  /** the phone links (phoneTicket.ts) the QR code carries; without them the older `ANTRE:` code is printed */
  links?: { link(t: Pick<Ticket, 'id' | 'businessDate'>): string; ticketOfLink(text: string): Ticket | null };
}

/** The hub's key for ticket codes, made at first use (random, 256 bits) and kept in the database with its backups. */
export function hubKey(db: Db, name: string): Buffer {
  db.prepare('INSERT OR IGNORE INTO hub_keys (name, value) VALUES (?, ?)').run(name, randomBytes(32));
  return db.prepare('SELECT value FROM hub_keys WHERE name = ?').pluck().get(name) as Buffer;
}

const hmac = (key: Buffer, purpose: string, text: string) => createHmac('sha256', key).update(`${purpose}\n${text}`).digest('hex');
const sameHex = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a.toLowerCase()), Buffer.from(b.toLowerCase()));

export class Survey {
  private readonly db: Db;
  private readonly events: EventLog;
  private readonly master: MasterData;
  private readonly engine: SurveyDeps['engine'];
  private readonly settings: SettingsStore;
  private readonly clock: Clock;
  private readonly key: Buffer;
  private readonly links: SurveyDeps['links'];

  constructor(deps: SurveyDeps) {
    this.links = deps.links;
    this.db = deps.db;
    this.events = deps.events;
    this.master = deps.master;
    this.engine = deps.engine;
    this.settings = deps.settings;
    this.clock = deps.clock;
    this.key = hubKey(this.db, KEY_NAME);
  }

  /**
   * What a ticket's QR code holds (../printing/printService.ts prints it): the link to the ticket's
   * phone page, which the kiosk's scanner reads too; without the links (a core built without
   * them) the older `ANTRE:<id>:<number>:<mac>`. Either is signed with this hub's key, so a code
   * for another ticket cannot be made up.
   */
  qrPayload(ticket: Pick<Ticket, 'id' | 'display' | 'businessDate'>): string {
    if (this.links) return this.links.link(ticket);
    return this.legacyCode(ticket);
  }

  /** The code tickets printed before issue 22 carry (still read by `find`). */
  legacyCode(ticket: Pick<Ticket, 'id' | 'display'>): string {
    return `ANTRE:${ticket.id}:${ticket.display}:${hmac(this.key, 'qr', `${ticket.id}:${ticket.display}`).slice(0, QR_MAC_HEX)}`;
  }

  /** The ticket as a survey through `channel` sees it: eligible or why not, with a grant when eligible. */
  offer(t: Ticket, channel: SurveyChannel): SurveyTicket {
    return this.describe(t, channel);
  }

  private answered(ticketId: number): boolean {
    return this.db.prepare('SELECT 1 FROM survey_responses WHERE ticket_id = ?').get(ticketId) !== undefined;
  }

  /** Why the ticket may not be rated through `channel` now, or null. */
  private refusal(t: Ticket, channel: SurveyChannel): SurveyRefusal | null {
    if (t.status !== 'done' || t.finishedAt === null) return 'not_finished';
    if (t.businessDate !== this.engine.today()) return 'other_day';
    if (this.answered(t.id)) return 'answered';
    if (channel === 'number' && t.finishedAt < this.clock.now() - NUMBER_WINDOW_MS) return 'too_old';
    return null;
  }

  private describe(t: Ticket, channel: SurveyChannel): SurveyTicket {
    const reason = this.refusal(t, channel);
    return {
      ticketId: t.id,
      display: t.display,
      serviceName: this.master.service(t.serviceId)?.name ?? '',
      eligible: reason === null,
      reason,
      form: this.settings.get('surveyForm'),
      channel,
      grant: reason === null ? this.grant(t.id, channel) : null,
    };
  }

  private grant(ticketId: number, channel: SurveyChannel): string {
    const body = `${ticketId}.${channel}.${this.clock.now() + GRANT_MS}`;
    return `${body}.${hmac(this.key, 'grant', body).slice(0, 32)}`;
  }

  /** The channel a grant was given for, if it is this hub's, for this ticket, and still running. */
  private checkGrant(grant: string, ticketId: number): SurveyChannel {
    const m = /^(\d{1,12})\.([a-z]{1,10})\.(\d{1,16})\.([0-9a-f]{32})$/.exec(grant);
    const channel = m?.[2] as SurveyChannel | undefined;
    if (!m || !channel || !SURVEY_CHANNELS.includes(channel) || Number(m[1]) !== ticketId || Number(m[3]) < this.clock.now()) throw new HubError('SURVEY_SESSION_INVALID');
    if (!sameHex(m[4]!, hmac(this.key, 'grant', `${m[1]}.${m[2]}.${m[3]}`).slice(0, 32))) throw new HubError('SURVEY_SESSION_INVALID');
    return channel;
  }

  /**
   * The ticket a citizen typed at the kiosk (today's, in any spelling: "A-012", "a012", "A 12") or
   * scanned (the QR code's text, verified).
   */
  find(ref: { number?: string | undefined; code?: string | undefined }): SurveyTicket {
    if (ref.code !== undefined) return this.describe(this.byCode(ref.code), 'qr');
    if (ref.number === undefined) throw new HubError('VALIDATION_FAILED', { number: 'number or code' });
    const today = this.engine.today();
    const found = ticketNumberCandidates(ref.number)
      .map((c) => this.db.prepare('SELECT id FROM tickets WHERE business_date = ? AND prefix = ? AND number = ?').pluck().get(today, c.prefix, c.number) as number | undefined)
      .filter((id): id is number => id !== undefined)
      .map((id) => this.describe(this.engine.ticket(id)!, 'number'));
    if (found.length === 0) throw new HubError('TICKET_NOT_FOUND');
    // "B21" may be B2-1 or B-21: the one that may be rated, else the first.
    return found.find((f) => f.eligible) ?? found[0]!;
  }

  private byCode(code: string): Ticket {
    // The phone link (tickets since issue 22): checked by its own signature, expired at the day's end.
    if (/\/t\/[^/]+$/.test(code.trim()) && !/^ANTRE:/i.test(code.trim())) {
      const t = this.links?.ticketOfLink(code) ?? null;
      if (!t) throw new HubError('SURVEY_CODE_INVALID');
      return t;
    }
    const m = /^ANTRE:(\d{1,12}):([A-Z0-9]{1,4}-\d{1,7}):([0-9A-F]+)$/i.exec(code.trim());
    if (!m) throw new HubError('SURVEY_CODE_INVALID');
    const [, id, display, mac] = m as unknown as [string, string, string, string];
    const number = display.toUpperCase();
    if (mac.length !== QR_MAC_HEX || !sameHex(mac, hmac(this.key, 'qr', `${Number(id)}:${number}`).slice(0, QR_MAC_HEX))) throw new HubError('SURVEY_CODE_INVALID');
    const t = this.engine.ticket(Number(id));
    // Signed here, but not a ticket this database holds (any more): a restored backup.
    if (!t || t.display !== number) throw new HubError('TICKET_NOT_FOUND');
    return t;
  }

  /**
   * What a counter's tablet asks about: the ticket the counter finished last, if that was within
   * the site's window, it is not rated yet, and the counter is not serving someone else since.
   */
  latestAt(counterId: number): SurveyTicket | null {
    const last = this.db
      .prepare(`SELECT id, finished_at FROM tickets WHERE counter_id = ? AND business_date = ? AND status = 'done' ORDER BY finished_at DESC, id DESC LIMIT 1`)
      .get(counterId, this.engine.today()) as { id: number; finished_at: number } | undefined;
    if (!last || last.finished_at < this.clock.now() - this.settings.get('surveyWindowMinutes') * 60_000) return null;
    if (this.answered(last.id)) return null;
    const servingAnother = this.db.prepare(`SELECT 1 FROM tickets WHERE counter_id = ? AND status = 'serving' AND id <> ?`).get(counterId, last.id) !== undefined;
    return servingAnother ? null : this.describe(this.engine.ticket(last.id)!, 'counter');
  }

  answer(req: SurveyAnswerInput, actor: Actor): { ticket: string } {
    return this.events.transaction(() => {
      const t = this.engine.ticket(req.ticketId);
      if (!t) throw new HubError('TICKET_NOT_FOUND');
      if (this.answered(t.id)) throw new HubError('SURVEY_ALREADY_ANSWERED');
      if (t.status !== 'done' || t.businessDate !== this.engine.today()) throw new HubError('SURVEY_NOT_ELIGIBLE');
      // Over HTTP always there (the route's schema): the ticket was offered by one of the three ways.
      const channel = req.grant === undefined ? null : this.checkGrant(req.grant, t.id);
      const answers: IkmAnswers = req.form === 'short' ? shortFormAnswers(req.value) : (req.answers as IkmAnswers);
      const profile: SurveyProfile = req.form === 'full' ? (req.profile ?? {}) : {};
      const suggestion = req.form === 'full' ? req.suggestion?.trim() || null : null;
      const row = this.db.prepare('SELECT officer_id FROM tickets WHERE id = ?').get(t.id) as { officer_id: number | null };
      const now = this.clock.now();
      this.db
        .prepare(
          `INSERT INTO survey_responses (ticket_id, service_id, counter_id, officer_id, business_date, form, answers, at, channel, gender, age_group, education, occupation, suggestion)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          t.id,
          t.serviceId,
          t.counterId,
          row.officer_id,
          t.businessDate,
          req.form,
          JSON.stringify(answers),
          now,
          channel,
          profile.gender ?? null,
          profile.age ?? null,
          profile.education ?? null,
          profile.occupation ?? null,
          suggestion,
        );
      this.events.append({
        type: 'survey.answered',
        at: now,
        businessDate: t.businessDate,
        ticketId: t.id,
        serviceId: t.serviceId,
        counterId: t.counterId,
        officerId: row.officer_id,
        deviceId: actor.deviceId ?? null,
        data: { display: formatTicketNumber(t.prefix, t.number), form: req.form, answers, channel, ...(req.form === 'full' ? { profile, suggestion } : {}) },
      });
      return { ticket: t.display };
    });
  }
}

const screened = new WeakMap<Event, Event>();

/**
 * An event as the screens receive it (the stream, GET /api/events): a survey answer without the
 * respondent's profile and saran, which are for the reports and the central server (sync reads
 * the log itself), not for every kiosk and the hall's anonymous display.
 */
export function forScreens(e: Event): Event {
  if (e.type !== 'survey.answered' || (e.data.profile === undefined && e.data.suggestion === undefined)) return e;
  let out = screened.get(e);
  if (!out) {
    const { profile: _profile, suggestion: _suggestion, ...data } = e.data;
    out = { ...e, data };
    screened.set(e, out);
  }
  return out;
}
