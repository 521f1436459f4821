/**
 * The shape of the admin's reports, shared by the hub that builds them and the screen that shows
 * them: the report of a day or a range per agency, service, counter or officer; the monthly recap
 * per agency; and the IKM (SKM) report of Permenpan RB 14/2017.
 *
 * What each column counts (docs/DECISIONS.md "Report columns"):
 * - issued: tickets taken for the agency or service (where the citizen first queued). A counter or
 *   an officer issues nothing: null there, never a misleading 0.
 * - handled: tickets whose last state is credited to the row: served + noShow + cancelled +
 *   unfinished. A ticket is credited where it ended: its last service (and its agency), the counter
 *   and officer that last held it. Tickets never called at a counter (cancelled while waiting,
 *   still waiting when the day closed) go to a row of their own ("tanpa loket" / "tanpa petugas").
 *   Every column of the rows adds up to the total; over every agency the total's handled equals
 *   its issued.
 * - called: of those, the tickets called at least once.
 * - served, noShow, cancelled: by the ticket's last state; a no-show closed at the end of the day
 *   is still a no-show.
 * - unfinished: waiting, called or being served when the range ended (or closed so at the end of
 *   the day).
 * - transferred: transfers out of the agency or service; for a counter or an officer, the
 *   transfers made there.
 * - wait: from arrival to the first call; service: from "Mulai layanan" (or the call) to
 *   "Selesai"; both in whole seconds, credited where the ticket ended.
 */
import { z } from 'zod';

export const REPORT_GROUPS = ['agency', 'service', 'counter', 'officer'] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];

/** whole seconds; p90 is "90% dilayani dalam" (90% were called, or finished, within it) */
export const Stats = z.object({
  avg: z.number().int().nullable(),
  median: z.number().int().nullable(),
  p90: z.number().int().nullable(),
});
export type Stats = z.infer<typeof Stats>;

export const IkmSummary = z.object({
  respondents: z.number().int(),
  /** 25–100 */
  converted: z.number().nullable(),
  grade: z.enum(['A', 'B', 'C', 'D']).nullable(),
});
export type IkmSummary = z.infer<typeof IkmSummary>;

export const ReportRow = z.object({
  /** the agency, service, counter or officer id; null for tickets outside any (and the total) */
  key: z.number().int().nullable(),
  name: z.string(),
  /** null for a counter or an officer (they issue nothing) */
  issued: z.number().int().nullable(),
  handled: z.number().int(),
  called: z.number().int(),
  served: z.number().int(),
  noShow: z.number().int(),
  cancelled: z.number().int(),
  unfinished: z.number().int(),
  transferred: z.number().int(),
  wait: Stats,
  service: Stats,
  ikm: IkmSummary,
});
export type ReportRow = z.infer<typeof ReportRow>;

/** First hour shown and the hour after the last (site time): 8 and 16 for 08.00–15.59. */
export const OpenHours = z.object({ from: z.number().int().min(0).max(23), to: z.number().int().min(1).max(24) });
export type OpenHours = z.infer<typeof OpenHours>;

/** GET /api/admin/reports?format=json (csv and xlsx are files with the same rows, per date). */
export const Report = z.object({
  from: z.string(),
  to: z.string(),
  by: z.enum(REPORT_GROUPS),
  /** the agency the report is limited to (an agency supervisor's own); null: the whole MPP */
  agencyId: z.number().int().nullable(),
  rows: z.array(ReportRow),
  total: ReportRow,
  /** tickets issued in each hour of the day (0–23), site time */
  arrivalsPerHour: z.array(z.number().int()).length(24),
  /**
   * The hours the arrivals chart covers: from the earliest opening (issuing window included) to
   * the latest closing of the services open in the range, widened to any hour with arrivals.
   */
  openHours: OpenHours,
});
export type Report = z.infer<typeof Report>;

/** One day of a range, as the CSV and XLSX list them (the JSON keeps the range's rows only). */
export interface ReportDay {
  date: string;
  rows: ReportRow[];
  total: ReportRow;
}

export const RECAP_PERIODS = ['day', 'week'] as const;
export type RecapPeriod = (typeof RECAP_PERIODS)[number];

/** A day or a week of the month (weeks from Monday, cut at the month's ends). */
export const RecapPeriodRow = ReportRow.extend({ from: z.string(), to: z.string() });
export type RecapPeriodRow = z.infer<typeof RecapPeriodRow>;

export const RecapAgency = z.object({
  agencyId: z.number().int(),
  name: z.string(),
  periods: z.array(RecapPeriodRow),
  total: ReportRow,
});
export type RecapAgency = z.infer<typeof RecapAgency>;

/** GET /api/admin/reports/monthly: per agency and per day or week of a month. */
export const MonthlyRecap = z.object({
  /** YYYY-MM */
  month: z.string(),
  period: z.enum(RECAP_PERIODS),
  agencyId: z.number().int().nullable(),
  agencies: z.array(RecapAgency),
});
export type MonthlyRecap = z.infer<typeof MonthlyRecap>;

const Count = z.record(z.string(), z.number().int());

/** GET /api/admin/reports/ikm: the SKM report in the layout of Permenpan RB 14/2017. */
export const IkmReport = z.object({
  from: z.string(),
  to: z.string(),
  agencyId: z.number().int().nullable(),
  /** the agency's name, or the MPP's */
  unit: z.string(),
  respondents: z.number().int(),
  /** full-form and one-tap short-form responses (a short one stands for the same answer to all nine) */
  forms: z.object({ full: z.number().int(), short: z.number().int() }),
  elements: z.array(
    z.object({
      /** U1 … U9 */
      code: z.string(),
      element: z.string(),
      name: z.string(),
      /** responses that answered it */
      answered: z.number().int(),
      /** the sum of its answers */
      sum: z.number().int(),
      /** NRR: average answer, 1–4 */
      nrr: z.number().nullable(),
      /** NRR × the element's weight (1/9, the regulation's 0.111) */
      weighted: z.number().nullable(),
    }),
  ),
  /** Σ weighted NRR, 1–4 */
  ikm: z.number().nullable(),
  /** IKM × 25 */
  converted: z.number().nullable(),
  grade: z.enum(['A', 'B', 'C', 'D']).nullable(),
  /** mutu pelayanan: Sangat Baik … Tidak Baik */
  gradeName: z.string().nullable(),
  /** the respondents' profile: respondents per answer (its Indonesian label; "Tidak diisi" for those who skipped it); null for what the survey does not collect */
  profile: z.object({ gender: Count.nullable(), age: Count.nullable(), education: Count.nullable(), occupation: Count.nullable() }),
  /** per service of the unit */
  services: z.array(z.object({ serviceId: z.number().int(), name: z.string(), respondents: z.number().int(), converted: z.number().nullable(), grade: z.enum(['A', 'B', 'C', 'D']).nullable() })),
});
export type IkmReport = z.infer<typeof IkmReport>;

/** The content types of the report files. */
export const REPORT_FILE_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

/** "10:40" for 640 seconds: minutes and seconds, as the screen shows a time (never "10,67"). */
export function formatMinutes(seconds: number | null): string {
  if (seconds === null) return '–';
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** "0:10:40" for 640 seconds: what Excel reads as a duration from a CSV, whatever its language. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '';
  const s = Math.round(seconds);
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** The Monday-based weeks of a month, cut at its first and last day: [from, to] pairs. */
export function weeksOfMonth(month: string): [string, string][] {
  const days = daysOfMonth(month);
  const weeks: [string, string][] = [];
  for (const d of days) {
    const monday = new Date(`${d}T00:00:00Z`).getUTCDay() === 1;
    if (weeks.length === 0 || monday) weeks.push([d, d]);
    else weeks[weeks.length - 1]![1] = d;
  }
  return weeks;
}

/** Every date of a month (YYYY-MM). */
export function daysOfMonth(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const n = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: n }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}
