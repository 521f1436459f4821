/**
 * Site-wide settings kept as JSON in the `settings` table, each validated by its zod schema on
 * the way in and on the way out (a hand-edited database cannot smuggle in a bad policy).
 */
import { z } from 'zod';
import { DEFAULT_PRIORITY_GROUPS } from '../../shared/domain.js';
import { DEFAULT_PRONUNCIATIONS, DEFAULT_WORDING } from '../../shared/announcement.js';
import { DisplaySettings, KioskSettings, PriorityPolicy } from '../../shared/protocol.js';
import type { Db } from './db/open.js';

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
    } as DisplaySettings,
  },
  /** the admin's overview raises an alert when a service's longest wait passes this */
  waitTargetMinutes: { schema: z.number().int().min(5).max(480), default: 30 },
  /** the survey form citizens see: the regulation's nine questions, or one tap */
  surveyForm: { schema: z.enum(['full', 'short']), default: 'full' as 'full' | 'short' },
  kiosk: { schema: KioskSettings, default: { askPriority: true, idleSeconds: 30, printerTrouble: 'stop' } as KioskSettings },
  /** How long an admin-made pairing code stays valid. */
  pairingCodeMinutes: { schema: z.number().int().min(1).max(24 * 60), default: 10 },
} as const;

type Settings = typeof SETTINGS;
export type SettingKey = keyof Settings;
export type SettingValue<K extends SettingKey> = z.infer<Settings[K]['schema']>;

export class SettingsStore {
  private cache = new Map<SettingKey, unknown>();
  constructor(private readonly db: Db) {}

  get<K extends SettingKey>(key: K): SettingValue<K> {
    if (this.cache.has(key)) return this.cache.get(key) as SettingValue<K>;
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
    const def = SETTINGS[key];
    const value = row === undefined ? def.default : def.schema.parse(JSON.parse(row));
    this.cache.set(key, value);
    return value as SettingValue<K>;
  }

  /** After a rolled-back transaction: read again from the database. */
  forget(): void {
    this.cache.clear();
  }

  set<K extends SettingKey>(key: K, value: SettingValue<K>): void {
    const parsed = SETTINGS[key].schema.parse(value);
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(key, JSON.stringify(parsed));
    this.cache.set(key, parsed);
  }
}

/** Every setting, each optional: the body of a settings update, unknown keys refused. */
export const SettingsPatch = z.strictObject(
  Object.fromEntries(Object.entries(SETTINGS).map(([k, v]) => [k, v.schema.optional()])) as {
    [K in SettingKey]: z.ZodOptional<Settings[K]['schema']>;
  },
);
