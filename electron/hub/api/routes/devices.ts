/**
 * Device administration: pairing codes for new devices (a display for a zone), the list, names,
 * revoking. Kiosks, displays and admin PCs serve the whole MPP: only an admin or an MPP-wide
 * supervisor manages them. An agency's supervisor manages the counter PCs at their agency's
 * counters, and sees only those. Every change leaves an audit entry (access.ts).
 */
import { z } from 'zod';
import {
  CreatePairingCodeRequest,
  CreatePairingCodeResponse,
  DeviceList,
  IdParam,
  Ok,
} from '../../../../shared/protocol.js';
import type { OfficerSession } from '../../access.js';
import type { HubCore } from '../../core.js';
import { HubError } from '../../hubError.js';
import { agencyScope, assertAgency, assertWholeMpp } from '../agencyScope.js';
import { actorOf, route, type RouteSpec } from '../route.js';

export function deviceRoutes(deps: Pick<HubCore, 'access' | 'hubFingerprint' | 'views'>): RouteSpec<unknown, unknown, unknown>[] {
  const { access } = deps;
  const auth = { kind: 'device' as const, roles: ['admin' as const], session: 'supervisor' as const };

  /** An agency's supervisor may touch only the counter PCs of their agency's counters. */
  const assertMayManage = (session: OfficerSession | null, deviceId: number) => {
    if (agencyScope(session) === null) return;
    const d = access.deviceAgency(deviceId);
    if (d.role !== 'counter') throw new HubError('AGENCY_SCOPE');
    assertAgency(session, d.agencyId);
  };

  const specs = [
    route({
      method: 'POST',
      url: '/api/admin/pairing-codes',
      summary: 'Create a short-lived pairing code for a new device (a counter PC for its counter, a display for a zone or the whole hall)',
      tag: 'admin',
      auth,
      body: CreatePairingCodeRequest,
      response: CreatePairingCodeResponse,
      status: 201,
      // The code and the certificate the new device must see, together (pinned at pairing).
      handler: (ctx) => {
        const { body, session } = ctx;
        if (body.role !== 'counter') assertWholeMpp(session);
        else if (agencyScope(session) !== null) {
          const counter = deps.views.counters().find((c) => c.id === body.counterId);
          if (!counter) throw new HubError('COUNTER_NOT_FOUND');
          assertAgency(session, counter.agencyId);
        }
        return { ...access.createPairingCode(body, actorOf(ctx)), hubFingerprint: deps.hubFingerprint };
      },
    }),
    route({
      method: 'GET',
      url: '/api/admin/devices',
      summary: 'Paired devices with their counter or zone and last-seen time (an agency supervisor: their counter PCs)',
      tag: 'admin',
      auth,
      response: DeviceList,
      handler: ({ session }) => access.listDevices(agencyScope(session)),
    }),
    route({
      method: 'PUT',
      url: '/api/admin/devices/:id',
      summary: 'Rename a device',
      tag: 'admin',
      auth,
      params: IdParam,
      body: z.strictObject({ name: z.string().trim().min(1).max(60) }),
      response: Ok,
      handler: (ctx) => {
        assertMayManage(ctx.session, ctx.params.id);
        access.renameDevice(ctx.params.id, ctx.body.name, actorOf(ctx));
        return { ok: true };
      },
    }),
    route({
      method: 'POST',
      url: '/api/admin/devices/:id/revoke',
      summary: 'Revoke a device: its token stops working at once',
      tag: 'admin',
      auth,
      params: IdParam,
      response: Ok,
      handler: (ctx) => {
        assertMayManage(ctx.session, ctx.params.id);
        access.revokeDevice(ctx.params.id, actorOf(ctx));
        return { ok: true };
      },
    }),
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}
