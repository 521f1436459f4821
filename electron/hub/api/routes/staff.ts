/**
 * Staff: officers with their agency, role and other agencies, PIN resets, (de)activation,
 * lockouts; and the audit log of every admin and supervisor change, as JSON, CSV or XLSX. Who may
 * change whom is Staff's (../../staff.ts); an agency's supervisor sees only their agency's officers
 * and what they did.
 */
import { z } from 'zod';
import { AuditList, AuditQuery, Created, IdParam, NewOfficerRequest, OfficerList, OfficerPatch, Ok, Pin, REPORT_FILE_TYPES, UnlockOfficerResponse } from '../../../../shared/protocol.js';
import type { HubCore } from '../../core.js';
import { HubError } from '../../hubError.js';
import { agencyScope } from '../agencyScope.js';
import { actorOf, route, type RouteSpec } from '../route.js';

/** What the staff endpoints use. */
export type StaffRouteDeps = Pick<HubCore, 'staff' | 'access'>;

export function staffRoutes(deps: StaffRouteDeps): RouteSpec<unknown, unknown, unknown>[] {
  const { staff, access } = deps;
  const auth = { kind: 'device' as const, roles: ['admin' as const], session: 'supervisor' as const };

  const specs = [
    route({
      method: 'GET',
      url: '/api/admin/officers',
      summary: 'Officers, supervisors and admins with their agency, other agencies and lockout (an agency supervisor: their agency’s)',
      tag: 'admin',
      auth,
      response: OfficerList,
      handler: ({ session }) => staff.list(agencyScope(session)),
    }),
    route({
      method: 'POST',
      url: '/api/admin/officers',
      summary: 'Add an officer with a PIN, an agency and the other agencies whose counters they may work at',
      tag: 'admin',
      auth,
      body: NewOfficerRequest,
      status: 201,
      response: Created,
      handler: async (ctx) => ({ id: await staff.add(ctx.body, actorOf(ctx), ctx.session) }),
    }),
    route({
      method: 'PUT',
      url: '/api/admin/officers/:id',
      summary: 'Change an officer’s name, role, agency or other agencies (moving agency ends their sessions)',
      tag: 'admin',
      auth,
      params: IdParam,
      body: OfficerPatch,
      response: Ok,
      handler: (ctx) => {
        staff.update(ctx.params.id, ctx.body, actorOf(ctx), ctx.session);
        return { ok: true };
      },
    }),
    route({
      method: 'POST',
      url: '/api/admin/officers/:id/pin',
      summary: 'Reset an officer’s PIN (the officer’s sessions end); the audit log never holds the PIN',
      tag: 'admin',
      auth,
      params: IdParam,
      body: z.strictObject({ pin: Pin }),
      response: Ok,
      handler: async (ctx) => {
        await staff.resetPin(ctx.params.id, ctx.body.pin, actorOf(ctx), ctx.session);
        return { ok: true };
      },
    }),
    route({
      method: 'POST',
      url: '/api/admin/officers/:id/unlock',
      summary: 'Lift an officer’s PIN lockout on every device (admin only); answers how many devices were locked',
      tag: 'admin',
      auth,
      params: IdParam,
      response: UnlockOfficerResponse,
      handler: (ctx) => {
        // A lockout guards a PIN: lifting it is an admin's call, as is every other credential.
        if (ctx.session?.role !== 'admin') throw new HubError('ADMIN_ROLE_REQUIRED');
        return access.unlockOfficer(ctx.params.id);
      },
    }),
    route({
      method: 'POST',
      url: '/api/admin/officers/:id/deactivate',
      summary: 'Deactivate an officer: no more logins, sessions end at once (never yourself, never the last admin)',
      tag: 'admin',
      auth,
      params: IdParam,
      response: Ok,
      handler: (ctx) => {
        staff.deactivate(ctx.params.id, actorOf(ctx), ctx.session);
        return { ok: true };
      },
    }),
    route({
      method: 'POST',
      url: '/api/admin/officers/:id/reactivate',
      summary: 'Reactivate an officer, with the PIN they had',
      tag: 'admin',
      auth,
      params: IdParam,
      response: Ok,
      handler: (ctx) => {
        staff.reactivate(ctx.params.id, actorOf(ctx), ctx.session);
        return { ok: true };
      },
    }),
    route({
      method: 'GET',
      url: '/api/admin/audit',
      summary: 'The audit log (who, when, what, before and after), newest first, by dates, officer and subject; format json, csv (;) or xlsx',
      tag: 'admin',
      auth,
      query: AuditQuery,
      response: AuditList,
      files: [REPORT_FILE_TYPES.csv, REPORT_FILE_TYPES.xlsx],
      handler: async ({ query, session, reply }) => {
        if (query.from && query.to && query.to < query.from) throw new HubError('VALIDATION_FAILED', { to: 'before from' });
        const list = staff.audit(query, agencyScope(session));
        if (query.format === 'json') return list;
        const name = `antre-audit${query.from ? `-${query.from}` : ''}${query.to ? `_${query.to}` : ''}`;
        if (query.format === 'csv') {
          reply.header('content-type', REPORT_FILE_TYPES.csv).header('content-disposition', `attachment; filename="${name}.csv"`);
          return staff.auditCsv(list);
        }
        reply.header('content-type', REPORT_FILE_TYPES.xlsx).header('content-disposition', `attachment; filename="${name}.xlsx"`);
        return await staff.auditXlsx(list);
      },
    }),
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}
