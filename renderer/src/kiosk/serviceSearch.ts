/**
 * The kiosk's search by service: what a citizen types ("ktp", "pasp", "skck baru", "Imigrasi")
 * against each service's name, its agency's name and short name, and the admin's keywords for it
 * (KTP Elektronik: "ktp, e-ktp, ktp-el"). Case and accents do not matter; every word typed must
 * begin a word of one of those ("ktp" finds "KTP Elektronik", "pasp" finds "Paspor Baru", "lahir"
 * does not find "Kelahiran"). A word written with a hyphen or a slash is also one word without it
 * ("ektp" finds "e-ktp", "ak1" finds "AK/1"), as the on-screen keyboard has neither.
 */
import type { Catalogue } from '../../../shared/protocol.js';

type Agency = Catalogue['agencies'][number];
type Service = Agency['services'][number];

export interface SearchHit {
  agency: Agency;
  service: Service;
}

/** Lower case, accents off ("É" → "e"). */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words of a text, each also without its inner hyphens, slashes and dots. */
function words(text: string): string[] {
  const folded = fold(text);
  const out = folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  for (const chunk of folded.split(/\s+/)) {
    const joined = chunk.replace(/[^\p{L}\p{N}]+/gu, '');
    if (joined && !out.includes(joined)) out.push(joined);
  }
  return out;
}

/** The words typed (a query of none matches nothing). */
export function queryWords(query: string): string[] {
  return fold(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** How well one typed word fits a list of words: 0 none, 1 a word begins with it, 2 a word is it. */
function fit(typed: string, list: readonly string[]): number {
  let best = 0;
  for (const w of list) {
    if (w === typed) return 2;
    if (w.startsWith(typed)) best = 1;
  }
  return best;
}

/**
 * The services that match, best first: a word of the service's own name counts most, then a
 * keyword, then the agency's names; a whole word more than its beginning. Ties keep the
 * catalogue's order.
 */
export function searchServices(catalogue: Catalogue, query: string): SearchHit[] {
  const typed = queryWords(query);
  if (typed.length === 0) return [];
  const scored: { hit: SearchHit; score: number; order: number }[] = [];
  let order = 0;
  for (const agency of catalogue.agencies) {
    const agencyWords = words(`${agency.name} ${agency.shortName}`);
    for (const service of agency.services) {
      order += 1;
      const own = words(service.name);
      const keys = service.keywords.flatMap(words);
      let score = 0;
      let all = true;
      for (const t of typed) {
        const s = Math.max(fit(t, own) * 3, fit(t, keys) * 2, fit(t, agencyWords));
        if (s === 0) {
          all = false;
          break;
        }
        score += s;
      }
      if (all) scored.push({ hit: { agency, service }, score, order });
    }
  }
  return scored.sort((a, b) => b.score - a.score || a.order - b.order).map((s) => s.hit);
}

/** The "Layanan populer" of the catalogue, most issued first. */
export function popularServices(catalogue: Catalogue): SearchHit[] {
  const hits: (SearchHit & { rank: number })[] = [];
  for (const agency of catalogue.agencies) {
    for (const service of agency.services) if (service.popularRank !== null) hits.push({ agency, service, rank: service.popularRank });
  }
  return hits.sort((a, b) => a.rank - b.rank).map(({ agency, service }) => ({ agency, service }));
}
