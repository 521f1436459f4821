/**
 * Complaints (pengaduan): the kiosk files them (the phone page's own endpoint is in phone.ts),
 * the supervisor reads and answers those of their agency (an admin or an MPP-wide supervisor: all).
 */
import { z } from 'zod';
import { Complaint, ComplaintAnswer, ComplaintInput, ComplaintList, ComplaintReceipt, COMPLAINT_FILTERS } from '../../../../shared/complaints.js';
import type { HubCore } from '../../core.js';
import { HubError } from '../../hubError.js';
import { agencyScope } from '../agencyScope.js';
import { actorOf, route, type RouteSpec } from '../route.js';

export type ComplaintRouteDeps = Pick<HubCore, 'complaints' | 'settings'>;

export function complaintRoutes(deps: ComplaintRouteDeps): RouteSpec<unknown, unknown, unknown>[] {
  const { complaints } = deps;
  const specs = [
    route({
      method: 'POST',
      url: '/api/kiosk/complaints',
      summary:
        'A citizen’s complaint at the kiosk: category, text, optional agency, optional contact (only with consent); the same requestId again answers the first complaint and stores nothing new',
      tag: 'complaints',
      auth: { kind: 'device', roles: ['kiosk'] },
      body: ComplaintInput,
      status: 201,
      // A kiosk is a public touchscreen: a few complaints a minute is a queue of citizens, more is someone playing.
      rateLimit: { max: 20, timeWindow: '1 minute' },
      response: ComplaintReceipt,
      handler: ({ body, device }) => {
        // The site turned the kiosk's "Pengaduan" off: the button is gone, and a kiosk page of an
        // older version (or a script with a kiosk's token) is refused too.
        if (!deps.settings.get('kiosk').complaints) throw new HubError('KIOSK_COMPLAINTS_OFF');
        return complaints.file(body, { channel: 'kiosk', deviceId: device?.id ?? null });
      },
    }),
    route({
      method: 'GET',
      url: '/api/admin/complaints',
      summary: 'Complaints newest first (an agency supervisor: their agency’s only), filter all, new or answered, with the count still unanswered',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      query: z.strictObject({ status: z.enum(COMPLAINT_FILTERS).default('all') }),
      response: ComplaintList,
      handler: ({ query, session }) => complaints.list(agencyScope(session), query.status),
    }),
    route({
      method: 'POST',
      url: '/api/admin/complaints/:id/answer',
      summary: 'The supervisor’s answer to a complaint of their agency; answering again replaces it (each answer is audited and synced)',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      params: z.strictObject({ id: z.coerce.number().int().positive() }),
      body: ComplaintAnswer,
      response: Complaint,
      handler: (ctx) => complaints.answer(ctx.params.id, ctx.body.answer, agencyScope(ctx.session), actorOf(ctx)),
    }),
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}
