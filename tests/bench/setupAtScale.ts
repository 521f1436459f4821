/**
 * Setting up a real MPP (30 agencies, 112 services, 5 zones, 40 counters: tests/fixtures/realMpp.ts)
 * from the admin screens' one workbook import, against the way it had to be done before issue 18:
 * one API call per agency, zone, service and counter (187 calls; a real MPP took 173). And a
 * site-wide Friday prayer break: one site break against one hours change per service (112 calls).
 * Each side runs on a fresh empty hub in this process, over HTTP, as the admin's browser would.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startHub, type RunningHub } from '../../electron/hub/hub.js';
import { HOURS_COLUMNS, parseDayHours } from '../../shared/masterData.js';
import type { WeeklyHours } from '../../shared/site.js';
import { writeRealMpp, type RealMpp } from '../fixtures/realMpp.js';
import { tempDir } from '../fixtures/tempDir.js';
import type { Row } from './rows.js';

interface Admin {
  hub: RunningHub;
  call(method: string, path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** A fresh hub with nothing but its first admin, and that admin's session (demo trust: no pairing). */
async function emptyHub(): Promise<Admin> {
  const dir = tempDir('antre-bench-setup-');
  const hub = await startHub({ dataDir: dir.dir, port: 0, host: '127.0.0.1', demo: true, rateLimitPerMinute: 1_000_000, printerPollMs: 0, backupEveryMinutes: 0, log: () => {} });
  const login = await fetch(`${hub.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', pin: hub.bootstrapAdminPin }) });
  const session = ((await login.json()) as { sessionToken: string }).sessionToken;
  return {
    hub,
    async call(method, path, body) {
      const res = await fetch(`${hub.url}${path}`, {
        method,
        headers: { 'x-antre-session': session, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const json = (await res.json()) as unknown;
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    },
    async close() {
      await hub.close();
      dir.remove();
    },
  };
}

function weeklyHours(cells: string[]): WeeklyHours {
  const week: WeeklyHours = [[], [], [], [], [], [], []];
  HOURS_COLUMNS.forEach(([, weekday], i) => (week[weekday] = parseDayHours(cells[i] ?? '') ?? []));
  return week;
}

/** The 187 calls of the set-up done by hand through the API; the time they took. */
async function byHand(a: Admin, mpp: RealMpp): Promise<number> {
  const t0 = performance.now();
  const agencies = new Map<string, number>();
  for (const g of mpp.agencies) agencies.set(g.code, ((await a.call('POST', '/api/admin/agencies', g)) as { id: number }).id);
  const zones = new Map<string, number>();
  for (const z of mpp.zones) zones.set(z.name, ((await a.call('POST', '/api/admin/zones', z)) as { id: number }).id);
  const services = new Map<string, number>();
  for (const s of mpp.services) {
    const body = { agencyId: agencies.get(s.agency), code: s.code, name: s.name, prefix: s.prefix, zoneId: zones.get(s.zone) ?? null, hours: weeklyHours(s.hours), estimatedMinutes: s.minutes, dailyQuota: s.quota };
    services.set(s.code, ((await a.call('POST', '/api/admin/services', body)) as { id: number }).id);
  }
  for (const c of mpp.counters) {
    await a.call('POST', '/api/admin/counters', { label: c.label, agencyId: agencies.get(c.agency), zoneId: zones.get(c.zone), serviceIds: c.services.map((code) => services.get(code)) });
  }
  return performance.now() - t0;
}

/** The same set-up as the admin's import does it: preview, then apply, one file. */
async function byImport(a: Admin, xlsx: string): Promise<number> {
  const t0 = performance.now();
  await a.call('POST', '/api/admin/master/import/preview', { xlsx });
  await a.call('POST', '/api/admin/master/import', { xlsx });
  return performance.now() - t0;
}

export async function setupAtScale(rows: Row[]): Promise<void> {
  const files = tempDir('antre-bench-workbook-');
  try {
    const mpp = await writeRealMpp(join(files.dir, 'mpp.xlsx'));
    const xlsx = readFileSync(mpp.path).toString('base64');
    const label = `Set up a real MPP (${mpp.agencies.length} agencies, ${mpp.services.length} services, ${mpp.zones.length} zones, ${mpp.counters.length} counters)`;
    const calls = mpp.agencies.length + mpp.zones.length + mpp.services.length + mpp.counters.length;

    const manual = await emptyHub();
    const imported = await emptyHub();
    try {
      const hand = await byHand(manual, mpp);
      const file = await byImport(imported, xlsx);
      for (const a of [manual, imported]) {
        const services = (await a.call('GET', '/api/admin/services')) as unknown[];
        if (services.length !== mpp.services.length) throw new Error(`set up ${services.length} services, not ${mpp.services.length}`);
      }
      rows.push({ name: label, measure: 'one workbook: preview + apply', value: file, baseline: hand, baselineName: `${calls} API calls, one per row (before issue 18)`, unit: 'ms', target: 1 });

      // The Friday prayer break for every service: one site break, against each service's hours changed.
      const ids = ((await manual.call('GET', '/api/admin/services')) as { id: number; hours: WeeklyHours }[]).map((s) => s);
      const t0 = performance.now();
      for (const s of ids) {
        const hours = s.hours.map((day, weekday) => (weekday === 5 ? day.flatMap((r) => (r.open < '11:30' && r.close > '13:00' ? [{ open: r.open, close: '11:30' }, { open: '13:00', close: r.close }] : [r])) : day));
        await manual.call('PUT', `/api/admin/services/${s.id}`, { hours });
      }
      const perService = performance.now() - t0;
      const t1 = performance.now();
      await imported.call('POST', '/api/admin/site-breaks', { weekday: 5, start: '11:30', end: '13:00', reason: 'Salat Jumat' });
      const siteBreak = performance.now() - t1;
      rows.push({ name: `A Friday prayer break for all ${ids.length} services`, measure: 'one site break', value: siteBreak, baseline: perService, baselineName: `${ids.length} hours changes, one per service (before issue 18)`, unit: 'ms', target: 1 });
    } finally {
      await manual.close();
      await imported.close();
    }
  } finally {
    files.remove();
  }
}
