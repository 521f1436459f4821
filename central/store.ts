/**
 * The central server's data: sites and their tokens, the ingest of a batch (one transaction,
 * exactly once per (site, seq)), day manifests and the per-agency figures of a day.
 */
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { EventEnvelope } from '../shared/events.js';
import { SyncBatch, type DayManifest, type SyncAck } from '../shared/sync.js';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export class IngestError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.error));
  }
}

export interface Site {
  id: number;
  code: string;
  name: string;
}

export class CentralStore {
  constructor(private readonly pool: pg.Pool) {}

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

  async lastSeq(siteId: number): Promise<number> {
    return Number((await this.pool.query('SELECT last_seq FROM sites WHERE id = $1', [siteId])).rows[0]?.last_seq ?? 0);
  }

  /**
   * One batch, in one transaction under the site's row lock: a batch sent twice (or twice at once)
   * applies once; a batch that does not start where the stored events end is a gap (409 with the
   * expected seq); an event that does not read is quarantined and the batch still goes through.
   */
  async ingest(site: Site, body: unknown): Promise<SyncAck> {
    const parsed = SyncBatch.safeParse(body);
    const head = body as { site?: unknown; fromSeq?: unknown; toSeq?: unknown } | null;
    if (!parsed.success && !(typeof head?.fromSeq === 'number' && typeof head?.toSeq === 'number' && head.fromSeq <= head.toSeq)) {
      throw new IngestError(400, { error: 'BAD_BATCH', issues: parsed.error?.issues.slice(0, 5) });
    }
    const claimedSite = parsed.success ? parsed.data.site : head?.site;
    if (claimedSite !== site.code) throw new IngestError(403, { error: 'WRONG_SITE' });
    const fromSeq = Number(head!.fromSeq);
    const toSeq = Number(head!.toSeq);

    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const last = Number((await client.query('SELECT last_seq FROM sites WHERE id = $1 FOR UPDATE', [site.id])).rows[0].last_seq);
      if (fromSeq > last + 1) {
        await client.query('ROLLBACK');
        throw new IngestError(409, { error: 'GAP', expectedSeq: last + 1 });
      }
      const quarantined: number[] = [];
      if (toSeq > last) {
        if (!parsed.success) {
          // Unreadable as a batch but placed in the sequence: kept aside whole, never blocking.
          await client.query('INSERT INTO quarantine (site_id, seq, raw, reason) VALUES ($1, $2, $3, $4)', [site.id, fromSeq, JSON.stringify(body), 'batch does not match the protocol']);
          for (let s = Math.max(fromSeq, last + 1); s <= toSeq; s++) quarantined.push(s);
        } else {
          const batch = parsed.data;
          const rows: EventEnvelope[] = [];
          let expected = fromSeq;
          for (const raw of batch.events) {
            // The envelope is checked, `data` kept as the hub wrote it: hubs of several versions
            // sync here, and a data field a newer hub adds must neither fail nor be dropped.
            const e = EventEnvelope.safeParse(raw);
            const seq = e.success ? e.data.seq : typeof (raw as { seq?: unknown })?.seq === 'number' ? (raw as { seq: number }).seq : expected;
            expected = seq + 1;
            if (seq <= last) continue; // stored already
            if (e.success && e.data.seq >= fromSeq && e.data.seq <= toSeq) rows.push(e.data);
            else {
              quarantined.push(seq);
              await client.query('INSERT INTO quarantine (site_id, seq, raw, reason) VALUES ($1, $2, $3, $4)', [site.id, seq, JSON.stringify(raw), e.success ? 'seq outside the batch' : 'event does not match the protocol']);
            }
          }
          await this.ensurePartitions(client, rows.map((r) => r.businessDate));
          if (rows.length) {
            // One INSERT per batch with a column of values per parameter (unnest): PostgreSQL
            // plans 10 parameters instead of 10 per row. ON CONFLICT makes a replay harmless.
            await client.query(
              `INSERT INTO events (site_id, seq, business_date, at, type, ticket_id, service_id, counter_id, officer_id, data)
               SELECT $1, * FROM unnest($2::bigint[], $3::date[], $4::timestamptz[], $5::text[], $6::int[], $7::int[], $8::int[], $9::int[], $10::jsonb[])
               ON CONFLICT DO NOTHING`,
              [
                site.id,
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
        }
        await client.query('UPDATE sites SET last_seq = $2, last_batch_at = now() WHERE id = $1', [site.id, toSeq]);
      }
      await client.query('COMMIT');
      return { ackedThrough: Math.max(last, toSeq), quarantined };
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

  /** Checks a closed day's manifest against the stored events. */
  async checkManifest(site: Site, m: DayManifest): Promise<{ match: boolean; stored: { counts: Record<string, number>; hash: string } }> {
    if (m.site !== site.code) throw new IngestError(403, { error: 'WRONG_SITE' });
    const last = await this.lastSeq(site.id);
    if (last < m.lastSeq) throw new IngestError(409, { error: 'BEHIND', ackedThrough: last });
    const rows = (
      await this.pool.query<{ seq: string; type: string }>('SELECT seq, type FROM events WHERE site_id = $1 AND business_date = $2 ORDER BY seq', [site.id, m.businessDate])
    ).rows;
    const counts: Record<string, number> = {};
    for (const r of rows) counts[r.type] = (counts[r.type] ?? 0) + 1;
    const hash = sha256(rows.map((r) => `${r.seq}:${r.type}\n`).join(''));
    const match = hash === m.hash && JSON.stringify(Object.entries(counts).sort()) === JSON.stringify(Object.entries(m.counts).sort());
    await this.pool.query(
      `INSERT INTO day_manifests (site_id, business_date, last_seq, counts, hash, match) VALUES ($1,$2,$3,$4,$5,$6)
       ON CONFLICT (site_id, business_date) DO UPDATE SET last_seq = excluded.last_seq, counts = excluded.counts, hash = excluded.hash, match = excluded.match, received_at = now()`,
      [site.id, m.businessDate, m.lastSeq, JSON.stringify(m.counts), m.hash, match],
    );
    return { match, stored: { counts, hash } };
  }

  /** A day's figures per agency: issued, served, no-show, average and p90 wait and service time (minutes). */
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
         GROUP BY e.ticket_id)
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
}
