/**
 * What a supervisor may see and manage. An MPP has a head per agency (kepala gerai) who manages
 * only that agency's counters, services, closures and reports; an admin, and a supervisor with no
 * agency (the MPP's own manager), manage everything. Handlers call these after the route's auth
 * (route.ts) has checked the session's role.
 */
import { HubError } from '../hubError.js';
import type { OfficerSession } from '../access.js';

/** null: every agency; a number: that agency only. Without a session (set-up, tests): every agency. */
export function agencyScope(session: OfficerSession | null | undefined): number | null {
  if (!session || session.role === 'admin') return null;
  return session.agencyId;
}

/** Refuses (AGENCY_SCOPE) a change or a read about an agency outside the session's scope. */
export function assertAgency(session: OfficerSession | null | undefined, agencyId: number | null): void {
  const scope = agencyScope(session);
  if (scope !== null && agencyId !== scope) throw new HubError('AGENCY_SCOPE');
}

/** Only admins and MPP-wide supervisors: site-wide things (site breaks, the site, settings, import). */
export function assertWholeMpp(session: OfficerSession | null | undefined): void {
  if (agencyScope(session) !== null) throw new HubError('AGENCY_SCOPE');
}

/** Refuses a service that does not exist (SERVICE_NOT_FOUND) or belongs to an agency outside the scope. */
export function assertServiceScope(session: OfficerSession | null | undefined, serviceAgency: number | null): void {
  if (serviceAgency === null) throw new HubError('SERVICE_NOT_FOUND');
  assertAgency(session, serviceAgency);
}
