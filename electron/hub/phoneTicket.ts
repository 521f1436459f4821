/**
 * The ticket on the citizen's phone (shared/phoneTicket.ts): the link the ticket's QR code carries,
 * the view the phone page shows, and the page's two writes (the survey of this visit, a complaint).
 *
 * The link's token is `<ticketId>.<yyyymmdd>.<mac>`: the mac is an HMAC of the id and the ticket's
 * business date with a key the hub made itself (hub_keys, never sent anywhere), so a token for
 * another ticket cannot be made by changing a number, and a copied link dies at the end of that
 * business day in the site's time zone. Every refusal (a bad mac, another date, a ticket this
 * database does not hold, an expired day) is the same `null`: the routes answer one 404 for all of
 * them, so probing learns nothing, not even whether a ticket id exists.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { businessDate, localParts } from '../../shared/businessDate.js';
import type { ComplaintInput } from '../../shared/complaints.js';
import type { Event } from '../../shared/events.js';
import { PHONE_TOKEN_PATTERN, type PhoneState, type PhoneTicketView } from '../../shared/phoneTicket.js';
import { placeText } from '../../shared/place.js';
import type { TicketStatus } from '../../shared/domain.js';
import type { Ticket } from '../../shared/ticket.js';
import type { Clock } from './clock.js';
import type { Db } from './db/open.js';
import type { EventLog } from './events.js';
import { HubError } from './hubError.js';
import type { MasterData } from './masterData.js';
import type { QueueEngine } from './queue/engine.js';
import type { SettingsStore } from './settings.js';
import { hubKey, type Survey, type SurveyAnswerInput } from './survey.js';

const KEY_NAME = 'phone-link';
/** 16 bytes of HMAC-SHA256 (128 bits), base64url: 22 characters. */
const MAC_BYTES = 16;
/** The port `npm run serve` listens on, for a link made before the hub has told its own (tests in-process). */
const DEFAULT_PORT = 7800;

/** The complaints module as the phone page uses it (electron/hub/complaints.ts, helper E's). */
export interface ComplaintFiling {
  file(input: ComplaintInput, from: { channel: 'phone'; ticketId: number }): { uid: string; reference: string; at: number };
}

export interface PhoneLinksDeps {
  db: Db;
  master: Pick<MasterData, 'site'>;
  engine: Pick<QueueEngine, 'today' | 'ticket'>;
  settings: Pick<SettingsStore, 'get'>;
  clock: Clock;
}

/** The hub's first non-internal IPv4 address: what a phone on the building's Wi-Fi can reach. */
export function firstLanAddress(): string | null {
  for (const list of Object.values(networkInterfaces())) {
    for (const i of list ?? []) if (i.family === 'IPv4' && !i.internal) return i.address;
  }
  return null;
}

/** The end of a business date ("2026-12-02") in `timeZone`: the first ms whose business date is later. */
export function endOfBusinessDay(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  // The zone's offset at noon of that date (Indonesia has no daylight saving: one offset all day).
  const noon = Date.UTC(y, m - 1, d, 12);
  const p = localParts(noon, timeZone);
  const [ly, lm, ld] = p.date.split('-').map(Number) as [number, number, number];
  const offset = Date.UTC(ly, lm - 1, ld) + p.minuteOfDay * 60_000 - noon;
  let end = Date.UTC(y, m - 1, d + 1) - offset;
  // A zone with a transition that day: step to the real boundary rather than trust the offset.
  while (businessDate(end - 1, timeZone) > date) end -= 60_000;
  while (businessDate(end, timeZone) <= date) end += 60_000;
  return end;
}

/** The signed links: made for a ticket, checked back to it. */
export class PhoneLinks {
  private readonly key: Buffer;
  /** where this hub listens for plain HTTP, told by hub.ts once it listens (port 0: any port) */
  private hubPort = DEFAULT_PORT;

  constructor(private readonly deps: PhoneLinksDeps) {
    this.key = hubKey(deps.db, KEY_NAME);
  }

  /** Told by startHub once the LAN API listens. */
  setHubPort(port: number): void {
    this.hubPort = port;
  }

  private mac(id: number, day: string): string {
    return createHmac('sha256', this.key).update(`phone\n${id}.${day}`).digest().subarray(0, MAC_BYTES).toString('base64url');
  }

  token(t: Pick<Ticket, 'id' | 'businessDate'>): string {
    const day = t.businessDate.replace(/-/g, '');
    return `${t.id}.${day}.${this.mac(t.id, day)}`;
  }

  /** The site's address for phones, else this hub's LAN address and port (plain HTTP: phones cannot trust the hub's own certificate). */
  baseUrl(): string {
    const configured = this.deps.settings.get('publicBaseUrl');
    if (configured) return configured.replace(/\/+$/, '');
    return `http://${firstLanAddress() ?? '127.0.0.1'}:${this.hubPort}`;
  }

  link(t: Pick<Ticket, 'id' | 'businessDate'>): string {
    return `${this.baseUrl()}/t/${this.token(t)}`;
  }

  /** When a ticket's link stops working: the end of its business day. */
  expiresAt(t: Pick<Ticket, 'businessDate'>): number {
    return endOfBusinessDay(t.businessDate, this.deps.master.site().timeZone);
  }

  /** The ticket a token is for, or null for any token that is not a live one of this hub (one answer for all). */
  ticketOf(token: string): Ticket | null {
    if (!PHONE_TOKEN_PATTERN.test(token)) return null;
    const [idText, day, mac] = token.split('.') as [string, string, string];
    const id = Number(idText);
    const expected = Buffer.from(this.mac(id, day));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const t = this.deps.engine.ticket(id);
    // Signed here, but the database no longer holds that ticket on that date (a restored backup).
    if (!t || t.businessDate.replace(/-/g, '') !== day) return null;
    if (this.deps.clock.now() >= this.expiresAt(t)) return null;
    return t;
  }

  /** A link scanned at the kiosk (`…/t/<token>`, any host: the site may have changed its address since). */
  ticketOfLink(text: string): Ticket | null {
    const m = /\/t\/([^/?#\s]+)\s*$/.exec(text.trim());
    return m ? this.ticketOf(m[1]!) : null;
  }
}

export interface PhoneTicketsDeps {
  db: Db;
  events: EventLog;
  master: MasterData;
  engine: QueueEngine;
  settings: SettingsStore;
  clock: Clock;
  links: PhoneLinks;
  survey: Survey;
  complaints: ComplaintFiling;
}

const STATE: Record<TicketStatus, PhoneState> = {
  waiting: 'waiting',
  called: 'called',
  serving: 'serving',
  done: 'done',
  no_show: 'missed',
  cancelled: 'ended',
  closed: 'ended',
};

/** FNV-1a, 31 bits: the view's `version`, equal for equal views. */
function fingerprint(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & 0x7fffffff;
}

/** A phone's page listening for changes (the stream route): told only about its own ticket's. */
export interface PhoneWatch {
  stop(): void;
}

export class PhoneTickets {
  /** every watch open now, by what ends it: the hub's shutdown ends them all */
  private readonly watches = new Set<(why: 'expired' | 'closing') => void>();

  constructor(private readonly deps: PhoneTicketsDeps) {}

  /**
   * Ends every watch (the hub is stopping): an open stream would otherwise keep the HTTP server
   * from closing, since its keep-alives never leave it idle. The pages reconnect by themselves.
   */
  endAll(): void {
    for (const end of [...this.watches]) end('closing');
  }

  ticketOf(token: string): Ticket | null {
    return this.deps.links.ticketOf(token);
  }

  /** The survey of this visit: open from the finish for the site's survey window, once. */
  private surveyState(t: Ticket): { state: PhoneTicketView['survey']; grant: string | null } {
    if (t.status !== 'done' || t.finishedAt === null) return { state: 'not_yet', grant: null };
    const offer = this.deps.survey.offer(t, 'qr');
    if (offer.reason === 'answered') return { state: 'done', grant: null };
    const windowEnd = t.finishedAt + this.deps.settings.get('surveyWindowMinutes') * 60_000;
    if (!offer.eligible || this.deps.clock.now() >= windowEnd) return { state: 'closed', grant: null };
    return { state: 'open', grant: offer.grant };
  }

  /** What the phone shows: this ticket only, in the citizen's terms. */
  view(t: Ticket): PhoneTicketView {
    const { db, engine, settings, master } = this.deps;
    const where = db
      .prepare(
        `SELECT s.name AS service, a.name AS agency, z.name AS zone, z.floor AS floor FROM services s
         JOIN agencies a ON a.id = s.agency_id LEFT JOIN zones z ON z.id = s.zone_id AND z.active = 1 WHERE s.id = ?`,
      )
      .get(t.serviceId) as { service: string; agency: string; zone: string | null; floor: string | null } | undefined;
    const counterLabel =
      t.counterId === null || (t.status !== 'called' && t.status !== 'serving')
        ? null
        : ((db.prepare('SELECT label FROM counters WHERE id = ?').pluck().get(t.counterId) as string | undefined) ?? null);
    const waiting = t.status === 'waiting';
    const ahead = waiting ? engine.peopleAhead(t) : null;
    const open = engine.countersOpen(t.serviceId);
    const survey = this.surveyState(t);
    const body = {
      number: t.display,
      agencyName: where?.agency ?? '',
      serviceName: where?.service ?? '',
      place: where?.zone === null || where?.zone === undefined ? null : placeText({ name: where.zone, floor: where.floor ?? '' }) || null,
      state: STATE[t.status],
      peopleAhead: ahead,
      estimatedWaitMinutes: ahead === null || open === 0 ? null : engine.estimatedWaitMinutes(t.serviceId, ahead),
      noOpenCounter: waiting && open === 0,
      counterLabel,
      callCount: t.callCount,
      survey: survey.state,
      surveyForm: settings.get('surveyForm'),
      surveyGrant: null as string | null,
      counterWord: settings.get('counterWord'),
      siteName: master.site().name,
      version: 0,
      expiresAt: this.deps.links.expiresAt(t),
    };
    // The grant carries the clock: it would change the version every ms. Everything else is the view.
    body.version = fingerprint(JSON.stringify(body));
    body.surveyGrant = survey.grant;
    return body;
  }

  /** The survey of exactly this ticket, through its link: after the finish, within the window, once. */
  answerSurvey(t: Ticket, answers: Omit<SurveyAnswerInput, 'ticketId' | 'grant'> & { grant?: string }): { ticket: string } {
    const s = this.surveyState(t);
    if (s.state === 'done') throw new HubError('SURVEY_ALREADY_ANSWERED');
    if (s.state !== 'open') throw new HubError('SURVEY_NOT_ELIGIBLE');
    // The token already proved the ticket; the grant (the view's, or a fresh one) records the channel 'qr'.
    const grant = answers.grant ?? s.grant!;
    return this.deps.survey.answer({ ...answers, ticketId: t.id, grant } as SurveyAnswerInput, { deviceId: null });
  }

  fileComplaint(t: Ticket, input: ComplaintInput): { uid: string; reference: string; at: number } {
    return this.deps.complaints.file(input, { channel: 'phone', ticketId: t.id });
  }

  /**
   * Calls `onView` with a new view whenever this ticket's changes: after each committed event of
   * its service or of a counter serving that service (or the ticket itself, a transfer included),
   * recomputed once per burst, sent only when the version moved. `onEnd` when the link expires
   * (`expired`: the page stops reconnecting) or the hub stops (`closing`).
   */
  watch(ticketId: number, onView: (v: PhoneTicketView) => void, onEnd: (why: 'expired' | 'closing') => void): PhoneWatch {
    const { events, engine, db, clock } = this.deps;
    let serviceId = engine.ticket(ticketId)?.serviceId ?? 0;
    const countersOf = () => new Set(db.prepare('SELECT counter_id FROM counter_services WHERE service_id = ?').pluck().all(serviceId) as number[]);
    let counters = countersOf();
    let last = -1;
    let pending: ReturnType<typeof setImmediate> | null = null;
    let stopped = false;
    const recompute = () => {
      pending = null;
      if (stopped) return;
      const t = engine.ticket(ticketId);
      if (!t || clock.now() >= this.deps.links.expiresAt(t)) {
        end('expired');
        return;
      }
      if (t.serviceId !== serviceId) {
        serviceId = t.serviceId;
        counters = countersOf();
      }
      const v = this.view(t);
      if (v.version === last) return;
      last = v.version;
      onView(v);
    };
    const relevant = (e: Event) =>
      e.ticketId === ticketId || e.serviceId === serviceId || (e.counterId !== null && counters.has(e.counterId)) || e.type.startsWith('master.') || e.type === 'settings.changed';
    const unsubscribe = events.subscribe((e) => {
      // A burst (a call is several events) costs one recompute, after the writer's transaction.
      if (!stopped && pending === null && relevant(e)) pending = setImmediate(recompute);
    });
    // The survey window and the day's end pass with no event: looked at once a minute.
    const tick = setInterval(recompute, 60_000);
    const stop = () => {
      stopped = true;
      this.watches.delete(end);
      unsubscribe();
      clearInterval(tick);
      if (pending) clearImmediate(pending);
    };
    const end = (why: 'expired' | 'closing') => {
      if (stopped) return;
      stop();
      onEnd(why);
    };
    this.watches.add(end);
    recompute();
    return { stop };
  }
}
