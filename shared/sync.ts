/**
 * The sync protocol between a hub and the regency's central server (docs/SYNC.md). The hub pushes
 * its events in order, in batches; the server checks every batch against the events it carries,
 * stores them and acknowledges through a seq, and the hub moves its cursor only then. Everything is
 * keyed by (site, epoch, seq): a batch sent twice applies once, and a hub whose history broke (a
 * restored backup, a lost WAL) starts a new epoch whose seqs the server keeps beside the old ones.
 */
import { z } from 'zod';
import { Event, EventEnvelope } from './events.js';

/** Names of services and agencies, so the central dashboard can group by agency. */
export const SyncServiceInfo = z.object({ id: z.number().int(), name: z.string(), agencyId: z.number().int(), agencyName: z.string() });

/**
 * The most events a batch may carry. The hub sends 1,000 at most; the server refuses more (413,
 * the hub halves its batch), so one batch can never hold the server for long. The bytes are
 * bounded by the server's body limit, counted after decompression.
 */
export const MAX_BATCH_EVENTS = 5000;

const seq = z.number().int().positive();

export const SyncBatch = z.strictObject({
  /** the site's code at the central server, e.g. "mpp-sukoharjo" */
  site: z.string().regex(/^[a-z0-9-]{3,60}$/),
  /**
   * The hub's history epoch (electron/hub/sync/epochs.ts) and its first seq. Absent from hubs
   * older than epochs: epoch 1 from seq 1, which is what those hubs have.
   */
  epoch: z.number().int().positive().default(1),
  epochFromSeq: seq.default(1),
  /** the first and last seq in the batch: the events are exactly fromSeq…toSeq, in order */
  fromSeq: seq,
  toSeq: seq,
  /** "<site>:<epoch>:<fromSeq>-<toSeq>": the same key for the same batch however often it is sent */
  idempotencyKey: z.string().max(200),
  /**
   * Each event must carry its seq (the server checks they are fromSeq…toSeq); the rest of an event
   * is checked one by one at the server: an unreadable one is quarantined, not the batch.
   */
  events: z.array(z.unknown()).min(1),
  services: z.array(SyncServiceInfo).max(2000),
});
export type SyncBatch = z.input<typeof SyncBatch>;

/** The highest ticket number per prefix (data.prefix → data.number) the server holds for a date. */
export const SeenNumbers = z.record(z.string(), z.number().int().positive());

export const SyncAck = z.object({
  /** the server holds every event of the site's epoch up to this seq, as this hub sent it */
  ackedThrough: z.number().int().min(0),
  /** seqs of events of this batch the server could not read and put aside */
  quarantined: z.array(z.number().int()),
  epoch: z.number().int().positive().optional(),
  /**
   * The server's own cursor in this epoch. Beyond what this hub holds in the epoch, the hub has
   * lost history the server received from it (a restored backup): it must start a new epoch.
   */
  lastSeq: z.number().int().min(0).optional(),
  /** with a lastSeq beyond the batch: the numbers the server holds for the batch's last date */
  businessDate: z.string().optional(),
  numbers: SeenNumbers.optional(),
});
export type SyncAck = z.infer<typeof SyncAck>;

/** 409: the batch does not start where the server's copy of the epoch ends. */
export const SyncGap = z.object({ error: z.literal('GAP'), epoch: z.number().int().optional(), expectedSeq: z.number().int().positive() });

/**
 * 409: the server holds, in this epoch, events this hub sent before that differ from what it sends
 * now (from `seq` on), or the epoch started elsewhere: the hub lost history, and must start a new
 * epoch (from `seq`) rather than push into this one. Nothing of the batch was stored.
 */
export const SyncDiverged = z.object({
  error: z.literal('DIVERGED'),
  epoch: z.number().int(),
  /** the first seq the server does not hold as this hub has it */
  seq: z.number().int().positive(),
  /** the server's cursor in the epoch */
  lastSeq: z.number().int().min(0),
  businessDate: z.string().optional(),
  numbers: SeenNumbers.optional(),
});
export type SyncDiverged = z.infer<typeof SyncDiverged>;

/**
 * Why the server refused a batch, in both languages: the hub shows the code and message in its
 * sync status, the central operator reads them in the server's log.
 */
export const SYNC_ERRORS = {
  BAD_BATCH: { id: 'Paket sinkronisasi tidak sesuai protokol.', en: 'The sync batch does not match the protocol.' },
  BATCH_MISMATCH: {
    id: 'Isi paket tidak sesuai dengan rentang nomor urutnya (fromSeq/toSeq); tidak ada yang disimpan.',
    en: 'The batch does not match its seq range (fromSeq/toSeq); nothing was stored.',
  },
  BATCH_TOO_LARGE: { id: 'Paket sinkronisasi terlalu besar; kirim dalam paket yang lebih kecil.', en: 'The sync batch is too large; send smaller batches.' },
  GAP: { id: 'Paket tidak dimulai dari nomor urut yang ditunggu server.', en: 'The batch does not start at the seq the server expects.' },
  DIVERGED: {
    id: 'Server pusat menyimpan riwayat lain untuk epoch ini (hub dipulihkan dari cadangan?); hub harus memulai epoch baru.',
    en: 'The central server holds another history for this epoch (was the hub restored from a backup?); the hub must start a new epoch.',
  },
  WRONG_SITE: { id: 'Token ini milik lokasi lain.', en: 'This token belongs to another site.' },
  BAD_TOKEN: { id: 'Token tidak dikenal atau sudah dicabut.', en: 'Unknown or revoked token.' },
} as const;
export type SyncErrorCode = keyof typeof SYNC_ERRORS;

/** What a closed day looked like at the hub, for the server to check against what it stored. */
export const DayManifest = z.strictObject({
  site: z.string(),
  /**
   * A day that spans two epochs (a restore during the day) has a manifest per epoch, each over the
   * day's events of that epoch up to `lastSeq`. Absent from older hubs: epoch 1.
   */
  epoch: z.number().int().positive().default(1),
  businessDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  lastSeq: z.number().int().min(0),
  counts: z.record(z.string(), z.number().int().min(0)),
  /** sha256 over "seq:type\n" of the day's events in seq order */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type DayManifest = z.input<typeof DayManifest>;

export const ManifestResult = z.object({ match: z.boolean(), stored: z.object({ counts: z.record(z.string(), z.number()), hash: z.string() }) });

export { Event, EventEnvelope };
