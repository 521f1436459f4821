/**
 * The phone page's calls, all under the ticket's token (/api/phone/<token>…): plain fetch and
 * EventSource, which every phone browser of the last five years has.
 */
import type { PhoneTicketView } from '../../../shared/phoneTicket.js';
import type { Lang } from './strings.js';

export type View = PhoneTicketView;

/** A refusal from the hub, with its message in both languages (shared/errors.ts). */
export class Refused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: { id: string; en: string } | null,
  ) {
    super(code);
  }
  say(lang: Lang): string | null {
    return this.text ? this.text[lang] : null;
  }
}

/** The token this page is for: the link's last path segment. */
export const TOKEN = decodeURIComponent(location.pathname.replace(/\/+$/, '').split('/').pop() ?? '');
const BASE = `/api/phone/${encodeURIComponent(TOKEN)}`;

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await fetch(BASE + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
    credentials: 'omit',
  });
  const json = (await res.json().catch(() => null)) as { error?: { code: string; message: { id: string; en: string } } } | null;
  if (!res.ok) throw new Refused(res.status, json?.error?.code ?? 'HTTP_' + res.status, json?.error?.message ?? null);
  return json as T;
}

export const fetchView = () => call<View>('GET', '');
export const sendSurvey = (answers: unknown) => call<{ ticket: string }>('POST', '/survey', answers);
export const sendComplaint = (complaint: unknown) => call<{ uid: string; reference: string; at: number }>('POST', '/complaints', complaint);

/**
 * Listens to the ticket's stream. EventSource reconnects by itself after a dropped Wi-Fi; when the
 * browser gives up (the hub was away too long), a new one is opened after a pause. `onGone`: the
 * link expired (the business day is over). A `final` event ends the listening quietly.
 */
export function listen(onView: (v: View) => void, onState: (connected: boolean) => void, onGone: () => void): () => void {
  let source: EventSource | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const open = () => {
    if (stopped) return;
    source = new EventSource(`${BASE}/stream`);
    source.onopen = () => onState(true);
    source.onmessage = (e) => onView(JSON.parse(String(e.data)) as View);
    source.addEventListener('gone', () => {
      stop();
      onGone();
    });
    // Nothing will change any more (served and surveyed, or cancelled): the last view stands, and
    // the stream's place goes to a citizen still waiting.
    source.addEventListener('final', stop);
    source.onerror = () => {
      onState(false);
      if (source && source.readyState === EventSource.CLOSED) {
        // The browser gave up (the hub answered an error, e.g. the link ran out while it was away):
        // ask the view; a refused link ends the page, anything else tries again shortly.
        source = null;
        fetchView().then(
          (v) => {
            onView(v);
            retry = setTimeout(open, 2000);
          },
          (err: unknown) => {
            if (err instanceof Refused && err.status === 404) {
              stop();
              onGone();
            } else retry = setTimeout(open, 5000);
          },
        );
      }
    };
  };
  const stop = () => {
    stopped = true;
    clearTimeout(retry);
    if (source) source.close();
  };
  open();
  return stop;
}
