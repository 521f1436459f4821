/**
 * The central server's schema, in numbered migrations each in its own transaction. Events are
 * partitioned by business date (a partition per month, made when the first event of a month comes).
 */
import type pg from 'pg';

export const MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE sites (
        id          serial PRIMARY KEY,
        code        text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9-]{3,60}$'),
        name        text NOT NULL,
        token_hash  text NOT NULL UNIQUE,
        revoked_at  timestamptz,
        -- every event up to here is stored: the next batch must start at last_seq + 1
        last_seq    bigint NOT NULL DEFAULT 0,
        last_batch_at timestamptz,
        created_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE events (
        site_id       integer NOT NULL REFERENCES sites(id),
        seq           bigint NOT NULL,
        business_date date NOT NULL,
        at            timestamptz NOT NULL,
        type          text NOT NULL,
        ticket_id     integer,
        service_id    integer,
        counter_id    integer,
        officer_id    integer,
        data          jsonb NOT NULL,
        received_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (site_id, business_date, seq)
      ) PARTITION BY RANGE (business_date);
      CREATE TABLE events_default PARTITION OF events DEFAULT;
      CREATE INDEX events_by_ticket ON events (site_id, business_date, ticket_id);
      CREATE TABLE quarantine (
        id          bigserial PRIMARY KEY,
        site_id     integer NOT NULL REFERENCES sites(id),
        seq         bigint,
        raw         jsonb NOT NULL,
        reason      text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE site_services (
        site_id     integer NOT NULL REFERENCES sites(id),
        service_id  integer NOT NULL,
        name        text NOT NULL,
        agency_id   integer NOT NULL,
        agency_name text NOT NULL,
        PRIMARY KEY (site_id, service_id)
      );
      CREATE TABLE day_manifests (
        site_id       integer NOT NULL REFERENCES sites(id),
        business_date date NOT NULL,
        last_seq      bigint NOT NULL,
        counts        jsonb NOT NULL,
        hash          text NOT NULL,
        match         boolean NOT NULL,
        received_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (site_id, business_date)
      );
    `,
  },
];

export async function migrate(pool: pg.Pool): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    // One migrator at a time, even with several servers starting together.
    await client.query('SELECT pg_advisory_lock(738201)');
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_version')).rows.map((r) => r.version));
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_version (version) VALUES ($1)', [m.version]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
    await client.query('SELECT pg_advisory_unlock(738201)');
    return Math.max(0, ...MIGRATIONS.map((m) => m.version));
  } finally {
    client.release();
  }
}
