/**
 * An MPP that ran Antre before issue 18 upgrades: its database (schema version 11, floors only as
 * the counters' zone names) opens with the new version, and migration 12 turns those names into
 * zones, puts each counter and each service in its zone, and changes nothing else. The tickets of
 * the day are still there and still called.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { LOCAL_DEVICE } from '../../electron/hub/access.js';
import { openCore, type HubCore } from '../../electron/hub/core.js';
import { DB_FILE_NAME } from '../../electron/hub/db/open.js';
import { MIGRATIONS, migrate } from '../../electron/hub/db/migrations.js';
import { ManualClock } from '../fixtures/clock.js';
import { tempDir } from '../fixtures/tempDir.js';

const tmp = tempDir('antre-upgrade-');
let core: HubCore | null = null;
afterEach(() => {
  core?.close();
  core = null;
});
afterAll(() => tmp.remove());

const WEEKDAYS = JSON.stringify([[], ...Array.from({ length: 5 }, () => [{ open: '08:00', close: '15:00' }]), []]);

/** A hub database as wave 1 left it: version 11, two floors named on the counters, a ticket waiting. */
function waveOneDatabase(dir: string, now: number): void {
  const db = new Database(join(dir, DB_FILE_NAME));
  migrate(db, MIGRATIONS.filter((m) => m.version <= 11));
  db.exec(`
    INSERT INTO site (id, name, address, time_zone) VALUES (1, 'MPP Lama', '', 'Asia/Jakarta');
    INSERT INTO agencies (id, code, name, short_name, sort_order) VALUES (1, 'DUKCAPIL', 'Dinas Kependudukan', 'Dukcapil', 1), (2, 'BPN', 'Kantor Pertanahan', 'BPN', 2);
    INSERT INTO services (id, agency_id, code, name, prefix, hours) VALUES
      (1, 1, 'KTP', 'KTP Elektronik', 'A', '${WEEKDAYS}'),
      (2, 2, 'SERTIFIKAT', 'Sertifikat Tanah', 'B', '${WEEKDAYS}'),
      (3, 2, 'INFO', 'Informasi BPN', 'C', '${WEEKDAYS}');
    INSERT INTO counters (id, label, agency_id, zone) VALUES (1, 'Gerai 1', 1, 'Lantai 1'), (2, 'Gerai 2', 2, 'Lantai 2'), (3, 'Meja Info', NULL, '');
    INSERT INTO counter_services (counter_id, service_id, rank) VALUES (1, 1, 1), (2, 2, 1), (2, 1, 2);
  `);
  db.prepare(`INSERT INTO tickets (business_date, prefix, number, service_id, origin_service_id, status, issued_at, arrived_at) VALUES (?, 'A', 1, 1, 1, 'waiting', ?, ?)`).run('2026-12-02', now, now);
  db.close();
}

it('turns the counters’ floor names into zones, puts counters and services in them, and keeps the day’s tickets', async () => {
  const clock = new ManualClock(Date.parse('2026-12-02T02:00:00Z')); // 09:00 WIB, a Wednesday
  waveOneDatabase(tmp.dir, clock.now());
  core = openCore({ dataDir: tmp.dir, clock });
  expect(core.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);

  const zones = core.master.zones();
  expect(zones.map((z) => z.name)).toEqual(['Lantai 1', 'Lantai 2']);
  const zoneId = (name: string) => zones.find((z) => z.name === name)!.id;
  const counters = new Map(core.master.counters().map((c) => [c.label, c.zoneId]));
  expect(Object.fromEntries(counters)).toEqual({ 'Gerai 1': zoneId('Lantai 1'), 'Gerai 2': zoneId('Lantai 2'), 'Meja Info': null });
  // A service is where the counter that serves it first stands; one no counter serves has no zone.
  expect(core.master.service(1)!.zoneId).toBe(zoneId('Lantai 1'));
  expect(core.master.service(2)!.zoneId).toBe(zoneId('Lantai 2'));
  expect(core.master.service(3)!.zoneId).toBeNull();
  // Everything else as it was: names, prefixes, hours; no issuing window, site breaks followed.
  expect(core.master.service(2)).toMatchObject({ name: 'Sertifikat Tanah', prefix: 'B', issueOpensBeforeMinutes: 0, lastTicketBeforeMinutes: 0, followsSiteBreaks: true, pending: null });
  expect(core.audit.list()).toEqual([]);

  // The ticket issued before the upgrade is called after it, by an officer of the counter's agency.
  await core.staff.add({ name: 'Petugas', username: 'petugas', pin: '1234', role: 'officer', agencyId: 1 });
  const { session } = await core.access.login({ username: 'petugas', pin: '1234', counterId: 1 }, LOCAL_DEVICE);
  expect(core.engine.callNext(1, { officerId: session.officerId }).display).toBe('A-001');
});
