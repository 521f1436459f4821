/**
 * Endpoints of ticket printing. A kiosk prints the ticket it just issued (on the printer the hub
 * drives for it) or reports what its own printer did; an officer or the admin reprints; the admin
 * sets up each kiosk's printer and tries it with a test ticket.
 */
import { z } from 'zod';
import { TICKET_STATUSES } from '../../../../shared/domain.js';
import { PRINTER_STATE_LABELS, PrinterConfig, PrinterStatus, PrintResult } from '../../../../shared/printing.js';
import { IdParam, Ticket } from '../../../../shared/protocol.js';
import type { HubCore } from '../../core.js';
import { HubError } from '../../hubError.js';
import { actorOf, route, type RouteSpec } from '../route.js';

const OPEN = new Set<(typeof TICKET_STATUSES)[number]>(['waiting', 'called', 'serving', 'no_show']);

/** `:device` is a kiosk device's id, or `local` for the hub's own browser kiosk (demo mode). */
const DeviceParam = z.strictObject({ device: z.union([z.literal('local'), z.coerce.number().int().positive()]) });
const deviceOf = (p: { device: 'local' | number }) => (p.device === 'local' ? null : p.device);

const PrintReply = z.object({ result: PrintResult, ticket: Ticket, voided: z.boolean() });
const ReprintRequest = z.strictObject({
  /** the kiosk whose printer to use; by default the one that issued the ticket */
  printerDevice: z.union([z.literal('local'), z.number().int().positive()]).optional(),
});

export function printingRoutes(core: HubCore): RouteSpec<unknown, unknown, unknown>[] {
  const { printing, printers, engine } = core;
  const issuedBy = (ticketId: number) => core.db.prepare('SELECT device_id FROM tickets WHERE id = ?').pluck().get(ticketId) as number | null;

  /** A kiosk may print only what it issued, once, while the ticket is open. */
  const kioskTicket = (ticketId: number, deviceId: number | null) => {
    const t = engine.ticket(ticketId);
    if (!t) throw new HubError('TICKET_NOT_FOUND');
    if (issuedBy(ticketId) !== deviceId) throw new HubError('TICKET_NOT_FROM_THIS_KIOSK');
    if (!OPEN.has(t.status)) throw new HubError('TICKET_WRONG_STATE');
    if (t.printState === 'printed') throw new HubError('TICKET_ALREADY_PRINTED');
    return t;
  };

  const specs = [
    route({
      method: 'POST',
      url: '/api/tickets/:id/print',
      summary: "Print a ticket this kiosk issued on the printer the hub drives for it; 'printed' only when the printer confirmed",
      tag: 'printing',
      auth: { kind: 'device', roles: ['kiosk'] },
      params: IdParam,
      response: PrintReply,
      handler: (ctx) => {
        const deviceId = ctx.device?.id ?? null;
        kioskTicket(ctx.params.id, deviceId);
        return printing.printTicket(ctx.params.id, deviceId, { reprint: false, actor: actorOf(ctx) });
      },
    }),
    route({
      method: 'POST',
      url: '/api/tickets/:id/print-result',
      summary: 'Report what the kiosk’s own printer did with a ticket (kiosks that print themselves)',
      tag: 'printing',
      auth: { kind: 'device', roles: ['kiosk'] },
      params: IdParam,
      body: PrintResult,
      response: PrintReply,
      handler: (ctx) => {
        const deviceId = ctx.device?.id ?? null;
        kioskTicket(ctx.params.id, deviceId);
        return printing.record(ctx.params.id, deviceId, ctx.body, { reprint: false, actor: actorOf(ctx) });
      },
    }),
    route({
      method: 'POST',
      url: '/api/tickets/:id/reprint',
      summary: 'Reprint an open ticket (officer or admin), marked "cetak ulang"',
      tag: 'printing',
      auth: { kind: 'device', roles: ['counter', 'admin'], session: 'any' },
      params: IdParam,
      body: ReprintRequest,
      response: PrintReply,
      handler: (ctx) => {
        const t = engine.ticket(ctx.params.id);
        if (!t) throw new HubError('TICKET_NOT_FOUND');
        if (!OPEN.has(t.status)) throw new HubError('TICKET_WRONG_STATE');
        const target = ctx.body.printerDevice === undefined ? issuedBy(t.id) : ctx.body.printerDevice === 'local' ? null : ctx.body.printerDevice;
        return printing.printTicket(t.id, target, { reprint: true, actor: actorOf(ctx) });
      },
    }),
    route({
      method: 'GET',
      url: '/api/printer',
      summary: "This kiosk's printer: whether the hub drives it, and its last status",
      tag: 'printing',
      auth: { kind: 'device', roles: ['kiosk'] },
      handler: (ctx) => {
        const deviceId = ctx.device?.id ?? null;
        const status = printers.status(deviceId);
        const config = printers.config(deviceId);
        return { drivenByHub: config !== null, config, status, label: status ? PRINTER_STATE_LABELS[status.state] : null };
      },
    }),
    route({
      method: 'POST',
      url: '/api/printer/status',
      summary: "Report the status of the kiosk's own printer (kiosks that print themselves)",
      tag: 'printing',
      auth: { kind: 'device', roles: ['kiosk'] },
      body: PrinterStatus,
      handler: (ctx) => {
        printers.recordStatus(ctx.device?.id ?? null, ctx.body);
        return { ok: true };
      },
    }),
    route({
      method: 'GET',
      url: '/api/admin/printers',
      summary: "Every kiosk's printer: settings and last status",
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      handler: () => printers.list(),
    }),
    route({
      method: 'PUT',
      url: '/api/admin/printers/:device',
      summary: "Set a kiosk's printer (transport, address, paper width, code page, QR mode); its status is read at once",
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      params: DeviceParam,
      body: PrinterConfig,
      handler: async (ctx) => {
        const deviceId = deviceOf(ctx.params);
        printers.configure(deviceId, ctx.body);
        const status = ctx.body.transport === 'os' ? null : await printing.refreshStatus(deviceId, ctx.body);
        return { config: printers.config(deviceId), status };
      },
    }),
    route({
      method: 'DELETE',
      url: '/api/admin/printers/:device',
      summary: 'Stop driving a kiosk’s printer from the hub',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      params: DeviceParam,
      handler: (ctx) => {
        printers.configure(deviceOf(ctx.params), null);
        return { ok: true };
      },
    }),
    route({
      method: 'POST',
      url: '/api/admin/printers/:device/test',
      summary: 'Print a test ticket',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      params: DeviceParam,
      response: PrintResult,
      handler: (ctx) => printing.testPrint(deviceOf(ctx.params)),
    }),
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}
