/**
 * Online backups: made while the hub runs, openable and intact, rotated to the newest N, and
 * available on demand to a supervisor over the API.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { smallSite, type SmallSite } from '../fixtures/smallSite.js';
import { startTestHub } from '../fixtures/testHub.js';

let site: SmallSite | null = null;
afterEach(() => {
  site?.dispose();
  site = null;
});

it('copies the live database into a file that opens with every ticket, keeping the newest N', async () => {
  site = await smallSite();
  const { core, clock, services } = site;
  for (let i = 0; i < 5; i++) core.engine.issue({ serviceId: services.a, requestId: `backup-${i}` });
  const first = await core.backups.backupNow();
  const copy = new Database(first.file, { readonly: true });
  try {
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare('SELECT COUNT(*) FROM tickets').pluck().get()).toBe(5);
  } finally {
    copy.close();
  }
  // 50 more backups, a minute apart: only the newest 48 (the default) stay.
  for (let i = 0; i < 50; i++) {
    clock.advanceMinutes(1);
    await core.backups.backupNow();
  }
  const kept = core.backups.list();
  expect(kept).toHaveLength(48);
  expect(kept).not.toContain(first.file.split('/').pop());
});

it('makes a backup on demand for a supervisor, not for an officer', async () => {
  const t = await startTestHub();
  try {
    const r = await t.client.call('POST', '/api/admin/backups', { token: t.admin.token, session: t.admin.session });
    expect(r.status).toBe(201);
    expect(r.json.file).toMatch(/^antre-\d{8}-\d{6}-\d{3}\.sqlite3$/);
    const copy = new Database(join(t.hub.core.backups.dir, r.json.file), { readonly: true });
    expect(copy.prepare('SELECT COUNT(*) FROM services').pluck().get()).toBe(40);
    copy.close();

    const counter = await t.pair('counter', { counterId: 1 });
    const session = await t.login(counter.token, 'petugas01', '1234');
    const refused = await t.client.call('POST', '/api/admin/backups', { token: counter.token, session });
    expect(refused.json.error.code).toBe('FORBIDDEN_ROLE');
  } finally {
    await t.dispose();
  }
});
