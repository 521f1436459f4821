/**
 * GET /api/display/slide on a real hub and SQLite file: the IKM counts exactly the last 30
 * business dates (today and the 29 before, not the 30th), is null with no answer, is read once a
 * minute for every display; the standards are those written (not the empty ones, not an inactive
 * service's, nor those with nothing a citizen needs before coming), per agency in kiosk order, with
 * the agency's short name; a display device and an admin read it, a kiosk may not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shortFormAnswers } from '../../shared/ikm.js';
import { DisplaySlide } from '../../shared/protocol.js';
import { startTestHub, type TestHub } from '../fixtures/testHub.js';

const TODAY = '2026-11-23';
const KTP = 1;
const KK = 2;

let t: TestHub;
let display: string;
let kiosk: string;

beforeAll(async () => {
  t = await startTestHub();
  display = (await t.pair('display')).token;
  kiosk = (await t.pair('kiosk')).token;
});
afterAll(async () => {
  await t?.dispose();
});

const slide = async (token: string | null = display) => {
  const r = await t.client.call('GET', '/api/display/slide', { token });
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return DisplaySlide.parse(r.json);
};

let number = 100;
/** A served KTP ticket of `date` answered on the short form with `value`. */
function answered(date: string, value: 1 | 2 | 3 | 4): void {
  const db = t.hub.core.db;
  const at = Date.parse(`${date}T03:00:00Z`);
  const id = db
    .prepare(
      `INSERT INTO tickets (business_date, prefix, number, service_id, origin_service_id, status, counter_id, officer_id, issued_at, arrived_at, called_at, started_at, finished_at, call_count)
       VALUES (?, 'A', ?, ?, ?, 'done', 1, 1, ?, ?, ?, ?, ?, 1)`,
    )
    .run(date, number++, KTP, KTP, at, at, at + 60_000, at + 90_000, at + 600_000).lastInsertRowid;
  db.prepare(`INSERT INTO survey_responses (ticket_id, service_id, counter_id, officer_id, business_date, form, answers, at) VALUES (?, ?, 1, 1, ?, 'short', ?, ?)`).run(
    id,
    KTP,
    date,
    JSON.stringify(shortFormAnswers(value)),
    at + 700_000,
  );
}

describe('the IKM of the slide', () => {
  it('is null while nobody answered in the 30 days', async () => {
    answered('2026-10-24', 1); // the 31st day back: outside
    expect((await slide()).ikm).toBeNull();
  });

  it('counts today and the 29 dates before, not the 30th, once the minute it is kept for is over', async () => {
    answered('2026-10-25', 4); // the 30th date, today included: inside
    answered(TODAY, 2);
    // Kept for a minute for every display: the answers just added are not read yet.
    expect((await slide()).ikm).toBeNull();
    t.clock.advance(61_000);
    const { ikm } = await slide();
    // (4 + 2) / 2 = 3 → × 25 = 75,00: C, Kurang Baik; the answer of 24 October would have made it 58,33 (D).
    expect(ikm).toEqual({ value: 75, grade: 'C', gradeName: 'Kurang Baik', respondents: 2, from: '2026-10-25', to: TODAY });
  });
});

describe('the standards of the slide', () => {
  it('lists what was written, per agency with its short name, without empty standards or inactive services', async () => {
    expect((await slide()).standards).toEqual([]);
    const std = { requirements: ['Kartu Keluarga (KK) asli'], procedure: '', completionTime: '1 hari kerja', fee: 'Gratis', product: '', legalBasis: '', complaintContact: '' };
    const admin = { token: t.admin.token, session: t.admin.session };
    expect((await t.client.call('PUT', `/api/admin/services/${KTP}/standard`, { ...admin, body: std })).status).toBe(200);
    // Only a product: nothing a citizen needs before coming, nothing for the slide.
    expect((await t.client.call('PUT', `/api/admin/services/${KK}/standard`, { ...admin, body: { ...std, requirements: [], completionTime: '', fee: '', product: 'KK' } })).status).toBe(200);
    const skck = t.hub.core.master.services().find((s) => s.name === 'SKCK Baru')!;
    expect((await t.client.call('PUT', `/api/admin/services/${skck.id}/standard`, { ...admin, body: { ...std, requirements: ['SKCK lama'] } })).status).toBe(200);
    expect((await slide()).standards).toEqual([
      { agencyId: 1, agencyName: 'Dukcapil', services: [{ serviceId: KTP, name: 'KTP Elektronik', requirements: ['Kartu Keluarga (KK) asli'], completionTime: '1 hari kerja', fee: 'Gratis' }] },
      { agencyId: skck.agencyId, agencyName: 'Polres', services: [{ serviceId: skck.id, name: 'SKCK Baru', requirements: ['SKCK lama'], completionTime: '1 hari kerja', fee: 'Gratis' }] },
    ]);
    // A service ended: off the slide, and Polres with it (no other service of it has a standard).
    expect((await t.client.call('PUT', `/api/admin/services/${skck.id}`, { ...admin, body: { active: false } })).status).toBe(200);
    expect((await slide()).standards.map((a) => a.agencyName)).toEqual(['Dukcapil']);
  });
});

describe('who reads it', () => {
  it('a display and an admin device; a kiosk is refused', async () => {
    await slide(display);
    await slide(t.admin.token);
    const r = await t.client.call('GET', '/api/display/slide', { token: kiosk });
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('FORBIDDEN_ROLE');
  });
});
