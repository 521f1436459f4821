/**
 * The screens: the built renderer (one page per role) and, when it has not been built, a
 * placeholder that says how to build it. Unknown /api/ paths answer NOT_FOUND in the error shape.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { errorBody } from '../../../shared/errors.js';
import { placeholderPage } from './placeholder.js';

const ROLE_PAGES = ['/kiosk', '/counter', '/display', '/admin', '/setup', '/survey'];

export async function registerPages(app: FastifyInstance, rendererDirOption: string | undefined): Promise<void> {
  const rendererDir = rendererDirOption && existsSync(join(rendererDirOption, 'index.html')) ? resolve(rendererDirOption) : null;
  if (rendererDir) {
    await app.register(fastifyStatic, { root: rendererDir, wildcard: false, index: ['index.html'] });
  }
  const placeholder = placeholderPage();
  const sendPage = (reply: import('fastify').FastifyReply) =>
    rendererDir ? reply.sendFile('index.html') : reply.type('text/html; charset=utf-8').send(placeholder);
  if (!rendererDir) app.get('/', async (_req, reply) => sendPage(reply));
  for (const page of ROLE_PAGES) app.get(page, async (_req, reply) => sendPage(reply));

  app.setNotFoundHandler((req, reply) => {
    if (rendererDir && req.method === 'GET' && !req.url.startsWith('/api/')) {
      // Client-side routes under a role page (e.g. /counter/login) load the app too.
      if (ROLE_PAGES.some((p) => req.url.startsWith(`${p}/`))) return reply.sendFile('index.html');
    }
    reply.code(404).send(errorBody('NOT_FOUND'));
  });
}
