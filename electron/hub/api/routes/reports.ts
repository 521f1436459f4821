/**
 * The survey (citizens, at a counter's tablet or the kiosk) and the admin's reports: a day or a
 * range (JSON, CSV, XLSX), the monthly recap per agency (JSON, CSV, XLSX, PDF) and the IKM report
 * of Permenpan RB 14/2017 (JSON, XLSX, PDF). An agency supervisor's reports are their agency's.
 */
import { z } from 'zod';
import { IkmReport, MonthlyRecap, RECAP_PERIODS, REPORT_FILE_TYPES, Report, SurveyAnswerRequest, SurveyAnswerResponse, SurveyLatestResponse, SurveyTicket } from '../../../../shared/protocol.js';
import { CalendarDate } from '../../../../shared/calendarDate.js';
import type { HubCore } from '../../core.js';
import { HubError } from '../../hubError.js';
import type { FastifyReply } from 'fastify';
import type { OfficerSession } from '../../access.js';
import { REPORT_GROUPS, type ReportOutput } from '../../reports.js';
import { agencyScope } from '../agencyScope.js';
import { route, type RouteSpec } from '../route.js';

// A real calendar day: 2026-02-31 is refused, not read as no day at all.
const date = CalendarDate;
const agencyParam = z.coerce.number().int().positive().optional();

const FILE_TYPES = { csv: REPORT_FILE_TYPES.csv, xlsx: REPORT_FILE_TYPES.xlsx, pdf: REPORT_FILE_TYPES.pdf } as const;

/** A file as an attachment with its name; JSON as it is. */
function send(reply: FastifyReply, out: ReportOutput, name: string): unknown {
  if (out.format === 'json') return out.body;
  reply.header('content-type', FILE_TYPES[out.format]).header('content-disposition', `attachment; filename="${name}.${out.format}"`);
  return out.body;
}

/** What the survey and report endpoints use. */
export type ReportRouteDeps = Pick<HubCore, 'survey' | 'reports'>;

export function reportRoutes(deps: ReportRouteDeps): RouteSpec<unknown, unknown, unknown>[] {
  const { survey, reports } = deps;
  /**
   * The agency a report is about: an agency supervisor's own (asking for another is refused with
   * AGENCY_SCOPE); for an admin or an MPP-wide supervisor the one asked for, or the whole MPP.
   */
  const scopedAgency = (session: OfficerSession | null | undefined, asked: number | undefined): number | null => {
    const scope = agencyScope(session);
    if (scope !== null && asked !== undefined && asked !== scope) throw new HubError('AGENCY_SCOPE');
    const agencyId = scope ?? asked ?? null;
    reports.checkAgency(agencyId);
    return agencyId;
  };
  const specs = [
    route({
      method: 'GET',
      url: '/api/survey/ticket',
      summary: 'A ticket for the survey: by its number today in any spelling ("A-012", "a012", "A 12"; finished within 2 hours) or by the signed text of its QR code ("ANTRE:<id>:<number>:<mac>")',
      tag: 'survey',
      auth: { kind: 'device', roles: ['kiosk', 'counter', 'admin'] },
      query: z
        .strictObject({ number: z.string().max(20).optional(), code: z.string().max(200).optional() })
        .refine((q) => (q.number === undefined) !== (q.code === undefined), { message: 'number or code' }),
      response: SurveyTicket,
      handler: ({ query }) => survey.find(query),
    }),
    route({
      method: 'GET',
      url: '/api/survey/latest',
      summary: 'The ticket a counter finished last, while it is within the site’s surveyWindowMinutes, not rated, and the counter serves nobody else (the counter-facing tablet)',
      tag: 'survey',
      auth: { kind: 'device', roles: ['kiosk', 'counter', 'admin'] },
      query: z.strictObject({ counterId: z.coerce.number().int().positive() }),
      response: SurveyLatestResponse,
      handler: ({ query }) => ({ ticket: survey.latestAt(query.counterId) }),
    }),
    route({
      method: 'POST',
      url: '/api/survey',
      summary: 'A citizen’s answers (Permenpan RB 14/2017) with the grant the ticket was offered with, once per served ticket; the full form may add the respondent profile and a suggestion',
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
      summary: 'Figures for a day or a range per agency, service, counter or officer; format json, csv or xlsx (the files list each date)',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      query: z.strictObject({
        from: date,
        to: date.optional(),
        by: z.enum(REPORT_GROUPS).default('agency'),
        agencyId: agencyParam,
        format: z.enum(['json', 'csv', 'xlsx']).default('json'),
      }),
      response: Report,
      files: [REPORT_FILE_TYPES.csv, REPORT_FILE_TYPES.xlsx],
      handler: async ({ query, reply, session }) => {
        const to = query.to ?? query.from;
        if (to < query.from) throw new HubError('VALIDATION_FAILED', { to: 'before from' });
        const agencyId = scopedAgency(session, query.agencyId);
        // Built in the report worker (readWorker.ts): a year's range takes seconds, and the kiosks
        // must keep getting numbers meanwhile.
        const out = await reports.produce(query.from, to, query.by, query.format, agencyId);
        return send(reply, out, `antre-${query.by}-${query.from}${to !== query.from ? `_${to}` : ''}${agencyId !== null ? `-instansi${agencyId}` : ''}`);
      },
    }),
    route({
      method: 'GET',
      url: '/api/admin/reports/monthly',
      summary: 'The monthly recap per agency and per day or week: issued, served, no-show, waits, IKM; format json, csv, xlsx or pdf',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      query: z.strictObject({
        month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM'),
        period: z.enum(RECAP_PERIODS).default('day'),
        agencyId: agencyParam,
        format: z.enum(['json', 'csv', 'xlsx', 'pdf']).default('json'),
      }),
      response: MonthlyRecap,
      files: [REPORT_FILE_TYPES.csv, REPORT_FILE_TYPES.xlsx, REPORT_FILE_TYPES.pdf],
      handler: async ({ query, reply, session }) => {
        const agencyId = scopedAgency(session, query.agencyId);
        const out = await reports.monthly(query.month, query.period, query.format, agencyId);
        return send(reply, out, `antre-rekap-${query.month}${agencyId !== null ? `-instansi${agencyId}` : ''}`);
      },
    }),
    route({
      method: 'GET',
      url: '/api/admin/reports/ikm',
      summary: 'The IKM (SKM) report of Permenpan RB 14/2017 for a range: per element NRR, weighted, IKM, grade, respondents; format json, xlsx or pdf',
      tag: 'admin',
      auth: { kind: 'device', roles: ['admin'], session: 'supervisor' },
      query: z.strictObject({
        from: date,
        to: date.optional(),
        agencyId: agencyParam,
        format: z.enum(['json', 'xlsx', 'pdf']).default('json'),
      }),
      response: IkmReport,
      files: [REPORT_FILE_TYPES.xlsx, REPORT_FILE_TYPES.pdf],
      handler: async ({ query, reply, session }) => {
        const to = query.to ?? query.from;
        if (to < query.from) throw new HubError('VALIDATION_FAILED', { to: 'before from' });
        const agencyId = scopedAgency(session, query.agencyId);
        const out = await reports.ikm(query.from, to, query.format, agencyId);
        return send(reply, out, `antre-ikm-${query.from}${to !== query.from ? `_${to}` : ''}${agencyId !== null ? `-instansi${agencyId}` : ''}`);
      },
    }),
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}
