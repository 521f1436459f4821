/**
 * The audit log: every change an admin or a supervisor makes, with who, when, what, and the
 * row before and after it. Written in the same transaction as the change (a change that rolls
 * back leaves no entry), never changed afterwards (the table's triggers refuse it). Set-up
 * without an actor (the demo seed, the first start) leaves no entry, as it leaves no event.
 */
import type { Actor } from './actor.js';
import type { Clock } from './clock.js';
import type { Db } from './db/open.js';

export interface AuditEntry {
  id: number;
  at: number;
  officerId: number | null;
  /** the officer's name at the time of reading (null: a device without a session) */
  officer: string | null;
  deviceId: number | null;
  /** e.g. 'service.update', 'closure.remove', 'import.apply' */
  action: string;
  subject: string;
  subjectId: number | null;
  before: unknown;
  after: unknown;
}

export interface AuditQuery {
  /** epoch ms, inclusive */
  from?: number;
  /** epoch ms, exclusive */
  to?: number;
  subject?: string;
  officerId?: number;
  limit?: number;
}

/** Columns never written to the log: secrets and bulk bytes. */
const HIDDEN = new Set(['pin_hash', 'token_hash', 'code_hash', 'logo']);

/** A row as the log keeps it: secrets and blobs left out. */
export function auditable(row: unknown): unknown {
  if (!row || typeof row !== 'object') return row ?? null;
  return Object.fromEntries(Object.entries(row as Record<string, unknown>).filter(([k, v]) => !HIDDEN.has(k) && !Buffer.isBuffer(v)));
}

export class AuditLog {
  constructor(private readonly deps: { db: Db; clock: Clock }) {}

  /** One change. Call inside the change's transaction. */
  record(actor: Actor | undefined, action: string, subject: string, subjectId: number | null, before: unknown, after: unknown): void {
    if (!actor) return;
    this.deps.db
      .prepare('INSERT INTO audit_log (at, officer_id, device_id, action, subject, subject_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(
        this.deps.clock.now(),
        actor.officerId ?? null,
        actor.deviceId ?? null,
        action,
        subject,
        subjectId,
        before === undefined || before === null ? null : JSON.stringify(auditable(before)),
        after === undefined || after === null ? null : JSON.stringify(auditable(after)),
      );
  }

  /** Newest first. */
  list(q: AuditQuery = {}): AuditEntry[] {
    const where: string[] = [];
    const args: unknown[] = [];
    const when = (sql: string, value: unknown) => {
      where.push(sql);
      args.push(value);
    };
    if (q.from !== undefined) when('a.at >= ?', q.from);
    if (q.to !== undefined) when('a.at < ?', q.to);
    if (q.subject) when('a.subject = ?', q.subject);
    if (q.officerId !== undefined) when('a.officer_id = ?', q.officerId);
    const rows = this.deps.db
      .prepare(
        `SELECT a.id, a.at, a.officer_id AS officerId, o.name AS officer, a.device_id AS deviceId, a.action, a.subject,
                a.subject_id AS subjectId, a.before, a.after
         FROM audit_log a LEFT JOIN officers o ON o.id = a.officer_id
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.id DESC LIMIT ?`,
      )
      .all(...args, Math.min(q.limit ?? 500, 10_000)) as (Omit<AuditEntry, 'before' | 'after'> & { before: string | null; after: string | null })[];
    return rows.map((r) => ({ ...r, before: r.before ? JSON.parse(r.before) : null, after: r.after ? JSON.parse(r.after) : null }));
  }
}
