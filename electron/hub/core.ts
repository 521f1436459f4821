/**
 * The hub's composition root: every service is built here, once, and handed only the services it
 * uses. No network is opened here (the LAN API is `createHub`'s, and the sync outbox is built
 * but started by `startHub`), so the tests drive this directly on a real SQLite file.
 */
import { join } from 'node:path';
import type { JobTimings } from '../printer/printJob.js';
import { Access } from './access.js';
import { Alarms } from './alarms.js';
import { Backups, type BackupPolicy } from './backup.js';
import { systemClock, trustedClock, watchClock, type Clock, type TrustedClock } from './clock.js';
import { openDatabase, type Db } from './db/open.js';
import { EventLog } from './events.js';
import { HistoryGuard } from './history.js';
import { Integrity } from './integrity.js';
import { stderrLog, type HubLog } from './log.js';
import { AuditLog } from './audit.js';
import { Calendar } from './calendar.js';
import { Complaints } from './complaints.js';
import { MasterData } from './masterData.js';
import { Printers } from './printing/printers.js';
import { PrintService } from './printing/printService.js';
import { QueueEngine } from './queue/engine.js';
import { Views } from './queue/views.js';
import { Reports } from './reports.js';
import { StorageWatch } from './storage.js';
import { SettingsStore } from './settings.js';
import { Staff } from './staff.js';
import { ServiceStandards } from './serviceStandards.js';
import { Survey } from './survey.js';
import { PhoneLinks, PhoneTickets } from './phoneTicket.js';
import { TicketFinder } from './ticketFinder.js';
import { SyncEpochs } from './sync/epochs.js';
import { SyncOutbox, type SyncConfig } from './sync/outbox.js';
import { BookingStore } from './bookings/store.js';
import { BookingFeedPuller } from './bookings/feedPull.js';
import { BookingCheckIn } from './bookings/checkIn.js';

export interface CoreOptions {
  dataDir: string;
  /** the PC's clock (a test's fake); the hub reads it only through a TrustedClock (clock.ts) */
  clock?: Clock;
  /** which backups are kept (backup.ts: today's, 14 days, 12 months) */
  backupPolicy?: Partial<BackupPolicy>;
  /** called when the admin stages a restore: the hub must stop so its next start applies it */
  onRestoreStaged?: () => void;
  /** print job timings (the tests shorten them) */
  printTimings?: JobTimings;
  /** push the events to a central server */
  sync?: SyncConfig;
  /** where the services write what an IT person must read (stderr when not given) */
  hubLog?: HubLog;
  /** the SHA-256 fingerprint of the hub's TLS certificate (tls.ts), shown with every pairing code */
  hubFingerprint?: string | null;
}

export interface HubCore {
  dataDir: string;
  /** the hub's TLS certificate fingerprint, null when it serves no HTTPS (tls.ts) */
  hubFingerprint: string | null;
  /** for the tests and the benchmarks; the hub's own code reads and writes through the services */
  db: Db;
  /** the trusted time every service reads */
  clock: TrustedClock;
  log: HubLog;
  events: EventLog;
  alarms: Alarms;
  /** the database file's quick_check (at start and on a schedule, started by hub.ts) */
  integrity: Integrity;
  /** free space, storage_low and storage_full */
  storage: StorageWatch;
  master: MasterData;
  /** each service's standar pelayanan: the kiosk's checklist, the public pages (serviceStandards.ts) */
  standards: ServiceStandards;
  /** hours, site breaks, holidays and closures, pauses: when each service gives tickets (calendar.ts) */
  calendar: Calendar;
  /** every admin and supervisor change, who and when, before and after (audit.ts) */
  audit: AuditLog;
  settings: SettingsStore;
  engine: QueueEngine;
  access: Access;
  /** officers, their agencies and roles; the audit log's reading and export (staff.ts) */
  staff: Staff;
  views: Views;
  /** one ticket by its number, with its history, for the admin's operations tab */
  tickets: TicketFinder;
  survey: Survey;
  /** the ticket on the citizen's phone: its signed link (the QR code), its live view, survey and complaint */
  phoneLinks: PhoneLinks;
  phone: PhoneTickets;
  /** complaints (pengaduan): filed at the kiosk or the phone page, answered by the supervisor */
  complaints: Complaints;
  reports: Reports;
  backups: Backups;
  printers: Printers;
  printing: PrintService;
  /** the history's epochs (a new one after a restore or a loss), kept whether or not this hub syncs */
  epochs: SyncEpochs;
  /** the watermark beside the database and what the screens report: a lost history is noticed (history.ts) */
  history: HistoryGuard;
  /** the sync outbox, when this hub pushes to a central server */
  sync: SyncOutbox | null;
  /** online booking: settings, the catalogue published up, the bookings pulled down (bookings/store.ts) */
  bookings: BookingStore;
  /** pulls the central server's booking feed, when this hub syncs (bookings/feedPull.ts) */
  bookingFeed: BookingFeedPuller | null;
  /** a booked citizen's check-in at the kiosk (bookings/checkIn.ts) */
  checkIn: BookingCheckIn;
  close(): void;
}

export function openCore(opts: CoreOptions): HubCore {
  const db = openDatabase(opts.dataDir);
  const clock = trustedClock(opts.clock ?? systemClock, db);
  const events = new EventLog(db);
  const audit = new AuditLog({ db, clock });
  const master = new MasterData({ db, events, clock, audit });
  const settings = new SettingsStore({ db, events, master, clock });
  const standards = new ServiceStandards({ db, events, master, clock, audit });
  const calendar = new Calendar({ db, master, clock });
  const engine = new QueueEngine({ db, events, master, settings, clock, calendar });
  const log = opts.hubLog ?? stderrLog;
  const alarms = new Alarms({ events, clock, log, businessDate: () => (master.hasSite() ? engine.today() : new Date(clock.now()).toISOString().slice(0, 10)) });
  watchClock(clock, alarms);
  const integrity = new Integrity({ dataDir: opts.dataDir, alarms, log });
  const storage = new StorageWatch({ dataDir: opts.dataDir, alarms, events, log });
  const access = new Access({ db, events, engine, settings, clock, audit });
  const staff = new Staff({ db, events, master, audit, clock });
  const views = new Views({ db, engine, master, settings, events, clock, standards });
  const tickets = new TicketFinder({ db, engine });
  const phoneLinks = new PhoneLinks({ db, master, engine, settings, clock });
  const survey = new Survey({ db, events, master, engine, settings, clock, links: phoneLinks });
  const complaints = new Complaints({ db, events, engine, audit, clock });
  const phone = new PhoneTickets({ db, events, master, engine, settings, clock, links: phoneLinks, survey, complaints });
  const reports = new Reports({ db, master });
  const backups = new Backups({
    db,
    dataDir: opts.dataDir,
    clock,
    alarms,
    ...(opts.backupPolicy ? { policy: opts.backupPolicy } : {}),
    ...(opts.onRestoreStaged ? { onRestoreStaged: opts.onRestoreStaged } : {}),
  });
  const printers = new Printers({ db, events, master, clock });
  const printing = new PrintService({
    master,
    engine,
    settings,
    printers,
    clock,
    printersDir: join(opts.dataDir, 'printers'),
    timings: opts.printTimings,
    qrPayload: (ticket) => survey.qrPayload(ticket),
    requirements: (serviceId) => standards.summary(serviceId)?.requirements ?? [],
  });
  const epochs = new SyncEpochs({ db, clock });
  // Checked by startHub before anything else is written: until then it keeps the old watermark.
  const history = new HistoryGuard({ db, events, epochs, alarms, clock, log, dataDir: opts.dataDir });
  // The central server holding more of this epoch than the hub means history was lost here.
  const bookings = new BookingStore({ db, events, master, engine, calendar, clock, audit });
  const bookingFeed = opts.sync ? new BookingFeedPuller({ store: bookings, clock }, opts.sync) : null;
  const sync = opts.sync
    ? new SyncOutbox({ db, events, master, engine, clock, epochs, onCentralAhead: (seen) => history.reportSeen(seen), onPushed: () => bookingFeed?.kick() }, opts.sync)
    : null;
  return {
    dataDir: opts.dataDir,
    hubFingerprint: opts.hubFingerprint ?? null,
    db,
    clock,
    log,
    events,
    alarms,
    integrity,
    storage,
    master,
    standards,
    calendar,
    audit,
    settings,
    engine,
    access,
    staff,
    views,
    tickets,
    survey,
    phoneLinks,
    phone,
    complaints,
    reports,
    backups,
    printers,
    printing,
    epochs,
    history,
    sync,
    bookings,
    bookingFeed,
    checkIn: new BookingCheckIn({ db, events, engine, master, settings, clock }),
    close() {
      sync?.stop();
      bookingFeed?.stop();
      bookings.stopWatching();
      printing.stopPolling();
      backups.stop();
      integrity.stop();
      // The report worker's read-only connection goes before the hub's own.
      void reports.close();
      storage.close();
      history.close();
      db.close();
    },
  };
}
