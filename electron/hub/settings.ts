/**
 * Site-wide settings kept as JSON in the `settings` table, each validated by its zod schema on
 * the way in and on the way out (a hand-edited database cannot smuggle in a bad policy).
 */
import { z } from 'zod';
import { businessDate } from '../../shared/businessDate.js';
import { DEFAULT_PRIORITY_GROUPS } from '../../shared/domain.js';
import { DEFAULT_PRONUNCIATIONS, DEFAULT_WORDING } from '../../shared/announcement.js';
import { CounterWord, DisplaySettings, KioskSettings, PriorityPolicy, SiteSettings } from '../../shared/protocol.js';
import type { Actor } from './actor.js';
import type { Clock } from './clock.js';
import type { Db } from './db/open.js';
import type { EventLog } from './events.js';
import type { MasterData } from './masterData.js';

export const SETTINGS = {
  priorityPolicy: {
    schema: PriorityPolicy,
    default: {
      groups: DEFAULT_PRIORITY_GROUPS.map((g) => ({ code: g.code, name: { ...g.name } })),
      priorityRun: 1,
      regularRun: 2,
      maxWaitMinutes: 45,
    } as PriorityPolicy,
  },
  /** An officer session with no request for this long ends by itself. */
  sessionIdleMinutes: { schema: z.number().int().min(5).max(24 * 60), default: 12 * 60 },
  /**
   * When a ticket's printing fails: keep it in the queue (the citizen keeps the place and gets the
   * number on screen and a reprint from staff) or void it (cancelled, the number is not reused).
   */
  printFailurePolicy: { schema: z.enum(['keep', 'void']), default: 'keep' as 'keep' | 'void' },
  display: {
    schema: DisplaySettings,
    default: {
      runningText: 'Selamat datang di Mal Pelayanan Publik. Budayakan antre. Seluruh layanan tidak dipungut biaya.',
      wording: DEFAULT_WORDING,
      voice: 'clips',
      highlightSeconds: 8,
      speakMaxAgeSeconds: 60,
      pronunciations: DEFAULT_PRONUNCIATIONS,
      imageSeconds: 10,
      shortWording: '{nomor}, {loket}',
      shortFormBacklog: 2,
      callsPerBreath: 3,
      chime: 'short',
      bigCalls: 3,
      waitingPageSeconds: 8,
      standardSlide: false,
    } as DisplaySettings,
  },
  /** the admin's overview raises an alert when a service's longest wait passes this */
  waitTargetMinutes: { schema: z.number().int().min(5).max(480), default: 30 },
  /** the survey form citizens see: the regulation's nine questions, or one tap */
  surveyForm: { schema: z.enum(['full', 'short']), default: 'full' as 'full' | 'short' },
  kiosk: { schema: KioskSettings, default: { askPriority: true, idleSeconds: 30, printerTrouble: 'stop', withoutOpenCounter: 'issue', surveyInvitation: true, printRequirements: false, complaints: true } as KioskSettings },
  /** How long an admin-made pairing code stays valid. */
  pairingCodeMinutes: { schema: z.number().int().min(1).max(24 * 60), default: 10 },
  /** "Gerai" (the MPP's own word, the default) or "Loket", on every screen */
  counterWord: { schema: CounterWord, default: 'Gerai' as CounterWord },
  /** a counter's survey tablet offers only a ticket finished there within this many minutes */
  surveyWindowMinutes: { schema: z.number().int().min(1).max(30), default: 5 },
  /** where phones on the visitor Wi-Fi reach the hub (the ticket's QR link); null: the hub's LAN address */
  publicBaseUrl: { schema: SiteSettings.shape.publicBaseUrl, default: null as string | null },
} as const;

type Settings = typeof SETTINGS;
export type SettingKey = keyof Settings;
export type SettingValue<K extends SettingKey> = z.infer<Settings[K]['schema']>;
/** Every setting with its value: what the admin's settings screen reads. */
export type AllSettings = { [K in SettingKey]: SettingValue<K> };

/** Every setting, each optional: the body of a settings update, unknown keys refused. */
export const SettingsPatch = z.strictObject(
  Object.fromEntries(Object.entries(SETTINGS).map(([k, v]) => [k, v.schema.optional()])) as {
    [K in SettingKey]: z.ZodOptional<Settings[K]['schema']>;
  },
);
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export interface SettingsStoreDeps {
  db: Db;
  events: EventLog;
  /** the site's time zone dates the `settings.changed` event */
  master: MasterData;
  clock: Clock;
}

export class SettingsStore {
  // Read on every call and every issue: the table is read once per key, then kept here. A
  // rolled-back update drops what it put in (see update).
  private cache = new Map<SettingKey, unknown>();
  private readonly db: Db;
  private readonly events: EventLog;
  private readonly master: MasterData;
  private readonly clock: Clock;

  constructor(deps: SettingsStoreDeps) {
    this.db = deps.db;
    this.events = deps.events;
    this.master = deps.master;
    this.clock = deps.clock;
  }

  get<K extends SettingKey>(key: K): SettingValue<K> {
    if (this.cache.has(key)) return this.cache.get(key) as SettingValue<K>;
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
    const def = SETTINGS[key];
    const value = row === undefined ? def.default : def.schema.parse(JSON.parse(row));
    this.cache.set(key, value);
    return value as SettingValue<K>;
  }

  all(): AllSettings {
    return Object.fromEntries((Object.keys(SETTINGS) as SettingKey[]).map((k) => [k, this.get(k)])) as AllSettings;
  }

  /**
   * Writes one setting with no event: for set-up code and tests. What an officer changes goes
   * through `update`, which records who did it.
   */
  set<K extends SettingKey>(key: K, value: SettingValue<K>): void {
    const parsed = SETTINGS[key].schema.parse(value);
    this.write(key, parsed);
    // Inside somebody's transaction the value is not committed yet: read it again when needed.
    if (this.db.inTransaction) this.cache.delete(key);
    else this.cache.set(key, parsed);
  }

  /**
   * Changes some settings: each is validated, all are written with one `settings.changed` event
   * in one transaction, or none is. Returns every setting as it now stands.
   */
  update(patch: SettingsPatch, actor: Actor): AllSettings {
    // A caller's transaction could still roll back after this returns, and the cache would not know.
    if (this.db.inTransaction) throw new Error('SettingsStore.update commits on its own: call it outside a transaction');
    const changes = (Object.entries(SettingsPatch.parse(patch)) as [SettingKey, unknown][]).filter(([, v]) => v !== undefined);
    // What the audit log keeps: each changed setting before and after.
    const before = Object.fromEntries(changes.map(([key]) => [key, this.get(key)]));
    try {
      this.events.transaction(() => {
        for (const [key, value] of changes) {
          this.write(key, value);
          // Set now, not after: the event's subscribers run right after the commit and read these.
          this.cache.set(key, value);
        }
        const now = this.clock.now();
        this.events.append({
          type: 'settings.changed',
          at: now,
          businessDate: businessDate(now, this.master.site().timeZone),
          officerId: actor.officerId ?? null,
          deviceId: actor.deviceId ?? null,
          data: Object.fromEntries(changes),
        });
        this.master.audit.record(actor, 'settings.update', 'settings', null, before, Object.fromEntries(changes));
      });
    } catch (err) {
      // Rolled back: what the cache holds for these keys was never committed.
      for (const [key] of changes) this.cache.delete(key);
      throw err;
    }
    return this.all();
  }

  private write(key: SettingKey, value: unknown): void {
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(key, JSON.stringify(value));
  }
}
