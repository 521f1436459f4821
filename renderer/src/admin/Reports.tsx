/**
 * The reports tab: the figures of a day or a range per agency, service, counter or officer (with
 * arrivals per hour over the site's opening hours), the monthly recap per agency, and the IKM
 * report of Permenpan RB 14/2017; CSV, XLSX and PDF downloads, and a printable page. Times read
 * m:ss, never decimal minutes. An agency supervisor's reports are their agency's (the hub decides).
 * The only module that loads Chart.js, so that only the admin's bundle carries it.
 */
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef, useState } from 'react';
import { IKM_INTERVALS } from '../../../shared/ikm.js';
import { formatMinutes, IkmReport, MonthlyRecap, RECAP_PERIODS, Report, REPORT_GROUPS, type RecapPeriod, type ReportGroup, type ReportRow } from '../../../shared/reports.js';
import { Downloads } from './Downloads.js';
import { useAdminT } from './i18n.js';
import { today, useAdmin } from './store.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

type View = 'detail' | 'monthly' | 'ikm';
function query(params: Record<string, string | number | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== '') q.set(k, String(v));
  return q.toString();
}

export function Reports() {
  const { t } = useAdminT();
  const [view, setView] = useState<View>('detail');
  const [agencyId, setAgencyId] = useState<number | null>(null);
  const agencies = useAdmin((s) => s.catalogue?.agencies);
  const loadCatalogue = useAdmin((s) => s.loadCatalogue);
  useEffect(() => {
    if (!agencies) void loadCatalogue();
  }, [agencies, loadCatalogue]);

  return (
    <section className="reports">
      <div className="controls no-print" role="group" aria-label={t('reports.kind')}>
        {(['detail', 'monthly', 'ikm'] as const).map((v) => (
          <button key={v} aria-pressed={view === v} className={view === v ? 'primary' : ''} onClick={() => setView(v)}>
            {t(`reports.view.${v}`)}
          </button>
        ))}
        <label>
          {t('reports.agency')}{' '}
          <select value={agencyId ?? ''} onChange={(e) => setAgencyId(e.target.value ? Number(e.target.value) : null)}>
            <option value="">{t('reports.wholeMpp')}</option>
            {(agencies ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {view === 'detail' && <DetailReport agencyId={agencyId} />}
      {view === 'monthly' && <MonthlyReport agencyId={agencyId} />}
      {view === 'ikm' && <IkmView agencyId={agencyId} />}
    </section>
  );
}

/** Loads `path` as `schema` whenever it changes; only the latest answer lands. */
function useReport<T>(path: string, schema: { parse(v: unknown): T }): T | null {
  const call = useAdmin((s) => s.call);
  const [data, setData] = useState<T | null>(null);
  useEffect(() => {
    let live = true;
    void call((api) => api.get(path, schema as never)).then((r) => {
      if (live) setData(r as T | null);
    });
    return () => {
      live = false;
    };
  }, [call, path, schema]);
  return data;
}

/** "Dari" and "Sampai" dates. */
function DateRange({ from, to, setFrom, setTo }: { from: string; to: string; setFrom: (v: string) => void; setTo: (v: string) => void }) {
  const { t } = useAdminT();
  return (
    <>
      <label>
        {t('reports.from')} <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
      </label>
      <label>
        {t('reports.to')} <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
      </label>
    </>
  );
}

function DetailReport({ agencyId }: { agencyId: number | null }) {
  const { t } = useAdminT();
  const [from, setFrom] = useState(today());
  const [to, setTo] = useState(today());
  const [by, setBy] = useState<ReportGroup>('agency');
  const path = `/api/admin/reports?${query({ from, to: to || from, by, agencyId })}`;
  const report = useReport(path, Report);
  return (
    <>
      <div className="controls no-print">
        <DateRange from={from} to={to} setFrom={setFrom} setTo={setTo} />
        <label>
          {t('reports.by')}{' '}
          <select value={by} onChange={(e) => setBy(e.target.value as ReportGroup)}>
            {REPORT_GROUPS.map((g) => (
              <option key={g} value={g}>
                {t(`reports.group.${g}`)}
              </option>
            ))}
          </select>
        </label>
        <Downloads path={path} name={`antre-${by}-${from}_${to}`} formats={['csv', 'xlsx']} />
      </div>
      <h2>{to !== from ? t('reports.headingRange', { from, to }) : t('reports.heading', { from })}</h2>
      <ReportTable report={report} />
      <ColumnNotes />
      <h2>{t('reports.arrivals')}</h2>
      <ArrivalsChart report={report} />
    </>
  );
}

function ikmText(t: ReturnType<typeof useAdminT>['t'], locale: string, r: ReportRow['ikm']): string {
  return r.converted === null ? '–' : t('reports.ikm', { value: r.converted.toLocaleString(locale), grade: r.grade, count: r.respondents });
}

function ReportTable({ report }: { report: Report | null }) {
  const { t, locale } = useAdminT();
  const rows: ReportRow[] = report ? [...report.rows, report.total] : [];
  // A counter or an officer issues nothing: the column is the agency's and the service's.
  const issued = !report || report.by === 'agency' || report.by === 'service';
  const m = formatMinutes;
  return (
    <table className="report" data-testid="report">
      <thead>
        <tr>
          <th rowSpan={2}>{t(`reports.col.name.${report?.by ?? 'agency'}`)}</th>
          {issued && <th rowSpan={2}>{t('reports.col.issued')}</th>}
          <th rowSpan={2}>{t('reports.col.handled')}</th>
          <th rowSpan={2}>{t('reports.col.served')}</th>
          <th rowSpan={2}>{t('reports.col.noShow')}</th>
          <th rowSpan={2}>{t('reports.col.cancelled')}</th>
          <th rowSpan={2}>{t('reports.col.unfinished')}</th>
          <th rowSpan={2}>{t('reports.col.transferred')}</th>
          <th colSpan={2}>{t('reports.col.wait')}</th>
          <th colSpan={2}>{t('reports.col.service')}</th>
          <th rowSpan={2}>{t('reports.col.ikm')}</th>
        </tr>
        <tr>
          <th>{t('reports.col.avg')}</th>
          <th>{t('reports.col.p90wait')}</th>
          <th>{t('reports.col.avg')}</th>
          <th>{t('reports.col.p90service')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => {
          const total = i === rows.length - 1;
          const name = total ? t('reports.total') : r.key === null ? t(`reports.noGroup.${report!.by}`) : r.name;
          return (
            <tr key={`${r.key}-${i}`} className={total ? 'total' : ''}>
              <td>{name}</td>
              {issued && <td className="n">{r.issued ?? '–'}</td>}
              <td className="n">{r.handled}</td>
              <td className="n">{r.served}</td>
              <td className="n">{r.noShow}</td>
              <td className="n">{r.cancelled}</td>
              <td className="n">{r.unfinished}</td>
              <td className="n">{r.transferred}</td>
              <td className="n">{m(r.wait.avg)}</td>
              <td className="n">{m(r.wait.p90)}</td>
              <td className="n">{m(r.service.avg)}</td>
              <td className="n">{m(r.service.p90)}</td>
              <td className="n" data-testid={total ? 'ikm-total' : undefined}>
                {ikmText(t, locale, r.ikm)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function ColumnNotes() {
  const { t } = useAdminT();
  return (
    <details className="no-print">
      <summary>{t('reports.notes.title')}</summary>
      <ul>
        {(['issued', 'handled', 'outcomes', 'unfinished', 'transferred', 'wait', 'service', 'times'] as const).map((k) => (
          <li key={k}>{t(`reports.notes.${k}`)}</li>
        ))}
      </ul>
    </details>
  );
}

function ArrivalsChart({ report }: { report: Report | null }) {
  const { t } = useAdminT();
  const canvas = useRef<HTMLCanvasElement>(null);
  const series = t('reports.arrivalsSeries');
  useEffect(() => {
    if (!canvas.current || !report) return;
    // The site's opening hours, not the whole day.
    const hours = Array.from({ length: report.openHours.to - report.openHours.from }, (_, i) => report.openHours.from + i);
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: { labels: hours.map((h) => `${String(h).padStart(2, '0')}.00`), datasets: [{ label: series, data: hours.map((h) => report.arrivalsPerHour[h]!), backgroundColor: '#0b6e4f' }] },
      options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } }, scales: { y: { ticks: { precision: 0 } } } },
    });
    return () => chart.destroy();
  }, [report, series]);
  return (
    <div className="chart">
      <canvas ref={canvas} aria-label={t('reports.arrivalsChart')} role="img" />
    </div>
  );
}

function thisMonth(): string {
  return today().slice(0, 7);
}

function MonthlyReport({ agencyId }: { agencyId: number | null }) {
  const { t, locale } = useAdminT();
  const [month, setMonth] = useState(thisMonth());
  const [period, setPeriod] = useState<RecapPeriod>('day');
  const path = `/api/admin/reports/monthly?${query({ month: /^\d{4}-\d{2}$/.test(month) ? month : thisMonth(), period, agencyId })}`;
  const recap = useReport(path, MonthlyRecap);
  const m = formatMinutes;
  const cells = (r: ReportRow) => (
    <>
      <td className="n">{r.issued ?? '–'}</td>
      <td className="n">{r.served}</td>
      <td className="n">{r.noShow}</td>
      <td className="n">{r.cancelled}</td>
      <td className="n">{m(r.wait.avg)}</td>
      <td className="n">{m(r.wait.p90)}</td>
      <td className="n">{m(r.service.avg)}</td>
      <td className="n">{ikmText(t, locale, r.ikm)}</td>
    </>
  );
  const head = (first: string) => (
    <tr>
      <th>{first}</th>
      <th>{t('reports.col.issued')}</th>
      <th>{t('reports.col.served')}</th>
      <th>{t('reports.col.noShow')}</th>
      <th>{t('reports.col.cancelled')}</th>
      <th>{t('reports.col.waitAvg')}</th>
      <th>{t('reports.col.p90wait')}</th>
      <th>{t('reports.col.serviceAvg')}</th>
      <th>{t('reports.col.ikm')}</th>
    </tr>
  );
  return (
    <>
      <div className="controls no-print">
        <label>
          {t('reports.month')} <input type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
        </label>
        <label>
          {t('reports.period')}{' '}
          <select value={period} onChange={(e) => setPeriod(e.target.value as RecapPeriod)}>
            {RECAP_PERIODS.map((p) => (
              <option key={p} value={p}>
                {t(`reports.periods.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <Downloads path={path} name={`antre-rekap-${month}`} formats={['csv', 'xlsx', 'pdf']} />
      </div>
      <h2>{t('reports.monthlyHeading', { month })}</h2>
      <table className="report" data-testid="monthly">
        <thead>{head(t('reports.col.name.agency'))}</thead>
        <tbody>
          {(recap?.agencies ?? []).map((a) => (
            <tr key={a.agencyId}>
              <td>{a.name}</td>
              {cells(a.total)}
            </tr>
          ))}
        </tbody>
      </table>
      {(recap?.agencies ?? []).map((a) => (
        <details key={a.agencyId} open={recap!.agencies.length === 1}>
          <summary>{t('reports.perPeriod', { name: a.name })}</summary>
          <table className="report">
            <thead>{head(t(`reports.periods.${period}`))}</thead>
            <tbody>
              {a.periods.map((p) => (
                <tr key={p.from}>
                  <td>{p.from === p.to ? `${p.name} ${p.from.slice(8)}` : `${p.name} (${p.from.slice(8)}–${p.to.slice(8)})`}</td>
                  {cells(p)}
                </tr>
              ))}
              <tr className="total">
                <td>{t('reports.monthTotal')}</td>
                {cells(a.total)}
              </tr>
            </tbody>
          </table>
        </details>
      ))}
    </>
  );
}

function IkmView({ agencyId }: { agencyId: number | null }) {
  const { t, locale, lang } = useAdminT();
  const [from, setFrom] = useState(`${thisMonth()}-01`);
  const [to, setTo] = useState(today());
  const path = `/api/admin/reports/ikm?${query({ from, to: to || from, agencyId })}`;
  const r = useReport(path, IkmReport);
  const dec = (v: number | null, digits: number) => (v === null ? '–' : v.toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }));
  return (
    <>
      <div className="controls no-print">
        <DateRange from={from} to={to} setFrom={setFrom} setTo={setTo} />
        <Downloads path={path} name={`antre-ikm-${from}_${to}`} formats={['xlsx', 'pdf']} />
      </div>
      <h2>{t('reports.ikmHeading', { unit: r?.unit ?? '', from, to })}</h2>
      <p>{t('reports.respondents', { count: r?.respondents ?? 0, full: r?.forms.full ?? 0, short: r?.forms.short ?? 0 })}</p>
      <table className="report" data-testid="ikm-elements">
        <thead>
          <tr>
            <th>{t('reports.ikmCol.no')}</th>
            <th>{t('reports.ikmCol.element')}</th>
            <th>{t('reports.ikmCol.answered')}</th>
            <th>{t('reports.ikmCol.sum')}</th>
            <th>{t('reports.ikmCol.nrr')}</th>
            <th>{t('reports.ikmCol.weighted')}</th>
          </tr>
        </thead>
        <tbody>
          {(r?.elements ?? []).map((e) => (
            <tr key={e.code}>
              <td>{e.code}</td>
              <td>{e.name}</td>
              <td className="n">{e.answered}</td>
              <td className="n">{e.sum}</td>
              <td className="n">{dec(e.nrr, 3)}</td>
              <td className="n">{dec(e.weighted, 3)}</td>
            </tr>
          ))}
          <tr className="total">
            <td colSpan={5}>{t('reports.ikmCol.ikm')}</td>
            <td className="n">{dec(r?.ikm ?? null, 3)}</td>
          </tr>
          <tr className="total">
            <td colSpan={5}>{t('reports.ikmCol.converted')}</td>
            <td className="n" data-testid="ikm-converted">
              {dec(r?.converted ?? null, 2)}
            </td>
          </tr>
          <tr className="total">
            <td colSpan={5}>{t('reports.ikmCol.grade')}</td>
            <td className="n">{r?.grade ? `${r.grade} (${IKM_INTERVALS.find((i) => i.grade === r.grade)![lang]})` : '–'}</td>
          </tr>
        </tbody>
      </table>
      <h2>{t('reports.profile')}</h2>
      <ul>
        {(['gender', 'age', 'education', 'occupation'] as const).map((k) => (
          <li key={k}>
            {t(`reports.profileOf.${k}`)}:{' '}
            {r?.profile[k]
              ? Object.entries(r.profile[k])
                  .map(([g, n]) => `${g} ${n}`)
                  .join(', ')
              : t('reports.notCollected')}
          </li>
        ))}
      </ul>
      <h2>{t('reports.intervals')}</h2>
      <table className="report">
        <thead>
          <tr>
            <th>{t('reports.ikmCol.perception')}</th>
            <th>{t('reports.ikmCol.interval')}</th>
            <th>{t('reports.ikmCol.intervalConverted')}</th>
            <th>{t('reports.ikmCol.quality')}</th>
            <th>{t('reports.ikmCol.performance')}</th>
          </tr>
        </thead>
        <tbody>
          {IKM_INTERVALS.map((i) => (
            <tr key={i.grade}>
              <td className="n">{i.perception}</td>
              <td>{i.interval}</td>
              <td>{i.converted}</td>
              <td>{i.grade}</td>
              <td>{i[lang]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
