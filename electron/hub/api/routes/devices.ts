/** Device administration: pairing codes for new devices, the list, revoking. */
import {
  CreatePairingCodeRequest,
  CreatePairingCodeResponse,
  DeviceList,
  IdParam,
  Ok,
} from '../../../../shared/protocol.js';
import type { HubCore } from '../../core.js';
import { route, type RouteSpec } from '../route.js';

export function deviceRoutes(deps: Pick<HubCore, 'access' | 'hubFingerprint'>): RouteSpec<unknown, unknown, unknown>[] {
  const { access } = deps;
  const specs = [
    route({
      method: 'POST',
      url: '/api/admin/pairing-codes',
      summary: 'Create a short-lived pairing code for a new device',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      body: CreatePairingCodeRequest,
      response: CreatePairingCodeResponse,
      status: 201,
      // The code and the certificate the new device must see, together (pinned at pairing).
      handler: ({ body }) => ({ ...access.createPairingCode(body), hubFingerprint: deps.hubFingerprint }),
    }),
    route({
      method: 'GET',
      url: '/api/admin/devices',
      summary: 'Paired devices with their last-seen time',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      response: DeviceList,
      handler: () => access.listDevices(),
    }),
    route({
      method: 'POST',
      url: '/api/admin/devices/:id/revoke',
      summary: 'Revoke a device: its token stops working at once',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      params: IdParam,
      response: Ok,
      handler: (ctx) => {
        access.revokeDevice(ctx.params.id, { officerId: ctx.session!.officerId, deviceId: ctx.device?.id ?? null });
        return { ok: true };
      },
    }),
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}
