/**
 * Numbered schema migrations. Each runs in its own IMMEDIATE transaction that also bumps
 * `PRAGMA user_version`, so a power cut leaves the schema at one version or the next, never
 * half-way. Never edit a migration that has shipped: add the next number.
 */
import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const OPEN_STATUSES_SQL = `('waiting','called','serving','no_show')`;

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE site (
        id            INTEGER PRIMARY KEY CHECK (id = 1),
        name          TEXT NOT NULL,
        address       TEXT NOT NULL DEFAULT '',
        time_zone     TEXT NOT NULL,
        ticket_header TEXT NOT NULL DEFAULT '',
        ticket_footer TEXT NOT NULL DEFAULT ''
      ) STRICT;

      CREATE TABLE agencies (
        id         INTEGER PRIMARY KEY,
        code       TEXT NOT NULL UNIQUE,
        name       TEXT NOT NULL,
        short_name TEXT NOT NULL,
        sort_order INTEGER NOT NULL DEFAULT 0,
        active     INTEGER NOT NULL DEFAULT 1
      ) STRICT;

      CREATE TABLE services (
        id                INTEGER PRIMARY KEY,
        agency_id         INTEGER NOT NULL REFERENCES agencies(id),
        code              TEXT NOT NULL UNIQUE,
        name              TEXT NOT NULL,
        prefix            TEXT NOT NULL UNIQUE,
        daily_quota       INTEGER CHECK (daily_quota IS NULL OR daily_quota >= 0),
        estimated_minutes REAL NOT NULL DEFAULT 10 CHECK (estimated_minutes > 0),
        hours             TEXT NOT NULL,
        active            INTEGER NOT NULL DEFAULT 1,
        sort_order        INTEGER NOT NULL DEFAULT 0
      ) STRICT;

      CREATE TABLE officers (
        id        INTEGER PRIMARY KEY,
        name      TEXT NOT NULL,
        username  TEXT NOT NULL UNIQUE COLLATE NOCASE,
        pin_hash  TEXT NOT NULL,
        role      TEXT NOT NULL CHECK (role IN ('officer','supervisor','admin')),
        agency_id INTEGER REFERENCES agencies(id),
        active    INTEGER NOT NULL DEFAULT 1
      ) STRICT;

      CREATE TABLE counters (
        id           INTEGER PRIMARY KEY,
        label        TEXT NOT NULL UNIQUE,
        agency_id    INTEGER REFERENCES agencies(id),
        zone         TEXT NOT NULL DEFAULT '',
        active       INTEGER NOT NULL DEFAULT 1,
        state        TEXT NOT NULL DEFAULT 'closed' CHECK (state IN ('closed','open','paused')),
        pause_reason TEXT,
        officer_id   INTEGER REFERENCES officers(id),
        -- interleave bookkeeping: which class this counter is in a run of, and how long the run is
        phase        TEXT NOT NULL DEFAULT 'priority' CHECK (phase IN ('priority','regular')),
        phase_count  INTEGER NOT NULL DEFAULT 0
      ) STRICT;

      CREATE TABLE counter_services (
        counter_id INTEGER NOT NULL REFERENCES counters(id),
        service_id INTEGER NOT NULL REFERENCES services(id),
        rank       INTEGER NOT NULL,
        PRIMARY KEY (counter_id, service_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX counter_services_by_service ON counter_services(service_id);

      CREATE TABLE devices (
        id           INTEGER PRIMARY KEY,
        name         TEXT NOT NULL,
        role         TEXT NOT NULL CHECK (role IN ('kiosk','counter','display','admin')),
        counter_id   INTEGER REFERENCES counters(id),
        token_hash   TEXT NOT NULL UNIQUE,
        created_at   INTEGER NOT NULL,
        revoked_at   INTEGER,
        last_seen_at INTEGER
      ) STRICT;

      CREATE TABLE pairing_codes (
        code_hash  TEXT PRIMARY KEY,
        role       TEXT NOT NULL,
        name       TEXT NOT NULL,
        counter_id INTEGER REFERENCES counters(id),
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at    INTEGER,
        device_id  INTEGER REFERENCES devices(id)
      ) STRICT;

      CREATE TABLE officer_sessions (
        id           INTEGER PRIMARY KEY,
        token_hash   TEXT NOT NULL UNIQUE,
        officer_id   INTEGER NOT NULL REFERENCES officers(id),
        counter_id   INTEGER REFERENCES counters(id),
        device_id    INTEGER REFERENCES devices(id),
        created_at   INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        ended_at     INTEGER
      ) STRICT;

      CREATE TABLE business_days (
        date         TEXT PRIMARY KEY,
        closed_at    INTEGER NOT NULL,
        close_reason TEXT NOT NULL
      ) STRICT;

      CREATE TABLE tickets (
        id                INTEGER PRIMARY KEY,
        business_date     TEXT NOT NULL,
        prefix            TEXT NOT NULL,
        number            INTEGER NOT NULL CHECK (number > 0),
        service_id        INTEGER NOT NULL REFERENCES services(id),
        origin_service_id INTEGER NOT NULL REFERENCES services(id),
        priority_group    TEXT,
        status            TEXT NOT NULL
                          CHECK (status IN ('waiting','called','serving','done','no_show','cancelled','closed')),
        counter_id        INTEGER REFERENCES counters(id),
        officer_id        INTEGER REFERENCES officers(id),
        device_id         INTEGER REFERENCES devices(id),
        request_key       TEXT UNIQUE,
        issued_at         INTEGER NOT NULL,
        arrived_at        INTEGER NOT NULL,
        called_at         INTEGER,
        started_at        INTEGER,
        finished_at       INTEGER,
        call_count        INTEGER NOT NULL DEFAULT 0,
        close_reason      TEXT,
        UNIQUE (business_date, prefix, number)
      ) STRICT;
      -- a counter holds at most one ticket: the database itself refuses a second
      CREATE UNIQUE INDEX tickets_held_by_counter ON tickets(counter_id) WHERE status IN ('called','serving');
      CREATE INDEX tickets_waiting ON tickets(service_id, business_date, arrived_at, id) WHERE status = 'waiting';
      CREATE INDEX tickets_open_by_date ON tickets(business_date) WHERE status IN ${OPEN_STATUSES_SQL};
      CREATE INDEX tickets_issued_per_service ON tickets(business_date, origin_service_id);
      CREATE INDEX tickets_no_show ON tickets(service_id, business_date) WHERE status = 'no_show';
      CREATE INDEX tickets_by_counter ON tickets(counter_id, business_date, called_at) WHERE counter_id IS NOT NULL;
      CREATE TRIGGER tickets_never_deleted BEFORE DELETE ON tickets
        BEGIN SELECT RAISE(ABORT, 'tickets are never deleted'); END;

      CREATE TABLE events (
        seq           INTEGER PRIMARY KEY AUTOINCREMENT,
        at            INTEGER NOT NULL,
        type          TEXT NOT NULL,
        business_date TEXT NOT NULL,
        ticket_id     INTEGER,
        service_id    INTEGER,
        counter_id    INTEGER,
        officer_id    INTEGER,
        device_id     INTEGER,
        data          TEXT NOT NULL DEFAULT '{}'
      ) STRICT;
      CREATE INDEX events_by_ticket ON events(ticket_id) WHERE ticket_id IS NOT NULL;
      CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
      CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    `,
  },
  {
    version: 2,
    name: 'printing: printed state of tickets, printers of kiosks',
    sql: `
      ALTER TABLE tickets ADD COLUMN print_state TEXT NOT NULL DEFAULT 'pending'
        CHECK (print_state IN ('pending','printed','unconfirmed','failed'));
      ALTER TABLE tickets ADD COLUMN print_count INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE tickets ADD COLUMN printed_at INTEGER;

      -- The printer the hub drives for a kiosk device (device_id NULL: the hub's own local kiosk
      -- of demo mode), and the last status it reported.
      CREATE TABLE printers (
        id           INTEGER PRIMARY KEY,
        device_id    INTEGER UNIQUE REFERENCES devices(id),
        config       TEXT NOT NULL,
        state        TEXT NOT NULL DEFAULT 'unknown',
        status       TEXT NOT NULL DEFAULT '{}',
        checked_at   INTEGER,
        updated_at   INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX printers_one_local ON printers((device_id IS NULL)) WHERE device_id IS NULL;
      -- Kiosks that print for themselves (Electron) report their printer's status here too.
    `,
  },
  {
    version: 3,
    name: "an officer's day, for the counter screen's figures",
    sql: `
      CREATE INDEX tickets_by_officer ON tickets(officer_id, business_date) WHERE officer_id IS NOT NULL;
    `,
  },
  {
    version: 4,
    name: 'sync outbox: the cursor acknowledged by the central server, quarantined batches, day manifests',
    sql: `
      CREATE TABLE sync_state (
        id              INTEGER PRIMARY KEY CHECK (id = 1),
        acked_seq       INTEGER NOT NULL DEFAULT 0,
        batch_size      INTEGER NOT NULL DEFAULT 300,
        failures        INTEGER NOT NULL DEFAULT 0,
        last_success_at INTEGER,
        last_attempt_at INTEGER,
        last_error      TEXT
      ) STRICT;
      INSERT INTO sync_state (id) VALUES (1);
      CREATE TABLE sync_quarantine (
        id        INTEGER PRIMARY KEY,
        seqs      TEXT NOT NULL,
        at        INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE sync_manifests (
        business_date TEXT PRIMARY KEY,
        last_seq      INTEGER NOT NULL,
        hash          TEXT NOT NULL,
        match         INTEGER,
        sent_at       INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX events_by_date ON events(business_date, seq);
    `,
  },
  {
    version: 5,
    name: 'Survei Kepuasan Masyarakat: one response per served ticket',
    sql: `
      CREATE TABLE survey_responses (
        id            INTEGER PRIMARY KEY,
        ticket_id     INTEGER NOT NULL UNIQUE REFERENCES tickets(id),
        service_id    INTEGER NOT NULL REFERENCES services(id),
        counter_id    INTEGER REFERENCES counters(id),
        officer_id    INTEGER REFERENCES officers(id),
        business_date TEXT NOT NULL,
        form          TEXT NOT NULL CHECK (form IN ('full', 'short')),
        answers       TEXT NOT NULL,
        at            INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX survey_by_date ON survey_responses(business_date);
      CREATE TRIGGER survey_responses_kept BEFORE UPDATE ON survey_responses
        BEGIN SELECT RAISE(ABORT, 'survey responses are never changed'); END;
      CREATE INDEX events_transfers ON events(business_date) WHERE type = 'ticket.transferred';
    `,
  },
  {
    version: 6,
    name: 'holidays and closures: the whole MPP or one service closed on a date',
    sql: `
      CREATE TABLE closures (
        id         INTEGER PRIMARY KEY,
        date       TEXT NOT NULL,
        service_id INTEGER REFERENCES services(id),
        reason     TEXT NOT NULL
      ) STRICT;
      CREATE INDEX closures_by_date ON closures(date);
    `,
  },
  {
    version: 7,
    name: 'agency logos, a waiting-time target per service',
    sql: `
      ALTER TABLE agencies ADD COLUMN logo BLOB;
      ALTER TABLE agencies ADD COLUMN logo_type TEXT;
      ALTER TABLE services ADD COLUMN wait_target_minutes INTEGER;
    `,
  },
  {
    version: 8,
    name: 'sync epochs: a restored or damaged history starts a new epoch, so the central server keeps both',
    sql: `
      CREATE TABLE sync_epochs (
        epoch      INTEGER PRIMARY KEY,
        -- the first seq of this epoch: the central server takes this epoch's events from here
        from_seq   INTEGER NOT NULL,
        started_at INTEGER NOT NULL,
        reason     TEXT NOT NULL
      ) STRICT;
      INSERT INTO sync_epochs (epoch, from_seq, started_at, reason) VALUES (1, 1, 0, 'first');
    `,
  },
  {
    version: 9,
    name: 'number floors: after a lost history, numbering continues past every number the hall has seen',
    sql: `
      CREATE TABLE number_floors (
        business_date TEXT NOT NULL,
        prefix        TEXT NOT NULL,
        -- the highest number a screen, the watermark or the central server saw on that date:
        -- the next ticket of this prefix is numbered past it even if the tickets are gone
        floor         INTEGER NOT NULL,
        PRIMARY KEY (business_date, prefix)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 10,
    name: 'sync per epoch: the acknowledged cursor names its epoch, a manifest per day and epoch',
    sql: `
      -- acked_seq is a seq of this epoch: the central server keeps a cursor per (site, epoch)
      ALTER TABLE sync_state ADD COLUMN epoch INTEGER NOT NULL DEFAULT 1;
      -- the central server holds another history in split_epoch from split_seq on: nothing more is
      -- pushed into that epoch, and the next epoch starts at split_seq (sync/epochs.ts)
      ALTER TABLE sync_state ADD COLUMN split_epoch INTEGER;
      ALTER TABLE sync_state ADD COLUMN split_seq INTEGER;
      CREATE TABLE sync_manifests_by_epoch (
        business_date TEXT NOT NULL,
        epoch         INTEGER NOT NULL DEFAULT 1,
        last_seq      INTEGER NOT NULL,
        hash          TEXT NOT NULL,
        match         INTEGER,
        sent_at       INTEGER NOT NULL,
        PRIMARY KEY (business_date, epoch)
      ) STRICT;
      INSERT INTO sync_manifests_by_epoch (business_date, epoch, last_seq, hash, match, sent_at)
        SELECT business_date, 1, last_seq, hash, match, sent_at FROM sync_manifests;
      DROP TABLE sync_manifests;
      ALTER TABLE sync_manifests_by_epoch RENAME TO sync_manifests;
    `,
  },
  {
    version: 11,
    name: 'brute force: wrong pairing guesses burn outstanding codes, PIN lockouts per officer and device survive a restart',
    sql: `
      -- wrong guesses made while this code was outstanding (a guess names no code, so each counts
      -- against every outstanding code); past the limit the code is burned: refused even when right
      ALTER TABLE pairing_codes ADD COLUMN wrong_guesses INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE pairing_codes ADD COLUMN burned_at INTEGER;
      CREATE TABLE login_failures (
        -- lower-cased, also names nobody has: a refusal must not tell which usernames exist
        username     TEXT NOT NULL,
        -- 'device:<id>', or 'address:<ip>' for the hub's own browser in demo mode: a counter PC
        -- can lock a user out of that counter PC only
        source       TEXT NOT NULL,
        failures     INTEGER NOT NULL,
        -- locks in a row: each doubles the next one's length
        locks        INTEGER NOT NULL DEFAULT 0,
        locked_until INTEGER NOT NULL DEFAULT 0,
        last_at      INTEGER NOT NULL,
        PRIMARY KEY (username, source)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 12,
    name: 'a real MPP: zones, calendar (site breaks, issuing windows, opened-anyway, timed pauses), prefix and name changes from the next day, agency-scoped staff, the audit log',
    sql: `
      -- A zone is where citizens go (a floor, a wing): counters stand in one, a service is served
      -- in one, a display shows one (or all). Made from the names counters carried until now.
      CREATE TABLE zones (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE,
        -- what the kiosk and the ticket say besides the name, e.g. "Lantai 2, sayap timur"
        floor      TEXT NOT NULL DEFAULT '',
        sort_order INTEGER NOT NULL DEFAULT 0,
        active     INTEGER NOT NULL DEFAULT 1
      ) STRICT;
      INSERT INTO zones (name, sort_order)
        SELECT zone, ROW_NUMBER() OVER (ORDER BY MIN(id)) FROM counters WHERE zone <> '' GROUP BY zone;
      ALTER TABLE counters ADD COLUMN zone_id INTEGER REFERENCES zones(id);
      UPDATE counters SET zone_id = (SELECT id FROM zones WHERE zones.name = counters.zone);
      ALTER TABLE services ADD COLUMN zone_id INTEGER REFERENCES zones(id);
      UPDATE services SET zone_id = (
        SELECT c.zone_id FROM counter_services cs JOIN counters c ON c.id = cs.counter_id
        WHERE cs.service_id = services.id AND c.zone_id IS NOT NULL ORDER BY cs.rank, c.id LIMIT 1);
      -- a display paired for a zone sees only that zone's calls and waiting; NULL: the whole hall
      ALTER TABLE devices ADD COLUMN zone_id INTEGER REFERENCES zones(id);
      ALTER TABLE pairing_codes ADD COLUMN zone_id INTEGER REFERENCES zones(id);

      -- the issuing window: tickets from N minutes before the service opens until M minutes before it closes
      ALTER TABLE services ADD COLUMN issue_opens_before_minutes INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE services ADD COLUMN last_ticket_before_minutes INTEGER NOT NULL DEFAULT 0;
      -- 0: the service keeps working through the site-wide breaks (e.g. a bank desk at Friday prayer)
      ALTER TABLE services ADD COLUMN follows_site_breaks INTEGER NOT NULL DEFAULT 1;
      -- a new name or prefix takes effect from a business date (the next one): today's numbering never breaks
      ALTER TABLE services ADD COLUMN pending_name TEXT;
      ALTER TABLE services ADD COLUMN pending_prefix TEXT;
      ALTER TABLE services ADD COLUMN pending_from TEXT;

      -- breaks for every service that follows them, per weekday (0 = Minggu), e.g. Jumat 11:30-13:00
      CREATE TABLE site_breaks (
        id      INTEGER PRIMARY KEY,
        weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
        start   TEXT NOT NULL,
        end     TEXT NOT NULL,
        reason  TEXT NOT NULL DEFAULT ''
      ) STRICT;

      -- open_anyway = 1: a row that opens one service on a date the whole MPP is closed
      ALTER TABLE closures ADD COLUMN open_anyway INTEGER NOT NULL DEFAULT 0;
      -- a closure undone keeps its row (who undid it is in the audit log)
      ALTER TABLE closures ADD COLUMN removed_at INTEGER;

      -- "SIAK pusat down until 10:30": no tickets for the service until then, with the reason shown
      CREATE TABLE service_pauses (
        id         INTEGER PRIMARY KEY,
        service_id INTEGER NOT NULL REFERENCES services(id),
        from_at    INTEGER NOT NULL,
        until_at   INTEGER NOT NULL,
        reason     TEXT NOT NULL,
        -- ended early by someone
        ended_at   INTEGER,
        officer_id INTEGER REFERENCES officers(id)
      ) STRICT;
      CREATE INDEX service_pauses_open ON service_pauses(service_id, until_at);

      -- agencies other than their own whose counters an officer may work at
      CREATE TABLE officer_agencies (
        officer_id INTEGER NOT NULL REFERENCES officers(id),
        agency_id  INTEGER NOT NULL REFERENCES agencies(id),
        PRIMARY KEY (officer_id, agency_id)
      ) STRICT, WITHOUT ROWID;

      -- every admin and supervisor change: who, when, what, the row before and after (JSON)
      CREATE TABLE audit_log (
        id         INTEGER PRIMARY KEY,
        at         INTEGER NOT NULL,
        officer_id INTEGER REFERENCES officers(id),
        device_id  INTEGER REFERENCES devices(id),
        -- e.g. 'service.update', 'closure.remove', 'import.apply'
        action     TEXT NOT NULL,
        subject    TEXT NOT NULL,
        subject_id INTEGER,
        before     TEXT,
        after      TEXT
      ) STRICT;
      CREATE INDEX audit_by_time ON audit_log(at);
      CREATE TRIGGER audit_log_kept BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is never changed'); END;
      CREATE TRIGGER audit_log_not_deleted BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is never changed'); END;
    `,
  },
  {
    version: 13,
    name: 'who made a pairing code (the audit log names them for the device it paired); the audit log by officer',
    sql: `
      ALTER TABLE pairing_codes ADD COLUMN created_by INTEGER REFERENCES officers(id);
      CREATE INDEX audit_by_officer ON audit_log(officer_id, at);
    `,
  },
  {
    version: 14,
    name: 'the survey bound to the visit: how the ticket was found, the respondent profile and the saran; the hub key that signs ticket QR codes',
    sql: `
      -- 'counter' (the counter's tablet), 'qr' (the signed code on the ticket), 'number' (typed at
      -- the kiosk); NULL for responses given before this version
      ALTER TABLE survey_responses ADD COLUMN channel TEXT CHECK (channel IN ('counter', 'qr', 'number'));
      -- the profile, each NULL when skipped (codes of shared/survey.ts PROFILE_OPTIONS)
      ALTER TABLE survey_responses ADD COLUMN gender TEXT;
      ALTER TABLE survey_responses ADD COLUMN age_group TEXT;
      ALTER TABLE survey_responses ADD COLUMN education TEXT;
      ALTER TABLE survey_responses ADD COLUMN occupation TEXT;
      ALTER TABLE survey_responses ADD COLUMN suggestion TEXT;
      -- keys the hub makes itself at first start and never sends anywhere (survey.ts: 'ticket-code')
      CREATE TABLE hub_keys (
        name  TEXT PRIMARY KEY,
        value BLOB NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 15,
    name: "a service's search keywords for the kiosk (KTP Elektronik: ktp, e-ktp, ktp-el)",
    sql: `
      -- comma-separated, as the admin typed them ('' for none)
      ALTER TABLE services ADD COLUMN keywords TEXT NOT NULL DEFAULT '';
    `,
  },
  {
    version: 16,
    name: "a service's standar pelayanan (requirements, procedure, time, fee, product, legal basis, complaints)",
    sql: `
      CREATE TABLE service_standards (
        service_id        INTEGER PRIMARY KEY REFERENCES services(id),
        -- a JSON array of strings, one requirement each
        requirements      TEXT NOT NULL DEFAULT '[]',
        procedure         TEXT NOT NULL DEFAULT '',
        completion_time   TEXT NOT NULL DEFAULT '',
        fee               TEXT NOT NULL DEFAULT '',
        product           TEXT NOT NULL DEFAULT '',
        legal_basis       TEXT NOT NULL DEFAULT '',
        complaint_contact TEXT NOT NULL DEFAULT '',
        updated_at        INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 17,
    name: 'complaints (pengaduan) from the phone page and the kiosk, answered by the supervisor',
    sql: `
      CREATE TABLE complaints (
        id             INTEGER PRIMARY KEY,
        uid            TEXT NOT NULL UNIQUE,
        -- the sender's request id: the same complaint sent twice is kept once
        request_id     TEXT NOT NULL UNIQUE,
        channel        TEXT NOT NULL CHECK (channel IN ('phone', 'kiosk')),
        category       TEXT NOT NULL,
        text           TEXT NOT NULL,
        -- JSON {name, phone, email}, only with consent; NULL: anonymous
        contact        TEXT,
        agency_id      INTEGER REFERENCES agencies(id),
        service_id     INTEGER REFERENCES services(id),
        ticket_id      INTEGER REFERENCES tickets(id),
        device_id      INTEGER REFERENCES devices(id),
        business_date  TEXT NOT NULL,
        at             INTEGER NOT NULL,
        answer         TEXT,
        answered_at    INTEGER,
        answered_by    INTEGER REFERENCES officers(id)
      ) STRICT;
      CREATE INDEX complaints_by_agency ON complaints(agency_id, at);
      CREATE INDEX complaints_by_date ON complaints(business_date);
    `,
  },
  {
    version: 18,
    name: 'online booking: which services take bookings, the bookings pulled from the central server, the feed cursor, booked tickets',
    sql: `
      CREATE TABLE booking_settings (
        service_id       INTEGER PRIMARY KEY REFERENCES services(id),
        enabled          INTEGER NOT NULL DEFAULT 0,
        slot_minutes     INTEGER NOT NULL DEFAULT 30 CHECK (slot_minutes IN (15, 20, 30, 60)),
        capacity         INTEGER NOT NULL DEFAULT 4 CHECK (capacity BETWEEN 1 AND 100),
        days_ahead       INTEGER NOT NULL DEFAULT 14 CHECK (days_ahead BETWEEN 1 AND 60),
        updated_at       INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE bookings (
        id              INTEGER PRIMARY KEY,
        code            TEXT NOT NULL UNIQUE,
        -- no foreign key: a booking for a service this hub has since removed is kept (a conflict)
        service_id      INTEGER NOT NULL,
        business_date   TEXT NOT NULL,
        -- local "HH:MM" in the site's zone
        slot_start      TEXT NOT NULL,
        slot_end        TEXT NOT NULL,
        made_at         INTEGER NOT NULL,
        -- only with the citizen's consent, for a reminder
        phone           TEXT,
        status          TEXT NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled', 'checked_in', 'no_show')),
        ticket_id       INTEGER UNIQUE REFERENCES tickets(id),
        checked_in_at   INTEGER,
        cancelled_at    INTEGER,
        conflict        TEXT CHECK (conflict IN ('cancelled_after_check_in', 'service_unavailable', 'unknown_code')),
        received_at     INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX bookings_by_date ON bookings(business_date, service_id, slot_start);
      -- the last feed seq applied, moved in the same transaction as the entries it covers
      CREATE TABLE booking_feed (
        id        INTEGER PRIMARY KEY CHECK (id = 1),
        cursor    INTEGER NOT NULL,
        pulled_at INTEGER
      ) STRICT;
      INSERT INTO booking_feed (id, cursor, pulled_at) VALUES (1, 0, NULL);
      -- a booked ticket: which booking it came from, and the time before which it is not called
      ALTER TABLE tickets ADD COLUMN booking_id INTEGER REFERENCES bookings(id);
      ALTER TABLE tickets ADD COLUMN due_at INTEGER;
    `,
  },
];

export function migrate(db: Database, migrations: Migration[] = MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return db.pragma('user_version', { simple: true }) as number;
}
