/**
 * The hub's composition root: every service is built here, once, and handed only the services it
 * uses. No network is opened here (the LAN API is `createHub`'s, and the sync outbox is built
 * but started by `startHub`), so the tests drive this directly on a real SQLite file.
 */
import { join } from 'node:path';
import type { JobTimings } from '../printer/printJob.js';
import { Access } from './access.js';
import { Alarms } from './alarms.js';
import { Backups } from './backup.js';
import { systemClock, type Clock } from './clock.js';
import { openDatabase, type Db } from './db/open.js';
import { EventLog } from './events.js';
import { stderrLog, type HubLog } from './log.js';
import { MasterData } from './masterData.js';
import { Printers } from './printing/printers.js';
import { PrintService } from './printing/printService.js';
import { QueueEngine } from './queue/engine.js';
import { Views } from './queue/views.js';
import { Reports } from './reports.js';
import { SettingsStore } from './settings.js';
import { Survey } from './survey.js';
import { SyncEpochs } from './sync/epochs.js';
import { SyncOutbox, type SyncConfig } from './sync/outbox.js';

export interface CoreOptions {
  dataDir: string;
  clock?: Clock;
  /** how many backup files to keep (48) */
  keepBackups?: number;
  /** print job timings (the tests shorten them) */
  printTimings?: JobTimings;
  /** push the events to a central server */
  sync?: SyncConfig;
  /** where the services write what an IT person must read (stderr when not given) */
  hubLog?: HubLog;
}

export interface HubCore {
  dataDir: string;
  /** for the tests and the benchmarks; the hub's own code reads and writes through the services */
  db: Db;
  clock: Clock;
  log: HubLog;
  events: EventLog;
  alarms: Alarms;
  master: MasterData;
  settings: SettingsStore;
  engine: QueueEngine;
  access: Access;
  views: Views;
  survey: Survey;
  reports: Reports;
  backups: Backups;
  printers: Printers;
  printing: PrintService;
  /** the history's epochs (a new one after a restore or a loss), kept whether or not this hub syncs */
  epochs: SyncEpochs;
  /** the sync outbox, when this hub pushes to a central server */
  sync: SyncOutbox | null;
  close(): void;
}

const KEEP_BACKUPS = 48;

export function openCore(opts: CoreOptions): HubCore {
  const clock = opts.clock ?? systemClock;
  const db = openDatabase(opts.dataDir);
  const events = new EventLog(db);
  const master = new MasterData({ db, events, clock });
  const settings = new SettingsStore({ db, events, master, clock });
  const engine = new QueueEngine({ db, events, master, settings, clock });
  const log = opts.hubLog ?? stderrLog;
  const alarms = new Alarms({ events, clock, log, businessDate: () => (master.hasSite() ? engine.today() : new Date(clock.now()).toISOString().slice(0, 10)) });
  const access = new Access({ db, events, engine, settings, clock });
  const views = new Views({ db, engine, master, settings, events, clock });
  const survey = new Survey({ db, events, master, engine, settings, clock });
  const reports = new Reports({ db, master });
  const backups = new Backups({ db, dir: join(opts.dataDir, 'backups'), keep: opts.keepBackups ?? KEEP_BACKUPS, clock });
  const printers = new Printers({ db, events, master, clock });
  const printing = new PrintService({
    master,
    engine,
    settings,
    printers,
    clock,
    printersDir: join(opts.dataDir, 'printers'),
    timings: opts.printTimings,
  });
  const epochs = new SyncEpochs({ db, clock });
  const sync = opts.sync ? new SyncOutbox({ db, events, master, engine, clock }, opts.sync) : null;
  return {
    dataDir: opts.dataDir,
    db,
    clock,
    log,
    events,
    alarms,
    master,
    settings,
    engine,
    access,
    views,
    survey,
    reports,
    backups,
    printers,
    printing,
    epochs,
    sync,
    close() {
      sync?.stop();
      printing.stopPolling();
      backups.stop();
      db.close();
    },
  };
}
