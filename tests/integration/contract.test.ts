/**
 * The wire contract of shared/, held at the hub: every endpoint declares the schema of its answer
 * (or that it answers a file), the OpenAPI document carries them, and a walk through a whole
 * day over real HTTP, with the hub checking every answer and every event (NODE_ENV=test turns
 * the checks on), shows the schemas say what the hub really sends. The stream's messages are
 * checked here from the outside.
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubBooking, ServiceBookingSettings } from '../../shared/booking.js';
import { BookingFeedStatus, BookingReportRow } from '../../shared/booking.js';
import { z } from 'zod';
import {
  AdminMediaItem,
  AdminMediaList,
  AdminOverview,
  AgencyAdminList,
  AuditList,
  CounterAdminList,
  IkmReport,
  MasterImportPreview,
  MasterImportResult,
  MonthlyRecap,
  PrinterStatus,
  ServiceAdminList,
  TicketDetail,
  ZoneList,
  BackupList,
  BackupResponse,
  Catalogue,
  CheckInResponse,
  CalendarView,
  ClosureInfo,
  ClosureInfoList,
  PauseInfo,
  PauseList,
  ServicesHoursResult,
  SiteBreakList,
  CounterActionResponse,
  CounterList,
  CounterView,
  Created,
  CreatePairingCodeResponse,
  CurrentSessionResponse,
  DayCloseResponse,
  DayReopenResponse,
  DeviceList,
  DisplaySlide,
  DisplayState,
  Event,
  EventsResponse,
  HealthResponse,
  IssueTicketResponse,
  KioskPrinterResponse,
  LoginResponse,
  MediaList,
  OfficerList,
  Ok,
  PairResponse,
  PrinterList,
  PrinterSetupResponse,
  PrintReply,
  TicketPrint,
  PrintResult,
  Report,
  REPORT_FILE_TYPES,
  ServiceInfo,
  Site,
  SiteSettings,
  StreamServerMessage,
  SurveyAnswerResponse,
  SurveyLatestResponse,
  SurveyTicket,
  SyncKickResponse,
  UnlockOfficerResponse,
  SyncStatus,
  Ticket,
  TicketResponse,
  RestoreStaged,
} from '../../shared/protocol.js';
import { EVENT_TYPES } from '../../shared/domain.js';
import { Complaint, ComplaintList, ComplaintReceipt } from '../../shared/complaints.js';
import { PublishedStandard, ServiceStandard } from '../../shared/serviceStandard.js';
import { PhoneTicketView } from '../../shared/phoneTicket.js';
import { VoiceCoverage, VoiceWordInfo } from '../../shared/voiceClips.js';
import { registerRoute, route } from '../../electron/hub/api/route.js';
import { hubRoutes } from '../../electron/hub/api/routes/index.js';
import { ContractError, contractChecks, contractProblems } from '../../electron/hub/contract.js';
import type { EventLog } from '../../electron/hub/events.js';
import { SETTINGS } from '../../electron/hub/settings.js';
import { SyncOutbox } from '../../electron/hub/sync/outbox.js';
import { StreamClient } from '../fixtures/streamClient.js';
import { startTestHub, type ApiResponse, type CallOptions, type TestHub } from '../fixtures/testHub.js';

const KTP = 1; // "KTP Elektronik", prefix A, served at Gerai 1-4
const KK = 2; // "Kartu Keluarga", prefix B
const GERAI_1 = 1;
const TODAY = '2026-11-23';

let t: TestHub;
/** "METHOD /url/:pattern" of every route the walk called and got a success from */
const exercised = new Set<string>();
let patterns: { key: string; re: RegExp }[] = [];

beforeAll(async () => {
  t = await startTestHub();
  patterns = hubRoutes(t.hub.core, { version: 'contract' }).map((s) => ({
    key: `${s.method} ${s.url}`,
    re: new RegExp(`^${s.url.replace(/:[a-zA-Z]+/g, '[^/]+')}$`),
  }));
});

afterAll(async () => {
  await t?.dispose();
});

/** A call that must succeed with an answer of `schema` (checked here too, from the outside). */
async function answer<S extends z.ZodType>(schema: S, method: string, path: string, opts: CallOptions = {}): Promise<z.output<S>> {
  const r: ApiResponse = await t.client.call(method, path, opts);
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.json)}`).toBeLessThan(300);
  expect(contractProblems(schema, r.json), `${method} ${path}`).toEqual([]);
  record(method, path);
  return schema.parse(r.json);
}

function record(method: string, path: string): void {
  const bare = path.split('?')[0]!;
  // A static path (PUT /api/admin/services/hours) before a parametric one that also matches it, as the router does.
  const matching = patterns.filter((p) => p.key.startsWith(`${method} `) && p.re.test(bare));
  const hit = matching.find((p) => !p.key.includes(':')) ?? matching[0];
  if (hit) exercised.add(hit.key);
}

const admin = () => ({ token: t.admin.token, session: t.admin.session });

describe('the switch', () => {
  it('is on in tests, and off where nothing says otherwise (Electron and npm run serve set no NODE_ENV)', () => {
    expect(contractChecks()).toBe(true);
    expect(contractChecks({})).toBe(false);
    expect(contractChecks({ NODE_ENV: 'production' })).toBe(false);
    expect(contractChecks({ NODE_ENV: 'development' })).toBe(true);
    expect(contractChecks({ NODE_ENV: 'test', ANTRE_CONTRACT_CHECKS: '0' })).toBe(false);
    expect(contractChecks({ ANTRE_CONTRACT_CHECKS: '1' })).toBe(true);
  });

  it('finds a missing field, a wrong type and a field the schema does not declare', () => {
    const S = z.object({ a: z.number(), list: z.array(z.object({ b: z.string() })) });
    expect(contractProblems(S, { a: 1, list: [{ b: 'x' }] })).toEqual([]);
    expect(contractProblems(S, { a: 'x', list: [] })).toHaveLength(1);
    expect(contractProblems(S, { a: 1, list: [{ b: 'x', extra: 1 }] })).toEqual(['list[0].extra: not in the schema']);
  });
});

describe('every endpoint declares its answer', () => {
  it('has a response schema, or says it answers files', () => {
    const specs = hubRoutes(t.hub.core, { version: 'contract' });
    const missing = specs.filter((s) => !s.response && !s.files?.length).map((s) => `${s.method} ${s.url}`);
    expect(missing).toEqual([]);
  });

  it('converts every response schema to JSON Schema without falling back to "anything"', () => {
    for (const s of hubRoutes(t.hub.core, { version: 'contract' })) {
      if (!s.response) continue;
      expect(() => z.toJSONSchema(s.response!, { target: 'openapi-3.0', unrepresentable: 'throw', io: 'output' }), `${s.method} ${s.url}`).not.toThrow();
    }
  });

  it('puts them in the OpenAPI document, the event union one member per type', async () => {
    const doc = (await t.client.call('GET', '/api/openapi.json')).json;
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(ops)) {
        const ok = Object.entries(op.responses).find(([code]) => code !== 'default')![1] as { content?: Record<string, { schema: Record<string, unknown> }> };
        expect(ok.content, `${method} ${path}`).toBeDefined();
        for (const c of Object.values(ok.content!)) expect(Object.keys(c.schema).length, `${method} ${path}`).toBeGreaterThan(0);
      }
    }
    const events = doc.paths['/api/events'].get.responses['200'].content['application/json'].schema.properties.events.items;
    expect((events.oneOf ?? events.anyOf).length).toBe(EVENT_TYPES.length);
    const report = doc.paths['/api/admin/reports'].get.responses['200'].content;
    expect(Object.keys(report)).toEqual(['application/json', 'text/csv', REPORT_FILE_TYPES.xlsx]);
  });

  it('lists the same settings in shared/ as the hub keeps', () => {
    expect(Object.keys(SiteSettings.shape).sort()).toEqual(Object.keys(SETTINGS).sort());
    for (const [key, s] of Object.entries(SETTINGS)) {
      expect(z.toJSONSchema(SiteSettings.shape[key as keyof typeof SiteSettings.shape]), key).toEqual(z.toJSONSchema(s.schema));
    }
  });
});

describe('the hub checks what it answers', () => {
  it('answers INTERNAL, and says why, when a handler drifts from its schema', async () => {
    const app = Fastify();
    const spec = route({ method: 'GET', url: '/drift', summary: 'x', tag: 'x', auth: { kind: 'none' }, response: Ok, handler: () => ({ ok: true, extra: 1 }) });
    registerRoute(app, t.hub.core, spec as never, false, true);
    const unchecked = route({ ...spec, url: '/unchecked' });
    registerRoute(app, t.hub.core, unchecked as never, false, false);
    const errors: unknown[] = [];
    app.setErrorHandler((err, _req, reply) => {
      errors.push(err);
      void reply.code(500).send({ error: 'INTERNAL' });
    });
    const quiet = console.error;
    console.error = () => {};
    try {
      expect((await app.inject({ method: 'GET', url: '/drift' })).statusCode).toBe(500);
    } finally {
      console.error = quiet;
    }
    expect(errors[0]).toBeInstanceOf(ContractError);
    expect((errors[0] as ContractError).problems).toEqual(['extra: not in the schema']);
    expect((await app.inject({ method: 'GET', url: '/unchecked' })).json()).toEqual({ ok: true, extra: 1 });
    await app.close();
  });

  it('refuses to log an event whose data is not its type’s, and commits nothing', () => {
    const { events } = t.hub.core;
    const before = events.lastSeq();
    const quiet = console.error;
    console.error = () => {};
    try {
      expect(() => events.transaction(() => events.append({ type: 'ticket.called', at: 0, businessDate: TODAY, data: { counterLabel: 'x' } } as never))).toThrow(ContractError);
    } finally {
      console.error = quiet;
    }
    expect(events.lastSeq()).toBe(before);
  });
});

/** Never called: `tsc -b` fails if `append` takes the data of another type. */
function _appendIsTyped(log: EventLog): void {
  // @ts-expect-error counter.paused needs its reason
  log.append({ type: 'counter.paused', at: 0, businessDate: TODAY, data: { counterLabel: 'Gerai 1' } });
  // @ts-expect-error a ticket event's data is not a counter's
  log.append({ type: 'ticket.called', at: 0, businessDate: TODAY, data: { counterLabel: 'Gerai 1' } });
  log.append({ type: 'counter.paused', at: 0, businessDate: TODAY, data: { counterLabel: 'Gerai 1', reason: 'Istirahat' } });
}

describe('a day through every endpoint, each answer checked', () => {
  it('answers as the schemas say, from pairing to the close of the day', async () => {
    await answer(HealthResponse, 'GET', '/healthz');

    // Devices: a kiosk paired the way a screen pairs, the others through the fixture.
    const code = await answer(CreatePairingCodeResponse, 'POST', '/api/admin/pairing-codes', { ...admin(), body: { role: 'kiosk', name: 'Kios kontrak' } });
    const kiosk = await answer(PairResponse, 'POST', '/api/pair', { body: { code: code.code } });
    const kt = { token: kiosk.token };
    const display = await t.pair('display');
    const counter = await t.pair('counter', { counterId: GERAI_1 });

    // The kiosk: its printer, the catalogue, tickets and their printing.
    await answer(PrinterSetupResponse, 'PUT', `/api/admin/printers/${kiosk.deviceId}`, { ...admin(), body: { transport: 'virtual', address: 'kontrak' } });
    await answer(PrinterList, 'GET', '/api/admin/printers', admin());
    await answer(PrintResult, 'POST', `/api/admin/printers/${kiosk.deviceId}/test`, admin());
    await answer(PrinterStatus, 'POST', `/api/admin/printers/${kiosk.deviceId}/status`, admin());
    await answer(Catalogue, 'GET', '/api/catalogue', kt);
    const issue = (serviceId: number, priorityGroup: string | null = null) =>
      answer(IssueTicketResponse, 'POST', '/api/tickets', { ...kt, body: { serviceId, priorityGroup, requestId: `kontrak-${Math.random().toString(36).slice(2)}` } });
    const first = await issue(KTP);
    await issue(KTP, 'lansia');
    const third = await issue(KTP);
    await issue(KTP);
    await answer(PrintReply, 'POST', `/api/tickets/${first.ticket.id}/print`, kt);
    const status = { state: 'paper_near_end', paperNearEnd: true, paperEnd: false, coverOpen: false, offline: false, error: false };
    await answer(TicketPrint, 'GET', `/api/tickets/${third.ticket.id}/print-data?lang=en`, kt);
    await answer(PrintReply, 'POST', `/api/tickets/${third.ticket.id}/print-result`, { ...kt, body: { outcome: 'printed', status, detail: null, bytes: 400 } });
    await answer(Ok, 'POST', '/api/printer/status', { ...kt, body: { ...status, state: 'ready', paperNearEnd: false } });
    await answer(KioskPrinterResponse, 'GET', '/api/printer', kt);
    // A booking check-in (issue 23): a code this hub has not received, a walk-in in the service chosen.
    await answer(CheckInResponse, 'POST', '/api/bookings/check-in', { ...kt, body: { code: 'ANTRE-BOOKING:KONTRAK:KQ7M3S', requestId: 'kontrak-checkin', serviceId: KTP } });
    await answer(Ok, 'POST', '/api/client-errors', { ...kt, body: { screen: 'kiosk', message: 'TypeError: kontrak', where: 'render:confirm', url: '/kiosk' } });
    await answer(TicketResponse, 'GET', `/api/tickets/${first.ticket.id}`, kt);

    // A counter's day: every action once.
    const login = await answer(LoginResponse, 'POST', '/api/sessions', { token: counter.token, body: { username: 'petugas01', pin: '1234' } });
    const ct = { token: counter.token, session: login.sessionToken };
    const act = (action: string, body?: unknown) => answer(CounterActionResponse, 'POST', `/api/counters/${GERAI_1}/${action}`, { ...ct, ...(body ? { body } : {}) });
    await answer(CurrentSessionResponse, 'GET', '/api/sessions/current', ct);
    await answer(CounterList, 'GET', '/api/counters', ct);
    const called = await act('call-next');
    await act('recall');
    await act('no-show');
    await act('call', { ticketId: called.ticket!.id });
    await act('start');
    await answer(CounterView, 'GET', `/api/counters/${GERAI_1}/state`, ct);
    const served = await act('finish');
    await act('call-next');
    await act('transfer', { serviceId: KK });
    await act('call-next');
    await act('cancel', { reason: 'Salah ambil' });
    await act('pause', { reason: 'Istirahat' });
    await act('resume');
    const view = await answer(CounterView, 'GET', `/api/counters/${GERAI_1}/state`, ct);
    expect(view.counter.officer?.name).toBeTruthy();

    // The admin finds a ticket by its number, calls it at the open counter (holding nothing now), cancels it.
    const lost = await issue(KTP);
    await answer(TicketDetail, 'GET', `/api/admin/tickets?number=${lost.ticket.display}`, admin());
    await answer(TicketDetail, 'POST', `/api/admin/tickets/${lost.ticket.id}/call`, { ...admin(), body: { counterId: GERAI_1 } });
    await answer(TicketDetail, 'POST', `/api/admin/tickets/${lost.ticket.id}/cancel`, { ...admin(), body: { reason: 'Salah layanan' } });

    // The survey at the counter's tablet and at the kiosk.
    await answer(SurveyLatestResponse, 'GET', `/api/survey/latest?counterId=${GERAI_1}`, kt);
    const offered = await answer(SurveyTicket, 'GET', `/api/survey/ticket?number=${served.ticket!.display}`, kt);
    await answer(SurveyAnswerResponse, 'POST', '/api/survey', { ...kt, body: { form: 'short', ticketId: served.ticket!.id, grant: offered.grant, value: 4 } });

    // The ticket on the citizen's phone, public by its signed token: its view, stream, survey and a complaint.
    const mine = await issue(KTP);
    const phone = `/api/phone/${t.hub.core.phoneLinks.token(mine.ticket)}`;
    await answer(PhoneTicketView, 'GET', phone);
    const sse = new AbortController();
    const stream = await fetch(`${t.hub.url}${phone}/stream`, { signal: sse.signal });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    sse.abort();
    record('GET', `${phone}/stream`);
    await answer(TicketDetail, 'POST', `/api/admin/tickets/${mine.ticket.id}/call`, { ...admin(), body: { counterId: GERAI_1 } });
    await act('finish');
    await answer(SurveyAnswerResponse, 'POST', `${phone}/survey`, { body: { form: 'short', value: 4 } });
    await answer(ComplaintReceipt, 'POST', `${phone}/complaints`, { body: { category: 'sarana', text: 'Kursi ruang tunggu kurang.', requestId: 'kontrak-telepon-1' } });
    // Complaints at the kiosk, listed and answered by the supervisor.
    const filed = await answer(ComplaintReceipt, 'POST', '/api/kiosk/complaints', { ...kt, body: { category: 'petugas', text: 'Petugas loket kurang ramah.', agencyId: null, requestId: 'kontrak-kios-1' } });
    const complaints = await answer(ComplaintList, 'GET', '/api/admin/complaints?status=new', admin());
    await answer(Complaint, 'POST', `/api/admin/complaints/${complaints.complaints.find((c) => c.uid === filed.uid)!.id}/answer`, { ...admin(), body: { answer: 'Terima kasih, sudah kami tindak lanjuti.' } });

    // Staff: a reprint, and a supervisor cancelling a waiting ticket.
    const waiting = await issue(KTP);
    await answer(PrintReply, 'POST', `/api/tickets/${waiting.ticket.id}/reprint`, { ...ct, body: {} });
    await answer(Ticket, 'POST', `/api/tickets/${waiting.ticket.id}/cancel`, { ...admin(), body: { reason: 'Pulang' } });

    // The hall display.
    const dt = { token: display.token };
    const hall = await answer(DisplayState, 'GET', '/api/display/state', dt);
    expect(hall.latestCalls.length).toBeGreaterThan(0);
    await answer(MediaList, 'GET', '/api/display/media', dt);
    await answer(DisplaySlide, 'GET', '/api/display/slide', dt);
    // The display's media, uploaded, ordered and removed by the admin.
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
    const added = await answer(AdminMediaItem, 'POST', '/api/admin/media', { ...admin(), body: { name: 'iklan.png', type: 'image/png', data: png } });
    await answer(AdminMediaList, 'GET', '/api/admin/media', admin());
    await answer(AdminMediaList, 'PUT', '/api/admin/media/order', { ...admin(), body: { files: [added.file] } });
    await answer(Ok, 'DELETE', `/api/admin/media/${encodeURIComponent(added.file)}`, admin());
    await answer(EventsResponse, 'GET', '/api/events?since=0&limit=1000', dt);
    // The displays' voice: the words of the site and their clips, the MPP's own recording of one
    // (sent as audio, not JSON) and its deletion.
    await answer(VoiceCoverage, 'GET', '/api/admin/voice', admin());
    const wav = Buffer.from('UklGRiwAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQgAAAAAAAAAAAAAAA==', 'base64');
    const recorded = await fetch(`${t.hub.url}/api/admin/voice/kontrak`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${t.admin.token}`, 'x-antre-session': t.admin.session, 'content-type': 'audio/wav' },
      body: new Uint8Array(wav),
    });
    const recordedJson: unknown = await recorded.json();
    expect(recorded.status, JSON.stringify(recordedJson)).toBe(200);
    expect(contractProblems(VoiceWordInfo, recordedJson)).toEqual([]);
    record('PUT', '/api/admin/voice/kontrak');
    await answer(VoiceWordInfo, 'DELETE', '/api/admin/voice/kontrak', admin());

    // The admin: master data …
    const agency = await answer(Created, 'POST', '/api/admin/agencies', { ...admin(), body: { code: 'UJI', name: 'Instansi Uji', shortName: 'Uji' } });
    await answer(Ok, 'PUT', `/api/admin/agencies/${agency.id}`, { ...admin(), body: { shortName: 'Uji Coba' } });
    const service = await answer(Created, 'POST', '/api/admin/services', { ...admin(), body: { agencyId: agency.id, code: 'UJI-1', name: 'Layanan Uji', prefix: 'ZU' } });
    const standard = { requirements: ['KTP-el'], procedure: 'Ambil nomor\nSerahkan berkas', completionTime: '1 hari kerja', fee: 'Gratis', product: 'Surat uji', legalBasis: '', complaintContact: '' };
    await answer(ServiceStandard, 'PUT', `/api/admin/services/${service.id}/standard`, { ...admin(), body: standard });
    await answer(ServiceStandard, 'GET', `/api/admin/services/${service.id}/standard`, admin());
    await answer(z.array(PublishedStandard), 'GET', '/api/standards');
    // … online booking (issue 23): settings, a feed page applied as the puller does, the list and the feed state …
    const bookingSettings = { enabled: true, slotMinutes: 30, capacityPerSlot: 4, daysAhead: 14 };
    await answer(ServiceBookingSettings, 'PUT', `/api/admin/services/${service.id}/booking`, { ...admin(), body: bookingSettings });
    await answer(ServiceBookingSettings, 'GET', `/api/admin/services/${service.id}/booking`, admin());
    const feedAt = t.hub.core.bookings.feedCursor().cursor;
    const bookingDate = t.hub.core.engine.today();
    t.hub.core.bookings.applyPage({
      entries: [
        { seq: feedAt + 1, kind: 'booking.made', booking: { code: 'KQ7M3P', serviceId: service.id, date: bookingDate, slotStart: '10:00', slotEnd: '10:30', madeAt: 1, phone: null } },
        { seq: feedAt + 2, kind: 'booking.made', booking: { code: 'KQ7M3R', serviceId: service.id, date: bookingDate, slotStart: '10:00', slotEnd: '10:30', madeAt: 1, phone: null } },
        { seq: feedAt + 3, kind: 'booking.cancelled', code: 'KQ7M3R', cancelledAt: 2 },
        { seq: feedAt + 4, kind: 'booking.cancelled', code: 'ZZZZZZ', cancelledAt: 2 },
      ],
      last: feedAt + 4,
    });
    await answer(z.array(HubBooking), 'GET', `/api/admin/bookings?date=${bookingDate}`, admin());
    await answer(BookingFeedStatus, 'GET', '/api/admin/bookings/feed', admin());
    await answer(z.object({ rows: z.array(BookingReportRow) }), 'GET', `/api/admin/bookings/report?from=${bookingDate}&to=${bookingDate}`, admin());
    const standar = await fetch(`${t.hub.url}/standar`);
    expect(standar.status).toBe(200);
    expect(standar.headers.get('content-type')).toContain('text/html');
    record('GET', '/standar');
    await answer(ServiceInfo, 'PUT', `/api/admin/services/${service.id}`, { ...admin(), body: { dailyQuota: 20, waitTargetMinutes: 20 } });
    await answer(Created, 'POST', '/api/admin/counters', { ...admin(), body: { label: 'Gerai Uji', agencyId: agency.id, serviceIds: [service.id] } });
    const zone = await answer(Created, 'POST', '/api/admin/zones', { ...admin(), body: { name: 'Lantai Uji', floor: 'Lantai 9' } });
    await answer(Ok, 'PUT', `/api/admin/zones/${zone.id}`, { ...admin(), body: { floor: 'Lantai 9, timur' } });
    await answer(ZoneList, 'GET', '/api/admin/zones', admin());
    await answer(AgencyAdminList, 'GET', '/api/admin/agencies', admin());
    await answer(ServiceAdminList, 'GET', '/api/admin/services', admin());
    const counters = await answer(CounterAdminList, 'GET', '/api/admin/counters', admin());
    await answer(Ok, 'PUT', `/api/admin/counters/${counters.at(-1)!.id}`, { ...admin(), body: { zoneId: zone.id } });
    // … the whole master data as the workbook an MPP prepares in Excel, previewed and applied back.
    const exported = await fetch(`${t.hub.url}/api/admin/master/export`, { headers: { authorization: `Bearer ${t.admin.token}`, 'x-antre-session': t.admin.session } });
    expect(exported.status).toBe(200);
    record('GET', '/api/admin/master/export');
    const xlsx = Buffer.from(await exported.arrayBuffer()).toString('base64');
    await answer(MasterImportPreview, 'POST', '/api/admin/master/import/preview', { ...admin(), body: { xlsx } });
    await answer(MasterImportResult, 'POST', '/api/admin/master/import', { ...admin(), body: { xlsx } });
    const catalogue = await answer(Catalogue, 'GET', '/api/catalogue', kt);
    await answer(Site, 'PUT', '/api/admin/site', { ...admin(), body: { ...catalogue.site, name: 'MPP Kontrak' } });
    const officer = await answer(Created, 'POST', '/api/admin/officers', { ...admin(), body: { name: 'Petugas Uji', username: 'petugas.uji', pin: '1234', role: 'officer' } });
    await answer(OfficerList, 'GET', '/api/admin/officers', admin());
    await answer(Ok, 'POST', `/api/admin/officers/${officer.id}/pin`, { ...admin(), body: { pin: '4321' } });
    await answer(UnlockOfficerResponse, 'POST', `/api/admin/officers/${officer.id}/unlock`, admin());
    await answer(Ok, 'POST', `/api/admin/officers/${officer.id}/deactivate`, admin());
    await answer(Ok, 'POST', `/api/admin/officers/${officer.id}/reactivate`, admin());
    await answer(Ok, 'PUT', `/api/admin/officers/${officer.id}`, { ...admin(), body: { name: 'Petugas Uji Dua', allowedAgencyIds: [agency.id] } });
    await answer(AuditList, 'GET', '/api/admin/audit?subject=officer', admin());
    await answer(Created, 'POST', '/api/admin/closures', { ...admin(), body: { date: '2026-12-25', serviceId: null, reason: 'Natal' } });
    await answer(ClosureInfoList, 'GET', '/api/admin/closures', admin());
    // … the calendar (hours for many services, site breaks, closures undone, pauses) …
    const moved = await answer(Created, 'POST', '/api/admin/closures', { ...admin(), body: { date: '2026-12-26', serviceId: service.id, reason: 'Pindah gedung' } });
    await answer(ClosureInfo, 'PUT', `/api/admin/closures/${moved.id}`, { ...admin(), body: { reason: 'Pindah ke lantai 2' } });
    await answer(Ok, 'DELETE', `/api/admin/closures/${moved.id}`, admin());
    await answer(ServicesHoursResult, 'PUT', '/api/admin/services/hours', { ...admin(), body: { serviceIds: [service.id], issueOpensBeforeMinutes: 30, lastTicketBeforeMinutes: 15 } });
    const siteBreak = await answer(Created, 'POST', '/api/admin/site-breaks', { ...admin(), body: { weekday: 5, start: '11:30', end: '13:00', reason: 'Salat Jumat' } });
    await answer(SiteBreakList, 'GET', '/api/admin/site-breaks', admin());
    await answer(Ok, 'PUT', `/api/admin/site-breaks/${siteBreak.id}`, { ...admin(), body: { weekday: 5, start: '11:45', end: '13:00', reason: 'Salat Jumat' } });
    await answer(Ok, 'DELETE', `/api/admin/site-breaks/${siteBreak.id}`, admin());
    const paused = await answer(PauseInfo, 'POST', `/api/admin/services/${service.id}/pause`, { ...admin(), body: { until: t.clock.now() + 3_600_000, reason: 'SIAK pusat gangguan' } });
    await answer(PauseList, 'GET', '/api/admin/pauses', admin());
    await answer(CalendarView, 'GET', '/api/admin/calendar', admin());
    await answer(PauseInfo, 'POST', `/api/admin/pauses/${paused.id}/end`, admin());

    // … devices, settings, the overview, sync, backups and reports …
    await answer(DeviceList, 'GET', '/api/admin/devices', admin());
    await answer(Ok, 'PUT', `/api/admin/devices/${display.deviceId}`, { ...admin(), body: { name: 'Layar aula' } });
    const spare = await t.pair('kiosk');
    await answer(Ok, 'POST', `/api/admin/devices/${spare.deviceId}/revoke`, admin());
    await answer(SiteSettings, 'GET', '/api/admin/settings', admin());
    await answer(SiteSettings, 'PUT', '/api/admin/settings', { ...admin(), body: { waitTargetMinutes: 25, kiosk: { askPriority: false, idleSeconds: 45, printerTrouble: 'screen' } } });
    t.clock.advanceMinutes(60);
    const overview = await answer(AdminOverview, 'GET', '/api/admin/overview', admin());
    expect(overview.services.length).toBeGreaterThan(0);
    // A PC clock set back 3 hours: the clock alarm on /healthz and in the overview, then put right.
    t.clock.shiftWall(-3 * 60 * 60_000);
    await answer(Catalogue, 'GET', '/api/catalogue', kt);
    const degraded = await answer(HealthResponse, 'GET', '/healthz');
    expect(degraded.alarms.map((a) => a.kind)).toContain('clock_behind');
    expect((await answer(AdminOverview, 'GET', '/api/admin/overview', admin())).alarms.map((a) => a.kind)).toContain('clock_behind');
    await answer(Ok, 'POST', '/api/admin/alarms/clock_behind/acknowledge', admin());
    t.clock.shiftWall(3 * 60 * 60_000);
    await answer(Catalogue, 'GET', '/api/catalogue', kt);
    expect((await answer(HealthResponse, 'GET', '/healthz')).alarms.map((a) => a.kind)).not.toContain('clock_behind');
    await answer(SyncStatus, 'GET', '/api/admin/sync', admin());
    await answer(SyncKickResponse, 'POST', '/api/admin/sync/now', admin());
    const backup = await answer(BackupResponse, 'POST', '/api/admin/backups', admin());
    await answer(BackupList, 'GET', '/api/admin/backups', admin());
    // Staged only: this test's hub is told to restart (it just logs) and is never started again.
    await answer(RestoreStaged, 'POST', '/api/admin/backups/restore', { ...admin(), body: { file: backup.file } });
    await answer(Report, 'GET', `/api/admin/reports?from=${TODAY}&by=service`, admin());
    await answer(MonthlyRecap, 'GET', `/api/admin/reports/monthly?month=${TODAY.slice(0, 7)}`, admin());
    await answer(IkmReport, 'GET', `/api/admin/reports/ikm?from=${TODAY}`, admin());
    for (const format of ['csv', 'xlsx'] as const) {
      const r = await fetch(`${t.hub.url}/api/admin/reports?from=${TODAY}&format=${format}`, { headers: { authorization: `Bearer ${t.admin.token}`, 'x-antre-session': t.admin.session } });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe(REPORT_FILE_TYPES[format]);
    }

    // … and the end of the day.
    await answer(Ok, 'DELETE', `/api/admin/printers/${kiosk.deviceId}`, admin());
    await answer(Ok, 'DELETE', '/api/sessions/current', ct);
    // … closed by mistake, reopened, and closed again.
    await answer(DayCloseResponse, 'POST', '/api/admin/day/close', { ...admin(), body: { reason: 'Tutup' } });
    await answer(DayReopenResponse, 'POST', '/api/admin/day/reopen', { ...admin(), body: { date: TODAY, reason: 'Salah tutup' } });
    await answer(DayCloseResponse, 'POST', '/api/admin/day/close', { ...admin(), body: { reason: 'Tutup' } });
    // An alarm acknowledged (none is raised: still ok, a second click is harmless).
    await answer(Ok, 'POST', '/api/admin/alarms/data_loss/acknowledge', admin());

    const untouched = patterns.map((p) => p.key).filter((k) => !exercised.has(k) && k !== 'GET /api/admin/reports');
    expect(untouched).toEqual([]);
  });

  it('streams messages and events as the schemas say, every type of the day among them', async () => {
    const { token } = await t.pair('display');
    const s = new StreamClient(t.hub.url, { token, since: 0 });
    try {
      await s.ready();
      for (const m of s.messages) expect(contractProblems(StreamServerMessage, m), JSON.stringify(m)).toEqual([]);
      for (const e of s.events) expect(contractProblems(Event, e), `${e.type} #${e.seq}`).toEqual([]);
      const seen = new Set(s.events.map((e) => e.type));
      // printer.status, ticket.print_* and day.closed came with the walk; these need a printer that fails.
      const notInTheWalk = ['ticket.print_unconfirmed', 'ticket.print_failed', 'ticket.closed'];
      expect(EVENT_TYPES.filter((type) => !seen.has(type) && !notInTheWalk.includes(type))).toEqual([]);
    } finally {
      s.close();
    }
  });

  it('reports the sync status of a configured outbox as the schema says', () => {
    const { db } = t.hub.core;
    db.prepare('INSERT INTO sync_quarantine (seqs, at) VALUES (?, ?)').run('[3,4]', t.clock.now());
    db.prepare('INSERT INTO sync_manifests (business_date, last_seq, hash, match, sent_at) VALUES (?, ?, ?, ?, ?)').run(TODAY, 10, 'ab'.repeat(32), 1, t.clock.now());
    const outbox = new SyncOutbox(t.hub.core, { url: 'http://127.0.0.1:9', site: 'mpp-kontrak', token: 'x' });
    expect(contractProblems(SyncStatus, outbox.status())).toEqual([]);
  });
});
