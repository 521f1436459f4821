/**
 * Changes that are one commit or nothing, on a real SQLite file: a step that fails half-way (a
 * trigger plays the disk or the constraint that refuses it) leaves the database, the services'
 * caches and the event log as they were. And the sync outbox the composition root builds runs
 * only once the hub starts it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_DEVICE } from '../../electron/hub/access.js';
import { openCore } from '../../electron/hub/core.js';
import { smallSite, type SmallSite } from '../fixtures/smallSite.js';
import { tempDir } from '../fixtures/tempDir.js';

let site: SmallSite;
beforeEach(async () => {
  site = await smallSite();
});
afterEach(() => site.dispose());

/** Makes every write that `when` matches fail, as a full disk or a refusing constraint would. */
function failWhen(name: string, on: string, when = '1'): void {
  site.core.db.exec(`CREATE TEMP TRIGGER ${name} ${on} WHEN ${when} BEGIN SELECT RAISE(ABORT, 'fails on purpose'); END`);
}

const lastSeq = () => site.core.events.lastSeq();
const eventTypes = (after: number) => site.core.events.readSince(after).map((e) => e.type);

describe('settings', () => {
  it('change together with their event, and the cache follows', () => {
    const before = lastSeq();
    const all = site.core.settings.update({ sessionIdleMinutes: 60, surveyForm: 'short' }, { officerId: site.officers[0]! });
    expect(all).toMatchObject({ sessionIdleMinutes: 60, surveyForm: 'short', printFailurePolicy: 'keep' });
    expect(site.core.settings.get('sessionIdleMinutes')).toBe(60);
    const [event, ...more] = site.core.events.readSince(before);
    expect(more).toEqual([]);
    expect(event).toMatchObject({ type: 'settings.changed', officerId: site.officers[0], data: { sessionIdleMinutes: 60, surveyForm: 'short' } });
  });

  it('that fail half-way leave the table, the cache and the event log as they were', () => {
    const { settings, db } = site.core;
    expect(settings.get('sessionIdleMinutes')).toBe(12 * 60); // now in the cache
    const before = lastSeq();
    // sessionIdleMinutes is written first, then kiosk fails.
    failWhen('fail_kiosk', 'BEFORE INSERT ON settings', `NEW.key = 'kiosk'`);
    expect(() => settings.update({ sessionIdleMinutes: 60, kiosk: { askPriority: false, idleSeconds: 20, printerTrouble: 'screen', withoutOpenCounter: 'issue', surveyInvitation: true, printRequirements: false, complaints: true } }, {})).toThrow(/fails on purpose/);
    expect(settings.get('sessionIdleMinutes')).toBe(12 * 60);
    expect(settings.get('kiosk').askPriority).toBe(true);
    expect(db.prepare('SELECT COUNT(*) FROM settings').pluck().get()).toBe(0);
    expect(lastSeq()).toBe(before);
  });

  it('refuse a value off its schema before writing anything', () => {
    const before = lastSeq();
    expect(() => site.core.settings.update({ sessionIdleMinutes: 60, waitTargetMinutes: 1 } as never, {})).toThrow();
    expect(site.core.settings.get('sessionIdleMinutes')).toBe(12 * 60);
    expect(lastSeq()).toBe(before);
  });
});

describe('officer sessions', () => {
  const counter = () => site.core.db.prepare('SELECT state, officer_id FROM counters WHERE id = ?').get(site.counters[0]) as { state: string; officer_id: number | null };
  const openSessions = () => site.core.db.prepare('SELECT officer_id FROM officer_sessions WHERE ended_at IS NULL ORDER BY id').pluck().all();

  it('a login whose counter cannot open leaves no session, and the one before it still open', async () => {
    const { access } = site.core;
    await access.login({ username: 'petugas1', pin: '1234', counterId: site.counters[0]! }, LOCAL_DEVICE);
    const before = lastSeq();
    failWhen('fail_open', 'BEFORE UPDATE OF state ON counters');
    await expect(access.login({ username: 'petugas2', pin: '1234', counterId: site.counters[0]! }, LOCAL_DEVICE)).rejects.toThrow(/fails on purpose/);
    expect(openSessions()).toEqual([site.officers[0]]);
    expect(counter()).toEqual({ state: 'open', officer_id: site.officers[0] });
    expect(lastSeq()).toBe(before);
  });

  it('a logout whose counter cannot close leaves the session open', async () => {
    const { access } = site.core;
    const { sessionToken } = await access.login({ username: 'petugas1', pin: '1234', counterId: site.counters[0]! }, LOCAL_DEVICE);
    const session = access.authenticateSession(sessionToken, LOCAL_DEVICE);
    const before = lastSeq();
    failWhen('fail_close', 'BEFORE UPDATE OF state ON counters');
    expect(() => access.logout(session)).toThrow(/fails on purpose/);
    expect(access.authenticateSession(sessionToken, LOCAL_DEVICE).id).toBe(session.id);
    expect(counter().state).toBe('open');
    expect(lastSeq()).toBe(before);
  });

  it('login and logout open and close the counter with their events', async () => {
    const { access } = site.core;
    const before = lastSeq();
    const { sessionToken } = await access.login({ username: 'petugas1', pin: '1234', counterId: site.counters[0]! }, LOCAL_DEVICE);
    access.logout(access.authenticateSession(sessionToken, LOCAL_DEVICE));
    expect(eventTypes(before)).toEqual(['counter.opened', 'counter.closed']);
    expect(openSessions()).toEqual([]);
    expect(counter()).toEqual({ state: 'closed', officer_id: null });
  });
});

describe('master data', () => {
  it('a change whose event cannot be written leaves the service, and the cache, as they were', () => {
    const { master } = site.core;
    const a = site.services.a;
    expect(master.service(a)!.dailyQuota).toBeNull();
    failWhen('fail_event', 'BEFORE INSERT ON events', `NEW.type = 'master.changed'`);
    expect(() => master.updateService(a, { dailyQuota: 5 }, { officerId: site.officers[0]! })).toThrow(/fails on purpose/);
    expect(master.service(a)!.dailyQuota).toBeNull();
    expect(() => master.setSite({ ...master.site(), name: 'Nama baru' }, {})).toThrow(/fails on purpose/);
    expect(master.site().name).toBe('MPP Uji');
  });

  it('a change by someone is a master.changed event; set-up leaves none', () => {
    const { master } = site.core;
    const before = lastSeq();
    master.updateService(site.services.a, { dailyQuota: 5 });
    expect(lastSeq()).toBe(before);
    master.updateService(site.services.a, { dailyQuota: 6 }, { officerId: site.officers[0]! });
    expect(site.core.events.readSince(before)).toMatchObject([{ type: 'master.changed', data: { kind: 'service', id: site.services.a } }]);
    expect(master.service(site.services.a)!.dailyQuota).toBe(6);
  });
});

describe('the sync outbox', () => {
  it('is built by the composition root when sync is configured, and runs only once started', () => {
    const tmp = tempDir();
    const timers: number[] = [];
    const core = openCore({
      dataDir: tmp.dir,
      clock: site.clock,
      sync: {
        url: 'http://127.0.0.1:9',
        site: 'mpp-uji',
        token: 'token',
        random: () => 0.5,
        setTimer: (_fn, ms) => timers.push(ms),
        clearTimer: () => {},
      },
    });
    try {
      core.master.setSite({ ...site.core.master.site() });
      expect(core.sync).not.toBeNull();
      core.engine.closeDay(core.engine.today(), 'uji', {});
      expect(timers).toEqual([]);
      core.sync!.start();
      expect(timers).toHaveLength(1);
      // A day closing sends its manifest at once.
      site.clock.advance(24 * 60 * 60_000);
      core.engine.closeDay(core.engine.today(), 'uji', {});
      expect(timers.at(-1)).toBe(0);
    } finally {
      core.close();
      tmp.remove();
    }
  });

  it('is not built when sync is not configured', () => {
    expect(site.core.sync).toBeNull();
  });
});
