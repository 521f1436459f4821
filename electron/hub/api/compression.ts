/**
 * Compression of what the hub sends (@fastify/compress): brotli for browsers that accept it
 * (Chromium does over HTTPS and on localhost), else gzip, for every answer of 1 KB or more, the
 * JSON API included. The built pages and assets come precompressed (./pages.ts) and pass through
 * untouched. Registered before the routes: the plugin hooks each route as it is declared.
 */
import fastifyCompress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCompress, { encodings: ['br', 'gzip'], threshold: 1024 });
}
