/**
 * The ticket on the citizen's phone, over real HTTP against a hub with a hand-moved clock (the demo
 * MPP in Asia/Jakarta, Monday 09:00 WIB):
 * - the QR code carries `…/t/<id>.<yyyymmdd>.<mac>`, on the hub's own LAN address and port or the
 *   site's publicBaseUrl, and the kiosk's survey scanner still reads it (and the old ANTRE: code);
 * - a token with another id, another date, a flipped mac, or past its business day answers 404
 *   with exactly the body of an unknown one, and so does its page;
 * - the view says nothing of any other ticket;
 * - the stream pushes "called" well within 1 s of the call's answer;
 * - the survey: refused before the finish, taken once after it (channel qr, this ticket only),
 *   refused again and after the window; a complaint is filed about this ticket's service.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub } from '../../electron/hub/hub.js';
import { seedDemo } from '../../electron/hub/seed/demo.js';
import { transportVerdict } from '../../electron/hub/api/transportPolicy.js';
import { endOfBusinessDay } from '../../electron/hub/phoneTicket.js';
import { ERRORS } from '../../shared/errors.js';
import { PhoneTicketView } from '../../shared/phoneTicket.js';
import { ManualClock } from '../fixtures/clock.js';
import { MONDAY_9AM_WIB } from '../fixtures/smallSite.js';
import { tempDir } from '../fixtures/tempDir.js';
import { startTestHub, type TestHub } from '../fixtures/testHub.js';

const KTP = 1; // demo: KTP Elektronik (prefix A), served at Gerai 1–4
const GERAI_1 = 1;

let t: TestHub;
let kiosk: { token: string };
let counter: { token: string; session: string };
let n = 0;

async function issue(): Promise<{ id: number; display: string; businessDate: string }> {
  const r = await t.client.call('POST', '/api/tickets', { token: kiosk.token, body: { serviceId: KTP, requestId: `phone-it-${n++}` } });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json.ticket;
}
async function act(action: string) {
  const r = await t.client.call('POST', `/api/counters/${GERAI_1}/${action}`, { token: counter.token, session: counter.session, body: {} });
  expect(r.status, `${action}: ${JSON.stringify(r.json)}`).toBe(200);
  return r.json;
}
/** Calls the next ticket at Gerai 1 until `id` is called. */
async function callUntil(id: number) {
  for (let i = 0; i < 50; i++) {
    const r = await act('call-next');
    if (r.ticket.id === id) return r;
    await act('finish');
  }
  throw new Error(`ticket ${id} never called`);
}
const tokenOf = (tk: { id: number; businessDate: string }) => t.hub.core.phoneLinks.token(tk);
const view = (token: string) => t.client.call<PhoneTicketView>('GET', `/api/phone/${token}`);
const raw = async (path: string, init: RequestInit = {}) => {
  const res = await fetch(t.hub.url + path, init);
  return { status: res.status, body: await res.text() };
};
const postJson = (path: string, body: unknown) => raw(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Reads a stream's frames as they come: `data` views and named events. */
async function openStream(baseUrl: string, token: string) {
  const ac = new AbortController();
  const res = await fetch(`${baseUrl}/api/phone/${token}/stream`, { signal: ac.signal });
  const frames: { event: string; data: string }[] = [];
  let ended = false;
  const reader = res.body!.getReader();
  const pump = (async () => {
    const dec = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) break;
      buffer += dec.decode(value, { stream: true });
      let i: number;
      while ((i = buffer.indexOf('\n\n')) >= 0) {
        const lines = buffer.slice(0, i).split('\n');
        buffer = buffer.slice(i + 2);
        const data = lines.find((l) => l.startsWith('data: '));
        if (data) frames.push({ event: lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message', data: data.slice(6) });
      }
    }
    ended = true;
  })();
  const until = async (pred: () => boolean, ms: number) => {
    const end = Date.now() + ms;
    while (!pred() && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
    return pred();
  };
  return { res, frames, ended: () => ended, until, close: async () => (ac.abort(), await pump) };
}

beforeAll(async () => {
  t = await startTestHub();
  kiosk = await t.pair('kiosk');
  const device = await t.pair('counter', { counterId: GERAI_1 });
  counter = { token: device.token, session: await t.login(device.token, 'petugas01', '1234', GERAI_1) };
});
afterAll(async () => t?.dispose());

describe('the link in the QR code', () => {
  it("is the hub's LAN address and port with a signed token, or the site's public address; the survey scanner reads it", async () => {
    const tk = await issue();
    const full = t.hub.core.engine.ticket(tk.id)!;
    const link = t.hub.core.survey.qrPayload(full);
    const day = full.businessDate.replace(/-/g, '');
    expect(link).toMatch(new RegExp(`^http://[0-9.]+:${t.hub.port}/t/${tk.id}\\.${day}\\.[A-Za-z0-9_-]{22}$`));
    // The printed ticket carries it.
    expect(t.hub.core.printing.ticketData(full, false).qrPayload).toBe(link);
    t.hub.core.settings.update({ publicBaseUrl: 'http://antrean.mpp.lan:8080' }, {});
    expect(t.hub.core.survey.qrPayload(full)).toBe(`http://antrean.mpp.lan:8080/t/${tokenOf(tk)}`);
    t.hub.core.settings.update({ publicBaseUrl: null }, {});
    // The kiosk's survey reads the link (whatever host it names) and still the older code.
    const byCode = (code: string) => t.client.call('GET', `/api/survey/ticket?code=${encodeURIComponent(code)}`, { token: kiosk.token });
    expect((await byCode(link)).json).toMatchObject({ ticketId: tk.id, channel: 'qr', reason: 'not_finished' });
    expect((await byCode(t.hub.core.survey.legacyCode(tk))).json).toMatchObject({ ticketId: tk.id, channel: 'qr' });
    const forged = link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await byCode(forged)).json.error.code).toBe('SURVEY_CODE_INVALID');
  });

  it('expires at the end of the business day in the site’s zone (midnight WIB is 17:00 UTC)', () => {
    expect(endOfBusinessDay('2026-11-23', 'Asia/Jakarta')).toBe(Date.UTC(2026, 10, 23, 17, 0));
    expect(endOfBusinessDay('2026-11-23', 'Asia/Makassar')).toBe(Date.UTC(2026, 10, 23, 16, 0));
    expect(endOfBusinessDay('2026-11-23', 'Asia/Jayapura')).toBe(Date.UTC(2026, 10, 23, 15, 0));
  });

  it('is served over plain HTTP to a phone on the LAN with no credential, and only its own paths', () => {
    const lan = (method: string, path: string, headers: Record<string, string> = {}) =>
      transportVerdict({ method, path, headers, remoteAddress: '192.168.1.50', encrypted: false }, { httpsPort: 7843, plainDisplays: false });
    expect(lan('GET', '/t/1.20261123.AAAAAAAAAAAAAAAAAAAAAA')).toBe('phone');
    expect(lan('GET', '/api/phone/x/stream')).toBe('phone');
    expect(lan('POST', '/api/phone/x/survey')).toBe('phone');
    expect(lan('POST', '/api/phone/x/complaints')).toBe('phone');
    expect(lan('GET', '/assets/phone-1.js')).toBe('phone');
    // The published service standards: public, read on the same phone.
    expect(lan('GET', '/standar')).toBe('phone');
    expect(lan('GET', '/api/standards')).toBe('phone');
    expect(lan('PUT', '/api/admin/services/1/standard')).toBe('refuse');
    expect(lan('POST', '/api/phone/x')).toBe('refuse');
    expect(lan('GET', '/api/phone/x', { authorization: 'Bearer abc' })).toBe('refuse');
    expect(lan('GET', '/api/catalogue')).toBe('refuse');
    expect(lan('POST', '/api/tickets')).toBe('refuse');
  });
});

describe('a changed or expired token', () => {
  it('answers 404 with the body of an unknown one, page and API alike, and changes nothing', async () => {
    const tk = await issue();
    const other = await issue(); // id+1 exists: a real ticket, not this token's
    expect(other.id).toBe(tk.id + 1);
    const good = tokenOf(tk);
    const [id, day, mac] = good.split('.') as [string, string, string];
    const flip = (c: string) => (c === 'A' ? 'B' : 'A');
    const bad = [
      `${Number(id) + 1}.${day}.${mac}`,
      `${id}.${String(Number(day) + 1)}.${mac}`,
      `${id}.${String(Number(day) - 1)}.${mac}`,
      `${id}.${day}.${mac.slice(0, 5)}${flip(mac[5]!)}${mac.slice(6)}`,
      `${id}.${day}.${flip(mac[0]!)}${mac.slice(1)}`,
      `${id}.${day}.${mac.slice(0, -1)}`,
      `${id}.${day}`,
      'hello',
    ];
    const unknown = await raw('/api/phone/999999.20261123.AAAAAAAAAAAAAAAAAAAAAA');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error.code).toBe('NOT_FOUND');
    // The same as a path the hub does not have at all: nothing says the endpoint exists.
    expect((await raw('/api/nothing-here')).body).toBe(unknown.body);
    const unknownPage = await raw('/t/999999.20261123.AAAAAAAAAAAAAAAAAAAAAA');
    expect(unknownPage.status).toBe(404);
    const snap = t.snapshot();
    for (const token of bad) {
      // A new minute for each: the per-address limits (5 complaints a minute) are not what is tested here.
      t.clock.advance(61_000);
      for (const suffix of ['', '/stream']) {
        const r = await raw(`/api/phone/${token}${suffix}`);
        expect(r, token + suffix).toEqual({ status: 404, body: unknown.body });
      }
      const page = await raw(`/t/${token}`);
      expect(page, token).toEqual({ status: 404, body: unknownPage.body });
      for (const [path, body] of [
        ['survey', { form: 'short', value: 4 }],
        ['complaints', { category: 'lainnya', text: 'Antrean terlalu lama sekali.', requestId: `bad-${n++}-abcdefgh` }],
      ] as const) {
        const r = await postJson(`/api/phone/${token}/${path}`, body);
        expect(r, `${token} ${path}`).toEqual({ status: 404, body: unknown.body });
      }
    }
    expect(t.snapshot()).toBe(snap);
    // The good one works, page and API.
    expect((await view(good)).status).toBe(200);
    expect((await raw(`/t/${good}`)).status).toBe(200);
  });
});

describe('the view', () => {
  it('shows this ticket only: number, service, place, people ahead and estimate, nothing of anyone else', async () => {
    const before = await issue();
    const tk = await issue();
    const after = await issue();
    const r = await view(tokenOf(tk));
    expect(r.status).toBe(200);
    const v = PhoneTicketView.strict().parse(r.json);
    expect(v).toMatchObject({ number: tk.display, state: 'waiting', serviceName: 'KTP Elektronik', counterLabel: null, survey: 'not_yet', surveyGrant: null });
    expect(v.peopleAhead).toBeGreaterThanOrEqual(1);
    expect(v.expiresAt).toBe(Date.UTC(2026, 10, 23, 17, 0));
    const text = JSON.stringify(r.json);
    for (const o of [before, after]) {
      expect(text).not.toContain(o.display);
      expect(text).not.toContain(`"${o.id}"`);
    }
    expect(r.headers.get('cache-control')).toBe('no-store');
  });

  it('is pushed on the stream, and "called" arrives well within 1 s of the call’s answer', async () => {
    const tk = await issue();
    const ac = new AbortController();
    const res = await fetch(`${t.hub.url}/api/phone/${tokenOf(tk)}/stream`, { signal: ac.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const views: PhoneTicketView[] = [];
    let buffer = '';
    const pump = (async () => {
      const dec = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        buffer += dec.decode(value, { stream: true });
        let i: number;
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const data = frame.split('\n').find((l) => l.startsWith('data: '));
          if (data) views.push(JSON.parse(data.slice(6)));
        }
      }
    })();
    const until = async (pred: () => boolean, ms: number) => {
      const end = Date.now() + ms;
      while (!pred() && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
      return pred();
    };
    expect(await until(() => views.length >= 1, 2000)).toBe(true);
    expect(views[0]).toMatchObject({ number: tk.display, state: 'waiting' });
    await callUntil(tk.id);
    const answered = Date.now();
    expect(await until(() => views.some((v) => v.state === 'called'), 1000)).toBe(true);
    const latency = Date.now() - answered;
    expect(latency).toBeLessThan(1000);
    expect(views.find((v) => v.state === 'called')).toMatchObject({ counterLabel: 'Gerai 1' });
    ac.abort();
    await pump;
    await act('finish');
  });
});

describe('the survey of this visit', () => {
  it('is refused before the finish, taken once after it for this ticket only, refused again', async () => {
    const tk = await issue();
    const token = tokenOf(tk);
    const snap = t.snapshot();
    const early = await postJson(`/api/phone/${token}/survey`, { form: 'short', value: 4 });
    expect(early.status).toBe(ERRORS.SURVEY_NOT_ELIGIBLE.status);
    expect(JSON.parse(early.body).error.code).toBe('SURVEY_NOT_ELIGIBLE');
    expect(t.snapshot()).toBe(snap);
    await callUntil(tk.id);
    expect((await postJson(`/api/phone/${token}/survey`, { form: 'short', value: 4 })).status).toBe(409);
    t.clock.advanceMinutes(2);
    await act('finish');
    const v = (await view(token)).json;
    expect(v).toMatchObject({ state: 'done', survey: 'open', surveyGrant: expect.any(String) });
    const responses = () => t.hub.core.db.prepare('SELECT ticket_id, channel, answers FROM survey_responses').all() as { ticket_id: number; channel: string }[];
    const count = responses().length;
    // A malformed answer changes nothing.
    expect((await postJson(`/api/phone/${token}/survey`, { form: 'short', value: 7 })).status).toBe(400);
    const ok = await postJson(`/api/phone/${token}/survey`, { form: 'full', answers: { persyaratan: 4, prosedur: 4, waktu: 3, biaya: 4, produk: 4, kompetensi: 3, perilaku: 4, pengaduan: 3, sarana: 4 }, grant: v.surveyGrant });
    expect(ok.status, ok.body).toBe(201);
    expect(JSON.parse(ok.body)).toEqual({ ticket: tk.display });
    const rows = responses();
    expect(rows.length).toBe(count + 1);
    expect(rows.filter((r) => r.ticket_id === tk.id)).toEqual([expect.objectContaining({ ticket_id: tk.id, channel: 'qr' })]);
    const again = await postJson(`/api/phone/${token}/survey`, { form: 'short', value: 1 });
    expect(again.status).toBe(409);
    expect(JSON.parse(again.body).error.code).toBe('SURVEY_ALREADY_ANSWERED');
    expect(responses().length).toBe(count + 1);
    expect((await view(token)).json).toMatchObject({ survey: 'done', surveyGrant: null });
  });

  it('closes after the site’s survey window', async () => {
    const tk = await issue();
    await callUntil(tk.id);
    await act('finish');
    const token = tokenOf(tk);
    expect((await view(token)).json.survey).toBe('open');
    t.clock.advanceMinutes(t.hub.core.settings.get('surveyWindowMinutes') + 1);
    expect((await view(token)).json).toMatchObject({ survey: 'closed', surveyGrant: null });
    const r = await postJson(`/api/phone/${token}/survey`, { form: 'short', value: 4 });
    expect(JSON.parse(r.body).error.code).toBe('SURVEY_NOT_ELIGIBLE');
  });
});

describe('a complaint from the phone', () => {
  it('is filed about this ticket’s service, once per request id; a contact needs consent', async () => {
    const tk = await issue();
    const token = tokenOf(tk);
    const body = { category: 'waktu_tunggu', text: 'Antrean KTP sangat lama hari ini.', requestId: `phone-complaint-${n++}` };
    const snap = t.snapshot();
    const noConsent = await postJson(`/api/phone/${token}/complaints`, { ...body, contact: { name: 'Budi', phone: '0812-3456-7890', email: '' } });
    expect(noConsent.status).toBe(400);
    expect(t.snapshot()).toBe(snap);
    const r = await postJson(`/api/phone/${token}/complaints`, body);
    expect(r.status, r.body).toBe(201);
    const receipt = JSON.parse(r.body);
    expect(receipt).toMatchObject({ uid: expect.any(String), reference: expect.any(String) });
    expect(JSON.parse((await postJson(`/api/phone/${token}/complaints`, body)).body).uid).toBe(receipt.uid);
    const row = t.hub.core.db.prepare('SELECT channel, ticket_id, service_id, contact FROM complaints WHERE uid = ?').get(receipt.uid);
    expect(row).toEqual({ channel: 'phone', ticket_id: tk.id, service_id: KTP, contact: null });
  });
});

describe('from a phone on the visitor Wi-Fi (plain HTTP from another address)', () => {
  /** Plain HTTP from 127.0.0.2, which this hub counts as the LAN (tests/integration/tls.test.ts does the same). */
  const fromLan = (port: number, method: string, path: string, headers: Record<string, string> = {}, body?: unknown) =>
    new Promise<{ status: number; json: any }>((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const req = httpRequest({ host: '127.0.0.1', port, method, path, localAddress: '127.0.0.2', headers: { ...headers, ...(data ? { 'content-type': 'application/json' } : {}) } }, (res) => {
        let text = '';
        res.on('data', (c) => (text += String(c)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text.startsWith('{') ? JSON.parse(text) : null }));
      });
      req.on('error', reject);
      req.end(data);
    });

  it('reaches its page and API with no credential even where plain displays are off, and nothing else', async () => {
    const dir = tempDir('antre-phone-lan-');
    const hub = await startHub({
      dataDir: dir.dir,
      port: 0,
      httpsPort: 0,
      plainDisplays: false,
      isLocalAddress: (a) => a === '127.0.0.1' || a === '::ffff:127.0.0.1' || a === '::1',
      host: '127.0.0.1',
      clock: new ManualClock(MONDAY_9AM_WIB),
      setup: (core) => seedDemo(core),
      printerPollMs: 0,
      log: () => {},
    });
    try {
      await hub.core.integrity.check();
      const tk = hub.core.engine.issue({ serviceId: KTP, requestId: 'phone-lan-1' }).ticket;
      const link = hub.core.survey.qrPayload(tk);
      // The plain-HTTP port, which a phone can use without the hub's certificate.
      expect(new URL(link).port).toBe(String(hub.port));
      const path = new URL(link).pathname;
      const api = path.replace('/t/', '/api/phone/');
      expect((await fromLan(hub.port, 'GET', path, { accept: 'text/html' })).status).toBe(200);
      expect((await fromLan(hub.port, 'GET', api)).json).toMatchObject({ number: tk.display, state: 'waiting' });
      const complaint = await fromLan(hub.port, 'POST', `${api}/complaints`, {}, { category: 'sarana', text: 'Kursi ruang tunggu rusak.', requestId: 'phone-lan-complaint' });
      expect(complaint.status).toBe(201);
      // Anything else, or anything carrying a credential, is still refused over plain HTTP.
      for (const [method, p, headers] of [
        ['GET', '/api/catalogue', {}],
        ['POST', '/api/tickets', {}],
        ['GET', api, { authorization: 'Bearer abcdefghijklmnopqrstuvwxyz' }],
        ['GET', '/display', {}],
      ] as const) {
        const r = await fromLan(hub.port, method, p, headers);
        expect(r.json?.error?.code, `${method} ${p}`).toBe('HTTPS_REQUIRED');
      }
    } finally {
      await hub.close();
      dir.remove();
    }
  });
});

describe('a ticket that can change no more', () => {
  it('keeps its stream while the survey is open, then ends it with "final" once answered, and at once when opened again', async () => {
    const tk = await issue();
    const token = tokenOf(tk);
    const s = await openStream(t.hub.url, token);
    expect(await s.until(() => s.frames.length === 1, 2000)).toBe(true);
    await callUntil(tk.id);
    await act('finish');
    expect(await s.until(() => s.frames.some((f) => f.event === 'message' && JSON.parse(f.data).survey === 'open'), 2000)).toBe(true);
    // Served, the survey still to answer: the page keeps listening.
    await new Promise((r) => setTimeout(r, 100));
    expect(s.ended()).toBe(false);
    expect((await postJson(`/api/phone/${token}/survey`, { form: 'short', value: 4 })).status).toBe(201);
    expect(await s.until(() => s.ended(), 2000)).toBe(true);
    // Its last view, then "final": the page keeps that view and stops listening.
    expect(s.frames.at(-1)!.event).toBe('final');
    expect(JSON.parse(s.frames.at(-2)!.data)).toMatchObject({ state: 'done', survey: 'done' });
    await s.close();
    // A page opened later gets the view and "final" at once, and holds no place among the streams.
    const again = await openStream(t.hub.url, token);
    expect(await again.until(() => again.ended(), 2000)).toBe(true);
    expect(again.frames.map((f) => f.event)).toEqual(['message', 'final']);
    await again.close();
  });
});

describe('a hub stopping with phones listening', () => {
  it('ends their streams (without "gone": the pages reconnect) and closes at once', async () => {
    const own = await startTestHub();
    try {
      const k = await own.pair('kiosk');
      const r = await own.client.call('POST', '/api/tickets', { token: k.token, body: { serviceId: KTP, requestId: 'phone-it-stop-1' } });
      const s = await openStream(own.hub.url, own.hub.core.phoneLinks.token(r.json.ticket));
      expect(await s.until(() => s.frames.length === 1, 2000)).toBe(true);
      const started = Date.now();
      await own.hub.close();
      expect(Date.now() - started).toBeLessThan(3000);
      expect(await s.until(() => s.ended(), 2000)).toBe(true);
      expect(s.frames.map((f) => f.event)).toEqual(['message']);
      await s.close();
    } finally {
      await own.dispose().catch(() => {});
    }
  });
});

describe('the limits and the day’s end', () => {
  it('limits reads per address', async () => {
    const token = tokenOf(await issue());
    let limited = 0;
    for (let i = 0; i < 70; i++) if ((await view(token)).status === 429) limited++;
    expect(limited).toBeGreaterThan(0);
    t.clock.advanceMinutes(2);
    expect((await view(token)).status).toBe(200);
  });

  it('stops the link at midnight WIB: the same 404 as an unknown token; an open stream says "gone" and ends', async () => {
    const tk = await issue();
    const token = tokenOf(tk);
    const unknown = await raw('/api/phone/999999.20261123.AAAAAAAAAAAAAAAAAAAAAA');
    t.clock.set(Date.UTC(2026, 10, 23, 16, 59, 59));
    expect((await view(token)).status).toBe(200);
    const s = await openStream(t.hub.url, token);
    expect(await s.until(() => s.frames.length === 1, 2000)).toBe(true);
    t.clock.set(Date.UTC(2026, 10, 23, 17, 0, 1));
    // The next event of its service (the new day's first ticket) finds the link expired.
    await issue();
    expect(await s.until(() => s.ended(), 2000)).toBe(true);
    expect(s.frames.map((f) => f.event)).toEqual(['message', 'gone']);
    await s.close();
    expect(await raw(`/api/phone/${token}`)).toEqual({ status: 404, body: unknown.body });
    expect((await raw(`/t/${token}`)).status).toBe(404);
  });
});
