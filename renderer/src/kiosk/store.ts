/**
 * The kiosk's state: what the hub says (catalogue, printer, connection, whether it knows this
 * kiosk), kept current by the event stream (../api/liveStore.ts, ./liveCatalogue.ts), and where
 * the citizen is in the three taps: agency → service → "Ambil tiket" (an agency with one service
 * skips its service step; the priority question is a choice on the confirm screen).
 *
 * Each citizen starts fresh: `reset` (idle, "Selesai", the done screen's countdown, an error)
 * brings back the home screen, Bahasa Indonesia and no choice at all (`citizen` is the key the
 * screens are mounted under, so a search typed or a page turned goes too).
 *
 * Taking a ticket is retry-safe: one request id per ticket asked for, sent again after any drop,
 * so a hub that restarts in the middle yields exactly one ticket, and nothing is shown as issued
 * before the hub said so. The citizen is never held longer than ISSUE_PATIENCE_MS without a way
 * out ("Batal" / "Coba lagi", the latter with the same request id).
 *
 * Printing: inside the Antre app on a machine with its own printer (USB, serial, LAN, set up in
 * the app's wizard), the ticket is printed by the app's main process through the bridge
 * (`window.antre.printTicket(ticketId, lang)`: the page names the ticket, never a printer); main
 * reports the outcome and the printer's status to the hub, which tells this page back. Everywhere
 * else (a browser, an app kiosk without a printer of its own) the hub prints for the kiosk.
 */
import { create } from 'zustand';
import type { Catalogue, CheckInResponse, Event, IssueTicketResponse, KioskPrinterResponse, PrinterStatus, PrintReply, PrintResult } from '../../../shared/protocol.js';
import { deviceCredentials } from '../api/device.js';
import { hubCall, HubRefusal, newRequestId, type Message } from '../api/hub.js';
import { followLive, type Live } from '../api/liveStore.js';
import type { StreamState } from '../api/stream.js';
import { i18n } from '../i18n.js';
import { applyToCatalogue, msUntilHoursChange } from './liveCatalogue.js';

type Agency = Catalogue['agencies'][number];
type Service = Agency['services'][number];

/** Where "Kembali" on the confirm screen goes: the agency's services, or home (a one-service agency, a search). */
export type BackTo = { name: 'home' } | { name: 'agency'; agencyId: number };

/** A ticket asked for: the same request id for every send of it. */
export interface TicketAsk {
  serviceId: number;
  priorityGroup: string | null;
  back: BackTo;
  requestId: string;
  /**
   * A booking check-in (issue 23, docs/BOOKING.md): the code as scanned or typed. With serviceId 0
   * the hub finds the service from the booking; otherwise it is the citizen's choice after the hub
   * said the booking was not received (or its service is unavailable).
   */
  booking?: string;
}

/** What became of the print: the printer's answer, no printer for this kiosk, or not known yet. */
export type PrintShown = PrintResult['outcome'] | 'none' | 'pending';

export type Step =
  | { name: 'home' }
  | { name: 'agency'; agencyId: number }
  | { name: 'confirm'; serviceId: number; priorityGroup: string | null; back: BackTo }
  /** the complaint form (./ComplaintForm.tsx), from the home screen when the site offers it */
  | { name: 'complaint' }
  /** `stuck`: no answer for ISSUE_PATIENCE_MS; the screen offers "Batal" and "Coba lagi" */
  | { name: 'issuing'; ask: TicketAsk; phase: 'issue' | 'print'; retrying: boolean; stuck: boolean }
  | { name: 'done'; issued: IssueTicketResponse; print: PrintShown; checkIn?: Message }
  /** "Punya booking? / Check-in": the code scanned (a USB scanner types it) or typed (./CheckIn.tsx) */
  | { name: 'checkin' }
  /**
   * The hub refused (with SERVICE_CLOSED its reason and when tickets can be taken again), or did
   * not answer. `retry` asks again for the same service (with the same request id when the hub may
   * have issued it); null when asking again cannot help (the service is gone).
   */
  | { name: 'failed'; message: Message; closedReason?: string | null; nextOpening?: Message | null; retry: TicketAsk | null };

export type PrinterTrouble = 'paper_end' | 'cover_open' | 'offline' | 'error' | null;

/** The hub refused this kiosk's token (401): never paired, or revoked by an admin. */
export interface Unpaired {
  code: string;
}

interface KioskState {
  catalogue: Catalogue | null;
  connection: StreamState;
  printer: PrinterStatus | null;
  unpaired: Unpaired | null;
  step: Step;
  /** changes for each citizen: the screens are keyed by it, so nothing of the previous one stays */
  citizen: number;
  /** a short message over the home screen ("Layanan ini tidak tersedia lagi"), cleared by the next step */
  notice: Message | null;
  /**
   * A booking the hub has not received (or whose service is unavailable): the citizen chooses the
   * service as usual, and the ticket is asked for as that booking's check-in, with the hub's message
   * shown on the way (docs/BOOKING.md). Cleared with the citizen.
   */
  booking: { code: string; message: Message } | null;
  /** the check-in screen's "Check-in" (or a scanner's Enter) */
  checkIn(code: string): Promise<void>;
  go(step: Step): void;
  /** the next citizen: home, Bahasa Indonesia, every choice cleared; `notice` says why, if anything went wrong */
  reset(notice?: Message | null): void;
  chooseService(serviceId: number): void;
  /** the confirm screen's priority choice (null: none) */
  choosePriority(group: string | null): void;
  takeTicket(): Promise<void>;
  /** "Coba lagi" on the failed screen or while the hub does not answer: the same ticket asked again */
  retry(): Promise<void>;
  /** follows the hub until the returned function is called */
  start(): () => void;
}

const RETRY_MS = 1500;
/**
 * How long "Ambil tiket" waits for the hub before the citizen gets "Batal" / "Coba lagi". Past
 * the 1–2 s a hub restart takes, short of the minute an elderly citizen would stand there.
 */
export const ISSUE_PATIENCE_MS = 15_000;
/**
 * How long the kiosk waits for the print's answer before it shows the number anyway, saying the
 * ticket is being printed. A printer that confirms answers in a second or two; one in an
 * `unknown` state keeps the hub waiting for its confirmation ~11 s (electron/printer/printJob.ts
 * DEFAULT_TIMINGS), which the citizen need not stand through.
 */
export const PRINT_PATIENCE_MS = 3000;
/** How long a print is retried after a lost answer before it counts as unconfirmed. */
const PRINT_GIVE_UP_MS = 60_000;
/** After an opening or closing time, by the hub's clock, before asking whether it took effect. */
const HOURS_MARGIN_MS = 3000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const GONE: Message = { id: 'Layanan ini tidak tersedia lagi.', en: 'This service is no longer available.' };
/** Refusals after which asking again for the same service cannot give a ticket. */
const FINAL = new Set(['SERVICE_INACTIVE', 'SERVICE_NOT_FOUND']);
/** Check-in refusals after which the citizen chooses the service and gets a walk-in ticket. */
const CHOOSE_SERVICE = new Set(['BOOKING_NOT_RECEIVED', 'BOOKING_SERVICE_UNAVAILABLE']);

/** A printer state that stops a ticket from coming out. */
export function printerTrouble(status: PrinterStatus | null): PrinterTrouble {
  if (!status) return null;
  return status.state === 'paper_end' || status.state === 'cover_open' || status.state === 'offline' || status.state === 'error' ? status.state : null;
}

/**
 * What a SERVICE_CLOSED refusal says besides "closed" (electron/hub/queue/engine.ts refusalDetails):
 * the admin's reason and the next opening's text. Read with care: a hub a version apart may send less.
 */
export function closedDetails(err: HubRefusal): { closedReason: string | null; nextOpening: Message | null } {
  if (err.code !== 'SERVICE_CLOSED' || !err.details || typeof err.details !== 'object') return { closedReason: null, nextOpening: null };
  const d = err.details as { reason?: unknown; nextOpening?: { text?: { id?: unknown; en?: unknown } } | null };
  const text = d.nextOpening?.text;
  return {
    closedReason: typeof d.reason === 'string' && d.reason ? d.reason : null,
    nextOpening: text && typeof text.id === 'string' && typeof text.en === 'string' ? { id: text.id, en: text.en } : null,
  };
}

/** The hub does not know this kiosk's token: the 401s of a device (not an officer's session). */
export function isUnpaired(err: unknown): err is HubRefusal {
  return err instanceof HubRefusal && err.status === 401 && (err.code === 'UNAUTHENTICATED' || err.code === 'DEVICE_REVOKED');
}

export function findAgency(c: Catalogue, agencyId: number): Agency | null {
  return c.agencies.find((a) => a.id === agencyId) ?? null;
}

export function findService(c: Catalogue, serviceId: number): { agency: Agency; service: Service } | null {
  for (const agency of c.agencies) {
    const service = agency.services.find((s) => s.id === serviceId);
    if (service) return { agency, service };
  }
  return null;
}

/**
 * The step as the catalogue allows it: a step whose agency or service is no longer offered (an
 * admin deactivated it while a citizen was on it) goes home. Steps past the tap keep their ticket.
 */
function stillOffered(c: Catalogue, step: Step): boolean {
  switch (step.name) {
    case 'agency':
      return findAgency(c, step.agencyId) !== null;
    case 'confirm':
      return findService(c, step.serviceId) !== null;
    default:
      return true;
  }
}

interface Snapshot {
  catalogue: Catalogue;
  printer: PrinterStatus | null;
}

export const useKiosk = create<KioskState>((set, get) => {
  let live: Live | null = null;
  let hoursTimer: ReturnType<typeof setTimeout> | null = null;
  let noticeTimer: ReturnType<typeof setTimeout> | null = null;
  /** the hub's clock minus this machine's, from the latest live event: kiosk clocks drift offline */
  let skewMs = 0;
  /**
   * Which ticket flow is current: "Batal", a reset or a new "Coba lagi" make the answers of an
   * older one stale, so they are not shown to the next citizen.
   */
  let flow = 0;

  const setNotice = (notice: Message | null) => {
    if (noticeTimer) clearTimeout(noticeTimer);
    noticeTimer = notice ? setTimeout(() => set({ notice: null }), 10_000) : null;
    set({ notice });
  };

  /** Any step change: a notice belongs to the screen it was shown over. */
  const setStep = (step: Step) => {
    if (get().notice) setNotice(null);
    set({ step });
  };

  const refused = (err: unknown) => {
    if (isUnpaired(err)) set({ unpaired: { code: err.code } });
  };

  const load = async (): Promise<Snapshot> => {
    // Asked early, so a printer of this machine's that is out of paper shows before the first tap.
    void printsItself();
    try {
      const [catalogue, printer] = await Promise.all([
        hubCall<Catalogue>('GET', '/api/catalogue'),
        hubCall<KioskPrinterResponse>('GET', '/api/printer').then(
          (p) => p.status,
          () => get().printer,
        ),
      ]);
      return { catalogue, printer };
    } catch (err) {
      refused(err);
      throw err;
    }
  };

  /** A fresh catalogue when a service's opening hours begin or end, or the day does. */
  const watchHours = () => {
    if (hoursTimer) clearTimeout(hoursTimer);
    const c = get().catalogue;
    if (!c || !live) return;
    const hubNow = Date.now() + skewMs;
    hoursTimer = setTimeout(() => void live?.resync(), msUntilHoursChange(c, hubNow) + HOURS_MARGIN_MS);
  };

  /** A new catalogue, and the citizen sent home if what they were choosing is gone from it. */
  const takeCatalogue = (catalogue: Catalogue, more: Partial<KioskState> = {}) => {
    const gone = !stillOffered(catalogue, get().step);
    set({ catalogue, ...more, ...(gone ? { step: { name: 'home' } as Step, citizen: get().citizen + 1 } : {}) });
    if (gone) setNotice(GONE);
  };

  const apply = (e: Event): void | 'resync' => {
    if (get().connection === 'live') {
      const skew = e.at - Date.now();
      const moved = Math.abs(skew - skewMs) > 2000;
      skewMs = skew;
      if (moved) watchHours();
    }
    if (e.type === 'printer.status') {
      if (e.deviceId === deviceCredentials().deviceId) {
        const { previousState: _previous, ...status } = e.data;
        set({ printer: status });
      }
      return;
    }
    const c = get().catalogue;
    if (!c) return 'resync';
    const next = applyToCatalogue(c, e);
    if (next === 'resync') return 'resync';
    if (next !== 'unchanged') takeCatalogue(next);
  };

  /** The language the citizen chose, for the paper. */
  const lang = (): 'id' | 'en' => (i18n.language === 'en' ? 'en' : 'id');

  /**
   * Whether this machine prints tickets itself: asked of the app once (a browser has no bridge).
   * A bridge that does not answer (main restarting) counts as no printer of its own this time, and
   * is asked again at the next ticket rather than remembered.
   */
  let ownPrinter: Promise<boolean> | null = null;
  const printsItself = (): Promise<boolean> => {
    const bridge = typeof window === 'undefined' ? undefined : window.antre;
    if (!bridge) return Promise.resolve(false);
    ownPrinter ??= bridge.printerStatus().then(
      (status) => {
        if (status) set({ printer: status });
        return status !== null;
      },
      () => {
        ownPrinter = null;
        return false;
      },
    );
    return ownPrinter;
  };

  /**
   * Prints on this machine's own printer through the app. Main journals the job before the first
   * byte, so asking again for the same ticket never gives a second paper; the hub learns the
   * outcome from main, retried until it answers.
   */
  const printHere = async (ticketId: number): Promise<PrintShown> => {
    try {
      const r = await window.antre!.printTicket(ticketId, lang());
      if (r.status.state !== 'unknown') set({ printer: r.status });
      return r.outcome;
    } catch {
      // Main did not answer (restarting): whether the paper came out is not known here.
      return 'unconfirmed';
    }
  };

  /**
   * Prints the ticket just issued. A lost answer is asked again: the hub gives the job under way,
   * or TICKET_ALREADY_PRINTED, never a second paper. A hub a version older than the `lang` body
   * refuses it (VALIDATION_FAILED): the ticket is then asked for as before, in Indonesian.
   */
  const print = async (ticketId: number): Promise<PrintShown> => {
    if (await printsItself()) return printHere(ticketId);
    let body: { lang: 'id' | 'en' } | undefined = { lang: lang() };
    const deadline = Date.now() + PRINT_GIVE_UP_MS;
    for (;;) {
      try {
        const r = await hubCall<PrintReply>('POST', `/api/tickets/${ticketId}/print`, body);
        set({ printer: r.result.status });
        return r.result.outcome;
      } catch (err) {
        if (err instanceof HubRefusal) {
          if (err.code === 'VALIDATION_FAILED' && body) {
            body = undefined;
            continue;
          }
          refused(err);
          // A retry after a lost answer finds the ticket already printed.
          return err.code === 'TICKET_ALREADY_PRINTED' ? 'printed' : err.code === 'PRINTER_NOT_CONFIGURED' ? 'none' : 'failed';
        }
        // The hub may have printed it: "if no ticket came out, note the number".
        if (Date.now() > deadline) return 'unconfirmed';
        await sleep(RETRY_MS);
      }
    }
  };

  /**
   * Asks the hub for the ticket, then prints it. Exactly once: every send carries `ask.requestId`,
   * and the hub answers a request id it has seen with the ticket it gave then.
   *
   * A ticket issued whose answer was lost (the hub committed it, the reply never came) is not
   * lost with it: "Coba lagi" sends the same request id and gets that ticket back. If the citizen
   * taps "Batal" instead (or walks away), the ticket stays in the queue unprinted and unclaimed:
   * the number is called like any other and, nobody coming, ends as a no-show (tidak hadir); the
   * admin's ticket finder shows it issued and never printed. No second ticket is ever made for
   * the same tap, and the next citizen's tap has a request id of its own.
   */
  const ticketFlow = async (ask: TicketAsk): Promise<void> => {
    const mine = ++flow;
    const current = () => flow === mine;
    const issuing = (phase: 'issue' | 'print', retrying: boolean, stuck = false) => {
      if (current()) setStep({ name: 'issuing', ask, phase, retrying, stuck });
    };
    issuing('issue', false);
    const deadline = Date.now() + ISSUE_PATIENCE_MS;
    // Past the deadline the screen offers a way out; an answer still on its way is taken.
    const patience = setTimeout(() => {
      const s = get().step;
      if (current() && s.name === 'issuing' && s.phase === 'issue') issuing('issue', s.retrying, true);
    }, ISSUE_PATIENCE_MS);
    let issued: IssueTicketResponse;
    try {
      for (;;) {
        try {
          issued =
            ask.booking !== undefined
              ? await hubCall<CheckInResponse>('POST', '/api/bookings/check-in', {
                  code: ask.booking,
                  requestId: ask.requestId,
                  ...(ask.serviceId ? { serviceId: ask.serviceId } : {}),
                })
              : await hubCall<IssueTicketResponse>('POST', '/api/tickets', { serviceId: ask.serviceId, priorityGroup: ask.priorityGroup, requestId: ask.requestId });
          break;
        } catch (err) {
          if (!current()) return;
          if (err instanceof HubRefusal && ask.booking !== undefined) {
            refused(err);
            if (CHOOSE_SERVICE.has(err.code) && !ask.serviceId) {
              // Never refused silently: the citizen picks the service and is served as a walk-in.
              set({ step: { name: 'home' }, booking: { code: ask.booking, message: err.text } });
              return;
            }
            const display = (err.details as { display?: unknown } | undefined)?.display;
            const message: Message =
              err.code === 'BOOKING_ALREADY_CHECKED_IN' && typeof display === 'string'
                ? { id: `${err.text.id} Nomor antrean Anda: ${display}.`, en: `${err.text.en} Your ticket number: ${display}.` }
                : err.text;
            setStep({ name: 'failed', message, retry: null });
            return;
          }
          if (err instanceof HubRefusal) {
            refused(err);
            // The service may have closed or filled up since the catalogue came: show what holds now.
            void live?.resync();
            // A refusal is an answer: no ticket was made, so a new try is a new request.
            const again = FINAL.has(err.code) || isUnpaired(err) ? null : { ...ask, requestId: newRequestId() };
            setStep({ name: 'failed', message: err.text, ...closedDetails(err), retry: again });
            return;
          }
          if (Date.now() >= deadline) {
            // Not sent again by itself: the citizen chooses between "Coba lagi" (same id) and "Batal".
            issuing('issue', true, true);
            return;
          }
          issuing('issue', true);
          await sleep(RETRY_MS);
          if (!current()) return;
          if (Date.now() >= deadline) {
            issuing('issue', true, true);
            return;
          }
        }
      }
    } finally {
      clearTimeout(patience);
    }
    if (!current()) return;
    issuing('print', false);
    const printing = print(issued.ticket.id);
    const first = await Promise.race([printing, sleep(PRINT_PATIENCE_MS).then(() => 'pending' as const)]);
    if (!current()) return;
    // The waiting counts move with the ticket's own event on the stream.
    const said = 'message' in issued ? (issued as CheckInResponse).message : undefined;
    setStep({ name: 'done', issued, print: first, ...(said ? { checkIn: said } : {}) });
    if (first !== 'pending') return;
    const outcome = await printing;
    const s = get().step;
    if (s.name === 'done' && s.issued.ticket.id === issued.ticket.id) set({ step: { ...s, print: outcome } });
  };

  return {
    catalogue: null,
    connection: 'connecting',
    printer: null,
    unpaired: null,
    step: { name: 'home' },
    citizen: 0,
    notice: null,
    booking: null,

    async checkIn(code) {
      if (get().step.name !== 'checkin') return;
      await ticketFlow({ serviceId: 0, priorityGroup: null, back: { name: 'home' }, requestId: newRequestId(), booking: code });
    },

    go(step) {
      const c = get().catalogue;
      if (c && !stillOffered(c, step)) {
        get().reset(GONE);
        return;
      }
      // An agency with one service: its service step has nothing to choose.
      if (step.name === 'agency' && c) {
        const services = findAgency(c, step.agencyId)!.services;
        if (services.length === 1) {
          setStep({ name: 'confirm', serviceId: services[0]!.id, priorityGroup: null, back: { name: 'home' } });
          return;
        }
      }
      setStep(step);
    },

    reset(notice = null) {
      flow++;
      set({ step: { name: 'home' }, citizen: get().citizen + 1, booking: null });
      setNotice(notice);
      if (i18n.language !== 'id') void i18n.changeLanguage('id');
    },

    chooseService(serviceId) {
      const from = get().step;
      get().go({ name: 'confirm', serviceId, priorityGroup: null, back: from.name === 'agency' ? { name: 'agency', agencyId: from.agencyId } : { name: 'home' } });
    },

    choosePriority(group) {
      const s = get().step;
      if (s.name === 'confirm') set({ step: { ...s, priorityGroup: group } });
    },

    async takeTicket() {
      const step = get().step;
      if (step.name !== 'confirm') return;
      const { serviceId, priorityGroup, back } = step;
      const booking = get().booking?.code;
      await ticketFlow({ serviceId, priorityGroup, back, requestId: newRequestId(), ...(booking ? { booking } : {}) });
    },

    async retry() {
      const step = get().step;
      const ask = step.name === 'failed' ? step.retry : step.name === 'issuing' && step.stuck ? step.ask : null;
      if (!ask) return;
      const c = get().catalogue;
      // A check-in without a service chosen: the hub finds the service from the booking.
      if (c && !(ask.booking !== undefined && !ask.serviceId) && !findService(c, ask.serviceId)) {
        get().reset(GONE);
        return;
      }
      await ticketFlow(ask);
    },

    start() {
      const mine = followLive<Snapshot>({
        load,
        seqOf: (s) => s.catalogue.lastSeq,
        reset: (s) => {
          takeCatalogue(s.catalogue, { printer: s.printer, unpaired: null });
          watchHours();
        },
        apply,
        onConnection: (connection) => set(connection === 'live' ? { connection, unpaired: null } : { connection }),
        onRefused: (code) => set({ unpaired: { code } }),
      });
      live = mine;
      return () => {
        mine.stop();
        if (live !== mine) return;
        live = null;
        if (hoursTimer) clearTimeout(hoursTimer);
      };
    },
  };
});
