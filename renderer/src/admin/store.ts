/**
 * The admin screen's state: the session, the open tab, what the hub last said for each tab, and
 * the notice of the last action. Components select what they show; only the actions below change
 * anything, and every hub call goes through ./api.ts.
 *
 * A refused session (expired, or ended by a PIN reset) logs the admin out wherever it happens.
 */
import { create } from 'zustand';
import type { AdminOverview, DeviceInfo } from '../../../shared/admin.js';
import type { AlarmKind } from '../../../shared/health.js';
import type { SiteSettings } from '../../../shared/settings.js';
import type { Site } from '../../../shared/site.js';
import type { Catalogue } from '../../../shared/views.js';
import { HubRefusal, type Message } from '../api/hub.js';
import { followLive } from '../api/liveStore.js';
import type { StreamState } from '../api/stream.js';
import {
  adminApi,
  fetchBusinessDate,
  fetchCatalogue,
  fetchLastSeq,
  login,
  type AdminApi,
  type PairingRequest,
} from './api.js';
import { bilingual } from './i18n.js';

/** In the order of the header; each tab is one module (AdminApp.tsx maps them). */
export const TABS = ['overview', 'master', 'calendar', 'staff', 'devices', 'operations', 'complaints', 'bookings', 'voice', 'reports', 'settings'] as const;
export type Tab = (typeof TABS)[number];

export interface Notice {
  kind: 'ok' | 'error';
  text: Message;
}

const SESSION_KEY = 'antre.adminSession';
/** Waits and "longest wait" grow with time alone, which makes no event. */
const OVERVIEW_CLOCK_MS = 30_000;
/** Nearly every event moves something on the overview (at least the sync backlog): one reload per burst. */
const OVERVIEW_BURST_MS = 1000;

function storedSession(): string | null {
  try {
    return sessionStorage.getItem(SESSION_KEY);
  } catch {
    return null;
  }
}
function keepSession(session: string | null): void {
  try {
    if (session) sessionStorage.setItem(SESSION_KEY, session);
    else sessionStorage.removeItem(SESSION_KEY);
  } catch {
    // storage refused (private mode): the session lasts as long as the page
  }
}

/**
 * The hub's business date once read: the admin's PC may keep another zone's calendar (a PC on UTC,
 * a laptop set wrong), and between midnight and 07:00 WIB a UTC calendar is still on yesterday,
 * whose reports and bookings are not today's.
 */
let hubToday: string | null = null;
async function learnHubToday(): Promise<void> {
  try {
    hubToday = (await fetchBusinessDate()) ?? hubToday;
  } catch {
    // the hub away: the PC's calendar until it answers
  }
}
void learnHubToday();

/** Today by the hub's business date (the PC's calendar until the hub has said), as the date fields want it. */
export function today(): string {
  if (hubToday) return hubToday;
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

interface AdminState {
  session: string | null;
  loginError: Message | null;
  tab: Tab;
  notice: Notice | null;
  catalogue: Catalogue | null;
  overview: AdminOverview | null;
  overviewConnection: StreamState;
  devices: DeviceInfo[];
  pairingCode: string | null;
  /** the hub's certificate fingerprint, shown beside the code so the new device can be checked against it */
  pairingFingerprint: string | null;
  /** when the code stops working (epoch ms), and the name of the device it pairs */
  pairingExpiresAt: number | null;
  pairingName: string | null;
  settings: SiteSettings | null;
  /** bumped whenever the settings tab reloads from the hub, so its drafts start again from the hub's values */
  settingsRevision: number;

  login(username: string, pin: string): Promise<void>;
  logout(): void;
  setTab(tab: Tab): void;
  /** Keeps the overview current (snapshot, then the event stream) while it is shown; returns the stop. */
  watchOverview(): () => void;
  loadCatalogue(): Promise<void>;
  loadDevices(): Promise<void>;
  createPairingCode(request: PairingRequest): Promise<boolean>;
  renameDevice(id: number, name: string): Promise<boolean>;
  revokeDevice(id: number): Promise<void>;
  loadSettings(): void;
  saveSite(site: Site): Promise<void>;
  saveSettings(patch: Partial<SiteSettings>): Promise<void>;
  /** Marks an alarm as seen to (admins only); the overview reloads by itself from the event. */
  acknowledgeAlarm(kind: AlarmKind): Promise<void>;
  /** Opens today's business day again after a mistaken close; true when done. */
  reopenDay(reason: string): Promise<boolean>;
  /**
   * For the tabs that keep their own state (calendar, staff, operations, the import): one hub call
   * with the session; a refusal becomes the notice line (and an ended session logs out), success
   * says `okKey` when given. Resolves to the answer, or null when refused or unreachable.
   */
  call<T>(run: (api: AdminApi, session: string) => Promise<T>, okKey?: string, params?: Record<string, string | number | Message>): Promise<T | null>;
  /** Shows a notice (in both languages) without a hub call. */
  notify(kind: Notice['kind'], text: Message): void;
}

const signedOut = {
  session: null,
  loginError: null,
  tab: 'overview' as Tab,
  notice: null,
  overview: null,
  overviewConnection: 'connecting' as StreamState,
  devices: [],
  pairingCode: null,
  pairingFingerprint: null,
  pairingExpiresAt: null,
  pairingName: null,
  settings: null,
};

export const useAdmin = create<AdminState>((set, get) => {

  /** What a failed call says: the hub's own words, or that it does not answer. */
  const failure = (err: unknown): Message => {
    if (err instanceof HubRefusal && (err.code === 'SESSION_EXPIRED' || err.code === 'SESSION_REQUIRED')) get().logout();
    return err instanceof HubRefusal ? err.text : bilingual('unreachable');
  };
  /** The API with the current session; a call made after logging out fails as a missing session would. */
  const api = (): AdminApi => adminApi(get().session ?? '');
  /** Loads that fail keep what was shown; the next action or tab visit tries again. */
  const quietly = async <T>(load: () => Promise<T>, apply: (value: T) => void): Promise<void> => {
    try {
      apply(await load());
    } catch (err) {
      failure(err);
    }
  };
  const ok = (key: string, params?: Record<string, string | number | Message>) => set({ notice: { kind: 'ok', text: bilingual(key, params) } });
  const refused = (err: unknown, what?: Message) => {
    const text = failure(err);
    set({ notice: { kind: 'error', text: what ? bilingual('settings.failed', { what, error: text }) : text } });
  };
  /** A settings-tab change: "<what>: tersimpan." and a reload, or "<what>: <why not>". */
  const settingsAction = async (whatKey: string, run: (a: AdminApi) => Promise<unknown>): Promise<boolean> => {
    const what = bilingual(whatKey);
    try {
      await run(api());
      ok('settings.saved', { what });
      get().loadSettings();
      return true;
    } catch (err) {
      refused(err, what);
      return false;
    }
  };

  return {
    ...signedOut,
    async call(run, okKey, params) {
      try {
        const value = await run(api(), get().session ?? '');
        if (okKey) ok(okKey, params);
        return value;
      } catch (err) {
        refused(err);
        return null;
      }
    },
    notify(kind, text) {
      set({ notice: { kind, text } });
    },
    session: storedSession(),
    catalogue: null,
    settingsRevision: 0,

    async login(username, pin) {
      try {
        const r = await login(username, pin);
        if (r.officer.role === 'officer') {
          set({ loginError: bilingual('login.notForOfficers') });
          return;
        }
        keepSession(r.sessionToken);
        // The tabs' date fields start from the hub's today.
        await learnHubToday();
        set({ session: r.sessionToken, loginError: null, notice: null });
      } catch (err) {
        set({ loginError: err instanceof HubRefusal ? err.text : bilingual('unreachable') });
      }
    },

    logout() {
      keepSession(null);
      set(signedOut);
    },

    setTab: (tab) => set({ tab, notice: null }),

    watchOverview() {
      const live = followLive<{ seq: number; overview: AdminOverview }>({
        // The seq is read first: events between it and the overview are applied again, which only reloads.
        load: async () => {
          try {
            const seq = await fetchLastSeq();
            return { seq, overview: await api().overview() };
          } catch (err) {
            failure(err);
            throw err;
          }
        },
        seqOf: (s) => s.seq,
        reset: (s) => set({ overview: s.overview }),
        apply: () => 'resync',
        onConnection: (overviewConnection) => set({ overviewConnection }),
        resyncDelayMs: OVERVIEW_BURST_MS,
      });
      const clock = setInterval(() => void live.resync(), OVERVIEW_CLOCK_MS);
      return () => {
        clearInterval(clock);
        live.stop();
      };
    },

    loadCatalogue: () => quietly(fetchCatalogue, (catalogue) => set({ catalogue })),

    loadDevices: () => quietly(() => api().devices(), (devices) => set({ devices })),

    async createPairingCode(request) {
      try {
        const r = await api().createPairingCode(request);
        set({ pairingCode: r.code, pairingFingerprint: r.hubFingerprint ?? null, pairingExpiresAt: r.expiresAt, pairingName: request.name, notice: null });
        return true;
      } catch (err) {
        refused(err);
        return false;
      }
    },

    async acknowledgeAlarm(kind) {
      try {
        await api().acknowledgeAlarm(kind);
        ok('overview.acknowledged');
      } catch (err) {
        refused(err);
      }
    },

    async reopenDay(reason) {
      const date = get().overview?.day.date;
      if (!date) return false;
      try {
        const r = await api().reopenDay(date, reason);
        ok('overview.reopened', { count: r.restoredTickets });
        return true;
      } catch (err) {
        refused(err);
        return false;
      }
    },

    async renameDevice(id, name) {
      try {
        await api().renameDevice(id, name);
        ok('devices.renamed');
        void get().loadDevices();
        return true;
      } catch (err) {
        refused(err);
        return false;
      }
    },

    async revokeDevice(id) {
      const name = get().devices.find((d) => d.id === id)?.name ?? '';
      try {
        await api().revokeDevice(id);
        ok('devices.revokedNotice', { name });
        void get().loadDevices();
      } catch (err) {
        refused(err);
      }
    },

    loadSettings() {
      // The forms start their drafts again only when what they show changed: a load that lands
      // with the same values (the catalogue's, after the settings') must not wipe what is typed.
      const bump = (before: unknown, after: unknown) => {
        if (JSON.stringify(before) !== JSON.stringify(after)) set({ settingsRevision: get().settingsRevision + 1 });
      };
      void quietly(
        () => api().settings(),
        (settings) => {
          const before = get().settings;
          set({ settings });
          bump(before, settings);
        },
      );
      void quietly(fetchCatalogue, (catalogue) => {
        const before = get().catalogue?.site ?? null;
        set({ catalogue });
        bump(before, catalogue.site);
      });
    },

    saveSite: (site) => settingsAction('settings.site', (a) => a.saveSite(site)).then(() => {}),
    saveSettings: (patch) => settingsAction('settings.settings', (a) => a.saveSettings(patch)).then(() => {}),
  };
});
