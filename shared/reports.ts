/** The shape of the admin's reports, shared by the hub that builds them and the screen that shows them. */
export const REPORT_GROUPS = ['agency', 'service', 'counter', 'officer'] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];

/** minutes */
export interface Stats {
  avg: number | null;
  median: number | null;
  p90: number | null;
}

export interface ReportRow {
  key: number | null;
  name: string;
  issued: number;
  served: number;
  noShow: number;
  cancelled: number;
  transferred: number;
  wait: Stats;
  service: Stats;
  ikm: { respondents: number; converted: number | null; grade: string | null };
}

export interface Report {
  from: string;
  to: string;
  by: ReportGroup;
  rows: ReportRow[];
  total: ReportRow;
  /** tickets issued in each hour of the day (0–23), site time */
  arrivalsPerHour: number[];
}
