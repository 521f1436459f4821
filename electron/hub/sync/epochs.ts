/**
 * Sync epochs. A hub's history is one run of seqs; when the hub finds it holds less than it had
 * (a lost WAL, a restored backup: ../history.ts) its next events reuse seqs the central server
 * already stored with other content. Each such break starts a new epoch: the central server keeps
 * every epoch's events apart, so neither history is lost, and its cursor is per (site, epoch).
 * Kept whether or not this hub syncs, so a hub that syncs later still tells its epochs apart.
 */
import type { Db } from '../db/open.js';
import type { Clock } from '../clock.js';

export interface Epoch {
  epoch: number;
  /** the first seq of this epoch */
  fromSeq: number;
  startedAt: number;
  reason: string;
}

interface EpochRow {
  epoch: number;
  from_seq: number;
  started_at: number;
  reason: string;
}

const toEpoch = (r: EpochRow): Epoch => ({ epoch: r.epoch, fromSeq: r.from_seq, startedAt: r.started_at, reason: r.reason });

export class SyncEpochs {
  constructor(private readonly deps: { db: Db; clock: Clock }) {}

  current(): Epoch {
    return toEpoch(this.deps.db.prepare('SELECT * FROM sync_epochs ORDER BY epoch DESC LIMIT 1').get() as EpochRow);
  }

  all(): Epoch[] {
    return (this.deps.db.prepare('SELECT * FROM sync_epochs ORDER BY epoch').all() as EpochRow[]).map(toEpoch);
  }

  /**
   * Starts a new epoch whose first event is the next one the hub appends. Runs inside the
   * caller's transaction when there is one.
   */
  start(reason: string): Epoch {
    const db = this.deps.db;
    const run = () => {
      const next = this.current().epoch + 1;
      const fromSeq = (db.prepare('SELECT COALESCE(MAX(seq), 0) FROM events').pluck().get() as number) + 1;
      db.prepare('INSERT INTO sync_epochs (epoch, from_seq, started_at, reason) VALUES (?, ?, ?, ?)').run(next, fromSeq, this.deps.clock.now(), reason);
      return this.current();
    };
    return db.inTransaction ? run() : db.transaction(run).immediate();
  }
}
