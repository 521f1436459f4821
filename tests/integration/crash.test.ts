/**
 * A power cut in the middle of a rush: a child hub process (the same `npm run serve` entry) is
 * killed with SIGKILL while kiosks are issuing tickets. After a restart every ticket whose issue
 * was acknowledged exists with the number it was given, numbers are unique and gapless, and
 * SQLite's integrity check says ok. Three rounds on the same data directory.
 */
import { expect, it } from 'vitest';
import { openDatabase } from '../../electron/hub/db/open.js';
import { serveHub } from '../fixtures/serveHub.js';

interface Acked {
  id: number;
  display: string;
  businessDate: string;
}

/** Kiosk loops issuing tickets as fast as the hub answers; stops at the first failure. */
async function burst(url: string, acked: Acked[], stop: { now: boolean }, round: number, kiosk: number): Promise<void> {
  for (let i = 0; !stop.now; i++) {
    try {
      const res = await fetch(`${url}/api/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // Services 1-3 (KTP, KK, Akta Kelahiran) have no daily quota in the demo.
        body: JSON.stringify({ serviceId: 1 + ((i + kiosk) % 3), requestId: `crash-${round}-${kiosk}-${i}` }),
      });
      if (res.status !== 201) return;
      const body = (await res.json()) as { ticket: Acked };
      acked.push({ id: body.ticket.id, display: body.ticket.display, businessDate: body.ticket.businessDate });
    } catch {
      return; // the connection died with the hub
    }
  }
}

it('keeps every acknowledged ticket through SIGKILL, with gapless unique numbers', async () => {
  const acked: Acked[] = [];
  const hub = await serveHub();
  for (let round = 0; round < 3; round++) {
    if (round > 0) await hub.restart(); // same data directory and port
    const stop = { now: false };
    const before = acked.length;
    const kiosks = Array.from({ length: 6 }, (_, k) => burst(hub.url, acked, stop, round, k));
    // Let a few dozen tickets through, then pull the plug mid-burst.
    while (acked.length < before + 40 + round * 20) await new Promise((r) => setTimeout(r, 5));
    await hub.kill();
    stop.now = true;
    await Promise.all(kiosks);
    expect(acked.length).toBeGreaterThan(before);
  }

  const db = openDatabase(hub.dataDir);
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = db.prepare('SELECT id, prefix, number, business_date FROM tickets').all() as {
      id: number;
      prefix: string;
      number: number;
      business_date: string;
    }[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const a of acked) {
      const r = byId.get(a.id);
      expect(r, `acknowledged ticket ${a.display} is missing`).toBeDefined();
      expect(`${r!.prefix}-${String(r!.number).padStart(3, '0')}`).toBe(a.display);
    }
    const groups = new Map<string, number[]>();
    for (const r of rows) {
      const k = `${r.business_date}/${r.prefix}`;
      groups.set(k, [...(groups.get(k) ?? []), r.number]);
    }
    for (const [k, numbers] of groups) {
      numbers.sort((x, y) => x - y);
      expect(numbers, k).toEqual(numbers.map((_, i) => i + 1));
    }
    // Every ticket row has its issue event: the log and the table never disagree.
    const issuedEvents = db.prepare(`SELECT COUNT(*) FROM events WHERE type = 'ticket.issued'`).pluck().get();
    expect(issuedEvents).toBe(rows.length);
  } finally {
    db.close();
    await hub.dispose();
  }
});
