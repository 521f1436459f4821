/** The shape of the admin's reports, shared by the hub that builds them and the screen that shows them. */
import { z } from 'zod';

export const REPORT_GROUPS = ['agency', 'service', 'counter', 'officer'] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];

/** minutes */
export const Stats = z.object({
  avg: z.number().nullable(),
  median: z.number().nullable(),
  p90: z.number().nullable(),
});
export type Stats = z.infer<typeof Stats>;

export const ReportRow = z.object({
  /** the agency, service, counter or officer id; null for tickets outside any (and the total) */
  key: z.number().int().nullable(),
  name: z.string(),
  issued: z.number().int(),
  served: z.number().int(),
  noShow: z.number().int(),
  cancelled: z.number().int(),
  transferred: z.number().int(),
  wait: Stats,
  service: Stats,
  ikm: z.object({
    respondents: z.number().int(),
    /** 25–100 */
    converted: z.number().nullable(),
    grade: z.enum(['A', 'B', 'C', 'D']).nullable(),
  }),
});
export type ReportRow = z.infer<typeof ReportRow>;

/** GET /api/admin/reports?format=json (csv and xlsx are files with the same rows). */
export const Report = z.object({
  from: z.string(),
  to: z.string(),
  by: z.enum(REPORT_GROUPS),
  rows: z.array(ReportRow),
  total: ReportRow,
  /** tickets issued in each hour of the day (0–23), site time */
  arrivalsPerHour: z.array(z.number().int()).length(24),
});
export type Report = z.infer<typeof Report>;

/** The content types of the report files (format=csv, format=xlsx). */
export const REPORT_FILE_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
