/**
 * The screens: the built renderer, one HTML page per role (renderer/vite.config.ts), or, when it
 * has not been built, a placeholder that says how to build it. Unknown paths answer NOT_FOUND in
 * the error shape.
 *
 * Caching: the scripts and stylesheets under /assets/ carry a hash of their content in their
 * names, so a browser keeps them for a year without asking again; the pages, which name them, are
 * checked with the hub on every load (`no-cache`: a 304 when nothing changed), so a new build
 * reaches every screen at its next load. Compression: the build wrote a .br and a .gz beside each
 * file, sent as they are to a browser that accepts them; the hub spends no CPU on it.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { errorBody } from '../../../shared/errors.js';
import { placeholderPage } from './placeholder.js';

/**
 * The ticket's phone page (/t/<token>, ../phoneTicket.ts), from phone.html: public, not a role, so
 * not under ROLE_PAGES (a bare /phone would serve it to anyone). A token that is not a live one of
 * this hub gets the same page with 404, one body for every bad token; the page then says the link
 * is not valid (its API call is refused the same way).
 */
const PHONE_PAGE = 'phone.html';
/** Opening the page is rare (a scan, a reload): far below the hub's global limit per address. */
const PHONE_PAGE_RATE = { max: 60, timeWindow: '1 minute' };

/** The role pages, each served at /<role> and under it (/counter/…), from <role>.html. */
export const ROLE_PAGES = ['kiosk', 'counter', 'display', 'admin', 'setup', 'survey'] as const;
const HOME_PAGE = 'index.html';

export const IMMUTABLE = 'public, max-age=31536000, immutable';

function cacheHeaders(rendererDir: string): (res: { setHeader(name: string, value: string): unknown }, path: string) => void {
  const assets = join(rendererDir, 'assets') + sep;
  return (res, path) => {
    res.setHeader('cache-control', path.startsWith(assets) ? IMMUTABLE : 'no-cache');
    // A cache between the hub and a screen must not hand brotli to a browser that asked for gzip.
    res.setHeader('vary', 'accept-encoding');
  };
}

/** The renderer folder when every page of the build is in it. */
function builtRenderer(dir: string | undefined): string | null {
  if (!dir) return null;
  const pages = [HOME_PAGE, PHONE_PAGE, ...ROLE_PAGES.map((p) => `${p}.html`)];
  return pages.every((p) => existsSync(join(dir, p))) ? resolve(dir) : null;
}

export async function registerPages(app: FastifyInstance, rendererDirOption: string | undefined, phoneTokenValid: (token: string) => boolean = () => false): Promise<void> {
  const rendererDir = builtRenderer(rendererDirOption);
  if (rendererDir) {
    await app.register(fastifyStatic, {
      root: rendererDir,
      wildcard: false,
      // The pages have their own routes below; the precompressed copies are not files of their own.
      index: false,
      globIgnore: ['**/*.br', '**/*.gz'],
      preCompressed: true,
      cacheControl: false,
      setHeaders: cacheHeaders(rendererDir),
    });
  }
  const placeholder = placeholderPage();
  const page = (file: string) => (rendererDir ? (_req: unknown, reply: FastifyReply) => reply.sendFile(file) : (_req: unknown, reply: FastifyReply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(placeholder));

  app.get('/', page(HOME_PAGE));
  for (const role of ROLE_PAGES) {
    app.get(`/${role}`, page(`${role}.html`));
    // Client-side paths under a role page (e.g. /counter/login) load the same page.
    app.get(`/${role}/*`, page(`${role}.html`));
  }

  app.get<{ Params: { token: string } }>('/t/:token', { config: { rateLimit: PHONE_PAGE_RATE } }, (req, reply) => {
    const valid = req.params.token.length <= 64 && phoneTokenValid(req.params.token);
    if (!valid) reply.code(404);
    // The page only, with no ticket in it: the view comes from the API, under the same token.
    return page(PHONE_PAGE)(req, reply);
  });

  app.setNotFoundHandler((_req, reply) => {
    reply.code(404).send(errorBody('NOT_FOUND'));
  });
}
