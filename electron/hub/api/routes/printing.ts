/**
 * Endpoints of ticket printing. A kiosk prints the ticket it just issued (on the printer the hub
 * drives for it) or reports what its own printer did; an officer or the admin reprints; the admin
 * sets up each kiosk's printer and tries it with a test ticket.
 */
import { z } from 'zod';
import { KioskPrinterResponse, PRINTER_STATE_LABELS, PrinterConfig, PrinterList, PrinterSetupResponse, PrinterStatus, PrintReply, PrintResult, TicketPrint } from '../../../../shared/printing.js';
import { IdParam, Ok, PrintRequest, TICKET_LANGS } from '../../../../shared/protocol.js';
import type { HubCore } from '../../core.js';
import { HubError } from '../../hubError.js';
import { assertAgency, assertWholeMpp } from '../agencyScope.js';
import { actorOf, route, type RouteAuth, type RouteSpec } from '../route.js';

/** `:device` is a kiosk device's id, or `local` for the hub's own browser kiosk (demo mode). */
const DeviceParam = z.strictObject({ device: z.union([z.literal('local'), z.coerce.number().int().positive()]) });
const deviceOf = (p: { device: 'local' | number }) => (p.device === 'local' ? null : p.device);

const ReprintRequest = z.strictObject({
  /** the kiosk whose printer to use; by default the one that issued the ticket */
  printerDevice: z.union([z.literal('local'), z.number().int().positive()]).optional(),
  /** the ticket's language; Indonesian unless given */
  lang: z.enum(TICKET_LANGS).optional(),
});

/** What the printing endpoints use. */
export type PrintingRouteDeps = Pick<HubCore, 'printing' | 'printers' | 'engine' | 'tickets'>;

export function printingRoutes(deps: PrintingRouteDeps): RouteSpec<unknown, unknown, unknown>[] {
  const { printing, printers, engine, tickets } = deps;
  // The kiosks' printers serve the whole MPP: an agency supervisor sees them but does not set them.
  const admin: RouteAuth = { kind: 'device', roles: ['admin'], session: 'supervisor' };

  const specs = [
    route({
      method: 'POST',
      url: '/api/tickets/:id/print',
      summary: "Print a ticket this kiosk issued on the printer the hub drives for it, in the citizen's language ({lang}, default 'id'); 'printed' only when the printer confirmed",
      tag: 'printing',
      auth: { kind: 'device', roles: ['kiosk'] },
      params: IdParam,
      body: PrintRequest,
      response: PrintReply,
      handler: (ctx) => printing.printForKiosk(ctx.params.id, ctx.device?.id ?? null, actorOf(ctx), ctx.body.lang),
    }),
    route({
      method: 'GET',
      url: '/api/tickets/:id/print-data',
      summary: "What goes on the paper of a ticket this kiosk issued, for its own printer, in the citizen's language ({lang}, default 'id')",
      tag: 'printing',
      auth: { kind: 'device', roles: ['kiosk'] },
      params: IdParam,
      query: PrintRequest,
      response: TicketPrint,
      handler: (ctx) => printing.dataForKiosk(ctx.params.id, ctx.device?.id ?? null, ctx.query.lang),
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
      handler: (ctx) => printing.recordForKiosk(ctx.params.id, ctx.device?.id ?? null, ctx.body, actorOf(ctx)),
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
        // An agency supervisor reprints only their agency's tickets (officers at a counter reprint what they hold).
        if (ctx.session?.role === 'supervisor') {
          const t = engine.ticket(ctx.params.id);
          if (!t) throw new HubError('TICKET_NOT_FOUND');
          assertAgency(ctx.session, tickets.agenciesOf(t).current);
        }
        const target = ctx.body.printerDevice;
        return printing.reprint(ctx.params.id, target === 'local' ? null : target, actorOf(ctx), ctx.body.lang);
      },
    }),
    route({
      method: 'GET',
      url: '/api/printer',
      summary: "This kiosk's printer: whether the hub drives it, and its last status",
      tag: 'printing',
      auth: { kind: 'device', roles: ['kiosk'] },
      response: KioskPrinterResponse,
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
      response: Ok,
      handler: (ctx) => {
        printers.recordStatus(ctx.device?.id ?? null, ctx.body);
        return { ok: true };
      },
    }),
    route({
      method: 'GET',
      url: '/api/admin/printers',
      summary: "Every kiosk's printer: settings and last status; ownPrinter: the kiosk prints on a printer of its own, set up in the kiosk app",
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      response: PrinterList,
      handler: () => printers.list(),
    }),
    route({
      method: 'PUT',
      url: '/api/admin/printers/:device',
      summary: "Set a kiosk's printer (transport, address, paper width, code page, QR mode, cut, model profile); its status is read at once",
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      params: DeviceParam,
      body: PrinterConfig,
      response: PrinterSetupResponse,
      handler: async (ctx) => {
        assertWholeMpp(ctx.session);
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
      response: Ok,
      handler: (ctx) => {
        assertWholeMpp(ctx.session);
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
      handler: (ctx) => {
        assertWholeMpp(ctx.session);
        return printing.testPrint(deviceOf(ctx.params));
      },
    }),
    route({
      method: 'POST',
      url: '/api/admin/printers/:device/status',
      summary: 'Read a printer’s status now (paper out, cover open, offline) instead of waiting for the next poll',
      tag: 'admin',
      auth: admin,
      params: DeviceParam,
      response: PrinterStatus,
      handler: async (ctx) => {
        const deviceId = deviceOf(ctx.params);
        const config = printers.config(deviceId);
        if (!config) throw new HubError('PRINTER_NOT_CONFIGURED');
        // An OS printer says nothing back: its status is what the last job reported.
        if (config.transport === 'os') return printers.status(deviceId) ?? { state: 'unknown', paperNearEnd: false, paperEnd: false, coverOpen: false, offline: false, error: false };
        return printing.refreshStatus(deviceId, config);
      },
    }),
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}
