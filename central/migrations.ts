/**
 * The central server's schema, in numbered migrations each in its own transaction. Events are
 * partitioned by business date (a partition per month, made when the first event of a month comes)
 * and kept per (site, epoch, seq): see site_epochs.
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
  {
    version: 2,
    sql: `
      -- Epochs: a hub whose history broke (a restored backup, a lost WAL) starts a new epoch whose
      -- seqs may overlap the old one's; both are kept, each with its own cursor. A row per epoch,
      -- with when the server first saw it, so the regency can see that a site's history broke.
      CREATE TABLE site_epochs (
        site_id       integer NOT NULL REFERENCES sites(id),
        epoch         integer NOT NULL CHECK (epoch > 0),
        -- the first seq of the epoch, as the hub declared it with its first batch
        from_seq      bigint NOT NULL CHECK (from_seq > 0),
        -- every event of the epoch up to here is stored (or quarantined): the next batch starts at last_seq + 1
        last_seq      bigint NOT NULL,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_batch_at timestamptz,
        PRIMARY KEY (site_id, epoch),
        CHECK (last_seq >= from_seq - 1)
      );
      INSERT INTO site_epochs (site_id, epoch, from_seq, last_seq, first_seen_at, last_batch_at)
        SELECT id, 1, 1, last_seq, created_at, last_batch_at FROM sites;
      ALTER TABLE sites DROP COLUMN last_seq;

      ALTER TABLE events ADD COLUMN epoch integer NOT NULL DEFAULT 1;
      ALTER TABLE events DROP CONSTRAINT events_pkey;
      ALTER TABLE events ADD PRIMARY KEY (site_id, epoch, business_date, seq);
      -- a replayed batch is compared with what is held, by seq within the epoch
      CREATE INDEX events_by_seq ON events (site_id, epoch, seq);
      ALTER TABLE quarantine ADD COLUMN epoch integer NOT NULL DEFAULT 1;

      ALTER TABLE day_manifests ADD COLUMN epoch integer NOT NULL DEFAULT 1;
      ALTER TABLE day_manifests DROP CONSTRAINT day_manifests_pkey;
      ALTER TABLE day_manifests ADD PRIMARY KEY (site_id, epoch, business_date);
    `,
  },
  {
    version: 3,
    sql: `
      -- The survey responses as the hubs sent them (survey.answered events, kept whole in events.data):
      -- how the ticket was found, the respondent's profile and the saran (hub schema 14), NULL where
      -- an older hub did not send them.
      CREATE VIEW survey_responses AS
        SELECT e.site_id, e.epoch, e.seq, e.business_date, e.at, e.ticket_id, e.service_id, e.counter_id, e.officer_id,
          e.data->>'display' AS display,
          e.data->>'form' AS form,
          e.data->'answers' AS answers,
          e.data->>'channel' AS channel,
          e.data->'profile'->>'gender' AS gender,
          e.data->'profile'->>'age' AS age_group,
          e.data->'profile'->>'education' AS education,
          e.data->'profile'->>'occupation' AS occupation,
          e.data->>'suggestion' AS suggestion
        FROM events e WHERE e.type = 'survey.answered';
    `,
  },
  {
    version: 4,
    sql: `
      -- Each service's standar pelayanan as its hub last published it ('standard.published' events,
      -- kept whole in events.data): the public page of each MPP reads this. Latest by the hub's
      -- clock, then by epoch and seq (a restored hub's new epoch comes after its old one). An empty
      -- standard (cleared by its admin) is the latest too, and the page leaves it out.
      CREATE INDEX events_standards ON events (site_id) WHERE type = 'standard.published';
      CREATE VIEW published_standards AS
        SELECT DISTINCT ON (e.site_id, (e.data->>'serviceId')::int)
          e.site_id,
          (e.data->>'serviceId')::int AS service_id,
          e.data->>'serviceName' AS service_name,
          (e.data->>'agencyId')::int AS agency_id,
          e.data->>'agencyName' AS agency_name,
          e.data->'standard' AS standard,
          e.at, e.epoch, e.seq
        FROM events e WHERE e.type = 'standard.published'
        ORDER BY e.site_id, (e.data->>'serviceId')::int, e.at DESC, e.epoch DESC, e.seq DESC;
    `,
  },
  {
    version: 5,
    sql: `
      -- Complaints (pengaduan) as the hubs filed and answered them ('complaint.filed' and
      -- 'complaint.answered' events, kept whole in events.data), one row per complaint uid: a
      -- restored hub that sends a complaint again in a new epoch is still one complaint (the first
      -- copy counts). The answer is the latest one (a supervisor may correct it), by the hub's clock.
      CREATE INDEX events_complaints ON events (site_id, type) WHERE type IN ('complaint.filed', 'complaint.answered');
      CREATE VIEW complaints AS
        WITH filed AS (
          SELECT DISTINCT ON (e.site_id, e.data->>'uid')
            e.site_id, e.epoch, e.seq, e.business_date, e.at, e.ticket_id, e.service_id,
            e.data->>'uid' AS uid,
            e.data->>'channel' AS channel,
            e.data->>'category' AS category,
            (e.data->>'agencyId')::int AS agency_id,
            e.data->>'ticketDisplay' AS ticket_display,
            e.data->>'text' AS text,
            NULLIF(e.data->'contact', 'null'::jsonb) AS contact
          FROM events e WHERE e.type = 'complaint.filed'
          ORDER BY e.site_id, e.data->>'uid', e.epoch, e.seq),
        answered AS (
          SELECT DISTINCT ON (e.site_id, e.data->>'uid')
            e.site_id, e.data->>'uid' AS uid, e.data->>'answer' AS answer, e.at AS answered_at
          FROM events e WHERE e.type = 'complaint.answered'
          ORDER BY e.site_id, e.data->>'uid', e.at DESC, e.epoch DESC, e.seq DESC)
        SELECT f.*, a.answer, a.answered_at FROM filed f LEFT JOIN answered a USING (site_id, uid);
    `,
  },
  {
    version: 6,
    sql: `
      -- Online booking (issue 23, central/bookings.ts). What a site offers is the catalogue its hub
      -- last published ('booking.catalogue' events, kept whole in events.data): a view, like the
      -- standards, so ingest stays as it is. Latest by the hub's clock, then epoch and seq.
      CREATE INDEX events_booking_catalogue ON events (site_id) WHERE type = 'booking.catalogue';
      CREATE VIEW booking_catalogues AS
        SELECT DISTINCT ON (e.site_id) e.site_id, e.data AS catalogue, e.at
        FROM events e WHERE e.type = 'booking.catalogue'
        ORDER BY e.site_id, e.at DESC, e.epoch DESC, e.seq DESC;
      -- The bookings citizens made here. The code is unique per site (the QR says which site);
      -- the phone is kept only when the citizen ticked the consent box.
      CREATE TABLE bookings (
        id            bigserial PRIMARY KEY,
        site_id       integer NOT NULL REFERENCES sites(id),
        code          text NOT NULL CHECK (code ~ '^[2-9A-HJKMNP-Z]{6}$'),
        service_id    integer NOT NULL,
        business_date date NOT NULL,
        slot_start    text NOT NULL CHECK (slot_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        slot_end      text NOT NULL CHECK (slot_end ~ '^([01][0-9]|2[0-4]):[0-5][0-9]$'),
        made_at       timestamptz NOT NULL DEFAULT now(),
        phone         text,
        status        text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled')),
        cancelled_at  timestamptz,
        UNIQUE (site_id, code),
        CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
      );
      CREATE INDEX bookings_by_day ON bookings (site_id, business_date);
      -- One row per slot that has been booked: PostgreSQL itself refuses more than its capacity
      -- (the CHECK), whatever the application does; a booking takes its place in the same
      -- transaction that stores it and appends it to the feed.
      CREATE TABLE booking_slots (
        site_id       integer NOT NULL REFERENCES sites(id),
        service_id    integer NOT NULL,
        business_date date NOT NULL,
        slot_start    text NOT NULL,
        taken         integer NOT NULL CHECK (taken >= 0),
        capacity      integer NOT NULL CHECK (capacity >= 1),
        PRIMARY KEY (site_id, service_id, business_date, slot_start),
        CHECK (taken <= capacity)
      );
      -- What each hub pulls (GET /api/sync/feed): seq gapless per site. The head row is locked by
      -- every append, so appends to one site queue up and a rolled-back one leaves no hole.
      CREATE TABLE booking_feed_heads (
        site_id   integer PRIMARY KEY REFERENCES sites(id),
        last_seq  bigint NOT NULL CHECK (last_seq >= 0)
      );
      CREATE TABLE booking_feed (
        site_id   integer NOT NULL REFERENCES sites(id),
        seq       bigint NOT NULL CHECK (seq >= 1),
        kind      text NOT NULL CHECK (kind IN ('booking.made', 'booking.cancelled')),
        payload   jsonb NOT NULL,
        at        timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (site_id, seq)
      );
      -- The hubs' own booking events (check-ins, no-shows) for the report.
      CREATE INDEX events_bookings ON events (site_id, type) WHERE type IN ('booking.checked_in', 'booking.no_show');
    `,
  },
  {
    version: 7,
    sql: `
      -- The citizen's "Cek booking" page (central/bookings.ts, status): what the hub reported of one
      -- booking (checked in, no-show, cancelled because the MPP closed the day), found by its code.
      CREATE INDEX events_booking_code ON events (site_id, (data->>'code'))
        WHERE type IN ('booking.checked_in', 'booking.no_show', 'booking.cancelled');
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
