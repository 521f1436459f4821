/**
 * Business dates follow the site's time zone, never the machine's: a site in Asia/Makassar
 * (WITA, UTC+8) across its local midnight, while the UTC date (and the machine's, whatever it is)
 * has not changed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { businessDate, formatIndonesianDate, localParts } from '../../shared/businessDate.js';
import { weekdayHours } from '../../shared/openingHours.js';
import { smallSite, type SmallSite } from '../fixtures/smallSite.js';

// 2026-11-23 23:58 WITA = 15:58 UTC; WITA midnight = 16:00 UTC on the same UTC date.
const BEFORE_WITA_MIDNIGHT = Date.UTC(2026, 10, 23, 15, 58);
const WITA_MIDNIGHT = Date.UTC(2026, 10, 23, 16, 0);

let site: SmallSite | null = null;
afterEach(() => {
  site?.dispose();
  site = null;
});

describe('shared business-date helpers', () => {
  it('gives the local date and time in each Indonesian zone', () => {
    const t = Date.UTC(2026, 10, 23, 16, 30); // 23:30 WIB, 00:30 WITA, 01:30 WIT
    expect(localParts(t, 'Asia/Jakarta')).toMatchObject({ date: '2026-11-23', time: '23:30', weekday: 1 });
    expect(localParts(t, 'Asia/Makassar')).toMatchObject({ date: '2026-11-24', time: '00:30', weekday: 2 });
    expect(localParts(t, 'Asia/Jayapura')).toMatchObject({ date: '2026-11-24', time: '01:30', weekday: 2 });
  });

  it('changes the business date exactly at local midnight', () => {
    expect(businessDate(WITA_MIDNIGHT - 1, 'Asia/Makassar')).toBe('2026-11-23');
    expect(businessDate(WITA_MIDNIGHT, 'Asia/Makassar')).toBe('2026-11-24');
    expect(businessDate(WITA_MIDNIGHT, 'Asia/Jakarta')).toBe('2026-11-23');
    expect(businessDate(WITA_MIDNIGHT - 60 * 60_000, 'Asia/Jayapura')).toBe('2026-11-24');
  });

  it('writes dates the Indonesian way', () => {
    expect(formatIndonesianDate('2026-11-23')).toBe('Senin, 23 November 2026');
    expect(formatIndonesianDate('2027-01-01')).toBe('Jumat, 1 Januari 2027');
    expect(formatIndonesianDate('2028-02-29')).toBe('Selasa, 29 Februari 2028');
  });
});

describe('a site in Asia/Makassar across its midnight', () => {
  it('numbers tickets from 001 again at WITA midnight although the UTC date is the same', async () => {
    site = await smallSite({ timeZone: 'Asia/Makassar', start: BEFORE_WITA_MIDNIGHT });
    const { core, clock, services } = site;
    const late1 = core.engine.issue({ serviceId: services.a, requestId: 'late-1' }).ticket;
    clock.advanceMinutes(1); // 23:59 WITA
    const late2 = core.engine.issue({ serviceId: services.a, requestId: 'late-2' }).ticket;
    expect([late1.display, late1.businessDate, late2.display, late2.businessDate]).toEqual(['A-001', '2026-11-23', 'A-002', '2026-11-23']);

    clock.set(WITA_MIDNIGHT); // 00:00 WITA, still 2026-11-23 in UTC
    expect(new Date(clock.now()).toISOString().slice(0, 10)).toBe('2026-11-23');
    const early = core.engine.issue({ serviceId: services.a, requestId: 'early-1' }).ticket;
    expect([early.display, early.businessDate]).toEqual(['A-001', '2026-11-24']);

    // The previous day's waiting tickets are not called on the new date…
    core.engine.openCounter(site.counters[0]!, { officerId: site.officers[0]! });
    expect(core.engine.callNext(site.counters[0]!, {}).id).toBe(early.id);
    // …and the midnight close shuts them with a reason, keeping them.
    expect(core.engine.closeStaleDays()).toBe(2);
    const old = core.db.prepare(`SELECT status, close_reason FROM tickets WHERE business_date = '2026-11-23'`).all() as { status: string; close_reason: string }[];
    expect(old.map((r) => r.status)).toEqual(['closed', 'closed']);
    expect(old[0]!.close_reason).toMatch(/akhir hari/);
  });

  it('opens and closes services by WITA, not by the machine’s clock', async () => {
    // 07:30 WITA on Monday = 23:30 UTC on Sunday
    site = await smallSite({ timeZone: 'Asia/Makassar', start: Date.UTC(2026, 10, 22, 23, 30) });
    const { core, clock, services } = site;
    core.master.updateService(services.a, { hours: weekdayHours('08:00', '15:00') });
    expect(() => core.engine.issue({ serviceId: services.a, requestId: 'too-early' })).toThrow(/SERVICE_CLOSED/);
    clock.advanceMinutes(30); // 08:00 WITA Monday, 00:00 UTC
    expect(core.engine.issue({ serviceId: services.a, requestId: 'on-time' }).ticket.businessDate).toBe('2026-11-23');
    clock.advanceMinutes(7 * 60); // 15:00 WITA
    expect(() => core.engine.issue({ serviceId: services.a, requestId: 'too-late' })).toThrow(/SERVICE_CLOSED/);
  });
});
