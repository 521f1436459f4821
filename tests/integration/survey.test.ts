/**
 * The survey bound to the visit, over real HTTP against a hub with a hand-moved clock: the counter's
 * tablet is offered only the ticket that counter just finished (within the site's window, and not
 * once it serves someone else); a typed number in any spelling finds a ticket finished within two
 * hours; the QR code is signed, and a forged or unsigned one is refused; the answers must carry the
 * grant the ticket was offered with, once per ticket; the profile and the saran are stored and sent
 * to the central server (a real PostgreSQL), but not to the screens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCentral, type Central } from '../../central/server.js';
import { SyncOutbox } from '../../electron/hub/sync/outbox.js';
import { GRANT_MS, NUMBER_WINDOW_MS } from '../../electron/hub/survey.js';
import { ERRORS } from '../../shared/errors.js';
import { shortFormAnswers } from '../../shared/ikm.js';
import type { IkmReport } from '../../shared/protocol.js';
import { ticketNumberCandidates, type SurveyTicket } from '../../shared/survey.js';
import { testPostgres } from '../fixtures/postgres.js';
import { smallSite } from '../fixtures/smallSite.js';
import { StreamClient } from '../fixtures/streamClient.js';
import { startTestHub, type TestHub } from '../fixtures/testHub.js';

const GERAI_1 = 1;
const GERAI_2 = 2;
const KTP = 1; // demo: KTP Elektronik, prefix A, served at Gerai 1–4

let t: TestHub;
let kiosk: { token: string };
const counters: Record<number, { token: string; session: string }> = {};
let n = 0;

function expectError(r: { status: number; json: any }, code: keyof typeof ERRORS) {
  expect(r.json?.error?.code, JSON.stringify(r.json)).toBe(code);
  expect(r.status).toBe(ERRORS[code].status);
}

const kt = () => ({ token: kiosk.token });
async function act(counterId: number, action: string, body: unknown = {}) {
  const c = counters[counterId]!;
  const r = await t.client.call('POST', `/api/counters/${counterId}/${action}`, { token: c.token, session: c.session, body });
  expect(r.status, `${action}: ${JSON.stringify(r.json)}`).toBe(200);
  return r.json;
}
async function issue(): Promise<{ id: number; display: string }> {
  const r = await t.client.call('POST', '/api/tickets', { ...kt(), body: { serviceId: KTP, requestId: `survey-it-${n++}` } });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json.ticket;
}
/** A citizen served at the counter: called, (started,) finished. */
async function serve(counterId: number, opts: { start?: boolean } = {}) {
  const tk = await issue();
  expect((await act(counterId, 'call-next')).ticket.id).toBe(tk.id);
  if (opts.start) await act(counterId, 'start');
  t.clock.advanceMinutes(1);
  await act(counterId, 'finish');
  return tk;
}
const latest = async (counterId: number): Promise<SurveyTicket | null> => {
  const r = await t.client.call('GET', `/api/survey/latest?counterId=${counterId}`, kt());
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json.ticket;
};
const byNumber = (number: string) => t.client.call<SurveyTicket>('GET', `/api/survey/ticket?number=${encodeURIComponent(number)}`, kt());
const byCode = (code: string) => t.client.call<SurveyTicket>('GET', `/api/survey/ticket?code=${encodeURIComponent(code)}`, kt());
const post = (body: unknown) => t.client.call('POST', '/api/survey', { ...kt(), body });
const all = (v: 1 | 2 | 3 | 4) => shortFormAnswers(v) as Record<string, number>;

beforeAll(async () => {
  t = await startTestHub();
  kiosk = await t.pair('kiosk');
  for (const id of [GERAI_1, GERAI_2]) {
    const device = await t.pair('counter', { counterId: id });
    counters[id] = { token: device.token, session: await t.login(device.token, `petugas0${id}`, '1234', id) };
  }
});
afterAll(async () => t?.dispose());

describe('the counter’s tablet', () => {
  it('is offered the ticket that counter finished last: B after A, never A once B is done (B-003’s citizen rated A-002)', async () => {
    const a = await serve(GERAI_1);
    expect(await latest(GERAI_1)).toMatchObject({ ticketId: a.id, display: a.display, eligible: true, channel: 'counter', grant: expect.any(String) });
    // Another counter's finish is not this tablet's.
    await serve(GERAI_2);
    expect((await latest(GERAI_1))?.ticketId).toBe(a.id);
    // B called: A's citizen may still be at the counter. B started: B's citizen sits there now.
    const b = await issue();
    await act(GERAI_1, 'call-next');
    expect((await latest(GERAI_1))?.ticketId).toBe(a.id);
    await act(GERAI_1, 'start');
    expect(await latest(GERAI_1)).toBeNull();
    t.clock.advanceMinutes(2);
    await act(GERAI_1, 'finish');
    const offered = (await latest(GERAI_1))!;
    expect(offered.ticketId).toBe(b.id);
    // Rated: nothing more to offer, though A (finished three minutes ago) was never rated.
    expect((await post({ form: 'short', ticketId: b.id, grant: offered.grant, value: 4 })).status).toBe(201);
    expect(await latest(GERAI_1)).toBeNull();
    const row = t.hub.core.db.prepare('SELECT ticket_id, channel FROM survey_responses WHERE ticket_id IN (?, ?)').all(a.id, b.id);
    expect(row).toEqual([{ ticket_id: b.id, channel: 'counter' }]);
  });

  it('offers a ticket only within the site’s surveyWindowMinutes', async () => {
    const c = await serve(GERAI_1);
    expect(t.hub.core.settings.get('surveyWindowMinutes')).toBe(5);
    t.clock.advanceMinutes(4);
    expect((await latest(GERAI_1))?.ticketId).toBe(c.id);
    t.clock.advanceMinutes(1.5);
    expect(await latest(GERAI_1)).toBeNull();
    // The setting is read as it stands: ten minutes brings it back.
    t.hub.core.settings.set('surveyWindowMinutes', 10);
    expect((await latest(GERAI_1))?.ticketId).toBe(c.id);
    t.hub.core.settings.set('surveyWindowMinutes', 5);
  });

  it('keeps a grant to its ticket: another ticket’s answers, a made-up grant or an expired one change nothing', async () => {
    const a = await serve(GERAI_1);
    const grantA = (await latest(GERAI_1))!.grant!;
    const b = await serve(GERAI_1);
    const snap = t.snapshot();
    expectError(await post({ form: 'short', ticketId: b.id, grant: grantA, value: 1 }), 'SURVEY_SESSION_INVALID');
    expectError(await post({ form: 'short', ticketId: b.id, grant: grantA.replace(/^\d+/, String(b.id)), value: 1 }), 'SURVEY_SESSION_INVALID');
    expectError(await post({ form: 'short', ticketId: b.id, grant: 'x', value: 1 }), 'SURVEY_SESSION_INVALID');
    expectError(await post({ form: 'short', ticketId: b.id, value: 1 }), 'VALIDATION_FAILED');
    expect(t.snapshot()).toBe(snap);
    // Half an hour after it was handed out, a grant has run out (the tablet's session is long over).
    const grantB = (await latest(GERAI_1))!.grant!;
    t.clock.advance(GRANT_MS + 1000);
    expectError(await post({ form: 'short', ticketId: b.id, grant: grantB, value: 1 }), 'SURVEY_SESSION_INVALID');
    expectError(await post({ form: 'short', ticketId: a.id, grant: grantA, value: 1 }), 'SURVEY_SESSION_INVALID');
    expect(t.hub.core.db.prepare('SELECT COUNT(*) FROM survey_responses WHERE ticket_id IN (?, ?)').pluck().get(a.id, b.id)).toBe(0);
  });
});

describe('at the kiosk', () => {
  it('finds a ticket by its number in any spelling, finished within two hours', async () => {
    const tk = await serve(GERAI_1);
    const [prefix, digits] = tk.display.split('-') as [string, string];
    const plain = String(Number(digits));
    for (const spelling of [tk.display, `${prefix}${digits}`, `${prefix.toLowerCase()}${digits}`, `${prefix} ${digits}`, `${prefix}-${plain}`, `${prefix.toLowerCase()}-${digits}`, ` ${prefix} - ${plain} `]) {
      const r = await byNumber(spelling);
      expect(r.status, `${spelling}: ${JSON.stringify(r.json)}`).toBe(200);
      expect(r.json, spelling).toMatchObject({ ticketId: tk.id, eligible: true, channel: 'number' });
    }
    expectError(await byNumber('Z-999'), 'TICKET_NOT_FOUND');
    expectError(await byNumber('hello'), 'TICKET_NOT_FOUND');
    // Two hours later a typed number no longer finds it for the survey: staff cannot fill in the
    // morning's tickets by their numbers. The QR code on the paper still works (today).
    t.clock.advance(NUMBER_WINDOW_MS + 60_000);
    expect((await byNumber(tk.display)).json).toMatchObject({ ticketId: tk.id, eligible: false, reason: 'too_old', grant: null });
    expect((await byCode(t.hub.core.survey.qrPayload(t.hub.core.engine.ticket(tk.id)!))).json).toMatchObject({ ticketId: tk.id, eligible: true, channel: 'qr' });
  });

  it('reads the signed QR code, refuses a forged or unsigned one, and rates a ticket once', async () => {
    const tk = await serve(GERAI_1);
    const waiting = await issue();
    // Tickets printed before issue 22 carry this code; since then the QR code is the phone link
    // (tests/integration/phoneTicket.test.ts), and both are read.
    const code = t.hub.core.survey.legacyCode(tk);
    expect(code).toMatch(new RegExp(`^ANTRE:${tk.id}:${tk.display}:[0-9a-f]{20}$`));
    const link = t.hub.core.survey.qrPayload(t.hub.core.engine.ticket(tk.id)!);
    expect(link).toMatch(new RegExp(`^http://[^/]+/t/${tk.id}\\.\\d{8}\\.[A-Za-z0-9_-]{22}$`));
    // The printed ticket carries the link.
    expect(t.hub.core.printing.ticketData(t.hub.core.engine.ticket(tk.id)!, false).qrPayload).toBe(link);
    expect((await byCode(link)).json).toMatchObject({ ticketId: tk.id, channel: 'qr' });
    const mac = code.split(':')[3]!;
    const snap = t.snapshot();
    for (const forged of [
      `ANTRE:${tk.id}:${tk.display}`, // a ticket printed before the codes were signed
      `ANTRE:${waiting.id}:${waiting.display}:${mac}`, // another ticket, this one's mac
      `ANTRE:${tk.id}:${tk.display}:${mac.slice(0, -1)}${mac.endsWith('0') ? '1' : '0'}`,
      `ANTRE:${tk.id}:${tk.display}:${mac}0`,
      'KTP-EL:3201234567890001',
    ]) {
      expectError(await byCode(forged), 'SURVEY_CODE_INVALID');
    }
    expect(t.snapshot()).toBe(snap);
    // A scanner with Caps Lock on.
    const found = await byCode(code.toUpperCase());
    expect(found.json).toMatchObject({ ticketId: tk.id, eligible: true, channel: 'qr' });
    // Not served yet: found, not to be rated.
    expect((await byCode(t.hub.core.survey.legacyCode(waiting))).json).toMatchObject({ eligible: false, reason: 'not_finished', grant: null });
    expect((await act(GERAI_1, 'call-next')).ticket.id).toBe(waiting.id);
    await act(GERAI_1, 'finish');

    expect((await post({ form: 'full', ticketId: tk.id, grant: found.json.grant, answers: all(3) })).status).toBe(201);
    const again = await post({ form: 'full', ticketId: tk.id, grant: found.json.grant, answers: all(1) });
    expectError(again, 'SURVEY_ALREADY_ANSWERED');
    expect((await byCode(code)).json).toMatchObject({ eligible: false, reason: 'answered' });
    expect(t.hub.core.db.prepare('SELECT channel, answers FROM survey_responses WHERE ticket_id = ?').get(tk.id)).toEqual({ channel: 'qr', answers: JSON.stringify(all(3)) });
  });
});

describe('the questionnaire’s extras', () => {
  it('stores the profile and the saran, puts them in the event for sync, and keeps them off the screens', async () => {
    const tk = await serve(GERAI_1);
    const found = (await byNumber(tk.display)).json;
    const stream = new StreamClient(t.hub.url, { token: kiosk.token, since: t.hub.core.events.lastSeq() });
    await stream.until(() => stream.messages.some((m) => m.type === 'ready'));
    const snap = t.snapshot();
    const bad = [
      { form: 'full', ticketId: tk.id, grant: found.grant, answers: all(4), suggestion: 'x'.repeat(501) },
      { form: 'full', ticketId: tk.id, grant: found.grant, answers: all(4), profile: { gender: 'X' } },
      { form: 'full', ticketId: tk.id, grant: found.grant, answers: all(4), profile: { name: 'Budi' } },
      { form: 'full', ticketId: tk.id, grant: found.grant, answers: all(4), suggestion: 'a\u0000b' },
      { form: 'short', ticketId: tk.id, grant: found.grant, value: 4, suggestion: 'bagus' },
    ];
    for (const body of bad) expectError(await post(body), 'VALIDATION_FAILED');
    expect(t.snapshot()).toBe(snap);

    const profile = { gender: 'P', age: '30-39', education: 'd4-s1', occupation: 'wirausaha' };
    const suggestion = 'Ruang tunggu kurang kursi.\nTerima kasih.';
    expect((await post({ form: 'full', ticketId: tk.id, grant: found.grant, answers: { ...all(4), biaya: 4 }, profile, suggestion: `  ${suggestion} ` })).status).toBe(201);
    expect(t.hub.core.db.prepare('SELECT channel, gender, age_group, education, occupation, suggestion FROM survey_responses WHERE ticket_id = ?').get(tk.id)).toEqual({
      channel: 'number',
      gender: 'P',
      age_group: '30-39',
      education: 'd4-s1',
      occupation: 'wirausaha',
      suggestion,
    });
    // The log (what sync sends) holds them all.
    const logged = t.hub.core.events.readSince(0, 100_000).filter((e) => e.type === 'survey.answered' && e.ticketId === tk.id);
    expect(logged).toHaveLength(1);
    expect(logged[0]!.data).toEqual({ display: tk.display, form: 'full', answers: all(4), channel: 'number', profile, suggestion });
    // The screens get the rating, not who gave it or what they wrote.
    await stream.until(() => stream.events.some((e) => e.ticketId === tk.id && e.type === 'survey.answered'));
    const streamed = stream.events.find((e) => e.ticketId === tk.id && e.type === 'survey.answered')!;
    expect(streamed.data).toEqual({ display: tk.display, form: 'full', answers: all(4), channel: 'number' });
    stream.close();
    const polled = (await t.client.call('GET', `/api/events?since=${logged[0]!.seq - 1}&limit=1`, kt())).json.events[0];
    expect(polled.data).toEqual(streamed.data);

    // The IKM report counts the profile (the form asks it now); "Tidak diisi" for those who skipped.
    const date = t.hub.core.engine.today();
    const report = await t.client.call<IkmReport>('GET', `/api/admin/reports/ikm?from=${date}`, { token: t.admin.token, session: t.admin.session });
    expect(report.status).toBe(200);
    const others = report.json.respondents - 1;
    expect(report.json.profile.gender).toEqual({ Perempuan: 1, ...(others ? { 'Tidak diisi': others } : {}) });
    expect(report.json.profile.age).toEqual({ '30–39 tahun': 1, ...(others ? { 'Tidak diisi': others } : {}) });
    expect(report.json.profile.occupation).toMatchObject({ Wirausaha: 1 });
  });

  it('reads every spelling of a typed number as the tickets it may be', () => {
    expect(ticketNumberCandidates('a 001')).toEqual([{ prefix: 'A', number: 1 }]);
    expect(ticketNumberCandidates('A-1')).toEqual([{ prefix: 'A', number: 1 }]);
    expect(ticketNumberCandidates('skc2 1000')).toEqual([{ prefix: 'SKC2', number: 1000 }]);
    expect(ticketNumberCandidates('A001')).toContainEqual({ prefix: 'A', number: 1 });
    expect(ticketNumberCandidates('SKC21000')).toEqual(expect.arrayContaining([{ prefix: 'SKC2', number: 1000 }, { prefix: 'SKC', number: 21000 }]));
    expect(ticketNumberCandidates('B21')).toEqual([
      { prefix: 'B', number: 21 },
      { prefix: 'B2', number: 1 },
    ]);
    for (const junk of ['', '-', '001', 'A-0', 'ABCDE-1', 'A-B']) expect(ticketNumberCandidates(junk), junk).toEqual([]);
  });
});

describe('sync to the central server', () => {
  let pg: { url: string; stop: () => Promise<void> };
  let central: Central;
  let centralUrl: string;

  beforeAll(async () => {
    pg = await testPostgres();
    central = await createCentral({ databaseUrl: pg.url, adminToken: 'survey-admin-token', bodyLimit: 256 * 1024 });
    await central.app.listen({ port: 0, host: '127.0.0.1' });
    centralUrl = `http://127.0.0.1:${(central.app.server.address() as { port: number }).port}`;
  }, 60_000);
  afterAll(async () => {
    await central?.close();
    await pg?.stop();
  });

  it('carries the channel, the profile and the saran to the central server, which stores them', async () => {
    const { token } = await central.store.addSite('mpp-survei', 'MPP Survei');
    const s = await smallSite();
    try {
      const { engine, survey } = s.core;
      const actor = { officerId: s.officers[0]! };
      engine.openCounter(s.counters[0]!, actor);
      const tk = engine.issue({ serviceId: s.services.a, requestId: 'sync-survey-1' }).ticket;
      engine.callNext(s.counters[0]!, actor);
      s.clock.advanceMinutes(3);
      engine.finish(s.counters[0]!, actor);
      const offered = survey.find({ code: survey.qrPayload(tk) });
      survey.answer({ form: 'full', ticketId: tk.id, grant: offered.grant!, answers: shortFormAnswers(3) as never, profile: { gender: 'L', education: 'sma' }, suggestion: 'Antrean cepat.' }, {});
      const outbox = new SyncOutbox(s.core, { url: centralUrl, site: 'mpp-survei', token, baseDelayMs: 1000, random: () => 0.5, requestTimeoutMs: 5000 });
      for (let i = 0; i < 50 && (await outbox.pushOnce()).kind !== 'idle'; i++);
      expect(outbox.status().backlog).toBe(0);
      const rows = await central.store.surveyResponses('mpp-survei', engine.today());
      expect(rows).toEqual([
        expect.objectContaining({
          ticket_id: tk.id,
          display: tk.display,
          form: 'full',
          answers: shortFormAnswers(3),
          channel: 'qr',
          gender: 'L',
          age_group: null,
          education: 'sma',
          occupation: null,
          suggestion: 'Antrean cepat.',
        }),
      ]);
    } finally {
      s.dispose();
    }
  });
});
