/**
 * The sync protocol between a hub and the regency's central server (docs/SYNC.md). The hub pushes
 * its events in order, in batches; the server acknowledges through a seq, and the hub moves its
 * cursor only then. Everything is keyed by (site, seq): a batch sent twice applies once.
 */
import { z } from 'zod';
import { Event, EventEnvelope } from './events.js';

/** Names of services and agencies, so the central dashboard can group by agency. */
export const SyncServiceInfo = z.object({ id: z.number().int(), name: z.string(), agencyId: z.number().int(), agencyName: z.string() });

export const SyncBatch = z.strictObject({
  /** the site's code at the central server, e.g. "mpp-sukoharjo" */
  site: z.string().regex(/^[a-z0-9-]{3,60}$/),
  /** the first and last seq in the batch; the events are exactly fromSeq…toSeq, in order */
  fromSeq: z.number().int().positive(),
  toSeq: z.number().int().positive(),
  /** "<site>:<fromSeq>-<toSeq>": the same key for the same batch however often it is sent */
  idempotencyKey: z.string().max(200),
  /** events are checked one by one at the server: an invalid one is quarantined, not the batch */
  events: z.array(z.unknown()).min(1).max(5000),
  services: z.array(SyncServiceInfo).max(2000),
});
export type SyncBatch = z.infer<typeof SyncBatch>;

export const SyncAck = z.object({
  /** the server holds every event of the site up to this seq */
  ackedThrough: z.number().int().min(0),
  /** seqs of events of this batch the server could not read and put aside */
  quarantined: z.array(z.number().int()),
});
export type SyncAck = z.infer<typeof SyncAck>;

/** 409: the batch does not start where the server's copy ends. */
export const SyncGap = z.object({ error: z.literal('GAP'), expectedSeq: z.number().int().positive() });

/** What a closed day looked like at the hub, for the server to check against what it stored. */
export const DayManifest = z.strictObject({
  site: z.string(),
  businessDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  lastSeq: z.number().int().min(0),
  counts: z.record(z.string(), z.number().int().min(0)),
  /** sha256 over "seq:type\n" of the day's events in seq order */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type DayManifest = z.infer<typeof DayManifest>;

export const ManifestResult = z.object({ match: z.boolean(), stored: z.object({ counts: z.record(z.string(), z.number()), hash: z.string() }) });

export { Event, EventEnvelope };
