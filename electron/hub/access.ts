/**
 * Who may talk to the hub: paired devices (by hashed bearer token) and officers (by a session
 * opened with username and PIN at a counter). The LAN is public Wi-Fi, so nothing is trusted
 * for being on it; in demo mode only the hub machine itself (loopback) is.
 *
 * Every expiry here (pairing codes, idle sessions, PIN lockouts) is read on the hub's trusted clock
 * (clock.ts), never the PC's: within a run it only moves forward, and after a restart it starts no
 * earlier than the last time recorded (pairing codes and last-seen times count), so setting the
 * PC's clock back cannot revive an expired code or session, nor shorten or stretch a lockout.
 */
import type { DeviceRole, OfficerRole } from '../../shared/domain.js';
import type { Actor } from './actor.js';
import type { AuditLog } from './audit.js';
import type { Clock } from './clock.js';
import type { Db } from './db/open.js';
import type { EventLog } from './events.js';
import { HubError } from './hubError.js';
import type { QueueEngine } from './queue/engine.js';
import { DUMMY_PIN_HASH, newPairingCode, newToken, sha256, verifyPin } from './secrets.js';
import type { SettingsStore } from './settings.js';
import { ZoneScope } from './zoneScope.js';

export interface DeviceIdentity {
  /** null for the trusted local browser of demo mode */
  id: number | null;
  role: DeviceRole | 'local';
  counterId: number | null;
  name: string;
  /** a display paired for a zone receives only that zone's calls and waiting (null or absent: everything) */
  zoneId?: number | null;
}

export const LOCAL_DEVICE: DeviceIdentity = { id: null, role: 'local', counterId: null, name: 'hub (lokal)' };

export interface OfficerSession {
  id: number;
  officerId: number;
  name: string;
  username: string;
  role: OfficerRole;
  /** the officer's own agency; a supervisor with one manages only it (api/agencyScope.ts) */
  agencyId: number | null;
  counterId: number | null;
  deviceId: number | null;
}

/** Wrong PINs in a row, per username and device, before that pair is locked. */
const MAX_LOGIN_FAILURES = 5;
/** The first lock; each further lock in a row doubles it, up to LOCK_MAX_MS. */
const LOCK_MS = 5 * 60_000;
/**
 * Doubling stops at an hour: five guesses an hour from one device is ~120 a day against a PIN of
 * 10,000 or more, while an officer who forgot the PIN waits at most an hour (or asks the admin).
 */
const LOCK_MAX_MS = 60 * 60_000;
/** A failure row is forgotten a day after the last wrong PIN (unless still locked). */
const FAILURE_MEMORY_MS = 24 * 60 * 60_000;
/**
 * Wrong pairing guesses (from any address) while a code is outstanding before it is burned. A guess
 * names no code, so each counts against every outstanding code: with k codes out and a six-digit
 * code, an attacker's chance before the burn is 10·k in a million.
 */
export const PAIRING_WRONG_GUESSES_TO_BURN = 10;

/** Where a login came from: its device, or for the hub's own browser (no device) its address. */
function loginSource(device: DeviceIdentity, address: string | undefined): string {
  return device.id !== null ? `device:${device.id}` : `address:${address ?? 'unknown'}`;
}
/** Writing last-seen on every request would make every poll a disk write; once a minute is plenty. */
const TOUCH_EVERY_MS = 60_000;

export interface AccessDeps {
  db: Db;
  events: EventLog;
  /** the business date of events, and the counter an officer opens by logging in */
  engine: Pick<QueueEngine, 'today' | 'openCounter' | 'closeCounter'>;
  settings: SettingsStore;
  clock: Clock;
  /** device pairing, names and revocations are admin actions: each leaves an entry */
  audit: AuditLog;
}

/** What the agency check of a login needs to know about the officer. */
interface OfficerAgency {
  id: number;
  role: OfficerRole;
  agency_id: number | null;
}

export class Access {
  private readonly db: Db;
  private readonly events: EventLog;
  private readonly engine: AccessDeps['engine'];
  private readonly settings: SettingsStore;
  private readonly clock: Clock;
  private readonly audit: AuditLog;
  /** which zone each event is in, for the displays paired for one (the stream asks) */
  readonly zones: ZoneScope;

  constructor(deps: AccessDeps) {
    this.db = deps.db;
    this.events = deps.events;
    this.engine = deps.engine;
    this.settings = deps.settings;
    this.clock = deps.clock;
    this.audit = deps.audit;
    this.zones = new ZoneScope({ db: deps.db, events: deps.events });
  }

  // ---- pairing ---------------------------------------------------------------------------

  createPairingCode(
    input: { role: DeviceRole; name: string; counterId?: number | undefined; zoneId?: number | undefined },
    actor?: Actor,
  ): { code: string; expiresAt: number } {
    if (input.role === 'counter') {
      if (input.counterId === undefined) throw new HubError('VALIDATION_FAILED', { counterId: 'required for a counter device' });
    } else if (input.counterId !== undefined) {
      throw new HubError('VALIDATION_FAILED', { counterId: 'only a counter device stands at a counter' });
    }
    if (input.zoneId !== undefined && input.role !== 'display') {
      throw new HubError('VALIDATION_FAILED', { zoneId: 'only a display shows one zone' });
    }
    if (input.counterId !== undefined && !this.db.prepare('SELECT 1 FROM counters WHERE id = ? AND active = 1').get(input.counterId)) {
      throw new HubError('COUNTER_NOT_FOUND');
    }
    if (input.zoneId !== undefined && !this.db.prepare('SELECT 1 FROM zones WHERE id = ? AND active = 1').get(input.zoneId)) {
      throw new HubError('ZONE_NOT_FOUND');
    }
    return this.events.transaction(() => this.insertPairingCode(input, actor));
  }

  private insertPairingCode(
    input: { role: DeviceRole; name: string; counterId?: number | undefined; zoneId?: number | undefined },
    actor: Actor | undefined,
  ): { code: string; expiresAt: number } {
    const now = this.clock.now();
    const expiresAt = now + this.settings.get('pairingCodeMinutes') * 60_000;
    for (;;) {
      const code = newPairingCode();
      const hash = sha256(code);
      // A live code must be unambiguous; a clash with an expired or used one is harmless.
      const clash = this.db.prepare('SELECT used_at, burned_at, expires_at FROM pairing_codes WHERE code_hash = ?').get(hash) as
        | { used_at: number | null; burned_at: number | null; expires_at: number }
        | undefined;
      if (clash && clash.used_at === null && clash.burned_at === null && clash.expires_at > now) continue;
      this.db
        .prepare(
          `INSERT INTO pairing_codes (code_hash, role, name, counter_id, zone_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(code_hash) DO UPDATE SET role = excluded.role, name = excluded.name, counter_id = excluded.counter_id,
             zone_id = excluded.zone_id, created_by = excluded.created_by,
             created_at = excluded.created_at, expires_at = excluded.expires_at, used_at = NULL, device_id = NULL,
             wrong_guesses = 0, burned_at = NULL`,
        )
        .run(hash, input.role, input.name, input.counterId ?? null, input.zoneId ?? null, actor?.officerId ?? null, now, expiresAt);
      // What the code will pair, never the code itself.
      this.audit.record(actor, 'device.pairingCode', 'device', null, null, {
        role: input.role,
        name: input.name,
        counterId: input.counterId ?? null,
        zoneId: input.zoneId ?? null,
        expiresAt,
      });
      return { code, expiresAt };
    }
  }

  /**
   * Pairs a device with an outstanding code. A wrong guess counts against every outstanding code
   * (it is written, so a restart does not forgive it) and burns them past
   * PAIRING_WRONG_GUESSES_TO_BURN: `onBurned` hears how many were burned, for the admin's alarm.
   */
  pair(
    code: string,
    name?: string,
    onBurned?: (burned: number) => void,
  ): { deviceId: number; role: DeviceRole; counterId: number | null; zoneId: number | null; token: string } {
    const token = newToken();
    type Paired = { deviceId: number; role: DeviceRole; counterId: number | null; zoneId: number | null; token: string };
    type Outcome = { paired: Paired } | { refused: 'PAIRING_CODE_INVALID' | 'PAIRING_CODE_BURNED'; burned: number };
    const outcome = this.events.transaction((): Outcome => {
      const now = this.clock.now();
      const pc = this.db
        .prepare('SELECT * FROM pairing_codes WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?')
        .get(sha256(code), now) as
        | { code_hash: string; role: DeviceRole; name: string; counter_id: number | null; zone_id: number | null; created_by: number | null; burned_at: number | null }
        | undefined;
      if (!pc) return { refused: 'PAIRING_CODE_INVALID' as const, burned: this.countWrongGuess(now) };
      if (pc.burned_at !== null) return { refused: 'PAIRING_CODE_BURNED' as const, burned: 0 };
      const deviceName = name ?? pc.name;
      const deviceId = Number(
        this.db
          .prepare('INSERT INTO devices (name, role, counter_id, zone_id, token_hash, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(deviceName, pc.role, pc.counter_id, pc.zone_id, sha256(token), now, now).lastInsertRowid,
      );
      this.db.prepare('UPDATE pairing_codes SET used_at = ?, device_id = ? WHERE code_hash = ?').run(now, deviceId, pc.code_hash);
      this.events.append({
        type: 'device.paired',
        at: now,
        businessDate: this.engine.today(now),
        deviceId,
        counterId: pc.counter_id,
        data: { name: deviceName, role: pc.role },
      });
      // In the name of whoever made the code: they let this device in.
      this.audit.record({ officerId: pc.created_by, deviceId }, 'device.pair', 'device', deviceId, null, this.deviceRow(deviceId));
      return { paired: { deviceId, role: pc.role, counterId: pc.counter_id, zoneId: pc.zone_id, token } };
    });
    if ('paired' in outcome) return outcome.paired;
    // Committed before the refusal: a wrong guess must count even though the request fails.
    if (outcome.burned > 0) onBurned?.(outcome.burned);
    throw new HubError(outcome.refused);
  }

  /** One wrong guess against every outstanding code; answers how many it burned. */
  private countWrongGuess(now: number): number {
    const outstanding = 'used_at IS NULL AND burned_at IS NULL AND expires_at > ?';
    // Nothing outstanding, nothing written: a wrong guess then is harmless and leaves no trace.
    if (this.db.prepare(`UPDATE pairing_codes SET wrong_guesses = wrong_guesses + 1 WHERE ${outstanding}`).run(now).changes === 0) return 0;
    return this.db
      .prepare(`UPDATE pairing_codes SET burned_at = ? WHERE ${outstanding} AND wrong_guesses >= ?`)
      .run(now, now, PAIRING_WRONG_GUESSES_TO_BURN).changes;
  }

  authenticateDevice(token: string): DeviceIdentity {
    const d = this.db.prepare('SELECT * FROM devices WHERE token_hash = ?').get(sha256(token)) as
      | { id: number; role: DeviceRole; counter_id: number | null; zone_id: number | null; name: string; revoked_at: number | null }
      | undefined;
    if (!d) throw new HubError('UNAUTHENTICATED');
    if (d.revoked_at !== null) throw new HubError('DEVICE_REVOKED');
    return { id: d.id, role: d.role, counterId: d.counter_id, name: d.name, zoneId: d.zone_id };
  }

  /** A device's row as the audit log keeps it (its token's hash is left out there). */
  private deviceRow(deviceId: number): unknown {
    return this.db.prepare('SELECT * FROM devices WHERE id = ?').get(deviceId) ?? null;
  }

  /** The agency of the counter a counter device stands at (null: not a counter device, or a counter of no agency). */
  deviceAgency(deviceId: number): { role: DeviceRole; agencyId: number | null } {
    const d = this.db.prepare('SELECT d.role, c.agency_id FROM devices d LEFT JOIN counters c ON c.id = d.counter_id WHERE d.id = ?').get(deviceId) as
      | { role: DeviceRole; agency_id: number | null }
      | undefined;
    if (!d) throw new HubError('DEVICE_NOT_FOUND');
    return { role: d.role, agencyId: d.agency_id };
  }

  revokeDevice(deviceId: number, actor: { officerId: number | null; deviceId: number | null }): void {
    this.events.transaction(() => {
      const now = this.clock.now();
      const before = this.deviceRow(deviceId);
      const r = this.db.prepare('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, deviceId);
      if (r.changes === 0) {
        if (!this.db.prepare('SELECT 1 FROM devices WHERE id = ?').get(deviceId)) throw new HubError('DEVICE_NOT_FOUND');
        return; // already revoked: nothing to do
      }
      // Officers logged in on a revoked device are logged out with it.
      this.db.prepare('UPDATE officer_sessions SET ended_at = ? WHERE device_id = ? AND ended_at IS NULL').run(now, deviceId);
      this.events.append({
        type: 'device.revoked',
        at: now,
        businessDate: this.engine.today(now),
        deviceId,
        officerId: actor.officerId,
        data: { by: actor.deviceId },
      });
      this.audit.record(actor, 'device.revoke', 'device', deviceId, before, this.deviceRow(deviceId));
    });
  }

  /** A new name for a device; the admin's screens hear of it as a `master.changed` event. */
  renameDevice(deviceId: number, name: string, actor: Actor): void {
    this.events.transaction(() => {
      const before = this.deviceRow(deviceId);
      if (!before) throw new HubError('DEVICE_NOT_FOUND');
      this.db.prepare('UPDATE devices SET name = ? WHERE id = ?').run(name, deviceId);
      this.audit.record(actor, 'device.rename', 'device', deviceId, before, this.deviceRow(deviceId));
      const now = this.clock.now();
      this.events.append({
        type: 'master.changed',
        at: now,
        businessDate: this.engine.today(now),
        officerId: actor.officerId ?? null,
        deviceId: actor.deviceId ?? null,
        data: { kind: 'device', id: deviceId },
      });
    });
  }

  /**
   * The paired devices; with an agency, only the counter PCs at that agency's counters (what an
   * agency's supervisor manages).
   */
  listDevices(agencyId: number | null = null): {
    id: number;
    name: string;
    role: DeviceRole;
    counterId: number | null;
    zoneId: number | null;
    createdAt: number;
    revokedAt: number | null;
    lastSeenAt: number | null;
  }[] {
    const rows =
      agencyId === null
        ? this.db.prepare('SELECT * FROM devices ORDER BY id').all()
        : this.db.prepare('SELECT d.* FROM devices d JOIN counters c ON c.id = d.counter_id WHERE c.agency_id = ? ORDER BY d.id').all(agencyId);
    return (
      rows as {
        id: number;
        name: string;
        role: DeviceRole;
        counter_id: number | null;
        zone_id: number | null;
        created_at: number;
        revoked_at: number | null;
        last_seen_at: number | null;
      }[]
    ).map((d) => ({
      id: d.id,
      name: d.name,
      role: d.role,
      counterId: d.counter_id,
      zoneId: d.zone_id,
      createdAt: d.created_at,
      revokedAt: d.revoked_at,
      lastSeenAt: d.last_seen_at,
    }));
  }

  hasAdminDevice(): boolean {
    return this.db.prepare(`SELECT 1 FROM devices WHERE role = 'admin' AND revoked_at IS NULL`).get() !== undefined;
  }

  // ---- officer sessions -------------------------------------------------------------------

  /**
   * Opens an officer session. Wrong PINs are counted per username *and* device (or, for the hub's
   * own browser, per address): five lock that pair only, so a counter PC cannot lock the admin out
   * of the admin PC. The count is written, so a restart does not lift a lock.
   */
  async login(
    input: { username: string; pin: string; counterId?: number | undefined },
    device: DeviceIdentity,
    address?: string,
  ): Promise<{ sessionToken: string; session: OfficerSession }> {
    if (device.role !== 'counter' && device.role !== 'admin' && device.role !== 'local') throw new HubError('FORBIDDEN_ROLE');
    let counterId: number | null = input.counterId ?? null;
    if (device.role === 'counter') {
      if (counterId !== null && counterId !== device.counterId) throw new HubError('COUNTER_MISMATCH');
      counterId = device.counterId;
    }
    const username = input.username.toLowerCase();
    const source = loginSource(device, address);
    const lock = this.db.prepare('SELECT failures, locks, locked_until FROM login_failures WHERE username = ? AND source = ?').get(username, source) as
      | { failures: number; locks: number; locked_until: number }
      | undefined;
    if (lock && lock.locked_until > this.clock.now()) {
      throw new HubError('LOGIN_LOCKED', { retryAfterSeconds: Math.ceil((lock.locked_until - this.clock.now()) / 1000) });
    }

    const officer = this.db.prepare('SELECT * FROM officers WHERE username = ? AND active = 1').get(input.username) as
      | { id: number; name: string; username: string; pin_hash: string; role: OfficerRole; agency_id: number | null }
      | undefined;
    const ok = await verifyPin(input.pin, officer?.pin_hash ?? DUMMY_PIN_HASH);
    // Read after the slow hash: the time the failure is written at is the time it happened.
    const now = this.clock.now();
    if (!officer || !ok) {
      this.recordLoginFailure(username, source, now);
      throw new HubError('LOGIN_FAILED');
    }
    this.db.prepare('DELETE FROM login_failures WHERE username = ? AND source = ?').run(username, source);
    if (counterId === null && officer.role === 'officer') throw new HubError('OFFICER_ROLE_REQUIRED');
    if (counterId !== null && !this.db.prepare('SELECT 1 FROM counters WHERE id = ? AND active = 1').get(counterId)) {
      throw new HubError('COUNTER_NOT_FOUND');
    }
    if (counterId !== null) this.assertMayWorkAt(officer, counterId);

    const token = newToken();
    // The session and the open counter are one commit: no session without its counter open.
    const sessionId = this.events.transaction(() => {
      // One officer per counter: a new login ends whoever was logged in there before.
      if (counterId !== null) {
        this.db.prepare('UPDATE officer_sessions SET ended_at = ? WHERE counter_id = ? AND ended_at IS NULL').run(now, counterId);
      }
      const id = Number(
        this.db
          .prepare(
            `INSERT INTO officer_sessions (token_hash, officer_id, counter_id, device_id, created_at, last_seen_at)
             VALUES (?, ?, ?, ?, ?, ?)`,
          )
          .run(sha256(token), officer.id, counterId, device.id, now, now).lastInsertRowid,
      );
      if (counterId !== null) this.engine.openCounter(counterId, { officerId: officer.id, deviceId: device.id });
      return id;
    });
    return {
      sessionToken: token,
      session: {
        id: sessionId,
        officerId: officer.id,
        name: officer.name,
        username: officer.username,
        role: officer.role,
        agencyId: officer.agency_id,
        counterId,
        deviceId: device.id,
      },
    };
  }

  private recordLoginFailure(username: string, source: string, now: number): void {
    this.db.transaction(() => {
      // Forgotten rows go first: a device trying many usernames must not grow the table forever.
      this.db.prepare('DELETE FROM login_failures WHERE last_at < ? AND locked_until < ?').run(now - FAILURE_MEMORY_MS, now);
      const row = this.db.prepare('SELECT failures, locks, locked_until FROM login_failures WHERE username = ? AND source = ?').get(username, source) as
        | { failures: number; locks: number; locked_until: number }
        | undefined;
      // A lock that has run out leaves its count of locks (the next one is longer), not its failures.
      const before = row && row.failures < MAX_LOGIN_FAILURES ? row.failures : 0;
      const failures = before + 1;
      const locks = (row?.locks ?? 0) + (failures >= MAX_LOGIN_FAILURES ? 1 : 0);
      const lockedUntil = failures >= MAX_LOGIN_FAILURES ? now + Math.min(LOCK_MAX_MS, LOCK_MS * 2 ** (locks - 1)) : 0;
      this.db
        .prepare(
          `INSERT INTO login_failures (username, source, failures, locks, locked_until, last_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT(username, source) DO UPDATE SET failures = excluded.failures, locks = excluded.locks,
             locked_until = excluded.locked_until, last_at = excluded.last_at`,
        )
        .run(username, source, failures, locks, lockedUntil, now);
    }).immediate();
  }

  /**
   * An admin lifts every lock and failure count of an officer, on every device; answers how many
   * devices were locked.
   */
  unlockOfficer(officerId: number): { unlocked: number } {
    const o = this.db.prepare('SELECT username FROM officers WHERE id = ?').get(officerId) as { username: string } | undefined;
    if (!o) throw new HubError('OFFICER_NOT_FOUND');
    const now = this.clock.now();
    const locked = this.db.prepare('SELECT COUNT(*) FROM login_failures WHERE username = ? AND locked_until > ?').pluck().get(o.username.toLowerCase(), now) as number;
    this.db.prepare('DELETE FROM login_failures WHERE username = ?').run(o.username.toLowerCase());
    return { unlocked: locked };
  }

  /**
   * Refuses (OFFICER_AGENCY_MISMATCH) an officer at a counter of an agency that is neither their
   * own nor one they were given (officer_agencies). Admins, and officers and supervisors of no
   * agency (the MPP's own staff), work anywhere; so does anyone at a counter of no agency.
   */
  private assertMayWorkAt(officer: OfficerAgency, counterId: number): void {
    if (officer.role === 'admin' || officer.agency_id === null) return;
    const c = this.db.prepare('SELECT agency_id FROM counters WHERE id = ?').get(counterId) as { agency_id: number | null } | undefined;
    if (!c || c.agency_id === null || c.agency_id === officer.agency_id) return;
    if (this.db.prepare('SELECT 1 FROM officer_agencies WHERE officer_id = ? AND agency_id = ?').get(officer.id, c.agency_id)) return;
    throw new HubError('OFFICER_AGENCY_MISMATCH');
  }

  /**
   * The same check for a session already open (a counter's actions): an officer moved to another
   * agency since logging in has their sessions ended (staff.ts), so this is the last line only.
   */
  assertSessionAt(session: OfficerSession, counterId: number): void {
    this.assertMayWorkAt({ id: session.officerId, role: session.role, agency_id: session.agencyId }, counterId);
  }

  authenticateSession(token: string, device: DeviceIdentity): OfficerSession {
    const s = this.db
      .prepare(
        `SELECT s.*, o.name, o.username, o.role, o.active, o.agency_id FROM officer_sessions s JOIN officers o ON o.id = s.officer_id
         WHERE s.token_hash = ?`,
      )
      .get(sha256(token)) as
      | {
          id: number;
          officer_id: number;
          counter_id: number | null;
          device_id: number | null;
          last_seen_at: number;
          ended_at: number | null;
          name: string;
          username: string;
          role: OfficerRole;
          active: number;
          agency_id: number | null;
        }
      | undefined;
    if (!s) throw new HubError('SESSION_REQUIRED');
    // A session belongs to the device it was opened on: a token copied elsewhere is useless.
    if (s.device_id !== device.id) throw new HubError('SESSION_REQUIRED');
    const idleMs = this.settings.get('sessionIdleMinutes') * 60_000;
    if (s.ended_at !== null || s.active !== 1 || s.last_seen_at < this.clock.now() - idleMs) throw new HubError('SESSION_EXPIRED');
    return {
      id: s.id,
      officerId: s.officer_id,
      name: s.name,
      username: s.username,
      role: s.role,
      agencyId: s.agency_id,
      counterId: s.counter_id,
      deviceId: s.device_id,
    };
  }

  /** Ends the session and closes its counter, in one commit. */
  logout(session: OfficerSession): void {
    this.events.transaction(() => {
      this.db.prepare('UPDATE officer_sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL').run(this.clock.now(), session.id);
      if (session.counterId !== null) this.engine.closeCounter(session.counterId, { officerId: session.officerId, deviceId: session.deviceId });
    });
  }

  /** Records that a device (and officer session) was seen; called after a successful request. */
  touch(deviceId: number | null, sessionId: number | null): void {
    const now = this.clock.now();
    if (deviceId !== null) {
      this.db.prepare('UPDATE devices SET last_seen_at = ? WHERE id = ? AND (last_seen_at IS NULL OR last_seen_at < ?)').run(now, deviceId, now - TOUCH_EVERY_MS);
    }
    if (sessionId !== null) {
      this.db.prepare('UPDATE officer_sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?').run(now, sessionId, now - TOUCH_EVERY_MS);
    }
  }
}
