/**
 * The reports tab: a table per agency, service, counter or officer over a date range, arrivals per
 * hour as a chart, CSV and XLSX downloads, and a printable page. The only module that loads
 * Chart.js, so that only the admin's bundle carries it.
 */
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'react';
import { REPORT_GROUPS, type ReportGroup, type ReportRow } from '../../../shared/reports.js';
import type { ReportFormat } from './api.js';
import { useAdminT } from './i18n.js';
import { useAdmin } from './store.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export function Reports() {
  const { t, lang } = useAdminT();
  const query = useAdmin((s) => s.reportQuery);
  const error = useAdmin((s) => s.reportError);
  const setQuery = useAdmin((s) => s.setReportQuery);
  const loadReport = useAdmin((s) => s.loadReport);
  const downloadReport = useAdmin((s) => s.downloadReport);
  useEffect(() => void loadReport(), [loadReport]);

  const download = async (format: ReportFormat) => {
    const blob = await downloadReport(format);
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `antre-${query.by}-${query.from}_${query.to}.${format}`;
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <section className="reports">
      <div className="controls no-print">
        <label>
          {t('reports.from')} <input type="date" value={query.from} onChange={(e) => setQuery({ from: e.target.value })} />
        </label>
        <label>
          {t('reports.to')} <input type="date" value={query.to} onChange={(e) => setQuery({ to: e.target.value })} />
        </label>
        <label>
          {t('reports.by')}{' '}
          <select value={query.by} onChange={(e) => setQuery({ by: e.target.value as ReportGroup })}>
            {REPORT_GROUPS.map((g) => (
              <option key={g} value={g}>
                {t(`reports.group.${g}`)}
              </option>
            ))}
          </select>
        </label>
        <button onClick={() => void download('csv')}>{t('reports.csv')}</button>
        <button onClick={() => void download('xlsx')}>{t('reports.xlsx')}</button>
        <button onClick={() => window.print()}>{t('reports.print')}</button>
      </div>
      {error && <p className="error">{error[lang]}</p>}
      <h2>{query.to !== query.from ? t('reports.headingRange', { from: query.from, to: query.to }) : t('reports.heading', { from: query.from })}</h2>
      <ReportTable />
      <h2>{t('reports.arrivals')}</h2>
      <ArrivalsChart />
    </section>
  );
}

function ReportTable() {
  const { t, locale } = useAdminT();
  const report = useAdmin((s) => s.report);
  const rows: ReportRow[] = report ? [...report.rows, report.total] : [];
  const n = (v: number | null) => (v === null ? '–' : v.toLocaleString(locale));
  return (
    <table className="report" data-testid="report">
      <thead>
        <tr>
          <th>{t('reports.col.name')}</th>
          <th>{t('reports.col.issued')}</th>
          <th>{t('reports.col.served')}</th>
          <th>{t('reports.col.noShow')}</th>
          <th>{t('reports.col.cancelled')}</th>
          <th>{t('reports.col.transferred')}</th>
          <th>{t('reports.col.wait')}</th>
          <th>{t('reports.col.service')}</th>
          <th>{t('reports.col.ikm')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => {
          const total = i === rows.length - 1;
          return (
            <tr key={`${r.key}-${i}`} className={total ? 'total' : ''}>
              <td>{r.name}</td>
              <td className="n">{r.issued}</td>
              <td className="n">{r.served}</td>
              <td className="n">{r.noShow}</td>
              <td className="n">{r.cancelled}</td>
              <td className="n">{r.transferred}</td>
              <td className="n">
                {n(r.wait.avg)} / {n(r.wait.median)} / {n(r.wait.p90)}
              </td>
              <td className="n">
                {n(r.service.avg)} / {n(r.service.median)} / {n(r.service.p90)}
              </td>
              <td className="n" data-testid={total ? 'ikm-total' : undefined}>
                {r.ikm.converted === null ? '–' : t('reports.ikm', { value: n(r.ikm.converted), grade: r.ikm.grade, count: r.ikm.respondents })}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function ArrivalsChart() {
  const { t } = useAdminT();
  const arrivals = useAdmin((s) => s.report?.arrivalsPerHour);
  const canvas = useRef<HTMLCanvasElement>(null);
  const series = t('reports.arrivalsSeries');
  useEffect(() => {
    if (!canvas.current || !arrivals) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: { labels: arrivals.map((_, h) => `${String(h).padStart(2, '0')}.00`), datasets: [{ label: series, data: arrivals, backgroundColor: '#0b6e4f' }] },
      options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } } },
    });
    return () => chart.destroy();
  }, [arrivals, series]);
  return (
    <div className="chart">
      <canvas ref={canvas} aria-label={t('reports.arrivalsChart')} role="img" />
    </div>
  );
}
