/**
 * The kiosk's state: what the hub says (catalogue, printer, connection), kept current by the event
 * stream (../api/liveStore.ts, ./liveCatalogue.ts), and where the citizen is in the three taps.
 * Taking a ticket is retry-safe: one request id per tap on "Ambil tiket", sent again after any
 * drop until the hub answers, so a hub that restarts in the middle yields exactly one ticket, and
 * nothing is shown as issued before the hub said so.
 */
import { create } from 'zustand';
import type { Catalogue, Event, IssueTicketResponse, KioskPrinterResponse, PrinterStatus, PrintReply, PrintResult } from '../../../shared/protocol.js';
import { deviceCredentials } from '../api/device.js';
import { hubCall, HubRefusal, HubUnreachable, newRequestId, type Message } from '../api/hub.js';
import { followLive, type Live } from '../api/liveStore.js';
import type { StreamState } from '../api/stream.js';
import { applyToCatalogue, msUntilHoursChange } from './liveCatalogue.js';

export type Step =
  | { name: 'home' }
  | { name: 'agency'; agencyId: number }
  | { name: 'priority'; serviceId: number }
  | { name: 'confirm'; serviceId: number; priorityGroup: string | null }
  | { name: 'issuing'; serviceId: number; priorityGroup: string | null; phase: 'issue' | 'print'; retrying: boolean }
  | { name: 'done'; issued: IssueTicketResponse; print: PrintResult['outcome'] | 'none' }
  /** with SERVICE_CLOSED, the hub's reason (a closure's, a pause's) and when tickets can be taken again */
  | { name: 'failed'; message: Message; closedReason?: string | null; nextOpening?: Message | null };

export type PrinterTrouble = 'paper_end' | 'cover_open' | 'offline' | 'error' | null;

interface KioskState {
  catalogue: Catalogue | null;
  connection: StreamState;
  printer: PrinterStatus | null;
  step: Step;
  go(step: Step): void;
  reset(): void;
  chooseService(serviceId: number): void;
  takeTicket(): Promise<void>;
  /** follows the hub until the returned function is called */
  start(): () => void;
}

const RETRY_MS = 1500;
/** How long a tap on "Ambil tiket" keeps trying before it says so plainly. */
const GIVE_UP_MS = 120_000;
/** After an opening or closing time, by the hub's clock, before asking whether it took effect. */
const HOURS_MARGIN_MS = 3000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

interface Snapshot {
  catalogue: Catalogue;
  printer: PrinterStatus | null;
}

export const useKiosk = create<KioskState>((set, get) => {
  let live: Live | null = null;
  let hoursTimer: ReturnType<typeof setTimeout> | null = null;
  /** the hub's clock minus this machine's, from the latest live event: kiosk clocks drift offline */
  let skewMs = 0;

  const load = async (): Promise<Snapshot> => {
    const [catalogue, printer] = await Promise.all([
      hubCall<Catalogue>('GET', '/api/catalogue'),
      hubCall<KioskPrinterResponse>('GET', '/api/printer').then(
        (p) => p.status,
        () => get().printer,
      ),
    ]);
    return { catalogue, printer };
  };

  /** A fresh catalogue when a service's opening hours begin or end, or the day does. */
  const watchHours = () => {
    if (hoursTimer) clearTimeout(hoursTimer);
    const c = get().catalogue;
    if (!c || !live) return;
    const hubNow = Date.now() + skewMs;
    hoursTimer = setTimeout(() => void live?.resync(), msUntilHoursChange(c, hubNow) + HOURS_MARGIN_MS);
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
    if (next !== 'unchanged') set({ catalogue: next });
  };

  /** Sends the same request until the hub answers; a refusal is an answer. */
  async function untilAnswered<T>(call: () => Promise<T>, onRetry: () => void): Promise<T> {
    const deadline = Date.now() + GIVE_UP_MS;
    for (;;) {
      try {
        return await call();
      } catch (err) {
        if (!(err instanceof HubUnreachable) || Date.now() > deadline) throw err;
        onRetry();
        await sleep(RETRY_MS);
      }
    }
  }

  return {
    catalogue: null,
    connection: 'connecting',
    printer: null,
    step: { name: 'home' },

    go: (step) => set({ step }),
    reset: () => set({ step: { name: 'home' } }),

    chooseService(serviceId) {
      const c = get().catalogue;
      const asks = (c?.kiosk.askPriority ?? false) && (c?.priorityGroups.length ?? 0) > 0;
      set({ step: asks ? { name: 'priority', serviceId } : { name: 'confirm', serviceId, priorityGroup: null } });
    },

    async takeTicket() {
      const step = get().step;
      if (step.name !== 'confirm') return;
      const { serviceId, priorityGroup } = step;
      const requestId = newRequestId();
      const issuing = (phase: 'issue' | 'print', retrying: boolean) =>
        set({ step: { name: 'issuing', serviceId, priorityGroup, phase, retrying } });
      issuing('issue', false);
      let issued: IssueTicketResponse;
      try {
        issued = await untilAnswered(
          () => hubCall<IssueTicketResponse>('POST', '/api/tickets', { serviceId, priorityGroup, requestId }),
          () => issuing('issue', true),
        );
      } catch (err) {
        // The service may have closed or filled up since the catalogue came: show what holds now.
        void live?.resync();
        if (err instanceof HubRefusal) set({ step: { name: 'failed', message: err.text, ...closedDetails(err) } });
        else set({ step: { name: 'failed', message: { id: 'Server antrean tidak menjawab.', en: 'The queue server does not answer.' } } });
        return;
      }
      issuing('print', false);
      let print: PrintResult['outcome'] | 'none';
      try {
        const r = await untilAnswered(
          () => hubCall<PrintReply>('POST', `/api/tickets/${issued.ticket.id}/print`),
          () => issuing('print', true),
        );
        print = r.result.outcome;
        set({ printer: r.result.status });
      } catch (err) {
        // A retry after a lost answer finds the ticket already printed.
        print = err instanceof HubRefusal && err.code === 'TICKET_ALREADY_PRINTED' ? 'printed' : err instanceof HubRefusal && err.code === 'PRINTER_NOT_CONFIGURED' ? 'none' : 'failed';
      }
      // The waiting counts move with the ticket's own event on the stream.
      set({ step: { name: 'done', issued, print } });
    },

    start() {
      const mine = followLive<Snapshot>({
        load,
        seqOf: (s) => s.catalogue.lastSeq,
        reset: (s) => {
          set({ catalogue: s.catalogue, printer: s.printer });
          watchHours();
        },
        apply,
        onConnection: (connection) => set({ connection }),
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
