/**
 * The hub's composition root without any network: database, event log, master data, settings,
 * queue engine, access control and read models. The tests drive this directly; `createHub`
 * puts the LAN API in front of it.
 */
import { join } from 'node:path';
import { Access } from './access.js';
import { Backups } from './backup.js';
import { openDatabase, type Db } from './db/open.js';
import { EventLog } from './events.js';
import { MasterData } from './masterData.js';
import { Printers } from './printing/printers.js';
import { PrintService } from './printing/printService.js';
import type { SyncOutbox } from './sync/outbox.js';
import type { JobTimings } from '../printer/printJob.js';
import { QueueEngine, systemClock, type Clock } from './queue/engine.js';
import { Views } from './queue/views.js';
import { SettingsStore } from './settings.js';

export interface CoreOptions {
  dataDir: string;
  clock?: Clock;
  /** how many backup files to keep */
  keepBackups?: number;
  /** print job timings (the tests shorten them) */
  printTimings?: JobTimings;
}

export interface HubCore {
  dataDir: string;
  db: Db;
  clock: Clock;
  events: EventLog;
  master: MasterData;
  settings: SettingsStore;
  engine: QueueEngine;
  access: Access;
  views: Views;
  backups: Backups;
  printers: Printers;
  printing: PrintService;
  /** the sync outbox, when this hub pushes to a central server */
  sync: SyncOutbox | null;
  close(): void;
}

export function openCore(opts: CoreOptions): HubCore {
  const clock = opts.clock ?? systemClock;
  const db = openDatabase(opts.dataDir);
  const events = new EventLog(db);
  const master = new MasterData(db);
  const settings = new SettingsStore(db);
  const engine = new QueueEngine(db, events, master, settings, clock);
  const access = new Access(db, events, engine, settings, clock);
  const views = new Views(db, engine, master, settings, events, clock);
  const backups = new Backups(db, join(opts.dataDir, 'backups'), opts.keepBackups ?? 48, () => clock.now());
  const printers = new Printers(db, events, master, clock);
  const core = {
    dataDir: opts.dataDir,
    db,
    clock,
    events,
    master,
    settings,
    engine,
    access,
    views,
    backups,
    printers,
    printing: null as unknown as PrintService,
    sync: null as SyncOutbox | null,
    close() {
      core.sync?.stop();
      core.printing.stopPolling();
      backups.stop();
      db.close();
    },
  };
  core.printing = new PrintService(core, opts.printTimings);
  return core;
}
