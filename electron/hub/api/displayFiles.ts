/**
 * Files the hall display plays: the voice clips (the MPP's own recordings in <data dir>/voice/
 * first, then the generated ones in assets/voice/id/) and the media playlist of <data dir>/media/.
 * Served without a token, because an <audio> or <img> element cannot send one; they hold nothing
 * private. Names are checked against a strict pattern, so no path leaves those folders.
 */
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { errorBody } from '../../../shared/errors.js';

const TYPES: Record<string, string> = {
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
};
const MEDIA = new Set(['.jpg', '.jpeg', '.png', '.webp', '.mp4', '.webm']);

/** assets/voice/id, found by walking up from this module (source or compiled). */
function generatedVoiceDir(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'assets', 'voice', 'id');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return null;
}

export function listMedia(dataDir: string): { file: string; kind: 'image' | 'video' }[] {
  const dir = join(dataDir, 'media');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^[A-Za-z0-9._ -]{1,100}$/.test(f) && MEDIA.has(extname(f).toLowerCase()) && statSync(join(dir, f)).isFile())
    .sort()
    .map((file) => ({ file, kind: ['.mp4', '.webm'].includes(extname(file).toLowerCase()) ? 'video' : 'image' }));
}

export function registerDisplayFiles(app: FastifyInstance, dataDir: string, logo: (id: number) => { data: Buffer; type: string } | null): void {
  // Agency logos, for the kiosk's tiles (public like the rest: an <img> sends no token).
  app.get<{ Params: { id: string } }>('/logos/:id', async (req, reply) => {
    const l = /^\d{1,9}$/.test(req.params.id) ? logo(Number(req.params.id)) : null;
    if (!l) return reply.code(404).send(errorBody('NOT_FOUND'));
    return reply.type(l.type).header('cache-control', 'max-age=60').send(l.data);
  });

  const generated = generatedVoiceDir();

  app.get<{ Params: { name: string } }>('/voice/:name', async (req, reply) => {
    const name = req.params.name;
    if (!/^[a-z]{1,20}$/.test(name)) return reply.code(404).send(errorBody('NOT_FOUND'));
    const candidates = [
      ...['.wav', '.mp3', '.ogg'].map((ext) => join(dataDir, 'voice', `${name}${ext}`)),
      ...(generated ? [join(generated, `${name}.wav`)] : []),
    ];
    const file = candidates.find((f) => existsSync(f));
    if (!file) return reply.code(404).send(errorBody('NOT_FOUND'));
    return reply.type(TYPES[extname(file)]!).header('cache-control', 'max-age=300').send(createReadStream(file));
  });

  app.get<{ Params: { file: string } }>('/media/:file', async (req, reply) => {
    const entry = listMedia(dataDir).find((m) => m.file === req.params.file);
    if (!entry) return reply.code(404).send(errorBody('NOT_FOUND'));
    return reply.type(TYPES[extname(entry.file).toLowerCase()]!).send(createReadStream(join(dataDir, 'media', entry.file)));
  });
}
