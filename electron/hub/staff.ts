/**
 * Staff: officers, supervisors and admins. An officer belongs to an agency (null: the MPP's own
 * staff) and may be given other agencies whose counters they may also work at (officer_agencies;
 * the login checks it, access.ts). Who manages whom:
 * - an admin manages everyone;
 * - a supervisor of no agency (the MPP's manager) manages everyone but admins, and makes no admin;
 * - a supervisor of an agency (kepala gerai) manages only their agency's officers and supervisors,
 *   makes no admin, and gives no other agency (that concerns the other agency: the MPP decides).
 * Nobody changes their own role or agency or deactivates themselves, and the last active admin
 * stays one. Every change is one transaction with its `master.changed` event and its audit entry
 * (the officer's row and other agencies, before and after; never the PIN or its hash).
 */
import ExcelJS from 'exceljs';
import { businessDate, localParts } from '../../shared/businessDate.js';
import { describeChanges, type AuditEntry, type AuditList, type OfficerInfo } from '../../shared/admin.js';
import type { OfficerRole } from '../../shared/domain.js';
import type { OfficerSession } from './access.js';
import type { Actor } from './actor.js';
import type { AuditLog } from './audit.js';
import type { Clock } from './clock.js';
import { toCsv } from './csv.js';
import type { Db } from './db/open.js';
import type { EventLog } from './events.js';
import { HubError } from './hubError.js';
import type { MasterData } from './masterData.js';
import { hashPin } from './secrets.js';
import { agencyScope } from './api/agencyScope.js';

export interface OfficerInput {
  name: string;
  username: string;
  pin: string;
  role: OfficerRole;
  agencyId?: number | null;
  /** other agencies whose counters the officer may work at */
  allowedAgencyIds?: number[];
}

export interface OfficerChange {
  name?: string;
  role?: OfficerRole;
  agencyId?: number | null;
  allowedAgencyIds?: number[];
}

/** Who makes a change: the session's officer (null: set-up, which may do anything). */
export type Editor = OfficerSession | null;

interface OfficerRow {
  id: number;
  name: string;
  username: string;
  role: OfficerRole;
  agency_id: number | null;
  active: number;
}

export interface StaffDeps {
  db: Db;
  events: EventLog;
  master: Pick<MasterData, 'transaction' | 'site' | 'hasSite'>;
  audit: AuditLog;
  clock: Clock;
}

export class Staff {
  constructor(private readonly deps: StaffDeps) {}

  private get db(): Db {
    return this.deps.db;
  }

  // ---- reading ---------------------------------------------------------------------------

  /** Every officer, or (an agency supervisor's view) those of one agency. */
  list(agencyId: number | null = null): OfficerInfo[] {
    const now = this.deps.clock.now();
    const rows = this.db
      .prepare(
        `SELECT o.id, o.name, o.username, o.role, o.agency_id AS agencyId, o.active,
           (SELECT group_concat(agency_id) FROM (SELECT agency_id FROM officer_agencies WHERE officer_id = o.id ORDER BY agency_id)) AS allowed,
           (SELECT MAX(locked_until) FROM login_failures f WHERE f.username = lower(o.username) AND f.locked_until > @now) AS lockedUntil
         FROM officers o ${agencyId === null ? '' : 'WHERE o.agency_id = @agencyId'} ORDER BY o.name COLLATE NOCASE, o.id`,
      )
      .all({ now, ...(agencyId === null ? {} : { agencyId }) }) as (Omit<OfficerInfo, 'allowedAgencyIds'> & { allowed: string | null })[];
    return rows.map(({ allowed, ...o }) => ({ ...o, allowedAgencyIds: allowed ? allowed.split(',').map(Number) : [] }));
  }

  /** Somebody who can log in to the admin. */
  hasActiveAdmin(): boolean {
    return this.db.prepare(`SELECT 1 FROM officers WHERE role = 'admin' AND active = 1`).get() !== undefined;
  }

  // ---- changes ---------------------------------------------------------------------------

  async add(o: OfficerInput, actor?: Actor, editor: Editor = null): Promise<number> {
    const scope = agencyScope(editor);
    const agencyId = o.agencyId ?? scope;
    const allowed = this.cleanAllowed(o.allowedAgencyIds ?? [], agencyId);
    this.mayGrant(editor, o.role, agencyId, allowed.length > 0);
    const taken = () => this.db.prepare('SELECT 1 FROM officers WHERE username = ?').get(o.username) !== undefined;
    // Refused before the slow hash, and checked again after it: another request may have won.
    if (taken()) throw new HubError('MASTER_DUPLICATE');
    const pinHash = await hashPin(o.pin);
    return this.change(null, actor, 'officer.add', () => {
      if (taken()) throw new HubError('MASTER_DUPLICATE');
      this.checkAgencies(agencyId, allowed);
      const id = Number(
        this.db
          .prepare('INSERT INTO officers (name, username, pin_hash, role, agency_id) VALUES (?, ?, ?, ?, ?)')
          .run(o.name, o.username, pinHash, o.role, agencyId).lastInsertRowid,
      );
      this.setAllowed(id, allowed);
      return id;
    });
  }

  /** Name, role, agency, other agencies: what is said changes. */
  update(officerId: number, patch: OfficerChange, actor?: Actor, editor: Editor = null): void {
    this.change(officerId, actor, 'officer.update', () => {
      const cur = this.target(officerId, editor);
      const role = patch.role ?? cur.role;
      const agencyId = patch.agencyId === undefined ? cur.agency_id : patch.agencyId;
      const own = editor !== null && editor.officerId === officerId;
      if (own && (role !== cur.role || agencyId !== cur.agency_id)) throw new HubError('VALIDATION_FAILED', { role: 'not your own role or agency' });
      const allowed = patch.allowedAgencyIds === undefined ? this.allowed(officerId).filter((a) => a !== agencyId) : this.cleanAllowed(patch.allowedAgencyIds, agencyId);
      const allowedChanged = patch.allowedAgencyIds !== undefined && allowed.join() !== this.allowed(officerId).join();
      this.mayGrant(editor, role, agencyId, allowedChanged);
      if (cur.role === 'admin' && role !== 'admin' && cur.active === 1) this.keepAnAdmin(officerId);
      this.checkAgencies(agencyId, allowed);
      this.db.prepare('UPDATE officers SET name = ?, role = ?, agency_id = ? WHERE id = ?').run(patch.name ?? cur.name, role, agencyId, officerId);
      this.setAllowed(officerId, allowed);
      // Moved to another agency: whatever counter they are logged in at may no longer be theirs.
      if (agencyId !== cur.agency_id) this.endSessions(officerId);
    });
  }

  /** A new PIN; the officer's open sessions end with the old one. Neither PIN reaches the audit log. */
  async resetPin(officerId: number, pin: string, actor?: Actor, editor: Editor = null): Promise<void> {
    this.target(officerId, editor);
    const hash = await hashPin(pin);
    this.change(officerId, actor, 'officer.resetPin', () => {
      this.target(officerId, editor);
      this.db.prepare('UPDATE officers SET pin_hash = ? WHERE id = ?').run(hash, officerId);
      this.endSessions(officerId);
    });
  }

  /** No more logins; the officer's open sessions end at once. Nobody deactivates themselves. */
  deactivate(officerId: number, actor?: Actor, editor: Editor = null): void {
    this.change(officerId, actor, 'officer.deactivate', () => {
      if ((editor?.officerId ?? actor?.officerId) === officerId) throw new HubError('VALIDATION_FAILED', { id: 'not yourself' });
      const cur = this.target(officerId, editor);
      if (cur.role === 'admin' && cur.active === 1) this.keepAnAdmin(officerId);
      this.db.prepare('UPDATE officers SET active = 0 WHERE id = ?').run(officerId);
      this.endSessions(officerId);
    });
  }

  /** Back to work with the PIN they had. */
  reactivate(officerId: number, actor?: Actor, editor: Editor = null): void {
    this.change(officerId, actor, 'officer.reactivate', () => {
      this.target(officerId, editor);
      this.db.prepare('UPDATE officers SET active = 1 WHERE id = ?').run(officerId);
    });
  }

  // ---- rules -----------------------------------------------------------------------------

  /** The officer to change, if the editor may change them. */
  private target(officerId: number, editor: Editor): OfficerRow {
    const cur = this.db.prepare('SELECT id, name, username, role, agency_id, active FROM officers WHERE id = ?').get(officerId) as OfficerRow | undefined;
    if (!cur) throw new HubError('OFFICER_NOT_FOUND');
    if (editor === null) return cur;
    const scope = agencyScope(editor);
    if (scope !== null && cur.agency_id !== scope) throw new HubError('AGENCY_SCOPE');
    if (cur.role === 'admin' && editor.role !== 'admin') throw new HubError('ADMIN_ROLE_REQUIRED');
    return cur;
  }

  /** Whether the editor may give this role, agency and other agencies. */
  private mayGrant(editor: Editor, role: OfficerRole, agencyId: number | null, givesOtherAgencies: boolean): void {
    if (editor === null) return;
    if (role === 'admin' && editor.role !== 'admin') throw new HubError('ADMIN_ROLE_REQUIRED');
    const scope = agencyScope(editor);
    if (scope === null) return;
    if (agencyId !== scope || givesOtherAgencies) throw new HubError('AGENCY_SCOPE');
  }

  private keepAnAdmin(officerId: number): void {
    const others = this.db.prepare(`SELECT COUNT(*) FROM officers WHERE role = 'admin' AND active = 1 AND id <> ?`).pluck().get(officerId) as number;
    if (others === 0) throw new HubError('LAST_ADMIN');
  }

  /** Sorted, without repeats and without the officer's own agency. */
  private cleanAllowed(ids: number[], own: number | null): number[] {
    return [...new Set(ids)].filter((a) => a !== own).sort((a, b) => a - b);
  }

  private checkAgencies(agencyId: number | null, allowed: number[]): void {
    const exists = this.db.prepare('SELECT 1 FROM agencies WHERE id = ?');
    if (agencyId !== null && !exists.get(agencyId)) throw new HubError('VALIDATION_FAILED', { agencyId: 'no such agency' });
    if (allowed.some((a) => !exists.get(a))) throw new HubError('VALIDATION_FAILED', { allowedAgencyIds: 'no such agency' });
  }

  private allowed(officerId: number): number[] {
    return this.db.prepare('SELECT agency_id FROM officer_agencies WHERE officer_id = ? ORDER BY agency_id').pluck().all(officerId) as number[];
  }

  private setAllowed(officerId: number, allowed: number[]): void {
    this.db.prepare('DELETE FROM officer_agencies WHERE officer_id = ?').run(officerId);
    const add = this.db.prepare('INSERT INTO officer_agencies (officer_id, agency_id) VALUES (?, ?)');
    for (const a of allowed) add.run(officerId, a);
  }

  // A credential change and the end of the sessions opened with it are one commit.
  private endSessions(officerId: number): void {
    this.db.prepare('UPDATE officer_sessions SET ended_at = ? WHERE officer_id = ? AND ended_at IS NULL').run(this.deps.clock.now(), officerId);
  }

  // ---- the audit log ---------------------------------------------------------------------

  /**
   * The audit log, newest first: business dates `from`..`to` (both included, in the site's time
   * zone), by one officer, about one subject. An agency's supervisor (`agencyId`) reads what the
   * officers of their agency did.
   */
  audit(q: { from?: string; to?: string; officerId?: number; subject?: string; limit: number }, agencyId: number | null = null): AuditList {
    const tz = this.deps.master.site().timeZone;
    const where: string[] = [];
    const args: Record<string, unknown> = { limit: q.limit + 1 };
    if (q.from) {
      where.push('a.at >= @from');
      args.from = startOfDate(q.from, tz);
    }
    if (q.to) {
      where.push('a.at < @to');
      args.to = startOfDate(nextDate(q.to), tz);
    }
    if (q.officerId !== undefined) {
      where.push('a.officer_id = @officerId');
      args.officerId = q.officerId;
    }
    if (q.subject) {
      where.push('a.subject = @subject');
      args.subject = q.subject;
    }
    if (agencyId !== null) {
      where.push('o.agency_id = @agencyId');
      args.agencyId = agencyId;
    }
    const rows = this.db
      .prepare(
        `SELECT a.id, a.at, a.officer_id AS officerId, o.name AS officer, a.device_id AS deviceId, a.action, a.subject,
                a.subject_id AS subjectId, a.before, a.after
         FROM audit_log a LEFT JOIN officers o ON o.id = a.officer_id
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.id DESC LIMIT @limit`,
      )
      .all(args) as (Omit<AuditEntry, 'before' | 'after'> & { before: string | null; after: string | null })[];
    const entries = rows.slice(0, q.limit).map((r) => ({ ...r, before: r.before ? JSON.parse(r.before) : null, after: r.after ? JSON.parse(r.after) : null }));
    return { entries, more: rows.length > q.limit };
  }

  /** The rows of an export: one per entry, the time in the site's zone, what changed in words. */
  private auditRows(list: AuditList): (string | number)[][] {
    const tz = this.deps.master.site().timeZone;
    return list.entries.map((e) => {
      const local = localParts(e.at, tz);
      return [
        `${local.date} ${local.time.replace(':', '.')}`,
        e.officer ?? '',
        e.deviceId ?? '',
        e.action,
        e.subject,
        e.subjectId ?? '',
        describeChanges(e.before, e.after),
        e.before === null ? '' : JSON.stringify(e.before),
        e.after === null ? '' : JSON.stringify(e.after),
      ];
    });
  }

  /** CSV for spreadsheets set to Indonesian (csv.ts). */
  auditCsv(list: AuditList): string {
    return toCsv([AUDIT_HEADERS, ...this.auditRows(list)]);
  }

  async auditXlsx(list: AuditList): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Antre';
    const ws = wb.addWorksheet('Log audit');
    ws.addRow(AUDIT_HEADERS).font = { bold: true };
    for (const r of this.auditRows(list)) ws.addRow(r);
    ws.columns.forEach((c, i) => (c.width = [17, 24, 10, 22, 12, 8, 60, 40, 40][i] ?? 14));
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  // ---- the event and the audit entry -----------------------------------------------------

  /** The officer as the audit log keeps them: the row (auditable() drops the PIN's hash) and the other agencies. */
  private snapshot(officerId: number): unknown {
    const row = this.db.prepare('SELECT * FROM officers WHERE id = ?').get(officerId) as Record<string, unknown> | undefined;
    return row ? { ...row, allowed_agency_ids: this.allowed(officerId) } : null;
  }

  /**
   * One change as one commit: the write, then (with an actor) the `master.changed` event and the
   * audit entry with the officer before and after. Without an actor (set-up) neither.
   */
  private change<T>(officerId: number | null, actor: Actor | undefined, action: string, write: () => T): T {
    return this.deps.master.transaction(() => {
      const before = actor && officerId !== null ? this.snapshot(officerId) : null;
      const result = write();
      if (!actor) return result;
      const id = officerId ?? (result as number);
      const now = this.deps.clock.now();
      this.deps.events.append({
        type: 'master.changed',
        at: now,
        businessDate: businessDate(now, this.deps.master.site().timeZone),
        officerId: actor.officerId ?? null,
        deviceId: actor.deviceId ?? null,
        data: { kind: 'officer', id },
      });
      this.deps.audit.record(actor, action, 'officer', id, before, this.snapshot(id));
      return result;
    });
  }
}

const AUDIT_HEADERS = ['Waktu', 'Petugas', 'Perangkat', 'Tindakan', 'Subjek', 'ID', 'Perubahan', 'Sebelum', 'Sesudah'];

/** The day after a YYYY-MM-DD date. */
function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The instant a date begins in a time zone (Indonesia keeps no summer time; one correction suffices elsewhere). */
export function startOfDate(date: string, timeZone: string): number {
  const utc = Date.parse(`${date}T00:00:00Z`);
  const offsetAt = (t: number) => {
    const p = localParts(t, timeZone);
    return Date.parse(`${p.date}T${p.time}:00Z`) - Math.floor(t / 60_000) * 60_000;
  };
  const guess = utc - offsetAt(utc);
  return utc - offsetAt(guess);
}
