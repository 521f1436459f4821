/**
 * The Calendar tab (Jam & libur): services listed compactly with their state now, searchable and
 * filtered by agency, chosen one at a time or ticked many at once; the hours editor with the
 * issuing window saves for all the chosen services in one call (PUT /api/admin/services/hours).
 * Beside it: the MPP's breaks per weekday, holidays and closures (undo, open anyway for one
 * service), and timed pauses. An agency supervisor sees only their agency's services; the hub
 * refuses them the MPP-wide parts.
 */
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { CalendarView, ClosureInfoList, type ClosureListItem } from '../../../../shared/calendar.js';
import { Created, Ok } from '../../../../shared/protocol.js';
import { PauseInfo, ServicesHoursResult } from '../../../../shared/calendar.js';
import { idTime } from '../../../../shared/serviceCalendar.js';
import { localParts } from '../../../../shared/businessDate.js';
import type { WeeklyHours } from '../../../../shared/site.js';
import { useAdminT } from '../i18n.js';
import { useAdmin } from '../store.js';
import { HoursEditor } from './HoursEditor.js';
import './strings.js';
import './calendar.css';

type View = CalendarView;
type Service = View['services'][number];
const EMPTY_WEEK: WeeklyHours = [[], [], [], [], [], [], []];
const TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

export function CalendarTab() {
  const { t } = useAdminT();
  const call = useAdmin((s) => s.call);
  const loadCatalogue = useAdmin((s) => s.loadCatalogue);
  const agencies = useAdmin((s) => s.catalogue?.agencies);
  const [view, setView] = useState<View | null>(null);
  const [pastToo, setPastToo] = useState(false);
  const [closures, setClosures] = useState<ClosureListItem[]>([]);

  const reload = useCallback(async () => {
    const v = await call((api) => api.get('/api/admin/calendar', CalendarView));
    if (v) setView(v);
    const c = await call((api) => api.get(`/api/admin/closures${pastToo ? '?past=1' : ''}`, ClosureInfoList));
    if (c) setClosures(c);
  }, [call, pastToo]);
  useEffect(() => {
    void loadCatalogue();
  }, [loadCatalogue]);
  useEffect(() => {
    void reload();
  }, [reload]);

  if (!view) return <p>{t('calendar.loading')}</p>;
  const agencyName = (id: number) => agencies?.find((a) => a.id === id)?.shortName ?? `#${id}`;
  const serviceName = (id: number | null) => (id === null ? t('calendar.wholeSite') : (view.services.find((s) => s.id === id)?.name ?? `#${id}`));
  return (
    <section className="calendar">
      <ServiceHours view={view} agencyName={agencyName} agencyIds={[...new Set(view.services.map((s) => s.agencyId))]} reload={reload} />
      <div className="calendar-side">
        <Breaks view={view} reload={reload} />
        <Closures view={view} closures={closures} pastToo={pastToo} setPastToo={setPastToo} serviceName={serviceName} reload={reload} />
        <Pauses view={view} serviceName={serviceName} reload={reload} />
      </div>
    </section>
  );
}

// ---- services and their hours --------------------------------------------------------------

function statusText(t: (k: string, o?: Record<string, unknown>) => string, s: Service, lang: 'id' | 'en'): string {
  if (!s.active) return '—';
  if (s.issuing) return t('calendar.issuing');
  const why = s.why ? t(`calendar.why.${s.why}`) : '';
  return [why, s.reason, s.nextOpening?.text[lang]].filter(Boolean).join(' · ');
}

function ServiceHours({ view, agencyName, agencyIds, reload }: { view: View; agencyName: (id: number) => string; agencyIds: number[]; reload: () => Promise<void> }) {
  const { t, lang } = useAdminT();
  const call = useAdmin((s) => s.call);
  const notify = useAdmin((s) => s.notify);
  const [query, setQuery] = useState('');
  const [agency, setAgency] = useState('');
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [hours, setHours] = useState<WeeklyHours>(EMPTY_WEEK);
  const [opensBefore, setOpensBefore] = useState('0');
  const [lastBefore, setLastBefore] = useState('0');
  const [follows, setFollows] = useState(true);

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return view.services.filter(
      (s) => (agency === '' || s.agencyId === Number(agency)) && (q === '' || s.name.toLowerCase().includes(q) || s.prefix.toLowerCase() === q || agencyName(s.agencyId).toLowerCase().includes(q)),
    );
  }, [view, query, agency, agencyName]);

  /** The editor starts from a service's own values. */
  const loadFrom = (s: Service) => {
    setHours(s.hours.map((d) => d.map((r) => ({ ...r }))));
    setOpensBefore(String(s.issueOpensBeforeMinutes));
    setLastBefore(String(s.lastTicketBeforeMinutes));
    setFollows(s.followsSiteBreaks);
  };
  const choose = (s: Service) => {
    setSelected(new Set([s.id]));
    loadFrom(s);
  };
  const toggle = (s: Service, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(s.id);
    else next.delete(s.id);
    if (selected.size === 0 && on) loadFrom(s);
    setSelected(next);
  };
  const allShown = shown.length > 0 && shown.every((s) => selected.has(s.id));
  const selectShown = (on: boolean) => {
    const next = new Set(selected);
    for (const s of shown) if (on) next.add(s.id);
    else next.delete(s.id);
    if (selected.size === 0 && on && shown[0]) loadFrom(shown[0]);
    setSelected(next);
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (hours.some((d) => d.some((r) => !TIME.test(r.open) || !TIME.test(r.close)))) {
      notify('error', { id: t('calendar.badTime', { lng: 'id' }), en: t('calendar.badTime', { lng: 'en' }) });
      return;
    }
    const count = selected.size;
    const r = await call(
      (api) =>
        api.send(
          'PUT',
          '/api/admin/services/hours',
          { serviceIds: [...selected], hours, issueOpensBeforeMinutes: Number(opensBefore) || 0, lastTicketBeforeMinutes: Number(lastBefore) || 0, followsSiteBreaks: follows },
          ServicesHoursResult,
        ),
      'calendar.saved',
      { count },
    );
    if (r) await reload();
  };

  const one = selected.size === 1 ? view.services.find((s) => selected.has(s.id)) : undefined;
  return (
    <div className="calendar-main">
      <div className="service-list">
        <h2>{t('calendar.services')}</h2>
        <div className="controls">
          <label>
            {t('calendar.search')}
            <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
          </label>
          <label>
            {t('calendar.agency')}
            <select value={agency} onChange={(e) => setAgency(e.target.value)}>
              <option value="">{t('calendar.allAgencies')}</option>
              {agencyIds.map((id) => (
                <option key={id} value={id}>
                  {agencyName(id)}
                </option>
              ))}
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={allShown} onChange={(e) => selectShown(e.target.checked)} />
            {t('calendar.selectShown')}
          </label>
        </div>
        <div className="scroll">
          <table>
            <tbody>
              {shown.map((s) => (
                <tr key={s.id} className={selected.has(s.id) ? 'on' : ''}>
                  <td>
                    <input type="checkbox" aria-label={t('calendar.select', { name: s.name })} checked={selected.has(s.id)} onChange={(e) => toggle(s, e.target.checked)} />
                  </td>
                  <td>
                    <button type="button" className="link" title={t('calendar.choose')} onClick={() => choose(s)}>
                      {s.prefix} {s.name}
                    </button>
                    <small> {agencyName(s.agencyId)}</small>
                  </td>
                  <td className={s.issuing ? 'open' : 'shut'}>{statusText(t, s, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <form className="hours-form" aria-label={t('calendar.hoursTitle')} onSubmit={(e) => void save(e)}>
        <h2>{one ? t('calendar.hoursFor', { name: one.name }) : selected.size > 1 ? t('calendar.hoursForMany', { count: selected.size }) : t('calendar.hoursTitle')}</h2>
        {selected.size === 0 ? (
          <p className="note">{t('calendar.noneSelected')}</p>
        ) : (
          <>
            <HoursEditor value={hours} onChange={setHours} />
            <div className="controls">
              <label>
                {t('calendar.opensBefore')}
                <input type="number" min={0} max={240} value={opensBefore} onChange={(e) => setOpensBefore(e.target.value)} />
              </label>
              <label>
                {t('calendar.lastBefore')}
                <input type="number" min={0} max={240} value={lastBefore} onChange={(e) => setLastBefore(e.target.value)} />
              </label>
              <label className="check">
                <input type="checkbox" checked={follows} onChange={(e) => setFollows(e.target.checked)} />
                {t('calendar.followsBreaks')}
              </label>
            </div>
            <button className="primary" type="submit">
              {t('calendar.save', { count: selected.size })}
            </button>
          </>
        )}
      </form>
    </div>
  );
}

// ---- the MPP's breaks ----------------------------------------------------------------------

function Breaks({ view, reload }: { view: View; reload: () => Promise<void> }) {
  const { t } = useAdminT();
  const call = useAdmin((s) => s.call);
  const days = t('calendar.days', { returnObjects: true }) as string[];
  const blank = { weekday: '5', start: '11:30', end: '13:00', reason: '' };
  const [draft, setDraft] = useState(blank);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    const r = await call((api) => api.send('POST', '/api/admin/site-breaks', { ...draft, weekday: Number(draft.weekday) }, Created), 'calendar.breakAdded');
    if (r) {
      setDraft(blank);
      await reload();
    }
  };
  const remove = async (id: number) => {
    if (await call((api) => api.send('DELETE', `/api/admin/site-breaks/${id}`, undefined, Ok), 'calendar.breakRemoved')) await reload();
  };
  return (
    <form className="card" aria-label={t('calendar.breaksTitle')} onSubmit={(e) => void add(e)}>
      <h2>{t('calendar.breaksTitle')}</h2>
      {view.breaks.length === 0 ? (
        <p>{t('calendar.noBreaks')}</p>
      ) : (
        <ul>
          {view.breaks.map((b) => (
            <li key={b.id}>
              {days[b.weekday]} {idTime(b.start)}–{idTime(b.end)} {b.reason && `— ${b.reason}`}{' '}
              <button type="button" aria-label={t('calendar.removeBreak', { day: days[b.weekday], start: b.start })} onClick={() => void remove(b.id)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="controls">
        <label>
          {t('calendar.weekday')}
          <select value={draft.weekday} onChange={(e) => setDraft({ ...draft, weekday: e.target.value })}>
            {[1, 2, 3, 4, 5, 6, 0].map((d) => (
              <option key={d} value={d}>
                {days[d]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('calendar.start')}
          <input size={5} value={draft.start} onChange={(e) => setDraft({ ...draft, start: e.target.value.trim() })} />
        </label>
        <label>
          {t('calendar.end')}
          <input size={5} value={draft.end} onChange={(e) => setDraft({ ...draft, end: e.target.value.trim() })} />
        </label>
        <label>
          {t('calendar.reason')}
          <input placeholder={t('calendar.breakReasonHint')} value={draft.reason} onChange={(e) => setDraft({ ...draft, reason: e.target.value })} />
        </label>
        <button type="submit">{t('calendar.addBreak')}</button>
      </div>
    </form>
  );
}

// ---- holidays and closures -----------------------------------------------------------------

function ServiceSelect({ view, value, onChange, label, whole }: { view: View; value: string; onChange: (v: string) => void; label: string; whole: boolean }) {
  const { t } = useAdminT();
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {whole ? <option value="">{t('calendar.wholeSite')}</option> : <option value="">{t('calendar.chooseService')}</option>}
        {view.services
          .filter((s) => s.active)
          .map((s) => (
            <option key={s.id} value={s.id}>
              {s.prefix} {s.name}
            </option>
          ))}
      </select>
    </label>
  );
}

function Closures(props: {
  view: View;
  closures: ClosureListItem[];
  pastToo: boolean;
  setPastToo: (v: boolean) => void;
  serviceName: (id: number | null) => string;
  reload: () => Promise<void>;
}) {
  const { view, closures, pastToo, setPastToo, serviceName, reload } = props;
  const { t } = useAdminT();
  const call = useAdmin((s) => s.call);
  const blank = { date: view.today, serviceId: '', reason: '', openAnyway: false };
  const [draft, setDraft] = useState(blank);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    const body = { date: draft.date, serviceId: draft.serviceId ? Number(draft.serviceId) : null, reason: draft.reason, openAnyway: draft.openAnyway };
    if (await call((api) => api.send('POST', '/api/admin/closures', body, Created), 'calendar.closureAdded')) {
      setDraft(blank);
      await reload();
    }
  };
  const undo = async (id: number) => {
    if (await call((api) => api.send('DELETE', `/api/admin/closures/${id}`, undefined, Ok), 'calendar.closureUndone')) await reload();
  };
  return (
    <form className="card" aria-label={t('calendar.closuresTitle')} onSubmit={(e) => void add(e)}>
      <h2>{t('calendar.closuresTitle')}</h2>
      <label className="check">
        <input type="checkbox" checked={pastToo} onChange={(e) => setPastToo(e.target.checked)} />
        {t('calendar.showPast')}
      </label>
      {closures.length === 0 ? (
        <p>{t('calendar.noClosures')}</p>
      ) : (
        <ul className="closures">
          {closures.map((c) => (
            <li key={c.id} className={c.removedAt !== null ? 'undone' : ''}>
              {c.date} · {serviceName(c.serviceId)} — {c.reason}
              {c.openAnyway && <em> ({t('calendar.openAnywayTag')})</em>}
              {c.bookings > 0 && (
                <strong className="closure-bookings" data-testid="closure-bookings">
                  {' '}
                  {t('calendar.closureBookings', { count: c.bookings, date: c.date })}
                </strong>
              )}
              {c.removedAt !== null ? (
                <em> ({t('calendar.undone')})</em>
              ) : (
                c.date >= view.today && (
                  <button type="button" aria-label={t('calendar.undoClosure', { date: c.date, what: serviceName(c.serviceId) })} onClick={() => void undo(c.id)}>
                    {t('calendar.undo')}
                  </button>
                )
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="controls">
        <label>
          {t('calendar.date')}
          <input type="date" min={view.today} value={draft.date} onChange={(e) => setDraft({ ...draft, date: e.target.value })} />
        </label>
        <ServiceSelect view={view} label={t('calendar.service')} whole value={draft.serviceId} onChange={(serviceId) => setDraft({ ...draft, serviceId })} />
        <label>
          {t('calendar.reason')}
          <input value={draft.reason} onChange={(e) => setDraft({ ...draft, reason: e.target.value })} />
        </label>
        <label className="check">
          <input type="checkbox" checked={draft.openAnyway} onChange={(e) => setDraft({ ...draft, openAnyway: e.target.checked })} />
          {t('calendar.openAnyway')}
        </label>
        <button type="submit">{t('calendar.addClosure')}</button>
      </div>
    </form>
  );
}

// ---- pauses ----------------------------------------------------------------------------------

function Pauses({ view, serviceName, reload }: { view: View; serviceName: (id: number | null) => string; reload: () => Promise<void> }) {
  const { t } = useAdminT();
  const call = useAdmin((s) => s.call);
  const blank = { serviceId: '', until: '', reason: '' };
  const [draft, setDraft] = useState(blank);
  const pause = async (e: FormEvent) => {
    e.preventDefault();
    const serviceId = Number(draft.serviceId);
    if (await call((api) => api.send('POST', `/api/admin/services/${serviceId}/pause`, { until: draft.until, reason: draft.reason }, PauseInfo), 'calendar.paused')) {
      setDraft(blank);
      await reload();
    }
  };
  const end = async (id: number) => {
    if (await call((api) => api.send('POST', `/api/admin/pauses/${id}/end`, undefined, PauseInfo), 'calendar.pauseEnded')) await reload();
  };
  const time = (at: number) => idTime(localParts(at, view.timeZone).time);
  return (
    <form className="card" aria-label={t('calendar.pausesTitle')} onSubmit={(e) => void pause(e)}>
      <h2>{t('calendar.pausesTitle')}</h2>
      {view.pauses.length === 0 ? (
        <p>{t('calendar.noPauses')}</p>
      ) : (
        <ul>
          {view.pauses.map((p) => (
            <li key={p.id}>
              {t('calendar.pauseLine', { service: serviceName(p.serviceId), until: time(p.untilAt), reason: p.reason })}{' '}
              <button type="button" aria-label={t('calendar.endPause', { service: serviceName(p.serviceId) })} onClick={() => void end(p.id)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="controls">
        <ServiceSelect view={view} label={t('calendar.service')} whole={false} value={draft.serviceId} onChange={(serviceId) => setDraft({ ...draft, serviceId })} />
        <label>
          {t('calendar.until')}
          <input size={5} placeholder="10:30" value={draft.until} onChange={(e) => setDraft({ ...draft, until: e.target.value.trim() })} />
        </label>
        <label>
          {t('calendar.reason')}
          <input value={draft.reason} onChange={(e) => setDraft({ ...draft, reason: e.target.value })} />
        </label>
        <button type="submit" disabled={!draft.serviceId}>
          {t('calendar.pause')}
        </button>
      </div>
    </form>
  );
}
