/**
 * Files the hall display plays: the voice clips (the MPP's own recordings in <data dir>/voice/
 * first, then the generated ones in assets/voice/id/) and the media playlist of <data dir>/media/.
 * Served without a token, because an <audio> or <img> element cannot send one; they hold nothing
 * private. Names are checked against a strict pattern, so no path leaves those folders.
 *
 * The MPP's own clips are recorded or uploaded in the admin's Suara tab (or copied into the folder
 * by hand): one file per word, <word>.wav, .mp3, .ogg or .webm (what a browser records). A new
 * recording of a word replaces the old one whatever its format.
 *
 * The media are uploaded from the admin's operations tab (or copied into the folder by hand); their
 * order is <data dir>/media/playlist.json (a list of names; files it does not name follow, by name).
 * Media are not history: deleting one deletes the file.
 */
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { errorBody } from '../../../shared/errors.js';
import { MEDIA_MAX_FILES, MEDIA_MAX_TOTAL_BYTES, MEDIA_NAME, MEDIA_TYPES, type AdminMediaItem, type MediaUpload } from '../../../shared/operations.js';
import { looksLikeAudio, VOICE_CLIP_MAX_BYTES, VOICE_CLIP_NAME, VOICE_CLIP_TYPES, voiceClipType, type VoiceClipType } from '../../../shared/voiceClips.js';
import { HubError } from '../hubError.js';

const TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
};
const MEDIA = new Set(['.jpg', '.jpeg', '.png', '.webp', '.mp4', '.webm']);
/** A clip's type by its extension, in the order the route looks for them (a hand-copied .wav wins). */
const CLIP_EXTENSIONS = Object.entries(VOICE_CLIP_TYPES).map(([type, ext]) => ({ type: type as VoiceClipType, ext }));

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

const PLAYLIST = 'playlist.json';
const mediaDir = (dataDir: string) => join(dataDir, 'media');
const kindOf = (file: string): 'image' | 'video' => (['.mp4', '.webm'].includes(extname(file).toLowerCase()) ? 'video' : 'image');

/** The names playlist.json lists, in its order (an unreadable file orders nothing). */
function playlist(dir: string): string[] {
  try {
    const names: unknown = JSON.parse(readFileSync(join(dir, PLAYLIST), 'utf8'));
    return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : [];
  } catch {
    return [];
  }
}

/** The media files with their sizes, in the order the displays play them. */
export function mediaFiles(dataDir: string): AdminMediaItem[] {
  const dir = mediaDir(dataDir);
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir)
    .filter((f) => MEDIA_NAME.test(f) && MEDIA.has(extname(f).toLowerCase()))
    .map((file) => ({ file, stat: statSync(join(dir, file)) }))
    .filter((f) => f.stat.isFile())
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const rank = new Map(playlist(dir).map((name, i) => [name, i]));
  const place = (f: string) => rank.get(f) ?? Number.MAX_SAFE_INTEGER;
  return files
    .sort((a, b) => place(a.file) - place(b.file))
    .map(({ file, stat }) => ({ file, kind: kindOf(file), bytes: stat.size }));
}

export function listMedia(dataDir: string): { file: string; kind: 'image' | 'video' }[] {
  return mediaFiles(dataDir).map(({ file, kind }) => ({ file, kind }));
}

/** Whether the bytes start as the type says (a renamed .exe is not a picture). */
function looksLike(type: keyof typeof MEDIA_TYPES, b: Buffer): boolean {
  const at = (offset: number, hex: string) => b.subarray(offset, offset + hex.length / 2).toString('hex') === hex;
  switch (type) {
    case 'image/jpeg':
      return at(0, 'ffd8ff');
    case 'image/png':
      return at(0, '89504e470d0a1a0a');
    case 'image/webp':
      return b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP';
    case 'video/mp4':
      return b.subarray(4, 8).toString('latin1') === 'ftyp';
    case 'video/webm':
      return at(0, '1a45dfa3');
  }
}

function writeAtomically(path: string, data: Buffer | string): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** A safe, unused name from the uploaded one: "Iklan KTP (final).JPEG" → "Iklan KTP final.jpg", then "… 2.jpg". */
function safeName(dir: string, original: string, ext: string): string {
  const base =
    original
      .replace(/\.[^.]*$/, '')
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9._ -]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 80) || 'media';
  for (let n = 1; ; n++) {
    const name = `${n === 1 ? base : `${base} ${n}`}${ext}`;
    if (!existsSync(join(dir, name))) return name;
  }
}

/** Adds one uploaded file at the end of the playlist; refuses a wrong type, a file too large, a full folder. */
export function saveMedia(dataDir: string, upload: MediaUpload): AdminMediaItem {
  const spec = MEDIA_TYPES[upload.type];
  // base64 is 4 characters per 3 bytes: refuse before decoding what is too large anyway
  if (Math.floor((upload.data.length * 3) / 4) - 2 > spec.maxBytes) throw new HubError('MEDIA_TOO_LARGE', { maxBytes: spec.maxBytes });
  const bytes = Buffer.from(upload.data, 'base64');
  if (bytes.length > spec.maxBytes) throw new HubError('MEDIA_TOO_LARGE', { maxBytes: spec.maxBytes });
  if (bytes.length < 12 || !looksLike(upload.type, bytes)) throw new HubError('MEDIA_WRONG_TYPE');
  const existing = mediaFiles(dataDir);
  const total = existing.reduce((sum, m) => sum + m.bytes, 0);
  if (existing.length >= MEDIA_MAX_FILES || total + bytes.length > MEDIA_MAX_TOTAL_BYTES) {
    throw new HubError('MEDIA_FULL', { files: existing.length, bytes: total });
  }
  const dir = mediaDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = safeName(dir, upload.name, spec.ext);
  writeAtomically(join(dir, file), bytes);
  writeAtomically(join(dir, PLAYLIST), JSON.stringify([...existing.map((m) => m.file), file], null, 1));
  return { file, kind: spec.kind, bytes: bytes.length };
}

/** A new order: exactly the files there are, each once. */
export function orderMedia(dataDir: string, files: string[]): AdminMediaItem[] {
  const existing = mediaFiles(dataDir).map((m) => m.file);
  const same = files.length === existing.length && new Set(files).size === files.length && files.every((f) => existing.includes(f));
  if (!same) throw new HubError('VALIDATION_FAILED', { files: 'every media file, each once' });
  mkdirSync(mediaDir(dataDir), { recursive: true });
  writeAtomically(join(mediaDir(dataDir), PLAYLIST), JSON.stringify(files, null, 1));
  return mediaFiles(dataDir);
}

/** Deletes a media file (not history: it goes for good). */
export function deleteMedia(dataDir: string, file: string): AdminMediaItem {
  const entry = mediaFiles(dataDir).find((m) => m.file === file);
  if (!entry) throw new HubError('MEDIA_NOT_FOUND');
  unlinkSync(join(mediaDir(dataDir), file));
  const rest = mediaFiles(dataDir).map((m) => m.file);
  writeAtomically(join(mediaDir(dataDir), PLAYLIST), JSON.stringify(rest, null, 1));
  return entry;
}

// ---- voice clips ---------------------------------------------------------------------------

const voiceDir = (dataDir: string) => join(dataDir, 'voice');

/** The MPP's own recording of a word, as the display gets it. */
export interface CustomClip {
  file: string;
  type: VoiceClipType;
  bytes: number;
  updatedAt: number;
}

/** The MPP's own recordings by word: the one the display plays when a word has several files. */
export function customClips(dataDir: string): Map<string, CustomClip> {
  const dir = voiceDir(dataDir);
  const found = new Map<string, CustomClip>();
  if (!existsSync(dir)) return found;
  const names = new Set(readdirSync(dir));
  for (const { type, ext } of CLIP_EXTENSIONS) {
    for (const name of names) {
      if (!name.endsWith(ext)) continue;
      const word = name.slice(0, -ext.length);
      if (!VOICE_CLIP_NAME.test(word) || found.has(word)) continue;
      const stat = statSync(join(dir, name));
      if (stat.isFile()) found.set(word, { file: join(dir, name), type, bytes: stat.size, updatedAt: Math.floor(stat.mtimeMs) });
    }
  }
  return found;
}

/** The words the generated clip set says (assets/voice/id/<word>.wav). */
export function builtinClipWords(): Set<string> {
  const dir = generatedVoiceDir();
  if (!dir) return new Set();
  return new Set(
    readdirSync(dir)
      .filter((f) => f.endsWith('.wav'))
      .map((f) => f.slice(0, -4))
      .filter((w) => VOICE_CLIP_NAME.test(w)),
  );
}

/**
 * Keeps an uploaded recording as the word's clip, in place of any earlier one (in any format).
 * Refuses, changing nothing, what is not the audio its Content-Type says or is too large.
 */
export function saveVoiceClip(dataDir: string, word: string, contentType: string | undefined, body: unknown): CustomClip {
  const type = voiceClipType(contentType);
  if (!type || !(body instanceof Uint8Array)) throw new HubError('VOICE_CLIP_WRONG_TYPE', { contentType: contentType ?? null, types: Object.keys(VOICE_CLIP_TYPES) });
  if (body.length > VOICE_CLIP_MAX_BYTES) throw new HubError('VOICE_CLIP_TOO_LARGE', { bytes: body.length, maxBytes: VOICE_CLIP_MAX_BYTES });
  if (!looksLikeAudio(type, body)) throw new HubError('VOICE_CLIP_WRONG_TYPE', { contentType: type, contents: 'not that type' });
  const dir = voiceDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const ext = VOICE_CLIP_TYPES[type];
  writeAtomically(join(dir, `${word}${ext}`), Buffer.from(body.buffer, body.byteOffset, body.length));
  // Only once the new one is in place: a failed write leaves the old recording playing.
  for (const other of CLIP_EXTENSIONS) if (other.ext !== ext && existsSync(join(dir, `${word}${other.ext}`))) unlinkSync(join(dir, `${word}${other.ext}`));
  return customClips(dataDir).get(word)!;
}

/** Deletes the MPP's own recording of a word (every format of it): the generated clip, if any, is said again. */
export function deleteVoiceClip(dataDir: string, word: string): CustomClip {
  const clip = customClips(dataDir).get(word);
  if (!clip) throw new HubError('VOICE_CLIP_NOT_FOUND', { word });
  for (const { ext } of CLIP_EXTENSIONS) if (existsSync(join(voiceDir(dataDir), `${word}${ext}`))) unlinkSync(join(voiceDir(dataDir), `${word}${ext}`));
  return clip;
}

export function registerDisplayFiles(app: FastifyInstance, dataDir: string, logo: (id: number) => { data: Buffer; type: string } | null): void {
  // Agency logos, for the kiosk's tiles (public like the rest: an <img> sends no token).
  app.get<{ Params: { id: string } }>('/logos/:id', async (req, reply) => {
    const l = /^\d{1,9}$/.test(req.params.id) ? logo(Number(req.params.id)) : null;
    if (!l) return reply.code(404).send(errorBody('NOT_FOUND'));
    return reply.type(l.type).header('cache-control', 'max-age=60').send(l.data);
  });

  const generated = generatedVoiceDir();

  // A clip is uploaded as its own bytes (PUT /api/admin/voice/:word, routes/voice.ts), not as JSON.
  // Only audio/*: every other type still meets the hub's 415, and the route says which audio it takes.
  app.addContentTypeParser(/^audio\//, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.get<{ Params: { name: string } }>('/voice/:name', async (req, reply) => {
    const name = req.params.name;
    if (!VOICE_CLIP_NAME.test(name)) return reply.code(404).send(errorBody('NOT_FOUND'));
    const own = CLIP_EXTENSIONS.map(({ type, ext }) => ({ file: join(voiceDir(dataDir), `${name}${ext}`), type })).find((c) => existsSync(c.file));
    if (own) {
      // A minute, not five: a clip recorded again in the admin is heard on the displays soon after.
      return reply.type(own.type).header('cache-control', 'max-age=60').send(createReadStream(own.file));
    }
    const builtin = generated ? join(generated, `${name}.wav`) : null;
    if (!builtin || !existsSync(builtin)) return reply.code(404).send(errorBody('NOT_FOUND'));
    return reply.type('audio/wav').header('cache-control', 'max-age=300').send(createReadStream(builtin));
  });

  app.get<{ Params: { file: string } }>('/media/:file', async (req, reply) => {
    const entry = listMedia(dataDir).find((m) => m.file === req.params.file);
    if (!entry) return reply.code(404).send(errorBody('NOT_FOUND'));
    return reply.type(TYPES[extname(entry.file).toLowerCase()]!).send(createReadStream(join(dataDir, 'media', entry.file)));
  });
}
