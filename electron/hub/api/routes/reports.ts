/**
 * The survey (citizens, at a counter's tablet or the kiosk) and the admin's reports (JSON, CSV,
 * XLSX).
 */
import { z } from 'zod';
import { REPORT_FILE_TYPES, Report, SurveyAnswerRequest, SurveyAnswerResponse, SurveyLatestResponse, SurveyTicket } from '../../../../shared/protocol.js';
import { CalendarDate } from '../../../../shared/calendarDate.js';
import type { HubCore } from '../../core.js';
import { HubError } from '../../hubError.js';
import { REPORT_GROUPS } from '../../reports.js';
import { route, type RouteSpec } from '../route.js';

// A real calendar day: 2026-02-31 is refused, not read as no day at all.
const date = CalendarDate;

/** What the survey and report endpoints use. */
export type ReportRouteDeps = Pick<HubCore, 'survey' | 'reports'>;

export function reportRoutes(deps: ReportRouteDeps): RouteSpec<unknown, unknown, unknown>[] {
  const { survey, reports } = deps;
  const specs = [
    route({
      method: 'GET',
      url: '/api/survey/ticket',
      summary: 'A ticket for the survey, by its number today ("A-012") or its id (the QR code)',
      tag: 'survey',
      auth: { kind: 'device', roles: ['kiosk', 'counter', 'admin'] },
      query: z.strictObject({ number: z.string().max(12).optional(), ticketId: z.coerce.number().int().positive().optional() }),
      response: SurveyTicket,
      handler: ({ query }) => survey.find(query),
    }),
    route({
      method: 'GET',
      url: '/api/survey/latest',
      summary: 'The latest ticket finished at a counter and not yet rated (the counter-facing tablet)',
      tag: 'survey',
      auth: { kind: 'device', roles: ['kiosk', 'counter', 'admin'] },
      query: z.strictObject({ counterId: z.coerce.number().int().positive() }),
      response: SurveyLatestResponse,
      handler: ({ query }) => ({ ticket: survey.latestAt(query.counterId) }),
    }),
    route({
      method: 'POST',
      url: '/api/survey',
      summary: 'A citizen’s answers (Permenpan RB 14/2017), once per served ticket',
      tag: 'survey',
      auth: { kind: 'device', roles: ['kiosk', 'counter', 'admin'] },
      body: SurveyAnswerRequest,
      status: 201,
      response: SurveyAnswerResponse,
      handler: (ctx) => survey.answer(ctx.body, { deviceId: ctx.device?.id ?? null }),
    }),
    route({
      method: 'GET',
      url: '/api/admin/reports',
      summary: 'Figures for a day or a range per agency, service, counter or officer; format json, csv or xlsx',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      query: z.strictObject({
        from: date,
        to: date.optional(),
        by: z.enum(REPORT_GROUPS).default('agency'),
        format: z.enum(['json', 'csv', 'xlsx']).default('json'),
      }),
      response: Report,
      files: [REPORT_FILE_TYPES.csv, REPORT_FILE_TYPES.xlsx],
      handler: async ({ query, reply }) => {
        const to = query.to ?? query.from;
        if (to < query.from) throw new HubError('VALIDATION_FAILED', { to: 'before from' });
        // Built in the report worker (readWorker.ts): a year's range takes seconds, and the kiosks
        // must keep getting numbers meanwhile.
        const out = await reports.produce(query.from, to, query.by, query.format);
        const name = `antre-${query.by}-${query.from}${to !== query.from ? `_${to}` : ''}`;
        if (out.format === 'csv') {
          reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`);
          return out.body;
        }
        if (out.format === 'xlsx') {
          reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename="${name}.xlsx"`);
          return out.body;
        }
        return out.body;
      },
    }),
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}
