/**
 * Complaints (pengaduan) over real HTTP against a hub on a real SQLite file: the kiosk files them
 * (the same requestId twice is one complaint; a contact without consent is refused and nothing is
 * stored), an agency supervisor sees and answers only their agency's, the screens never receive
 * a complaint's text or contact, and a complaint written while the central server is down reaches
 * it (a real PostgreSQL, through a proxy that drops answers and duplicates batches) exactly once,
 * and its LAPOR export lists it once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCentral, type Central } from '../../central/server.js';
import { SyncOutbox } from '../../electron/hub/sync/outbox.js';
import { complaintReference, type Complaint, type ComplaintList } from '../../shared/complaints.js';
import { ERRORS } from '../../shared/errors.js';
import { FaultProxy } from '../fixtures/faultProxy.js';
import { testPostgres } from '../fixtures/postgres.js';
import { smallSite } from '../fixtures/smallSite.js';
import { StreamClient } from '../fixtures/streamClient.js';
import { startTestHub, type TestHub } from '../fixtures/testHub.js';

let t: TestHub;
let kiosk: { token: string };
let n = 0;
const agency = { dukcapil: 0, other: 0 };
let head: { token: string; session: string };
let otherHead: { token: string; session: string };

function expectError(r: { status: number; json: any }, code: keyof typeof ERRORS) {
  expect(r.json?.error?.code, JSON.stringify(r.json)).toBe(code);
  expect(r.status).toBe(ERRORS[code].status);
}

const file = (body: Record<string, unknown>) =>
  t.client.call('POST', '/api/kiosk/complaints', { token: kiosk.token, body: { category: 'waktu_tunggu', text: 'Antrean sangat lama hari ini.', requestId: `kiosk-complaint-${n++}`, ...body } });
const list = (who: { token: string; session: string }, status = 'all') => t.client.call<ComplaintList>('GET', `/api/admin/complaints?status=${status}`, who);
const answer = (who: { token: string; session: string }, id: number, text: string) => t.client.call<Complaint>('POST', `/api/admin/complaints/${id}/answer`, { ...who, body: { answer: text } });

beforeAll(async () => {
  t = await startTestHub();
  kiosk = await t.pair('kiosk');
  const ids = t.hub.core.db.prepare('SELECT a.id FROM agencies a JOIN services s ON s.agency_id = a.id WHERE s.id = 1').pluck().all() as number[];
  agency.dukcapil = ids[0]!;
  agency.other = t.hub.core.db.prepare('SELECT id FROM agencies WHERE id <> ? AND active = 1 ORDER BY id LIMIT 1').pluck().get(agency.dukcapil) as number;
  const heads = [
    { username: 'kepala.dukcapil', agencyId: agency.dukcapil },
    { username: 'kepala.lain', agencyId: agency.other },
  ];
  const sessions = [];
  for (const h of heads) {
    const add = await t.client.call('POST', '/api/admin/officers', { ...t.admin, body: { name: h.username, username: h.username, pin: '97531', role: 'supervisor', agencyId: h.agencyId } });
    expect(add.status, JSON.stringify(add.json)).toBe(201);
    const pc = await t.pair('admin', { name: `PC ${h.username}` });
    sessions.push({ token: pc.token, session: await t.login(pc.token, h.username, '97531') });
  }
  [head, otherHead] = sessions as [typeof head, typeof head];
});
afterAll(async () => t?.dispose());

describe('filing at the kiosk', () => {
  it('keeps one complaint per requestId: sent again, the first one is answered and nothing new is written', async () => {
    const body = { agencyId: agency.dukcapil, requestId: 'same-request-0001', text: 'Petugas tidak ada di loket selama 30 menit.', category: 'petugas' };
    const first = await file(body);
    expect(first.status, JSON.stringify(first.json)).toBe(201);
    expect(first.json).toEqual({ uid: expect.stringMatching(/^[0-9a-f-]{36}$/), reference: complaintReference(first.json.uid), at: expect.any(Number) });
    const snap = t.snapshot();
    const again = await file(body);
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(t.snapshot()).toBe(snap);
    // The same id for another complaint is a client's bug: refused, nothing written.
    expectError(await file({ ...body, text: 'Sesuatu yang lain sama sekali.' }), 'IDEMPOTENCY_CONFLICT');
    expect(t.snapshot()).toBe(snap);
    expect(t.hub.core.db.prepare('SELECT COUNT(*) FROM complaints WHERE request_id = ?').pluck().get('same-request-0001')).toBe(1);
    expect(t.hub.core.db.prepare("SELECT COUNT(*) FROM events WHERE type = 'complaint.filed' AND data LIKE ?").pluck().get(`%${first.json.uid}%`)).toBe(1);
  });

  it('refuses a contact without consent, bad input and an unknown agency, and stores nothing', async () => {
    const snap = t.snapshot();
    const contact = { name: 'Budi', phone: '0812-3456-7890', email: '' };
    expectError(await file({ contact }), 'VALIDATION_FAILED');
    expectError(await file({ contact, consent: false }), 'VALIDATION_FAILED');
    expectError(await file({ contact: { name: 'Budi', phone: '', email: '' }, consent: true }), 'VALIDATION_FAILED');
    expectError(await file({ contact: { ...contact, phone: 'telepon saya' }, consent: true }), 'VALIDATION_FAILED');
    expectError(await file({ text: 'pendek' }), 'VALIDATION_FAILED');
    expectError(await file({ category: 'bukan_kategori' }), 'VALIDATION_FAILED');
    expectError(await file({ requestId: 'x' }), 'VALIDATION_FAILED');
    expectError(await file({ extra: 1 }), 'VALIDATION_FAILED');
    expectError(await file({ agencyId: 99999 }), 'AGENCY_NOT_FOUND');
    expect(t.snapshot()).toBe(snap);
    // In-process callers (the phone page) cannot get round the consent either.
    expect(() => t.hub.core.complaints.file({ category: 'lainnya', text: 'Tanpa persetujuan kontak.', contact: { name: '', phone: '081234567890', email: '' }, consent: false, agencyId: null, requestId: 'inproc-00001' }, { channel: 'kiosk', deviceId: null })).toThrow(/VALIDATION_FAILED/);
    expect(t.snapshot()).toBe(snap);
    // With consent it is kept, for the supervisor.
    const ok = await file({ agencyId: agency.dukcapil, contact, consent: true });
    expect(ok.status).toBe(201);
    expect(JSON.parse(t.hub.core.db.prepare('SELECT contact FROM complaints WHERE uid = ?').pluck().get(ok.json.uid) as string)).toEqual(contact);
  });

  it('needs a paired kiosk', async () => {
    expectError(await t.client.call('POST', '/api/kiosk/complaints', { body: { category: 'lainnya', text: 'Tanpa token perangkat.', requestId: 'no-token-0001' } }), 'UNAUTHENTICATED');
    const display = await t.pair('display');
    expectError(await t.client.call('POST', '/api/kiosk/complaints', { token: display.token, body: { category: 'lainnya', text: 'Dari layar TV ruang tunggu.', requestId: 'display-0001' } }), 'FORBIDDEN_ROLE');
  });
});

describe('with the kiosk’s complaints turned off', () => {
  // A hub of its own: the kiosk route's per-address limit is spent by the tests above.
  it('refuses them at the kiosk, storing nothing, and takes them again once turned on', async () => {
    const u = await startTestHub();
    try {
      const k = await u.pair('kiosk');
      const send = (requestId: string) =>
        u.client.call('POST', '/api/kiosk/complaints', { token: k.token, body: { category: 'lainnya', text: 'Pengaduan saat tombolnya dimatikan.', requestId } });
      const kioskSettings = u.hub.core.settings.get('kiosk');
      u.hub.core.settings.set('kiosk', { ...kioskSettings, complaints: false });
      const snap = u.snapshot();
      const r = await send('kiosk-off-0001');
      expectError(r, 'KIOSK_COMPLAINTS_OFF');
      expect(r.json.error.message.id).toContain('halaman tiket di ponsel');
      expect(u.snapshot()).toBe(snap);
      u.hub.core.settings.set('kiosk', kioskSettings);
      expect((await send('kiosk-on-0001')).status).toBe(201);
    } finally {
      await u.dispose();
    }
  });
});

describe('the supervisor', () => {
  it('of an agency sees and answers only their agency’s complaints; the admin sees all', async () => {
    const mine = (await file({ agencyId: agency.dukcapil, text: 'Loket Dukcapil tutup lebih awal.' })).json;
    const theirs = (await file({ agencyId: agency.other, text: 'Loket instansi lain penuh sekali.' })).json;
    const general = (await file({ agencyId: null, text: 'Toilet gedung MPP kotor sekali.', category: 'sarana' })).json;
    const uids = (r: { json: ComplaintList }) => r.json.complaints.map((c) => c.uid);

    const headList = await list(head);
    expect(headList.status).toBe(200);
    expect(uids(headList)).toContain(mine.uid);
    expect(uids(headList)).not.toContain(theirs.uid);
    expect(uids(headList)).not.toContain(general.uid);
    expect(headList.json.complaints.every((c) => c.agencyId === agency.dukcapil)).toBe(true);
    // Newest first.
    const ats = headList.json.complaints.map((c) => c.at);
    expect([...ats].sort((a, b) => b - a)).toEqual(ats);
    const adminList = await list(t.admin);
    expect(uids(adminList)).toEqual(expect.arrayContaining([mine.uid, theirs.uid, general.uid]));

    const theirId = adminList.json.complaints.find((c) => c.uid === theirs.uid)!.id;
    const myId = adminList.json.complaints.find((c) => c.uid === mine.uid)!.id;
    const snap = t.snapshot();
    // Another agency's complaint is not found for this supervisor: not even that it exists.
    expectError(await answer(head, theirId, 'Bukan urusan saya.'), 'COMPLAINT_NOT_FOUND');
    expectError(await answer(otherHead, myId, 'Bukan urusan saya.'), 'COMPLAINT_NOT_FOUND');
    expectError(await answer(head, 987654, 'Tidak ada pengaduan ini.'), 'COMPLAINT_NOT_FOUND');
    expectError(await answer(head, myId, 'ok'), 'VALIDATION_FAILED');
    // A kiosk or an officer cannot read them.
    expectError(await t.client.call('GET', '/api/admin/complaints', { token: kiosk.token }), 'FORBIDDEN_ROLE');
    expect(t.snapshot()).toBe(snap);

    const newBefore = headList.json.newCount;
    const answered = await answer(head, myId, 'Mohon maaf, loket kini buka sampai pukul 15.00.');
    expect(answered.status, JSON.stringify(answered.json)).toBe(200);
    expect(answered.json).toMatchObject({ status: 'answered', answer: 'Mohon maaf, loket kini buka sampai pukul 15.00.', answeredBy: 'kepala.dukcapil' });
    expect((await list(head)).json.newCount).toBe(newBefore - 1);
    expect(uids(await list(head, 'answered'))).toContain(mine.uid);
    expect(uids(await list(head, 'new'))).not.toContain(mine.uid);
    // Answered again: the answer is replaced, both are in the audit log and the event log.
    expect((await answer(head, myId, 'Ralat: loket buka sampai pukul 15.30.')).json.answer).toBe('Ralat: loket buka sampai pukul 15.30.');
    const audit = t.hub.core.db.prepare("SELECT action FROM audit_log WHERE subject = 'complaint' AND subject_id = ? ORDER BY id").pluck().all(myId);
    expect(audit).toEqual(['complaint.answer', 'complaint.reanswer']);
    expect(t.hub.core.db.prepare("SELECT COUNT(*) FROM events WHERE type = 'complaint.answered' AND data LIKE ?").pluck().get(`%${mine.uid}%`)).toBe(2);
  });
});

describe('the screens', () => {
  it('never receive a complaint’s text, contact or answer; the event log (what sync sends) keeps them', async () => {
    const stream = new StreamClient(t.hub.url, { token: kiosk.token, since: t.hub.core.events.lastSeq() });
    await stream.until(() => stream.messages.some((m) => m.type === 'ready'));
    const contact = { name: 'Siti Aminah', phone: '+62 812 1111 2222', email: 'siti@example.id' };
    const text = 'Ada calo di depan gedung meminta uang.';
    const filed = (await file({ agencyId: agency.dukcapil, text, category: 'pungli', contact, consent: true })).json;
    const id = (await list(head)).json.complaints.find((c) => c.uid === filed.uid)!.id;
    await answer(head, id, 'Terima kasih, sudah kami laporkan ke pengamanan.');

    await stream.until(() => stream.events.some((e) => e.type === 'complaint.answered' && (e.data as { uid: string }).uid === filed.uid));
    const streamed = stream.events.filter((e) => e.type.startsWith('complaint.'));
    stream.close();
    expect(streamed.map((e) => e.type)).toEqual(['complaint.filed', 'complaint.answered']);
    expect(streamed[0]!.data).toEqual({ uid: filed.uid, channel: 'kiosk', category: 'pungli', agencyId: agency.dukcapil, ticketDisplay: null });
    expect(streamed[1]!.data).toEqual({ uid: filed.uid });
    const raw = JSON.stringify(stream.messages);
    for (const secret of [text, contact.name, contact.phone, contact.email, 'pengamanan']) expect(raw).not.toContain(secret);

    const logged = t.hub.core.events.readSince(0, 100_000).filter((e) => e.type === 'complaint.filed' && e.data.uid === filed.uid);
    expect(logged[0]!.data).toMatchObject({ text, contact });
    const polled = await t.client.call('GET', `/api/events?since=${logged[0]!.seq - 1}&limit=5`, { token: kiosk.token });
    expect(polled.json.events[0].data).toEqual(streamed[0]!.data);
    expect(JSON.stringify(polled.json)).not.toContain(contact.phone);
  });
});

describe('sync to the central server', () => {
  let pg: { url: string; stop: () => Promise<void> };
  let central: Central;
  let proxy: FaultProxy;
  const ADMIN = 'complaints-admin-token';

  beforeAll(async () => {
    pg = await testPostgres();
    central = await createCentral({ databaseUrl: pg.url, adminToken: ADMIN, bodyLimit: 256 * 1024 });
    await central.app.listen({ port: 0, host: '127.0.0.1' });
    proxy = await new FaultProxy(`http://127.0.0.1:${(central.app.server.address() as { port: number }).port}`).start();
  }, 60_000);
  afterAll(async () => {
    await proxy?.stop();
    await central?.close();
    await pg?.stop();
  });

  it('a complaint written while the central server is down arrives after sync exactly once, answered, and its CSV lists it once', async () => {
    const { site, token } = await central.store.addSite('mpp-pengaduan', 'MPP Kabupaten Uji');
    const s = await smallSite();
    const outbox = new SyncOutbox(s.core, { url: proxy.url, site: site.code, token, baseDelayMs: 1000, random: () => 0.5, requestTimeoutMs: 5000 });
    const engine = s.core.engine;
    const ticket = engine.issue({ serviceId: s.services.a, requestId: 'pengaduan-ticket-1' }).ticket;

    // The internet is down: the complaint is taken all the same, and sync fails.
    proxy.fault = 'down';
    const contact = { name: 'Budi', phone: '081234567890', email: '' };
    const input = { category: 'waktu_tunggu' as const, text: '=1+1 sudah dua jam menunggu, "antrean" tidak bergerak', contact, consent: true, agencyId: null, requestId: 'phone-complaint-0001' };
    const receipt = s.core.complaints.file(input, { channel: 'phone', ticketId: ticket.id });
    // The phone page sends again (its answer was lost): still one complaint.
    expect(s.core.complaints.file(input, { channel: 'phone', ticketId: ticket.id })).toEqual(receipt);
    expect((await outbox.pushOnce()).kind).toBe('retry');
    const row = s.core.complaints.list(null).complaints[0]!;
    expect(row).toMatchObject({ uid: receipt.uid, channel: 'phone', ticketDisplay: ticket.display, serviceId: s.services.a, status: 'new' });
    s.core.complaints.answer(row.id, 'Mohon maaf, petugas tambahan sudah dibuka.', null, { officerId: s.officers[0]! });

    // Back up, but the first answer is lost after the server committed, and a batch goes twice.
    proxy.fault = 'none';
    proxy.queue = ['lose-response'];
    expect((await outbox.pushOnce()).kind).toBe('retry');
    for (let i = 0; i < 100 && (await outbox.pushOnce()).kind !== 'idle'; i++);
    const events = s.core.events.readSince(0, 10_000);
    const replay = await fetch(`${proxy.url}/api/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ site: site.code, fromSeq: events[0]!.seq, toSeq: events.at(-1)!.seq, idempotencyKey: 'replayed', events, services: [] }),
    });
    expect(replay.status).toBe(200);

    const rows = (await central.store.complaints(site.code))!.rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ uid: receipt.uid, reference: receipt.reference, channel: 'phone', category: 'waktu_tunggu', text: input.text, contact, ticket_display: ticket.display, answer: 'Mohon maaf, petugas tambahan sudah dibuka.' });

    // The export needs the central admin token.
    const csvUrl = `${proxy.url}/api/sites/${site.code}/complaints.csv`;
    expect((await fetch(csvUrl)).status).toBe(401);
    const res = await fetch(csvUrl, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const csv = await res.text();
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('nomor,klasifikasi,judul,isi_laporan,tanggal_kejadian,lokasi_kejadian,instansi_tujuan,kategori,anonim,nama,telepon,email,kanal,nomor_antrean,status,jawaban,tanggal_jawaban');
    expect(lines.filter((l) => l.startsWith(receipt.reference))).toHaveLength(1);
    expect(lines).toHaveLength(2);
    // Quotes doubled, and a cell that a spreadsheet would run as a formula is defused.
    expect(csv).toContain(`"'=1+1 sudah dua jam menunggu, ""antrean"" tidak bergerak"`);
    expect(lines[1]).toContain(',Pengaduan,');
    expect(lines[1]).toContain(',Tidak,Budi,');
    expect(lines[1]).toContain('MPP Kabupaten Uji');
    expect((await fetch(`${proxy.url}/api/sites/no-such-site/complaints.csv`, { headers: { authorization: `Bearer ${ADMIN}` } })).status).toBe(404);
    s.dispose();
  });
});
