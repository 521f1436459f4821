/**
 * The big area: the latest calls side by side, each with its ticket number as large as its card
 * allows, the counter to go to, the agency and service, and "Panggilan ulang" for a call made
 * again. A call flashes while fresh (the hub's clock, `highlightSeconds`); the ones being said
 * carry a speaker. Before the day's first call: "Selamat datang".
 */
import { memo, useRef } from 'react';
import type { LatestCall } from '../../../shared/protocol.js';
import { digitsAlike, extentsOf, floorPx, overflows, rulerFor, useFit, vh, type Fit, type Sample } from './fitText.js';

export interface BigCallsProps {
  calls: LatestCall[];
  /** the counters whose call is still fresh (highlighted), comma-separated: a string, so an unchanged one redraws nothing */
  fresh: string;
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

export const BigCalls = memo(function BigCalls({ calls, fresh, speaking }: BigCallsProps) {
  const band = useRef<HTMLElement>(null);
  const anyRecall = calls.some((c) => c.recall);
  const signature = calls.map((c) => [c.counterId, c.display, c.counterLabel, c.agencyName, c.serviceName, c.recall].join('\u0001')).join('\u0002');
  const freshIds = new Set(fresh.split(','));

  useFit(band, signature, () => fitBand(band.current));

  return (
    <section className={`now cards-${Math.max(1, calls.length)}`} ref={band} data-testid="now-calling" aria-live="assertive">
      {calls.length ? (
        calls.map((c) => {
          const isFresh = freshIds.has(String(c.counterId));
          const said = speaking.includes(c.ticketId);
          return (
            <article
              key={c.counterId}
              className={['card', isFresh ? 'fresh' : '', said ? 'speaking' : '', c.recall ? 'recall' : ''].filter(Boolean).join(' ')}
              data-testid="big-call"
              data-ticket={c.display}
              data-counter={c.counterId}
              data-recall={c.recall ? 'yes' : 'no'}
              data-fresh={isFresh ? 'yes' : 'no'}
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
});

/** the counter's line height (display.css .big-counter) */
const COUNTER_LINE = 1.2;
/** how much a size that overflowed all the same (a font's hinting) is taken down, twice at most */
const SHRINK = 0.95;

/**
 * The big area's boxes as last read, for its size and number of cards: a card's width and the
 * height inside it do not depend on what it shows (flex-basis 0, stretched), so they are read
 * again only when the band changes size (checked for free with the layout each fit ends with)
 * or gets another number of cards.
 */
interface Boxes {
  /** the band's size when read, "WxH" */
  band: string;
  /** cards, and whether they have a status line */
  layout: string;
  /** a card's inner width and height, px */
  width: number;
  content: number;
  /** the space above the status line, px */
  statusMargin: number;
}
let boxes: Boxes | null = null;
/** The heights of the lines under the counter, px, by the card's inner width, the screen's height (their font is in vh) and text. */
const lineHeights = new Map<string, { full: number; agencyOnly: number }>();
const LINES_KEPT = 2000;

const bandSize = (el: HTMLElement) => `${el.clientWidth}x${el.clientHeight}`;

/**
 * Sizes the big area's text, as one fit of the batch (fitText.ts). What it needs is mostly kept
 * from earlier fits (the texts' widths, the cards' boxes, the lines' heights), so a new call
 * usually costs no read before the sizes are written; what is not kept is read in one layout
 * (texts on a ruler, boxes, heights). The sizes written are checked with the layout the screen
 * needed anyway.
 *
 * The counter first, one size for all the cards (side by side they read as one board; a name
 * too long even at the floor wraps, taking room from the number; room is kept for the speaker
 * that shows beside it while the call is said). Then the number, one size for all, in what the
 * card has left: the lines under the counter are made as tall in every card (a service on two
 * lines, a recall's mark), so the cards, centred, keep their numbers and counters in line. Long
 * service names that leave the number well under what its width allows: the big area names the
 * agencies only (the number matters more than the service's name). (Attributes, not classes: a
 * render that changes a card's class keeps them.)
 */
function* fitBand(el: HTMLElement | null, again = false): Fit {
  if (!el) return;
  const floor = floorPx();
  const idle = el.querySelector<HTMLElement>('.idle-title');
  const cards = Array.from(el.querySelectorAll<HTMLElement>('.card'));
  const part = (card: HTMLElement, name: string) => card.querySelector<HTMLElement>(name);
  const numbers = cards.map((c) => part(c, '.big-number')!);
  const counters = cards.map((c) => part(c, '.big-counter')!);
  const metas = cards.map((c) => part(c, '.big-meta')!);
  const statuses = cards.map((c) => part(c, '.big-status'));
  const hasStatus = statuses.some(Boolean);
  const layout = `${cards.length}\u0001${hasStatus}\u0001${window.innerHeight}`;
  const samples: Sample[] = [
    ...(idle ? [{ key: 'idle\u0001' + (idle.textContent ?? ''), el: idle }] : []),
    ...cards.map((c, i) => ({ key: `number\u0001${digitsAlike(c.getAttribute('data-ticket') ?? '')}`, el: numbers[i]!, part: 'span' })),
    ...counters.map((c) => ({ key: `counter\u0001${c.querySelector('.label')?.textContent ?? ''}`, el: c, part: '.label' })),
  ];
  let kept = boxes && boxes.layout === layout ? boxes : null;
  const lineKey = (width: number, kind: string, text: string) => `${Math.round(width)}\u0001${window.innerHeight}\u0001${kind}\u0001${text}`;
  const metaKeys = () => metas.map((m) => lineKey(kept!.width, 'meta', m.textContent ?? ''));
  const statusKeys = () => statuses.map((st) => lineKey(kept!.width, 'status', st?.textContent ?? ''));
  const ruler = rulerFor(el, samples);

  if (idle || ruler || !kept || [...metaKeys(), ...(hasStatus ? statusKeys() : [])].some((k) => !lineHeights.has(k))) {
    // Write: the lines' natural heights back, and each meta as it reads with the agency only,
    // laid out over it unseen (absolute, as wide): its height too.
    for (const card of cards) card.removeAttribute('data-tight');
    for (const line of [...metas, ...statuses]) if (line) line.style.minHeight = '';
    const probes = metas.map((meta) => {
      const probe = document.createElement('div');
      probe.className = 'meta-probe';
      probe.setAttribute('aria-hidden', 'true');
      for (const node of Array.from(meta.childNodes)) {
        if (node instanceof HTMLElement && node.classList.contains('service')) continue;
        const copy = node.cloneNode(true);
        if (copy instanceof HTMLElement && copy.classList.contains('agency-alone')) copy.style.display = 'inline';
        probe.appendChild(copy);
      }
      meta.appendChild(probe);
      return probe;
    });
    yield;

    // Read: every box, once.
    ruler?.read();
    const idleWidth = idle?.clientWidth ?? 0;
    if (cards[0]) {
      const style = getComputedStyle(cards[0]);
      kept = {
        band: bandSize(el),
        layout,
        width: numbers[0]!.clientWidth,
        content: cards[0].clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom),
        statusMargin: statuses[0] ? parseFloat(getComputedStyle(statuses[0]).marginTop) : 0,
      };
    }
    const heights = metas.map((m, i) => ({ full: m.offsetHeight, agencyOnly: probes[i]!.offsetHeight }));
    const statusHeights = statuses.map((st) => st?.offsetHeight ?? 0);
    yield;

    ruler?.finish();
    for (const p of probes) p.remove();
    if (kept) {
      boxes = kept;
      if (lineHeights.size > LINES_KEPT) lineHeights.clear();
      metaKeys().forEach((k, i) => lineHeights.set(k, heights[i]!));
      if (hasStatus) statusKeys().forEach((k, i) => lineHeights.set(k, { full: statusHeights[i]!, agencyOnly: statusHeights[i]! }));
    }
    if (idle) {
      // "Selamat datang" on one line as large as the band allows (on two beside a playlist).
      const text = extentsOf(samples)[0]!;
      const size = text.w > 0 ? (idleWidth * 0.98) / text.w : floor;
      idle.style.fontSize = `${Math.max(floor, Math.min(vh(IDLE_MAX_VH), size))}px`;
      idle.classList.toggle('wrap', size < floor);
    }
  }
  if (!cards.length || !kept) return;
  const box = kept;

  // Write: the sizes.
  const measured = extentsOf(samples.slice(idle ? 1 : 0));
  const numberEm = measured.slice(0, cards.length).map((e) => e.w);
  const labelEm = measured.slice(cards.length).map((e) => e.w);
  const counterMax = Math.max(floor, vh(COUNTER_MAX_VH));
  const counterFit = labelEm.map((em) => (box.width * 0.98) / (em + SPEAKER_EM));
  let counterSize = Math.max(floor, Math.min(counterMax, ...counterFit));
  const wraps = counterFit.map((f) => f < floor);
  for (const [i, c] of counters.entries()) {
    c.style.fontSize = `${counterSize}px`;
    c.classList.toggle('wrap', wraps[i]!);
  }
  let counterHeights = counters.map(() => counterSize * COUNTER_LINE);
  if (wraps.some(Boolean)) {
    // A name on several lines: as tall as the browser lays it out.
    yield;
    counterHeights = counters.map((c) => c.offsetHeight);
    yield;
  }

  const tallest = (hs: number[]) => Math.max(0, ...hs);
  const metaLines = metaKeys().map((k) => lineHeights.get(k)!);
  const statusLine = hasStatus ? tallest(statusKeys().map((k) => lineHeights.get(k)!.full)) : 0;
  const statusBlock = hasStatus ? statusLine + box.statusMargin : 0;
  const max = Math.max(floor, vh(NUMBER_MAX_VH));
  const clamp = (n: number) => Math.max(floor, Math.min(max, n));
  const byWidth = clamp(Math.min(...numberEm.map((em) => (em > 0 ? (box.width * 0.98) / em : max))));
  const sized = (metaBlock: number) => clamp(Math.min(byWidth, ...counterHeights.map((h) => (box.content - h - metaBlock - statusBlock) / LINE)));
  let tight = false;
  let size = sized(tallest(metaLines.map((l) => l.full)));
  if (size < Math.min(byWidth, vh(NUMBER_WANTED_VH)) * 0.98) {
    tight = true;
    size = sized(tallest(metaLines.map((l) => l.agencyOnly)));
  }
  const metaBlock = tallest(metaLines.map((l) => (tight ? l.agencyOnly : l.full)));
  for (const [i, card] of cards.entries()) {
    if (tight) card.setAttribute('data-tight', '');
    else card.removeAttribute('data-tight');
    metas[i]!.style.minHeight = `${metaBlock}px`;
    if (statuses[i]) statuses[i]!.style.minHeight = `${statusLine}px`;
    numbers[i]!.style.fontSize = `${size}px`;
  }

  // Check, with the layout the screen needs anyway: a band of another size than the boxes kept
  // means reading them again; a text that overflows all the same (a font's hinting) is taken down a little.
  for (let round = 0; round < 2; round++) {
    yield;
    const moved = bandSize(el) !== box.band;
    const numberOver = cards.some((card, i) => overflows(numbers[i]!) || card.scrollHeight > card.clientHeight + 0.5);
    const counterOver = counters.some((c, i) => !wraps[i] && overflows(c));
    yield;
    if (moved) {
      boxes = null;
      if (!again) yield* fitBand(el, true);
      return;
    }
    if (numberOver && size > floor) {
      size = Math.max(floor, size * SHRINK);
      for (const n of numbers) n.style.fontSize = `${size}px`;
    }
    if (counterOver && counterSize > floor) {
      counterSize = Math.max(floor, counterSize * SHRINK);
      for (const c of counters) c.style.fontSize = `${counterSize}px`;
    }
    if (!(numberOver && size > floor) && !(counterOver && counterSize > floor)) return;
  }
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
