/**
 * The booking tab: a date's bookings as the hub holds them (pulled from the central server), with
 * their status, the ticket each became and any conflict; where the pull stands; and the booking
 * report for a date range (made, checked in, no-shows, and the wait of booked vs walk-in citizens).
 */
import './strings.js';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { z } from 'zod';
import { BookingFeedStatus, BookingReportRow, HubBooking } from '../../../../shared/booking.js';
import { useAdminT } from '../i18n.js';
import { today, useAdmin } from '../store.js';

const Report = z.object({ rows: z.array(BookingReportRow) });

export function BookingsTab() {
  const { t, locale } = useAdminT();
  const call = useAdmin((s) => s.call);
  const [date, setDate] = useState(today());
  const [list, setList] = useState<HubBooking[] | null>(null);
  const [feed, setFeed] = useState<BookingFeedStatus | null>(null);
  const [range, setRange] = useState({ from: today(), to: today() });
  const [report, setReport] = useState<BookingReportRow[] | null>(null);

  const load = useCallback(
    async (d: string) => {
      const [l, f] = await Promise.all([
        call((api) => api.get(`/api/admin/bookings?date=${d}`, z.array(HubBooking))),
        call((api) => api.get('/api/admin/bookings/feed', BookingFeedStatus)),
      ]);
      if (l) setList(l);
      if (f) setFeed(f);
    },
    [call],
  );
  useEffect(() => void load(date), [load, date]);

  const show = (e: FormEvent) => {
    e.preventDefault();
    void load(date);
  };
  const loadReport = async (e: FormEvent) => {
    e.preventDefault();
    const r = await call((api) => api.get(`/api/admin/bookings/report?from=${range.from}&to=${range.to}`, Report));
    if (r) setReport(r.rows);
  };
  const when = (ms: number) => new Date(ms).toLocaleString(locale, { day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit' });
  const minutes = (m: number | null) => (m === null ? '–' : m.toLocaleString(locale, { maximumFractionDigits: 1 }));

  return (
    <section className="bookings" aria-label={t('bookings.heading')}>
      <h2>{t('bookings.heading')}</h2>
      <p className="note">{t('bookings.note')}</p>
      {feed && (
        <p data-testid="booking-feed">
          <strong>{t('bookings.feed')}:</strong>{' '}
          {!feed.configured
            ? t('bookings.feedOff')
            : [feed.lastPullAt === null ? t('bookings.feedNever') : t('bookings.feedOk', { when: when(feed.lastPullAt), cursor: feed.cursor }), feed.lastError ? t('bookings.feedError', { count: feed.failures, error: feed.lastError }) : null]
                .filter(Boolean)
                .join(' · ')}
        </p>
      )}
      <form className="controls" onSubmit={show}>
        <label>
          {t('bookings.date')} <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
        <button type="submit">{t('bookings.show')}</button>
      </form>
      {list &&
        (list.length === 0 ? (
          <p>{t('bookings.none')}</p>
        ) : (
          <table data-testid="bookings">
            <thead>
              <tr>
                <th>{t('bookings.slot')}</th>
                <th>{t('bookings.code')}</th>
                <th>{t('bookings.service')}</th>
                <th>{t('bookings.status')}</th>
                <th>{t('bookings.ticket')}</th>
                <th>{t('bookings.phone')}</th>
                <th>{t('bookings.conflict')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((b) => (
                <tr key={b.id} data-booking={b.code} className={b.dayClosed ? 'day-closed' : undefined}>
                  <td>
                    {b.slotStart}–{b.slotEnd}
                  </td>
                  <td>
                    <code>{b.code}</code>
                  </td>
                  <td>{b.serviceName}</td>
                  <td>{t(`bookings.statuses.${b.status}`)}</td>
                  <td>{b.ticketDisplay ?? ''}</td>
                  <td>{b.phone ?? ''}</td>
                  <td>{[b.dayClosed ? t('bookings.dayClosed') : null, b.conflict ? t(`bookings.conflicts.${b.conflict}`) : null].filter(Boolean).join(' ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      <h3>{t('bookings.report')}</h3>
      <form className="controls" onSubmit={(e) => void loadReport(e)}>
        <label>
          {t('bookings.from')} <input type="date" value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} />
        </label>
        <label>
          {t('bookings.to')} <input type="date" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} />
        </label>
        <button type="submit">{t('bookings.show')}</button>
      </form>
      {report &&
        (report.length === 0 ? (
          <p>{t('bookings.reportNone')}</p>
        ) : (
          <table data-testid="booking-report">
            <thead>
              <tr>
                <th>{t('bookings.service')}</th>
                <th>{t('bookings.made')}</th>
                <th>{t('bookings.cancelled')}</th>
                <th>{t('bookings.checkedIn')}</th>
                <th>{t('bookings.onTime')}</th>
                <th>{t('bookings.noShows')}</th>
                <th>{t('bookings.waitBooked')}</th>
                <th>{t('bookings.waitWalkIn')}</th>
              </tr>
            </thead>
            <tbody>
              {report.map((r) => (
                <tr key={r.serviceId}>
                  <td>{r.serviceName}</td>
                  <td>{r.made}</td>
                  <td>{r.cancelled}</td>
                  <td>{r.checkedIn}</td>
                  <td>{r.onTime}</td>
                  <td>{r.noShows}</td>
                  <td>{minutes(r.avgWaitBookedMinutes)}</td>
                  <td>{minutes(r.avgWaitWalkInMinutes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}
