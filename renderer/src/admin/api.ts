/**
 * The admin's calls to the hub, one function per endpoint, all with the supervisor's or admin's
 * session. Each answer is parsed with its schema from shared/, so the tabs get exactly what the
 * contract says. Nothing here keeps state: the store decides what to do with answers and refusals.
 */
import type { ZodType } from 'zod';
import { AdminOverview, BackupList, BackupResponse, ClosureList, DayReopenResponse, DeviceList, OfficerList, RestoreStaged, UnlockOfficerResponse } from '../../../shared/admin.js';
import type { AlarmKind } from '../../../shared/health.js';
import type { DeviceRole, OfficerRole } from '../../../shared/domain.js';
import { Created, CreatePairingCodeResponse, HealthResponse, LoginResponse, Ok } from '../../../shared/protocol.js';
import { Report, type ReportGroup } from '../../../shared/reports.js';
import { SiteSettings } from '../../../shared/settings.js';
import { Site, type WeeklyHours } from '../../../shared/site.js';
import { Catalogue } from '../../../shared/views.js';
import { deviceCredentials } from '../api/device.js';
import { hubCall, HubRefusal, HubUnreachable, type Message } from '../api/hub.js';

// PROVISIONAL: the request bodies of the master-data and officer endpoints are declared in the
// hub (electron/hub/api/routes/master.ts), not in shared/; these follow them until they move.
export interface NewService {
  agencyId: number;
  code: string;
  name: string;
  prefix: string;
  dailyQuota: number | null;
  estimatedMinutes: number;
  waitTargetMinutes: number | null;
  hours: WeeklyHours;
}
export interface NewCounter {
  label: string;
  zone: string;
  agencyId: number | null;
  serviceIds: number[];
}
export interface NewOfficer {
  name: string;
  username: string;
  pin: string;
  role: OfficerRole;
}
export interface NewClosure {
  date: string;
  serviceId: number | null;
  reason: string;
}
export interface AgencyPatch {
  sortOrder?: number;
  logo?: string | null;
}
// END PROVISIONAL

export interface ReportQuery {
  from: string;
  to: string;
  by: ReportGroup;
}
export type ReportFormat = 'csv' | 'xlsx';

const reportParams = (q: ReportQuery) => new URLSearchParams({ from: q.from, to: q.to, by: q.by });

/** Logging in needs no session yet; the caller checks the role. */
export const login = (username: string, pin: string) => hubCall('POST', '/api/sessions', { username, pin }, { response: LoginResponse });

/** The catalogue is public to every paired screen: agencies, services and the site. */
export const fetchCatalogue = () => hubCall('GET', '/api/catalogue', undefined, { response: Catalogue });

/** The hub's last event seq, read before a snapshot so that the stream can start from it. */
export const fetchLastSeq = async () => (await hubCall('GET', '/healthz', undefined, { response: HealthResponse })).lastSeq;

export function adminApi(session: string) {
  const get = <S extends ZodType>(path: string, response: S) => hubCall('GET', path, undefined, { session, response });
  const send = <S extends ZodType>(method: 'POST' | 'PUT' | 'DELETE', path: string, body: unknown, response: S) => hubCall(method, path, body, { session, response });
  return {
    /** For the tabs with their own modules: any admin endpoint, its answer parsed with its schema. */
    get,
    send,
    overview: () => get('/api/admin/overview', AdminOverview),
    report: (q: ReportQuery) => get(`/api/admin/reports?${reportParams(q)}`, Report),
    /** CSV and XLSX are files, not JSON: fetched as they are, refusals read as hubCall reads them. */
    async downloadReport(q: ReportQuery, format: ReportFormat): Promise<Blob> {
      const { token } = deviceCredentials();
      const params = reportParams(q);
      params.set('format', format);
      const path = `/api/admin/reports?${params}`;
      const res = await fetch(path, { headers: { 'x-antre-session': session, ...(token ? { authorization: `Bearer ${token}` } : {}) } }).catch(() => null);
      if (!res) throw new HubUnreachable(`GET ${path}: no answer`);
      if (res.ok) return res.blob();
      const err = ((await res.json().catch(() => null)) as { error?: { code?: string; message?: Message } } | null)?.error;
      if (err?.code && err.message) throw new HubRefusal(res.status, err.code, err.message);
      throw new HubUnreachable(`GET ${path}: ${res.status}`);
    },

    addService: (s: NewService) => send('POST', '/api/admin/services', s, Created),
    addCounter: (c: NewCounter) => send('POST', '/api/admin/counters', c, Created),
    updateAgency: (id: number, patch: AgencyPatch) => send('PUT', `/api/admin/agencies/${id}`, patch, Ok),

    devices: () => get('/api/admin/devices', DeviceList),
    createPairingCode: (role: DeviceRole, name: string) => send('POST', '/api/admin/pairing-codes', { role, name }, CreatePairingCodeResponse),
    renameDevice: (id: number, name: string) => send('PUT', `/api/admin/devices/${id}`, { name }, Ok),
    revokeDevice: (id: number) => send('POST', `/api/admin/devices/${id}/revoke`, undefined, Ok),

    settings: () => get('/api/admin/settings', SiteSettings),
    saveSettings: (patch: Partial<SiteSettings>) => send('PUT', '/api/admin/settings', patch, SiteSettings),
    saveSite: (site: Site) => send('PUT', '/api/admin/site', site, Site),

    officers: () => get('/api/admin/officers', OfficerList),
    addOfficer: (o: NewOfficer) => send('POST', '/api/admin/officers', o, Created),
    resetPin: (id: number, pin: string) => send('POST', `/api/admin/officers/${id}/pin`, { pin }, Ok),
    deactivateOfficer: (id: number) => send('POST', `/api/admin/officers/${id}/deactivate`, undefined, Ok),
    /** lifts a PIN lockout on every device (admins only) */
    unlockOfficer: (id: number) => send('POST', `/api/admin/officers/${id}/unlock`, undefined, UnlockOfficerResponse),

    closures: () => get('/api/admin/closures', ClosureList),
    addClosure: (c: NewClosure) => send('POST', '/api/admin/closures', c, Created),

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
