/**
 * The big area: the latest calls side by side, each with its ticket number as large as its card
 * allows, the counter to go to, the agency and service, and "Panggilan ulang" for a call made
 * again. A call flashes while fresh (the hub's clock, `highlightSeconds`); the ones being said
 * carry a speaker. Before the day's first call: "Selamat datang".
 */
import { useRef } from 'react';
import type { LatestCall } from '../../../shared/protocol.js';
import { fitLine, floorPx, overflows, useFit, vh } from './fitText.js';

export interface BigCallsProps {
  calls: LatestCall[];
  now: number;
  highlightMs: number;
  speaking: readonly number[];
}

/** the largest sizes, vh: a short number in a wide card stops here */
const NUMBER_MAX_VH = 22;
const COUNTER_MAX_VH = 7.5;
/** a number smaller than this (and than its card's width allows) costs the services' names their place */
const NUMBER_WANTED_VH = 12;
const IDLE_MAX_VH = 14;
/** the speaker's width with its margin, em (display.css .speaker) */
const SPEAKER_EM = 1.1;
/** the number's line height (display.css .big-number) */
const LINE = 1.2;

/**
 * "Dukcapil · KTP Elektronik"; only the service when its name already says the agency
 * ("Perpanjangan SIM Polres"), and only the agency in a card without room for the service.
 */
function meta(c: LatestCall) {
  const agency = c.agencyName ?? '';
  const service = c.serviceName;
  if (!agency) return <span className="service">{service}</span>;
  if (service.toLowerCase().includes(agency.toLowerCase())) {
    return (
      <>
        <b className="agency-alone">{agency}</b>
        <span className="service">{service}</span>
      </>
    );
  }
  return (
    <>
      <b>{agency}</b>
      {service && <span className="service"> · {service}</span>}
    </>
  );
}

export function BigCalls({ calls, now, highlightMs, speaking }: BigCallsProps) {
  const band = useRef<HTMLElement>(null);
  const anyRecall = calls.some((c) => c.recall);
  const signature = calls.map((c) => [c.counterId, c.display, c.counterLabel, c.agencyName, c.serviceName, c.recall].join('\u0001')).join('\u0002');

  useFit(band, signature, () => {
    const el = band.current;
    if (!el) return;
    const floor = floorPx();
    const idle = el.querySelector<HTMLElement>('.idle-title');
    if (idle) {
      // "Selamat datang" on one line as large as the band allows (on two beside a playlist).
      idle.classList.remove('wrap');
      const [size] = fitLine([idle], { min: floor, max: Math.max(floor, vh(IDLE_MAX_VH)) });
      if (size! <= floor && overflows(idle)) idle.classList.add('wrap');
    }
    const cards = Array.from(el.querySelectorAll<HTMLElement>('.card'));
    const part = (card: HTMLElement, name: string) => card.querySelector<HTMLElement>(name)!;
    for (const card of cards) card.removeAttribute('data-tight');
    // The counter first (a name too long even at the floor wraps, taking room from the number),
    // one size for all the cards: side by side they read as one board.
    const counters = cards.map((c) => part(c, '.big-counter'));
    for (const c of counters) c.classList.remove('wrap');
    // (room kept for the speaker that shows beside the name while the call is said)
    const counterSize = Math.min(
      ...fitLine(counters, { min: floor, max: Math.max(floor, vh(COUNTER_MAX_VH)), text: (c) => c.querySelector<HTMLElement>('.label')!, extraEm: SPEAKER_EM }),
    );
    for (const c of counters) c.style.fontSize = `${counterSize}px`;
    for (const c of counters) if (overflows(c)) c.classList.add('wrap');
    // The number in what is left, one size for all (the smallest card's). The lines under the
    // counter are made as tall in every card (a service on two lines, a recall's mark), so the
    // cards, centred, keep their numbers and counters in line.
    const numbers = cards.map((c) => part(c, '.big-number'));
    const max = Math.max(floor, vh(NUMBER_MAX_VH));
    const numberSize = () => {
      for (const name of anyRecall ? ['.big-meta', '.big-status'] : ['.big-meta']) {
        const lines = cards.map((c) => part(c, name));
        for (const l of lines) l.style.minHeight = '';
        const tallest = Math.max(...lines.map((l) => l.offsetHeight));
        for (const l of lines) l.style.minHeight = `${tallest}px`;
      }
      el.removeAttribute('data-sized');
      return Math.min(...fitLine(numbers, { min: floor, max, lineHeight: LINE }));
    };
    const byWidth = Math.min(...fitLine(numbers, { min: floor, max }));
    let size = numberSize();
    // Long service names that leave the number well under what its width allows: the big area
    // names the agencies only (the number matters more than the service's name).
    if (size < Math.min(byWidth, vh(NUMBER_WANTED_VH)) * 0.98) {
      for (const card of cards) card.setAttribute('data-tight', '');
      size = numberSize();
    }
    for (const n of numbers) n.style.fontSize = `${size}px`;
    // Measured in the room left (flex 1), shown at its own height: the rest of the card follows
    // it. (Attributes, not classes: a render that changes a card's class keeps them.)
    el.setAttribute('data-sized', '');
  });

  return (
    <section className={`now cards-${Math.max(1, calls.length)}`} ref={band} data-testid="now-calling" aria-live="assertive">
      {calls.length ? (
        calls.map((c) => {
          const fresh = now < c.calledAt + highlightMs;
          const said = speaking.includes(c.ticketId);
          return (
            <article
              key={c.counterId}
              className={['card', fresh ? 'fresh' : '', said ? 'speaking' : '', c.recall ? 'recall' : ''].filter(Boolean).join(' ')}
              data-testid="big-call"
              data-ticket={c.display}
              data-counter={c.counterId}
              data-recall={c.recall ? 'yes' : 'no'}
              data-fresh={fresh ? 'yes' : 'no'}
              data-speaking={said ? 'yes' : 'no'}
            >
              <div className="big-number" data-testid="now-number">
                <span>{c.display}</span>
              </div>
              <div className="big-counter" data-testid="now-counter">
                {said && <Speaker />}
                <span className="label">{c.counterLabel}</span>
              </div>
              <div className="big-meta">{meta(c)}</div>
              {anyRecall && <div className="big-status">{c.recall && <span className="recall-mark">Panggilan ulang</span>}</div>}
            </article>
          );
        })
      ) : (
        <div className="idle">
          <div className="idle-title">Selamat datang</div>
          <div className="idle-sub">Silakan ambil nomor antrean</div>
        </div>
      )}
    </section>
  );
}

/** A loudspeaker with sound waves: this call is being said now. */
function Speaker() {
  return (
    <svg className="speaker" viewBox="0 0 24 24" role="img" aria-label="Sedang diumumkan">
      <path d="M3 9v6h4l5 4V5L7 9H3z" fill="currentColor" />
      <path d="M15.5 8.5a5 5 0 0 1 0 7M18 6a8.5 8.5 0 0 1 0 12" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}
