/**
 * The kiosk's state: what the hub says (catalogue, printer, connection), fed by the event stream,
 * and where the citizen is in the three taps. Taking a ticket is retry-safe: one request id per
 * tap on "Ambil tiket", sent again after any drop until the hub answers, so a hub that restarts
 * in the middle yields exactly one ticket, and nothing is shown as issued before the hub said so.
 */
import { create } from 'zustand';
import type { PrinterStatus, PrintResult } from '../../../shared/printing.js';
import type { Catalogue, Event, IssueTicketResponse } from '../../../shared/protocol.js';
import { hubCall, HubRefusal, HubUnreachable, newRequestId, type Message } from '../api/hub.js';
import { deviceCredentials } from '../api/device.js';
import { openStream, type StreamState } from '../api/stream.js';

export type Step =
  | { name: 'home' }
  | { name: 'agency'; agencyId: number }
  | { name: 'priority'; serviceId: number }
  | { name: 'confirm'; serviceId: number; priorityGroup: string | null }
  | { name: 'issuing'; serviceId: number; priorityGroup: string | null; phase: 'issue' | 'print'; retrying: boolean }
  | { name: 'done'; issued: IssueTicketResponse; print: PrintResult['outcome'] | 'none' }
  | { name: 'failed'; message: Message };

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
  start(): () => void;
}

const RETRY_MS = 1500;
/** How long a tap on "Ambil tiket" keeps trying before it says so plainly. */
const GIVE_UP_MS = 120_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A printer state that stops a ticket from coming out. */
export function printerTrouble(status: PrinterStatus | null): PrinterTrouble {
  if (!status) return null;
  return status.state === 'paper_end' || status.state === 'cover_open' || status.state === 'offline' || status.state === 'error' ? status.state : null;
}

export const useKiosk = create<KioskState>((set, get) => {
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;

  const refreshCatalogue = async () => {
    try {
      set({ catalogue: await hubCall<Catalogue>('GET', '/api/catalogue') });
    } catch {
      // the stream's state already tells the citizen the hub is away
    }
  };
  const refreshPrinter = async () => {
    try {
      const p = await hubCall<{ status: PrinterStatus | null }>('GET', '/api/printer');
      set({ printer: p.status });
    } catch {
      // as above
    }
  };
  // Waiting counts move with every ticket event: fetch once after a burst, not per event.
  const scheduleRefresh = () => {
    if (refreshTimer) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      void refreshCatalogue();
    }, 300);
  };
  const onEvent = (e: Event) => {
    if (e.type === 'printer.status') {
      if (e.deviceId === deviceCredentials().deviceId) set({ printer: e.data as unknown as PrinterStatus });
      return;
    }
    if (e.type.startsWith('ticket.') || e.type === 'day.closed' || e.type === 'settings.changed' || e.type === 'master.changed') scheduleRefresh();
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
        void refreshCatalogue();
        set({ step: { name: 'failed', message: err instanceof HubRefusal ? err.text : { id: 'Server antrean tidak menjawab.', en: 'The queue server does not answer.' } } });
        return;
      }
      issuing('print', false);
      let print: PrintResult['outcome'] | 'none';
      try {
        const r = await untilAnswered(
          () => hubCall<{ result: PrintResult }>('POST', `/api/tickets/${issued.ticket.id}/print`),
          () => issuing('print', true),
        );
        print = r.result.outcome;
        set({ printer: r.result.status });
      } catch (err) {
        // A retry after a lost answer finds the ticket already printed.
        print = err instanceof HubRefusal && err.code === 'TICKET_ALREADY_PRINTED' ? 'printed' : err instanceof HubRefusal && err.code === 'PRINTER_NOT_CONFIGURED' ? 'none' : 'failed';
      }
      set({ step: { name: 'done', issued, print } });
      void refreshCatalogue();
    },

    start() {
      let stream: ReturnType<typeof openStream> | null = null;
      let stopped = false;
      let first = true;
      // The stream starts from the catalogue's seq, so a kiosk never replays the day's history.
      void (async () => {
        while (!stopped && !get().catalogue) {
          await refreshCatalogue();
          if (!get().catalogue) {
            set({ connection: 'down' });
            await sleep(2000);
          }
        }
        if (stopped) return;
        void refreshPrinter();
        stream = openStream({
          since: get().catalogue!.lastSeq,
          onEvent,
          onState: (connection) => {
            set({ connection });
            // Back after a drop: whatever happened meanwhile is in the fresh catalogue.
            if (connection === 'live' && !first) {
              void refreshCatalogue();
              void refreshPrinter();
            }
            if (connection === 'live') first = false;
          },
        });
      })();
      return () => {
        stopped = true;
        stream?.close();
      };
    },
  };
});
