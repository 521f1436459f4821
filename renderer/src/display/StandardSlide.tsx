/**
 * The slide the hall shows between its media when the site turns on settings.display.standardSlide
 * (issue 22): what the MPP measures, the IKM of the last 30 days with its grade and respondents,
 * then the service standard of the agency just called: per service, what to bring (a checklist),
 * how long it takes and what it costs, so a citizen who waits learns of a missing document before
 * the desk. It takes the media area's box and its text never goes below the display's floor (5vh),
 * so a long list of requirements goes on pages that follow one another, as many as it needs.
 *
 * One turn of the slide is the IKM page, then at most MAX_STANDARD_PAGES pages of standards; the
 * next turn goes on where this one stopped, so an agency of thirty services is shown whole over a
 * few rounds of the playlist without holding the media area for minutes.
 */
import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { DisplaySlide } from '../../../shared/protocol.js';
import { useBoxSize, useFontsVersion } from './fitText.js';

type SlideAgency = DisplaySlide['standards'][number];
type SlideService = SlideAgency['services'][number];

/** A page of text across a hall needs time to be read, whatever the playlist's image seconds are. */
const MIN_PAGE_SECONDS = 10;
/** The standards' pages in one turn (the IKM page comes before them). */
const MAX_STANDARD_PAGES = 4;

/** Where the next turn of the slide goes on: the service after the last one shown, of that agency. */
const resume = { agencyId: 0, service: 0 };

type Page = { kind: 'ikm' } | { kind: 'standard'; service: number; start: number };

/** "87,50": the IKM as the regulation's intervals read it (two decimals), in Indonesian notation. */
export const ikmNumber = (value: number) => value.toFixed(2).replace('.', ',');

export const StandardSlide = memo(function StandardSlide(props: {
  ikm: DisplaySlide['ikm'];
  /** the agency called most recently, with its services' standards; null: only the IKM */
  agency: SlideAgency | null;
  imageSeconds: number;
  /** the turn is over (the playlist goes on; without a playlist, the slide starts again) */
  onDone: () => void;
}) {
  // A turn keeps what it started with: in a busy hall the next call (of another agency) comes
  // within seconds, and a slide that started again with each one would never get past its first page.
  const [{ ikm, agency, imageSeconds, onDone }] = useState(() => props);
  const services = agency?.services ?? [];
  const [firstService] = useState(() => (agency && resume.agencyId === agency.agencyId && resume.service < services.length ? resume.service : 0));
  const [page, setPage] = useState<Page>(() => (ikm ? { kind: 'ikm' } : { kind: 'standard', service: firstService, start: 0 }));
  const shown = useRef(0);
  /** the first requirement that did not fit on this page (measured after layout), null until measured */
  const nextStart = useRef<number | null>(null);
  const [measured] = useState(() => (n: number) => (nextStart.current = n));

  useEffect(() => {
    const timer = setTimeout(
      () => {
        shown.current += page.kind === 'standard' ? 1 : 0;
        const next = nextPage(page, services, firstService, nextStart.current);
        if (!next || shown.current >= MAX_STANDARD_PAGES) {
          if (agency) resume.agencyId = agency.agencyId;
          // A service cut short starts again from its first requirement, unless it alone filled the turn.
          resume.service = next?.kind === 'standard' ? (next.start > 0 && next.service === firstService ? next.service + 1 : next.service) : 0;
          onDone();
          return;
        }
        nextStart.current = null;
        setPage(next);
      },
      Math.max(imageSeconds, MIN_PAGE_SECONDS) * 1000,
    );
    return () => clearTimeout(timer);
  }, [page, services, firstService, imageSeconds, onDone, agency]);

  if (page.kind === 'ikm' && ikm) return <IkmPage ikm={ikm} />;
  const service = page.kind === 'standard' ? services[page.service] : undefined;
  if (!agency || !service || page.kind !== 'standard') return null;
  return <StandardPage agencyName={agency.agencyName} service={service} start={page.start} onMeasured={measured} />;
});

/** The page after `page`: the rest of a service's requirements, the next service, or none (the turn is over). */
function nextPage(page: Page, services: SlideService[], firstService: number, nextStart: number | null): Page | null {
  if (page.kind === 'ikm') return services.length ? { kind: 'standard', service: firstService, start: 0 } : null;
  const reqs = services[page.service]?.requirements ?? [];
  if (nextStart !== null && nextStart > page.start && nextStart < reqs.length) return { ...page, start: nextStart };
  const service = page.service + 1;
  return service < services.length && service !== firstService ? { kind: 'standard', service, start: 0 } : null;
}

/** "Indeks Kepuasan Masyarakat 30 hari terakhir: 87,50 (B, Baik), 2 responden" */
function IkmPage({ ikm }: { ikm: NonNullable<DisplaySlide['ikm']> }) {
  return (
    <section className="slide ikm" data-testid="standard-slide" data-page="ikm">
      <h2>Indeks Kepuasan Masyarakat</h2>
      <p className="slide-sub">30 hari terakhir:</p>
      <p className="ikm-figure">
        <b data-testid="ikm-value">{ikmNumber(ikm.value)}</b>
        <span className="ikm-grade">
          ({ikm.grade}, {ikm.gradeName})
        </span>
      </p>
      <p className="slide-sub">{ikm.respondents.toLocaleString('id-ID')} responden</p>
    </section>
  );
}

/**
 * One service's standard from requirement `start` on: as many requirements as fit the box (at the
 * floor's size, each wrapping rather than cut), the rest for the next page; `onMeasured` gets the
 * first one left out.
 */
function StandardPage({ agencyName, service, start, onMeasured }: { agencyName: string; service: SlideService; start: number; onMeasured: (next: number) => void }) {
  const list = useRef<HTMLOListElement>(null);
  const box = useBoxSize(list);
  const fonts = useFontsVersion();
  const [fit, setFit] = useState<number | null>(null);
  const reqs = service.requirements.slice(start);
  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    // Every requirement from `start` is laid out; those whose bottom is past the box wait for the next page (at least one per page).
    const items = Array.from(el.children) as HTMLElement[];
    const limit = el.clientHeight;
    let n = items.findIndex((li) => li.offsetTop + li.offsetHeight > limit + 1);
    if (n === -1) n = items.length;
    n = Math.max(1, n);
    setFit(n);
    onMeasured(start + n);
  }, [service, start, box?.width, box?.height, fonts, onMeasured]);
  const facts = [service.completionTime && `Waktu: ${service.completionTime}`, service.fee && `Biaya: ${service.fee}`].filter(Boolean);
  // One line for the heading: the agency is the one on the big call beside it (and in data-agency).
  const title = reqs.length === 0 ? service.name : `Persyaratan ${service.name}${start > 0 ? ' (lanjutan)' : ''}`;
  return (
    <section className="slide standard" data-testid="standard-slide" data-page="standard" data-service={service.name} data-agency={agencyName}>
      <h2>{title}</h2>
      <ol className="slide-reqs" ref={list} start={start + 1}>
        {reqs.map((r, i) => (
          <li key={start + i} style={fit !== null && i >= fit ? { visibility: 'hidden' } : undefined}>
            {r}
          </li>
        ))}
      </ol>
      {facts.length > 0 && (
        <p className="slide-facts">
          {/* each fact whole on its own line when both do not fit on one */}
          {facts.map((f, i) => (
            <span key={i}>{f}</span>
          ))}
        </p>
      )}
    </section>
  );
}
