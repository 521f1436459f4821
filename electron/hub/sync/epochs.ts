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

  /** The epoch a seq belongs to: the last one begun at or before it. */
  of(seq: number, epochs = this.all()): Epoch {
    let found = epochs[0]!;
    for (const e of epochs) if (e.fromSeq <= seq) found = e;
    return found;
  }

  /**
   * Starts a new epoch, by default with the next event the hub appends. When the central server
   * told the outbox where its copy of the current epoch and this hub's history part
   * (sync_state.split_*: this hub's events from there on are not the ones it sent before), the
   * new epoch starts there instead, so those events are stored in the new epoch rather than
   * refused in the old one. Runs inside the caller's transaction when there is one.
   */
  start(reason: string, opts: { fromSeq?: number } = {}): Epoch {
    const db = this.deps.db;
    const run = () => {
      const current = this.current();
      let fromSeq = opts.fromSeq ?? (db.prepare('SELECT COALESCE(MAX(seq), 0) FROM events').pluck().get() as number) + 1;
      const split = db.prepare('SELECT split_epoch, split_seq FROM sync_state WHERE id = 1').get() as { split_epoch: number | null; split_seq: number | null } | undefined;
      if (split?.split_epoch === current.epoch && split.split_seq !== null) fromSeq = Math.min(fromSeq, split.split_seq);
      // Epochs follow each other in seq order: one never begins before the one it ends.
      fromSeq = Math.max(fromSeq, current.fromSeq);
      db.prepare('INSERT INTO sync_epochs (epoch, from_seq, started_at, reason) VALUES (?, ?, ?, ?)').run(current.epoch + 1, fromSeq, this.deps.clock.now(), reason);
      return this.current();
    };
    return db.inTransaction ? run() : db.transaction(run).immediate();
  }
}
