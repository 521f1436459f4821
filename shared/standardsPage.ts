/**
 * The public page of an MPP's standar pelayanan, as HTML: the hub serves it at /standar on the
 * building's network and the central server at /public/:site/standar, the same page from the
 * same function, so a citizen reads the same thing in the hall and at home. Written for phones
 * of several years ago: no script at all, a few lines of CSS, one <details> per service (350
 * services stay a short list to scroll), agencies first. Everything an admin typed is escaped.
 */
import type { PublishedStandard } from './serviceStandard.js';

export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page's Content-Security-Policy: nothing but its own inline style. */
export const STANDARDS_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

const STYLE =
  'body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:46em;padding:1em;line-height:1.45;color:#1a1a1a}' +
  'h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.15em;margin:1.4em 0 .4em;border-bottom:2px solid #0b5;padding-bottom:.2em}' +
  'details{border:1px solid #ccc;border-radius:6px;margin:.4em 0;padding:.3em .7em}summary{font-weight:600;cursor:pointer;padding:.3em 0}' +
  'dt{font-weight:600;margin-top:.6em}dd{margin:.1em 0 0 0}ol,ul{margin:.2em 0;padding-left:1.4em}.fee{color:#064}nav a{display:inline-block;margin:.15em .6em .15em 0}';

/** Multi-line text as lines (a procedure: one step per line). */
const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

function field(label: string, value: string, multiline = false): string {
  if (!value) return '';
  const ls = lines(value);
  const body = multiline && ls.length > 1 ? `<ol>${ls.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ol>` : ls.map(escapeHtml).join('<br>');
  return `<dt>${label}</dt><dd>${body}</dd>`;
}

function serviceBlock(p: PublishedStandard): string {
  const s = p.standard;
  const requirements = s.requirements.length ? `<dt>Persyaratan</dt><dd><ul>${s.requirements.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul></dd>` : '';
  return (
    `<details id="layanan-${p.serviceId}"><summary>${escapeHtml(p.serviceName)}</summary><dl>` +
    requirements +
    field('Prosedur', s.procedure, true) +
    field('Waktu penyelesaian', s.completionTime) +
    (s.fee ? `<dt>Biaya/tarif</dt><dd class="fee">${escapeHtml(s.fee)}</dd>` : '') +
    field('Produk layanan', s.product) +
    field('Dasar hukum', s.legalBasis, true) +
    field('Pengaduan', s.complaintContact) +
    `</dl></details>`
  );
}

export interface StandardsPageInput {
  /** the MPP's name, as its site is called */
  siteName: string;
  standards: readonly PublishedStandard[];
}

/** The whole page. Agencies in the order the standards come (kiosk order), each with its services. */
export function renderStandardsPage({ siteName, standards }: StandardsPageInput): string {
  const agencies = new Map<number, { name: string; items: PublishedStandard[] }>();
  for (const p of standards) {
    const a = agencies.get(p.agencyId) ?? { name: p.agencyName, items: [] };
    a.items.push(p);
    agencies.set(p.agencyId, a);
  }
  const nav = agencies.size > 1 ? `<nav>${[...agencies].map(([id, a]) => `<a href="#instansi-${id}">${escapeHtml(a.name)}</a>`).join('')}</nav>` : '';
  const body = agencies.size
    ? [...agencies].map(([id, a]) => `<section id="instansi-${id}"><h2>${escapeHtml(a.name)}</h2>${a.items.map(serviceBlock).join('')}</section>`).join('')
    : '<p>Standar pelayanan belum diterbitkan.</p>';
  return (
    `<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>Standar Pelayanan · ${escapeHtml(siteName)}</title><style>${STYLE}</style></head><body>` +
    `<h1>Standar Pelayanan</h1><p><strong>${escapeHtml(siteName)}</strong></p>` +
    `<p>Persyaratan, prosedur, waktu, biaya, dan produk setiap layanan (UU 25/2009). Ketuk nama layanan untuk membaca standarnya. Pastikan Anda membawa semua persyaratan sebelum datang.</p>` +
    nav +
    body +
    `</body></html>`
  );
}
