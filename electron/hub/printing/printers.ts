/**
 * The ticket printers the hub knows: the settings of each kiosk's printer (for printers the hub
 * drives itself: LAN, virtual, or attached to the hub) and the last status each one reported,
 * whoever drives it. A change of state is an event, so kiosks and the admin see "kertas hampir
 * habis" as soon as the printer says it.
 */
import { PrinterConfig, PrinterStatus, type PrinterState } from '../../../shared/printing.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/open.js';
import type { EventLog } from '../events.js';
import { HubError } from '../hubError.js';
import type { MasterData } from '../masterData.js';
import { businessDate } from '../../../shared/businessDate.js';
import { printerAddressRefusal } from '../../printer/transports/open.js';

interface PrinterRow {
  id: number;
  device_id: number | null;
  config: string;
  state: PrinterState;
  status: string;
  checked_at: number | null;
}

export interface PrinterInfo {
  /** null: the hub's own local kiosk (demo mode) */
  deviceId: number | null;
  deviceName: string;
  config: PrinterConfig | null;
  status: PrinterStatus | null;
  checkedAt: number | null;
  /** no settings here but a status: the kiosk's own printer, reported by the kiosk app */
  ownPrinter: boolean;
}

const where = (deviceId: number | null) => (deviceId === null ? 'device_id IS NULL' : 'device_id = ?');
const args = (deviceId: number | null) => (deviceId === null ? [] : [deviceId]);

export interface PrintersDeps {
  db: Db;
  events: EventLog;
  /** the site's time zone dates the `printer.status` events */
  master: MasterData;
  clock: Clock;
}

export class Printers {
  private readonly db: Db;
  private readonly events: EventLog;
  private readonly master: MasterData;
  private readonly clock: Clock;

  constructor(deps: PrintersDeps) {
    this.db = deps.db;
    this.events = deps.events;
    this.master = deps.master;
    this.clock = deps.clock;
  }

  private row(deviceId: number | null): PrinterRow | undefined {
    return this.db.prepare(`SELECT * FROM printers WHERE ${where(deviceId)}`).get(...args(deviceId)) as PrinterRow | undefined;
  }

  /** The settings of the printer the hub drives for this kiosk, if any. */
  config(deviceId: number | null): PrinterConfig | null {
    const r = this.row(deviceId);
    if (!r || r.config === 'null') return null;
    return PrinterConfig.parse(JSON.parse(r.config));
  }

  status(deviceId: number | null): PrinterStatus | null {
    const r = this.row(deviceId);
    return r && r.status !== '{}' ? PrinterStatus.parse(JSON.parse(r.status)) : null;
  }

  configure(deviceId: number | null, config: PrinterConfig | null): void {
    if (deviceId !== null) {
      const role = this.db.prepare('SELECT role FROM devices WHERE id = ? AND revoked_at IS NULL').pluck().get(deviceId) as string | undefined;
      if (role === undefined) throw new HubError('DEVICE_NOT_FOUND');
      if (role !== 'kiosk') throw new HubError('PRINTER_FOR_KIOSKS_ONLY');
    }
    // An address its transport cannot mean is refused before it is kept: a `file` printer that
    // names the database (or any regular file or folder) would otherwise be overwritten by the
    // next ticket. The same check runs again at every print (transports/open.ts).
    const refusal = config && printerAddressRefusal(config, { portRequired: true });
    if (config && refusal) throw new HubError(refusal, { transport: config.transport, address: config.address });
    const now = this.clock.now();
    const json = JSON.stringify(config);
    this.events.transaction(() => {
      const r = this.row(deviceId);
      // Released (null): what the hub last read of a printer it no longer drives says nothing, and
      // would make the kiosk look as if it reported a printer of its own (list().ownPrinter).
      if (r && config === null) this.db.prepare("UPDATE printers SET config = 'null', state = 'unknown', status = '{}', checked_at = NULL, updated_at = ? WHERE id = ?").run(now, r.id);
      else if (r) this.db.prepare('UPDATE printers SET config = ?, updated_at = ? WHERE id = ?').run(json, now, r.id);
      else this.db.prepare('INSERT INTO printers (device_id, config, updated_at) VALUES (?, ?, ?)').run(deviceId, json, now);
    });
  }

  /** Keeps the latest status; a change of state becomes a `printer.status` event. */
  recordStatus(deviceId: number | null, status: PrinterStatus): void {
    const now = this.clock.now();
    this.events.transaction(() => {
      const r = this.row(deviceId);
      const previous = r?.state ?? null;
      const json = JSON.stringify(status);
      if (r) this.db.prepare('UPDATE printers SET state = ?, status = ?, checked_at = ? WHERE id = ?').run(status.state, json, now, r.id);
      else this.db.prepare("INSERT INTO printers (device_id, config, state, status, checked_at, updated_at) VALUES (?, 'null', ?, ?, ?, ?)").run(deviceId, status.state, json, now, now);
      if (previous === status.state && r?.status !== '{}') return;
      this.events.append({
        type: 'printer.status',
        at: now,
        businessDate: businessDate(now, this.master.site().timeZone),
        deviceId,
        data: { ...status, previousState: previous },
      });
    });
  }

  /** Every kiosk's printer, with the ones that have none. */
  list(): PrinterInfo[] {
    const rows = this.db
      .prepare(
        `SELECT d.id AS device_id, d.name AS device_name, p.config, p.status, p.checked_at
           FROM devices d LEFT JOIN printers p ON p.device_id = d.id
          WHERE d.role = 'kiosk' AND d.revoked_at IS NULL
         UNION ALL
         SELECT NULL, 'hub (lokal)', p.config, p.status, p.checked_at FROM printers p WHERE p.device_id IS NULL
         ORDER BY 1`,
      )
      .all() as { device_id: number | null; device_name: string; config: string | null; status: string | null; checked_at: number | null }[];
    return rows.map((r) => {
      const config = r.config && r.config !== 'null' ? PrinterConfig.parse(JSON.parse(r.config)) : null;
      const status = r.status && r.status !== '{}' ? PrinterStatus.parse(JSON.parse(r.status)) : null;
      // Only the kiosk app reports a status for a printer the hub has no settings of (a release
      // clears the hub's own reading, configure()).
      return { deviceId: r.device_id, deviceName: r.device_name, config, status, checkedAt: r.checked_at, ownPrinter: config === null && status !== null };
    });
  }

  /** Devices whose printer the hub drives itself (and can therefore poll). */
  driven(): { deviceId: number | null; config: PrinterConfig }[] {
    const rows = this.db.prepare(`SELECT device_id, config FROM printers WHERE config != 'null'`).all() as { device_id: number | null; config: string }[];
    return rows.map((r) => ({ deviceId: r.device_id, config: PrinterConfig.parse(JSON.parse(r.config)) }));
  }
}
