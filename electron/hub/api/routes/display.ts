/** What the hall display reads: the calls and waiting counts, its media playlist, and its IKM and service-standard slide. */
import { DisplaySlide, DisplayState, MediaList } from '../../../../shared/protocol.js';
import { addDays } from '../../../../shared/serviceCalendar.js';
import type { HubCore } from '../../core.js';
import { listMedia } from '../displayFiles.js';
import { route, type RouteSpec } from '../route.js';

/**
 * What the display endpoints use: the read model, the data directory the media live in, and for
 * the slide the reports (the IKM), the standards, the master data (names), the engine (today) and the clock.
 */
export type DisplayRouteDeps = Pick<HubCore, 'views' | 'dataDir' | 'reports' | 'standards' | 'master' | 'engine' | 'clock'>;

/** The IKM on the slide: the last 30 business dates, today included (a "30 hari terakhir" any citizen reads the same way). */
const IKM_DAYS = 30;
/**
 * How long one IKM answer serves every display: ten TVs asking every few minutes start one report
 * job a minute at most, never ten at once in the report worker an admin's export also waits on.
 */
const IKM_FRESH_MS = 60_000;

type SlideIkm = DisplaySlide['ikm'];

/** The MPP's IKM of the last 30 days, read in the report worker, one job for every display asking within a minute. */
function ikmOfLastDays(deps: Pick<DisplayRouteDeps, 'reports' | 'engine' | 'clock'>): () => Promise<SlideIkm> {
  let kept: { at: number; today: string; ikm: Promise<SlideIkm> } | null = null;
  return () => {
    const today = deps.engine.today();
    const now = deps.clock.now();
    if (kept && kept.today === today && now - kept.at < IKM_FRESH_MS) return kept.ikm;
    const from = addDays(today, 1 - IKM_DAYS);
    const ikm = deps.reports.ikm(from, today, 'json').then((out) => {
      if (out.format !== 'json') return null;
      const r = out.body;
      return r.converted === null || r.grade === null ? null : { value: r.converted, grade: r.grade, gradeName: r.gradeName ?? '', respondents: r.respondents, from, to: today };
    });
    kept = { at: now, today, ikm };
    // A failed read (the worker busy with an admin's year of reports) is tried again at the next ask, not kept for a minute.
    ikm.catch(() => {
      if (kept?.ikm === ikm) kept = null;
    });
    return ikm;
  };
}

/**
 * The standards the slide may show: what a citizen needs before coming (requirements, completion
 * time, fee) of each active service that has one, per active agency, in kiosk order. The whole
 * hall's: a display paired for a zone shows only the agencies it calls for.
 */
function slideStandards(deps: Pick<DisplayRouteDeps, 'standards' | 'master'>): DisplaySlide['standards'] {
  // A standard with only a product or a procedure written says nothing a citizen must bring, wait for or pay.
  const summaries = new Map([...deps.standards.summaries()].filter(([, s]) => s.requirements.length > 0 || s.completionTime !== '' || s.fee !== ''));
  const services = deps.master.services();
  const out: DisplaySlide['standards'] = [];
  for (const agency of deps.master.agencies()) {
    if (!agency.active) continue;
    const list = services
      .filter((s) => s.agencyId === agency.id && s.active && summaries.has(s.id))
      .map((s) => ({ serviceId: s.id, name: s.name, ...summaries.get(s.id)! }));
    if (list.length) out.push({ agencyId: agency.id, agencyName: agency.shortName, services: list });
  }
  return out;
}

export function displayRoutes(deps: DisplayRouteDeps): RouteSpec<unknown, unknown, unknown>[] {
  const { views, dataDir } = deps;
  const ikm = ikmOfLastDays(deps);
  const specs = [
    route({
      method: 'GET',
      url: '/api/display/state',
      summary: 'What the hall display shows: the latest call at each counter, waiting per agency (a display paired for a zone: that zone only)',
      tag: 'display',
      auth: { kind: 'device', roles: ['display', 'admin'] },
      response: DisplayState,
      // The zone is the device's, set when it was paired: never something the page asks for.
      handler: ({ device }) => views.display(device?.role === 'display' ? (device.zoneId ?? null) : null),
    }),
    route({
      method: 'GET',
      url: '/api/display/media',
      summary: 'The media playlist of the displays: images and videos in <data dir>/media, by name',
      tag: 'display',
      auth: { kind: 'device', roles: ['display', 'admin'] },
      response: MediaList,
      handler: () => listMedia(dataDir),
    }),
    route({
      method: 'GET',
      url: '/api/display/slide',
      summary: 'The display slide (settings.display.standardSlide): the MPP’s IKM of the last 30 days, and the service standards (requirements, completion time, fee) per agency',
      tag: 'display',
      auth: { kind: 'device', roles: ['display', 'admin'] },
      response: DisplaySlide,
      handler: async () => ({ ikm: await ikm(), standards: slideStandards(deps) }),
    }),
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}
