/**
 * The display's voice clips through the real API: which words of the site have no clip (a counter
 * "Loket Dukcapil 2" needs "dukcapil"), the MPP's own recording uploaded for a word and served to
 * the displays in its place, what is not a clip refused with nothing changed, a recording deleted
 * (back to the generated clip, or to nothing), and who may do it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '../../shared/errors.js';
import type { VoiceCoverage, VoiceWordInfo } from '../../shared/voiceClips.js';
import { startTestHub, type TestHub } from '../fixtures/testHub.js';

let t: TestHub;
const admin = () => ({ token: t.admin.token, session: t.admin.session });
function expectError(r: { status: number; json: any }, code: keyof typeof ERRORS) {
  expect(r.json?.error?.code, JSON.stringify(r.json)).toBe(code);
  expect(r.status).toBe(ERRORS[code].status);
  expect(r.json.error.message.id).toBe(ERRORS[code].id);
}

/** A real WAV: 16-bit mono PCM at 8 kHz, `samples` long (a soft tone, so it is not silence). */
function wav(samples = 4000): Buffer {
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(3000 * Math.sin(i / 4)), i * 2);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVE', 8);
  h.write('fmt ', 12);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(8000, 24);
  h.writeUInt32LE(16000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}
/** The start of a WebM file as Chromium's MediaRecorder writes one (an EBML header, doctype webm). */
const WEBM = Buffer.concat([Buffer.from('1a45dfa39f4286810142f7810142f2810442f381084282847765626d', 'hex'), Buffer.alloc(200, 7)]);
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

async function put(word: string, bytes: Buffer | string, contentType: string, who: { token: string; session?: string } = admin()) {
  const res = await fetch(`${t.hub.url}/api/admin/voice/${word}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${who.token}`, ...(who.session ? { 'x-antre-session': who.session } : {}), 'content-type': contentType },
    body: typeof bytes === 'string' ? bytes : new Uint8Array(bytes),
  });
  return { status: res.status, json: (await res.json()) as any };
}
const coverage = async (who: { token: string; session?: string } = admin()) => (await t.client.call<VoiceCoverage>('GET', '/api/admin/voice', who)).json;
const wordOf = async (word: string): Promise<VoiceWordInfo | undefined> => (await coverage()).words.find((w) => w.word === word);
const served = async (word: string) => {
  const res = await fetch(`${t.hub.url}/voice/${word}`);
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
};
const voiceDir = () => join(t.hub.core.dataDir, 'voice');
const files = () => (existsSync(voiceDir()) ? readdirSync(voiceDir()).sort() : []);

beforeAll(async () => {
  t = await startTestHub();
  // The MPP names a counter after its agency, and one with a code of digits and letters.
  for (const label of ['Loket Dukcapil 2', 'Loket 3A']) {
    const r = await t.client.call('POST', '/api/admin/counters', { ...admin(), body: { label, agencyId: 1, serviceIds: [1] } });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
  }
});
afterAll(async () => t?.dispose());

describe('the words the display says at this site', () => {
  it('lists a counter label’s word without a clip, missing ones first, each with where it is used', async () => {
    const c = await coverage();
    const dukcapil = c.words.find((w) => w.word === 'dukcapil')!;
    expect(dukcapil).toMatchObject({ clip: 'missing', builtin: false, custom: null });
    expect(dukcapil.uses).toEqual(expect.arrayContaining([{ kind: 'counter', text: 'Loket Dukcapil 2' }, { kind: 'agency', text: 'Dukcapil' }]));
    // The agency's full name, though the default wording never says it.
    expect(c.words.find((w) => w.word === 'kependudukan')).toMatchObject({ clip: 'missing', uses: [{ kind: 'agency', text: 'Dinas Kependudukan dan Pencatatan Sipil' }] });
    // Words of the generated set are covered: the wording's, the label's, the numbers'.
    expect(c.words.find((w) => w.word === 'loket')).toMatchObject({ clip: 'builtin' });
    expect(c.words.find((w) => w.word === 'nomor')!.uses).toContainEqual({ kind: 'wording', text: 'Nomor antrean {nomor}, silakan menuju {loket}' });
    expect(c.words.find((w) => w.word === 'sembilan')!.uses).toContainEqual({ kind: 'number', text: '' });
    expect(c.words.find((w) => w.word === 'ulang')!.uses).toContainEqual({ kind: 'recall', text: 'panggilan ulang' });
    expect(c.words.find((w) => w.word === 'ce')!.uses).toContainEqual({ kind: 'pronunciation', text: 'SKCK → es ka ce ka' });
    // "3A" is spelled: its words are a digit's and a letter's, both in the generated set.
    expect(c.words.find((w) => w.word === 'tiga')!.uses).toContainEqual({ kind: 'counter', text: 'Loket 3A' });
    expect(c.words.find((w) => w.word === 'a')!.uses).toContainEqual({ kind: 'counter', text: 'Loket 3A' });
    // Missing first.
    const firstCovered = c.words.findIndex((w) => w.clip !== 'missing');
    expect(c.words.slice(0, firstCovered).every((w) => w.clip === 'missing')).toBe(true);
    expect(c.words.slice(firstCovered).some((w) => w.clip === 'missing')).toBe(false);
    expect(c.missing).toBe(firstCovered);
  });
});

describe('the MPP’s own recordings', () => {
  it('takes a WAV for a word: the coverage says so, the displays get it, the audit log names it', async () => {
    const clip = wav();
    const r = await put('dukcapil', clip, 'audio/wav');
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json).toMatchObject({ word: 'dukcapil', clip: 'custom', custom: { type: 'audio/wav', bytes: clip.length } });
    expect(await wordOf('dukcapil')).toMatchObject({ clip: 'custom' });
    const s = await served('dukcapil');
    expect(s).toMatchObject({ status: 200, type: 'audio/wav' });
    expect(s.bytes.equals(clip)).toBe(true);
    const audit = (await t.client.call('GET', '/api/admin/audit?subject=media', admin())).json;
    expect(audit.entries ?? audit).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'voice.upload', after: { word: 'dukcapil', type: 'audio/wav', bytes: clip.length } })]));
  });

  it('takes the browser’s own recording (WebM) in place of the earlier one', async () => {
    const r = await put('dukcapil', WEBM, 'audio/webm;codecs=opus');
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.custom).toMatchObject({ type: 'audio/webm', bytes: WEBM.length });
    const s = await served('dukcapil');
    expect(s.type).toBe('audio/webm');
    expect(s.bytes.equals(WEBM)).toBe(true);
    expect(files()).toEqual(['dukcapil.webm']);
  });

  it('takes the MPP’s own chime, the one the display setting plays', async () => {
    expect(await wordOf('chime-short')).toMatchObject({ uses: [{ kind: 'chime', text: 'short' }] });
    const chime = wav(2000);
    expect((await put('chime-short', chime, 'audio/x-wav')).json).toMatchObject({ word: 'chime-short', clip: 'custom', custom: { type: 'audio/wav' } });
    expect((await served('chime-short')).bytes.equals(chime)).toBe(true);
    expect((await t.client.call('DELETE', '/api/admin/voice/chime-short', admin())).status).toBe(200);
  });

  it('refuses what is not a clip of a word, and changes nothing', async () => {
    const before = { db: t.snapshot(), files: files(), clip: (await served('dukcapil')).bytes };
    expectError(await put('dukcapil', PNG, 'audio/wav'), 'VOICE_CLIP_WRONG_TYPE');
    expectError(await put('dukcapil', wav(), 'audio/ogg'), 'VOICE_CLIP_WRONG_TYPE');
    expectError(await put('dukcapil', wav(), 'audio/flac'), 'VOICE_CLIP_WRONG_TYPE');
    expectError(await put('dukcapil', '{"data":"UklGRg=="}', 'application/json'), 'VOICE_CLIP_WRONG_TYPE');
    expectError(await put('dukcapil', wav(600_000), 'audio/wav'), 'VOICE_CLIP_TOO_LARGE');
    for (const word of ['Dukcapil', 'loket2', 'a'.repeat(41), 'gerai-lima', 'chime-long', 'lima%20']) expectError(await put(word, wav(), 'audio/wav'), 'VALIDATION_FAILED');
    expectError(await t.client.call('DELETE', '/api/admin/voice/kependudukan', admin()), 'VOICE_CLIP_NOT_FOUND');
    expect({ db: t.snapshot(), files: files(), clip: (await served('dukcapil')).bytes }).toEqual(before);
  });

  it('deletes a recording: the generated clip is said again, or none', async () => {
    const nomor = readFileSync(join('assets', 'voice', 'id', 'nomor.wav'));
    expect((await put('nomor', wav(), 'audio/wav')).json.clip).toBe('custom');
    expect((await served('nomor')).bytes.equals(nomor)).toBe(false);
    const back = await t.client.call('DELETE', '/api/admin/voice/nomor', admin());
    expect(back.status, JSON.stringify(back.json)).toBe(200);
    expect(back.json).toMatchObject({ word: 'nomor', clip: 'builtin', custom: null });
    expect((await served('nomor')).bytes.equals(nomor)).toBe(true);

    expect((await t.client.call('DELETE', '/api/admin/voice/dukcapil', admin())).json).toMatchObject({ clip: 'missing' });
    expect((await served('dukcapil')).status).toBe(404);
    expect(await wordOf('dukcapil')).toMatchObject({ clip: 'missing' });
    expect(files()).toEqual([]);
  });
});

describe('who may', () => {
  it('refuses a screen that is not the admin’s, and an agency’s supervisor; a whole-MPP supervisor may', async () => {
    for (const role of ['kiosk', 'display', 'counter'] as const) {
      const device = await t.pair(role, role === 'counter' ? { counterId: 1 } : {});
      expectError(await t.client.call('GET', '/api/admin/voice', { token: device.token }), 'FORBIDDEN_ROLE');
      expectError(await put('dukcapil', wav(), 'audio/wav', { token: device.token }), 'FORBIDDEN_ROLE');
    }
    const add = await t.client.call('POST', '/api/admin/officers', { ...admin(), body: { name: 'Kepala Gerai Polres', username: 'kepala.polres', pin: '5678', role: 'supervisor', agencyId: 2 } });
    expect(add.status, JSON.stringify(add.json)).toBe(201);
    const pc = await t.pair('admin', { name: 'PC kepala gerai' });
    const kepala = { token: pc.token, session: await t.login(pc.token, 'kepala.polres', '5678') };
    expectError(await t.client.call('GET', '/api/admin/voice', kepala), 'AGENCY_SCOPE');
    expectError(await put('dukcapil', wav(), 'audio/wav', kepala), 'AGENCY_SCOPE');
    expect(files()).toEqual([]);

    const mpp = { token: pc.token, session: await t.login(pc.token, 'supervisor', '135790') };
    expect((await coverage(mpp)).missing).toBeGreaterThan(0);
  });
});
