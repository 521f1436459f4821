/**
 * The central server's data: sites and their tokens, the ingest of a batch (one transaction,
 * exactly once per (site, epoch, seq), checked against the events it carries), the epochs of each
 * site's history, day manifests and the per-agency figures of a day.
 */
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { complaintReference } from '../shared/complaints.js';
import { EventEnvelope } from '../shared/events.js';
import type { CentralComplaint } from './complaintsCsv.js';
import { ServiceStandard, hasStandard, type PublishedStandard } from '../shared/serviceStandard.js';
import { MAX_BATCH_EVENTS, SYNC_ERRORS, SyncBatch, type DayManifest, type SyncAck, type SyncErrorCode } from '../shared/sync.js';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export class IngestError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.error));
  }
}

/** A refusal with its code and its message in both languages (shared/sync.ts SYNC_ERRORS). */
export const refuse = (status: number, code: SyncErrorCode, details: Record<string, unknown> = {}) =>
  new IngestError(status, { error: code, message: SYNC_ERRORS[code], ...details });

export interface Site {
  id: number;
  code: string;
  name: string;
}

export interface SiteEpoch {
  epoch: number;
  fromSeq: number;
  lastSeq: number;
  firstSeenAt: Date;
  lastBatchAt: Date | null;
  events: number;
}

interface HeldRow {
  seq: string;
  type: string;
  at: Date;
  business_date: string;
  ticket_id: number | null;
  service_id: number | null;
  counter_id: number | null;
  officer_id: number | null;
  data: unknown;
}

/** JSON with object keys sorted, so a jsonb read back compares equal to what the hub sent. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** Whether a stored event is the one the hub sends again (device_id is not kept here). */
const sameEvent = (held: HeldRow, e: EventEnvelope) =>
  held.type === e.type &&
  held.at.getTime() === e.at &&
  held.business_date === e.businessDate &&
  held.ticket_id === e.ticketId &&
  held.service_id === e.serviceId &&
  held.counter_id === e.counterId &&
  held.officer_id === e.officerId &&
  canonical(held.data) === canonical(e.data);

export class CentralStore {
  constructor(
    private readonly pool: pg.Pool,
    /** what the central operator must read (a site's new epoch); the console when not given */
    private readonly log: (line: string) => void = (line) => console.warn(line),
  ) {}

  /** A new site and its token (shown once; only its hash is kept). */
  async addSite(code: string, name: string): Promise<{ site: Site; token: string }> {
    const token = randomBytes(32).toString('base64url');
    const r = await this.pool.query<Site>('INSERT INTO sites (code, name, token_hash) VALUES ($1, $2, $3) RETURNING id, code, name', [code, name, sha256(token)]);
    return { site: r.rows[0]!, token };
  }

  async revokeSite(code: string): Promise<void> {
    await this.pool.query('UPDATE sites SET revoked_at = now() WHERE code = $1', [code]);
  }

  async siteByToken(token: string): Promise<Site | null> {
    const r = await this.pool.query<Site>('SELECT id, code, name FROM sites WHERE token_hash = $1 AND revoked_at IS NULL', [sha256(token)]);
    return r.rows[0] ?? null;
  }

  async siteId(code: string): Promise<number | null> {
    return (await this.pool.query<{ id: number }>('SELECT id FROM sites WHERE code = $1', [code])).rows[0]?.id ?? null;
  }

  /** The server's cursor in a site's epoch: every event of it up to here is stored. */
  async lastSeq(siteId: number, epoch = 1): Promise<number> {
    return Number((await this.pool.query('SELECT last_seq FROM site_epochs WHERE site_id = $1 AND epoch = $2', [siteId, epoch])).rows[0]?.last_seq ?? 0);
  }

  /** A site's epochs, oldest first, with when each was first seen and how many events it holds. */
  async epochs(siteId: number): Promise<SiteEpoch[]> {
    const r = await this.pool.query(
      `SELECT se.epoch, se.from_seq, se.last_seq, se.first_seen_at, se.last_batch_at,
         (SELECT COUNT(*) FROM events e WHERE e.site_id = se.site_id AND e.epoch = se.epoch)::int AS events
       FROM site_epochs se WHERE se.site_id = $1 ORDER BY se.epoch`,
      [siteId],
    );
    return r.rows.map((x) => ({ epoch: x.epoch, fromSeq: Number(x.from_seq), lastSeq: Number(x.last_seq), firstSeenAt: x.first_seen_at, lastBatchAt: x.last_batch_at, events: x.events }));
  }

  /**
   * The highest ticket number per prefix the server holds for a site's business date, in any
   * epoch: a hub that lost history numbers past them, so no number in the hall is given twice.
   */
  async highestNumbers(siteId: number, date: string, client: pg.ClientBase = this.pool as unknown as pg.ClientBase): Promise<Record<string, number>> {
    const r = await client.query<{ prefix: string; n: string }>(
      `SELECT data->>'prefix' AS prefix, MAX((data->>'number')::numeric)::bigint AS n FROM events
       WHERE site_id = $1 AND business_date = $2 AND jsonb_typeof(data->'prefix') = 'string' AND jsonb_typeof(data->'number') = 'number'
       GROUP BY 1`,
      [siteId, date],
    );
    return Object.fromEntries(r.rows.filter((x) => Number(x.n) > 0).map((x) => [x.prefix, Number(x.n)]));
  }

  /**
   * One batch, in one transaction under the site's row lock. The batch is first checked against
   * the events it carries (its seqs are exactly fromSeq…toSeq, within the size limit): a batch
   * that claims more than it carries is refused and changes nothing, because the cursor must move
   * only with what is stored. Then, per (site, epoch): events already held are compared with what
   * the hub sends again (identical: a replay, acknowledged; different: the hub lost history, 409
   * DIVERGED, nothing stored); new ones are inserted, an unreadable one quarantined with its seq;
   * a batch that does not start where the epoch's stored events end is a gap (409, expected seq).
   */
  async ingest(site: Site, body: unknown): Promise<SyncAck> {
    const claimed = (body as { site?: unknown } | null)?.site;
    if (typeof claimed === 'string' && claimed !== site.code) throw refuse(403, 'WRONG_SITE');
    const parsed = SyncBatch.safeParse(body);
    if (!parsed.success) throw refuse(400, 'BAD_BATCH', { issues: parsed.error.issues.slice(0, 5) });
    const batch = parsed.data;
    const { epoch, epochFromSeq, fromSeq, toSeq } = batch;
    if (batch.events.length > MAX_BATCH_EVENTS) throw refuse(413, 'BATCH_TOO_LARGE', { maxEvents: MAX_BATCH_EVENTS });
    if (toSeq - fromSeq + 1 !== batch.events.length) throw refuse(400, 'BATCH_MISMATCH', { fromSeq, toSeq, events: batch.events.length });
    if (fromSeq < epochFromSeq) throw refuse(400, 'BATCH_MISMATCH', { fromSeq, epochFromSeq });
    // Each event must sit where the batch says: an event's seq is the only thing that places it.
    const envelopes: (EventEnvelope | null)[] = [];
    for (let i = 0; i < batch.events.length; i++) {
      const raw = batch.events[i];
      const seq = (raw as { seq?: unknown } | null)?.seq;
      if (seq !== fromSeq + i) throw refuse(400, 'BATCH_MISMATCH', { index: i, expectedSeq: fromSeq + i, seq: seq ?? null });
      // The envelope is checked, `data` kept as the hub wrote it: hubs of several versions sync
      // here, and a data field a newer hub adds must neither fail nor be dropped.
      const e = EventEnvelope.safeParse(raw);
      envelopes.push(e.success ? e.data : null);
    }
    const lastDate = [...envelopes].reverse().find((e) => e !== null)?.businessDate;

    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT 1 FROM sites WHERE id = $1 FOR UPDATE', [site.id]);
      const known = (await client.query<{ from_seq: string; last_seq: string }>('SELECT from_seq, last_seq FROM site_epochs WHERE site_id = $1 AND epoch = $2', [site.id, epoch])).rows[0];
      const last = known ? Number(known.last_seq) : epochFromSeq - 1;
      const diverged = async (at: number) => {
        await client.query('ROLLBACK');
        const numbers = lastDate ? await this.highestNumbers(site.id, lastDate) : undefined;
        return refuse(409, 'DIVERGED', { epoch, seq: at, lastSeq: last, ...(lastDate ? { businessDate: lastDate, numbers } : {}) });
      };
      // The same epoch number begun at another seq: another history (e.g. a second restore).
      if (known && Number(known.from_seq) !== epochFromSeq) throw await diverged(epochFromSeq);
      if (fromSeq > last + 1) {
        await client.query('ROLLBACK');
        throw refuse(409, 'GAP', { epoch, expectedSeq: last + 1 });
      }
      if (fromSeq <= last) {
        // A replay (an answer lost, a cursor behind): acknowledged only if the server holds exactly
        // these events. Anything else means the hub no longer has what it sent: never merged.
        const held = new Map(
          (
            await client.query<HeldRow>(
              `SELECT seq, type, at, business_date::text AS business_date, ticket_id, service_id, counter_id, officer_id, data
               FROM events WHERE site_id = $1 AND epoch = $2 AND seq BETWEEN $3 AND $4`,
              [site.id, epoch, fromSeq, Math.min(toSeq, last)],
            )
          ).rows.map((r) => [Number(r.seq), r]),
        );
        for (let seq = fromSeq; seq <= Math.min(toSeq, last); seq++) {
          const h = held.get(seq);
          const e = envelopes[seq - fromSeq];
          // A seq not among the events was quarantined when it came: nothing to compare.
          if (h && (!e || !sameEvent(h, e))) throw await diverged(seq);
        }
      }
      const quarantined: number[] = [];
      if (toSeq > last) {
        const rows: EventEnvelope[] = [];
        for (let seq = last + 1; seq <= toSeq; seq++) {
          const e = envelopes[seq - fromSeq];
          if (e) rows.push(e);
          else {
            quarantined.push(seq);
            await client.query('INSERT INTO quarantine (site_id, epoch, seq, raw, reason) VALUES ($1, $2, $3, $4, $5)', [site.id, epoch, seq, JSON.stringify(batch.events[seq - fromSeq]), 'event does not match the protocol']);
          }
        }
        await this.ensurePartitions(client, rows.map((r) => r.businessDate));
        if (rows.length) {
          // One INSERT per batch with a column of values per parameter (unnest): PostgreSQL
          // plans 11 parameters instead of 10 per row. ON CONFLICT makes a replay harmless.
          await client.query(
            `INSERT INTO events (site_id, epoch, seq, business_date, at, type, ticket_id, service_id, counter_id, officer_id, data)
             SELECT $1, $2, * FROM unnest($3::bigint[], $4::date[], $5::timestamptz[], $6::text[], $7::int[], $8::int[], $9::int[], $10::int[], $11::jsonb[])
             ON CONFLICT DO NOTHING`,
            [
              site.id,
              epoch,
              rows.map((e) => e.seq),
              rows.map((e) => e.businessDate),
              rows.map((e) => new Date(e.at).toISOString()),
              rows.map((e) => e.type),
              rows.map((e) => e.ticketId),
              rows.map((e) => e.serviceId),
              rows.map((e) => e.counterId),
              rows.map((e) => e.officerId),
              rows.map((e) => JSON.stringify(e.data)),
            ],
          );
        }
        if (batch.services.length) {
          // Every batch carries the site's service names: one statement, not one per service.
          const sv = batch.services;
          await client.query(
            `INSERT INTO site_services (site_id, service_id, name, agency_id, agency_name)
             SELECT $1, * FROM unnest($2::int[], $3::text[], $4::int[], $5::text[])
             ON CONFLICT (site_id, service_id) DO UPDATE SET name = excluded.name, agency_id = excluded.agency_id, agency_name = excluded.agency_name
             WHERE (site_services.name, site_services.agency_id, site_services.agency_name) IS DISTINCT FROM (excluded.name, excluded.agency_id, excluded.agency_name)`,
            [site.id, sv.map((s) => s.id), sv.map((s) => s.name), sv.map((s) => s.agencyId), sv.map((s) => s.agencyName)],
          );
        }
        // The cursor moves to the batch's end: every seq up to it was just stored or quarantined.
        await client.query(
          `INSERT INTO site_epochs (site_id, epoch, from_seq, last_seq, last_batch_at) VALUES ($1, $2, $3, $4, now())
           ON CONFLICT (site_id, epoch) DO UPDATE SET last_seq = excluded.last_seq, last_batch_at = excluded.last_batch_at`,
          [site.id, epoch, epochFromSeq, toSeq],
        );
        if (!known && epoch > 1) {
          this.log(
            `[central] ${site.code}: epoch ${epoch} pertama kali diterima (mulai seq ${epochFromSeq}); riwayat hub terputus (cadangan dipulihkan?), kedua riwayat disimpan / ` +
              `epoch ${epoch} first seen (from seq ${epochFromSeq}); the hub's history broke (a restored backup?), both histories are kept`,
          );
        }
      }
      await client.query('COMMIT');
      const lastSeq = Math.max(last, toSeq);
      // A cursor beyond this batch: the hub is behind, perhaps because it lost history. Tell it
      // the numbers of the day, so if so it numbers past every ticket the server has seen.
      const ahead = lastSeq > toSeq && lastDate ? { businessDate: lastDate, numbers: await this.highestNumbers(site.id, lastDate) } : {};
      return { ackedThrough: toSeq, quarantined, epoch, lastSeq, ...ahead };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  /** A partition per month of business dates, made under a lock so two batches never race. */
  private async ensurePartitions(client: pg.PoolClient, dates: string[]): Promise<void> {
    const months = [...new Set(dates.map((d) => d.slice(0, 7)))];
    if (!months.length) return;
    await client.query('SELECT pg_advisory_xact_lock(738202)');
    for (const m of months) {
      const [y, mo] = m.split('-').map(Number) as [number, number];
      const next = mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`;
      await client.query(`CREATE TABLE IF NOT EXISTS events_${y}_${String(mo).padStart(2, '0')} PARTITION OF events FOR VALUES FROM ('${m}-01') TO ('${next}')`);
    }
  }

  /**
   * Checks a closed day's manifest against the stored events of its epoch, up to the hub's last
   * seq of the day in that epoch: after a restore the old epoch also holds the branch the hub no
   * longer has (`beyond`), which is kept but is not the hub's day.
   */
  async checkManifest(site: Site, m: DayManifest): Promise<{ match: boolean; stored: { counts: Record<string, number>; hash: string; beyond: number } }> {
    if (m.site !== site.code) throw refuse(403, 'WRONG_SITE');
    const epoch = m.epoch ?? 1;
    const last = await this.lastSeq(site.id, epoch);
    if (last < m.lastSeq) throw new IngestError(409, { error: 'BEHIND', epoch, ackedThrough: last });
    const rows = (
      await this.pool.query<{ seq: string; type: string }>('SELECT seq, type FROM events WHERE site_id = $1 AND epoch = $2 AND business_date = $3 ORDER BY seq', [site.id, epoch, m.businessDate])
    ).rows;
    const mine = rows.filter((r) => Number(r.seq) <= m.lastSeq);
    const counts: Record<string, number> = {};
    for (const r of mine) counts[r.type] = (counts[r.type] ?? 0) + 1;
    const hash = sha256(mine.map((r) => `${r.seq}:${r.type}\n`).join(''));
    const match = hash === m.hash && JSON.stringify(Object.entries(counts).sort()) === JSON.stringify(Object.entries(m.counts).sort());
    await this.pool.query(
      `INSERT INTO day_manifests (site_id, epoch, business_date, last_seq, counts, hash, match) VALUES ($1,$2,$3,$4,$5,$6,$7)
       ON CONFLICT (site_id, epoch, business_date) DO UPDATE SET last_seq = excluded.last_seq, counts = excluded.counts, hash = excluded.hash, match = excluded.match, received_at = now()`,
      [site.id, epoch, m.businessDate, m.lastSeq, JSON.stringify(m.counts), m.hash, match],
    );
    return { match, stored: { counts, hash, beyond: rows.length - mine.length } };
  }

  /** A day's survey responses of a site (the survey_responses view), in the order they were given. */
  async surveyResponses(siteCode: string, date: string) {
    const r = await this.pool.query(
      `SELECT v.epoch, v.seq::int AS seq, v.ticket_id, v.service_id, v.counter_id, v.display, v.form, v.answers, v.channel, v.gender, v.age_group, v.education, v.occupation, v.suggestion
       FROM survey_responses v JOIN sites s ON s.id = v.site_id WHERE s.code = $1 AND v.business_date = $2 ORDER BY v.epoch, v.seq`,
      [siteCode, date],
    );
    return r.rows as {
      epoch: number;
      seq: number;
      ticket_id: number;
      service_id: number;
      counter_id: number | null;
      display: string;
      form: 'full' | 'short';
      answers: Record<string, number>;
      channel: string | null;
      gender: string | null;
      age_group: string | null;
      education: string | null;
      occupation: string | null;
      suggestion: string | null;
    }[];
  }

  /**
   * A day's figures per agency: issued, served, no-show, average and p90 wait and service time
   * (minutes). Tickets are told apart per epoch; a ticket issued before a restore and served after
   * it counts its issue in the old epoch and its service in the new one.
   */
  async dayReport(siteCode: string, date: string) {
    const r = await this.pool.query(
      `WITH s AS (SELECT id FROM sites WHERE code = $1),
       t AS (
         SELECT e.ticket_id,
           MIN(e.at) FILTER (WHERE e.type = 'ticket.issued') AS issued_at,
           MIN(e.at) FILTER (WHERE e.type = 'ticket.called') AS called_at,
           MIN(e.at) FILTER (WHERE e.type = 'ticket.started') AS started_at,
           MAX(e.at) FILTER (WHERE e.type = 'ticket.finished') AS finished_at,
           bool_or(e.type = 'ticket.no_show') AS no_show,
           (array_agg(e.service_id ORDER BY e.seq) FILTER (WHERE e.type = 'ticket.issued'))[1] AS service_id
         FROM events e, s WHERE e.site_id = s.id AND e.business_date = $2 AND e.ticket_id IS NOT NULL
         -- per epoch: a hub restored from a backup gives its ticket ids out again
         GROUP BY e.epoch, e.ticket_id)
       SELECT COALESCE(ss.agency_name, 'Lainnya') AS agency,
         COUNT(*) FILTER (WHERE t.issued_at IS NOT NULL)::int AS issued,
         COUNT(*) FILTER (WHERE t.finished_at IS NOT NULL)::int AS served,
         COUNT(*) FILTER (WHERE t.no_show AND t.finished_at IS NULL)::int AS no_show,
         ROUND(AVG(EXTRACT(EPOCH FROM t.called_at - t.issued_at) / 60)::numeric, 1)::float AS avg_wait,
         ROUND((percentile_cont(0.9) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM t.called_at - t.issued_at) / 60))::numeric, 1)::float AS p90_wait,
         ROUND(AVG(EXTRACT(EPOCH FROM t.finished_at - COALESCE(t.started_at, t.called_at)) / 60)::numeric, 1)::float AS avg_service,
         ROUND((percentile_cont(0.9) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM t.finished_at - COALESCE(t.started_at, t.called_at)) / 60))::numeric, 1)::float AS p90_service
       FROM t LEFT JOIN site_services ss ON ss.site_id = (SELECT id FROM s) AND ss.service_id = t.service_id
       GROUP BY 1 ORDER BY 1`,
      [siteCode, date],
    );
    return r.rows as { agency: string; issued: number; served: number; no_show: number; avg_wait: number | null; p90_wait: number | null; avg_service: number | null; p90_service: number | null }[];
  }

  /**
   * A site's standar pelayanan as its hub last published each (migration 4's view), for its public
   * page; null when no site has this code. Cleared ones (empty) are left out, and one that does not
   * read as a standard any more (an older hub's shape) too, rather than shown half.
   */
  async publishedStandards(siteCode: string): Promise<{ site: Site; standards: PublishedStandard[] } | null> {
    const site = (await this.pool.query<Site>('SELECT id, code, name FROM sites WHERE code = $1', [siteCode])).rows[0];
    if (!site) return null;
    const r = await this.pool.query<{ service_id: number; service_name: string; agency_id: number; agency_name: string; standard: unknown }>(
      `SELECT service_id, service_name, agency_id, agency_name, standard FROM published_standards WHERE site_id = $1
       ORDER BY agency_name, agency_id, service_id`,
      [site.id],
    );
    const standards: PublishedStandard[] = [];
    for (const row of r.rows) {
      const s = ServiceStandard.safeParse(row.standard);
      if (s.success && hasStandard(s.data)) {
        standards.push({ serviceId: row.service_id, serviceName: row.service_name, agencyId: row.agency_id, agencyName: row.agency_name, standard: s.data });
      }
    }
    return { site, standards };
  }

  /**
   * A site's complaints (the complaints view), oldest first, with the agency and service names
   * the hub last sent; null when there is no such site.
   */
  async complaints(siteCode: string): Promise<{ site: Site; rows: (CentralComplaint & { reference: string })[] } | null> {
    const site = (await this.pool.query<Site>('SELECT id, code, name FROM sites WHERE code = $1', [siteCode])).rows[0];
    if (!site) return null;
    const r = await this.pool.query(
      `SELECT c.uid, c.business_date::text AS business_date, c.at, c.channel, c.category, c.text, c.contact, c.ticket_display, c.answer, c.answered_at,
         COALESCE(ss.agency_name, (SELECT a.agency_name FROM site_services a WHERE a.site_id = c.site_id AND a.agency_id = c.agency_id LIMIT 1)) AS agency_name,
         ss.name AS service_name
       FROM complaints c LEFT JOIN site_services ss ON ss.site_id = c.site_id AND ss.service_id = c.service_id
       WHERE c.site_id = $1 ORDER BY c.at, c.uid`,
      [site.id],
    );
    return { site, rows: (r.rows as CentralComplaint[]).map((row) => ({ ...row, reference: complaintReference(row.uid) })) };
  }
}
