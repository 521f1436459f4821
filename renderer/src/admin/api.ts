/**
 * The admin's calls to the hub, one function per endpoint, all with the supervisor's or admin's
 * session. Each answer is parsed with its schema from shared/, so the tabs get exactly what the
 * contract says. Nothing here keeps state: the store decides what to do with answers and refusals.
 */
import type { ZodType } from 'zod';
import { AdminOverview, BackupList, BackupResponse, DayReopenResponse, DeviceList, RestoreStaged } from '../../../shared/admin.js';
import type { AlarmKind } from '../../../shared/health.js';
import type { DeviceRole } from '../../../shared/domain.js';
import { CreatePairingCodeResponse, HealthResponse, LoginResponse, Ok } from '../../../shared/protocol.js';
import { SiteSettings } from '../../../shared/settings.js';
import { Site } from '../../../shared/site.js';
import { Catalogue } from '../../../shared/views.js';
import { hubCall } from '../api/hub.js';

/** POST /api/admin/pairing-codes: a counter PC names its counter, a display may name its zone. */
export interface PairingRequest {
  role: DeviceRole;
  name: string;
  counterId?: number;
  zoneId?: number;
}

/** Logging in needs no session yet; the caller checks the role. */
export const login = (username: string, pin: string) => hubCall('POST', '/api/sessions', { username, pin }, { response: LoginResponse });

/** The catalogue is public to every paired screen: agencies, services and the site. */
export const fetchCatalogue = () => hubCall('GET', '/api/catalogue', undefined, { response: Catalogue });

/** The hub's last event seq, read before a snapshot so that the stream can start from it. */
export const fetchLastSeq = async () => (await hubCall('GET', '/healthz', undefined, { response: HealthResponse })).lastSeq;

/** The hub's business date (in the site's zone), or null before a site is set up. */
export const fetchBusinessDate = async () => (await hubCall('GET', '/healthz', undefined, { response: HealthResponse })).businessDate;

export function adminApi(session: string) {
  const get = <S extends ZodType>(path: string, response: S) => hubCall('GET', path, undefined, { session, response });
  const send = <S extends ZodType>(method: 'POST' | 'PUT' | 'DELETE', path: string, body: unknown, response: S) => hubCall(method, path, body, { session, response });
  return {
    /** For the tabs with their own modules: any admin endpoint, its answer parsed with its schema. */
    get,
    send,
    overview: () => get('/api/admin/overview', AdminOverview),

    devices: () => get('/api/admin/devices', DeviceList),
    createPairingCode: (request: PairingRequest) => send('POST', '/api/admin/pairing-codes', request, CreatePairingCodeResponse),
    renameDevice: (id: number, name: string) => send('PUT', `/api/admin/devices/${id}`, { name }, Ok),
    revokeDevice: (id: number) => send('POST', `/api/admin/devices/${id}/revoke`, undefined, Ok),

    settings: () => get('/api/admin/settings', SiteSettings),
    saveSettings: (patch: Partial<SiteSettings>) => send('PUT', '/api/admin/settings', patch, SiteSettings),
    saveSite: (site: Site) => send('PUT', '/api/admin/site', site, Site),


    /** an alarm seen to (admins only); one whose cause remains is raised again by the hub */
    acknowledgeAlarm: (kind: AlarmKind) => send('POST', `/api/admin/alarms/${kind}/acknowledge`, undefined, Ok),
    /** today's business day, closed by mistake, open again with its tickets back in the queue */
    reopenDay: (date: string, reason: string) => send('POST', '/api/admin/day/reopen', { date, reason }, DayReopenResponse),

    backups: () => get('/api/admin/backups', BackupList),
    backupNow: () => send('POST', '/api/admin/backups', undefined, BackupResponse),
    /** 202: the hub checks the backup, stages it and restarts to apply it */
    restoreBackup: (file: string) => send('POST', '/api/admin/backups/restore', { file }, RestoreStaged),
  };
}

export type AdminApi = ReturnType<typeof adminApi>;
