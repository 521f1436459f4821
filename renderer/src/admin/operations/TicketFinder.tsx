/**
 * Find a ticket by the number the citizen shows (today, or a chosen date): where it belongs, what
 * happened to it (issued, printed, called at which counter by whom…), and, for today's open
 * tickets, reprint it, call it at a counter, or cancel it with a reason.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { TicketDetail } from '../../../../shared/operations.js';
import { PrinterList, PrintReply, type PrinterInfo } from '../../../../shared/printing.js';
import { adminApi } from '../api.js';
import { bilingual, useAdminT } from '../i18n.js';
import { today, useAdmin } from '../store.js';
import { ConfirmDialog } from './ConfirmDialog.js';

const OPEN = new Set(['waiting', 'called', 'serving', 'no_show']);
const CALLABLE = new Set(['waiting', 'no_show']);

export function TicketFinder() {
  const { t } = useAdminT();
  const call = useAdmin((s) => s.call);
  const [number, setNumber] = useState('');
  const [date, setDate] = useState(today());
  const [found, setFound] = useState<TicketDetail | null>(null);

  const find = async (e: FormEvent) => {
    e.preventDefault();
    setFound(null);
    const params = new URLSearchParams({ number: number.trim(), ...(date && date !== today() ? { date } : {}) });
    const r = await call((api) => api.get(`/api/admin/tickets?${params}`, TicketDetail));
    if (r) {
      setFound(r);
      // a refusal of the previous search no longer applies
      useAdmin.setState({ notice: null });
    }
  };

  return (
    <section aria-label={t('operations.finder.heading')} className="ops-wide">
      <h2>{t('operations.finder.heading')}</h2>
      <form className="row" role="search" onSubmit={(e) => void find(e)}>
        <label>
          {t('operations.finder.number')}
          <input name="number" value={number} required maxLength={20} placeholder={t('operations.finder.numberHint')} onChange={(e) => setNumber(e.target.value)} />
        </label>
        <label>
          {t('operations.finder.date')}
          <input type="date" value={date} max={today()} onChange={(e) => setDate(e.target.value)} />
        </label>
        <button className="primary" type="submit">
          {t('operations.finder.find')}
        </button>
      </form>
      {found && <TicketCard detail={found} onChange={setFound} />}
    </section>
  );
}

function TicketCard({ detail, onChange }: { detail: TicketDetail; onChange: (d: TicketDetail) => void }) {
  const { t, locale } = useAdminT();
  const { ticket } = detail;
  const time = (at: number | null) => (at === null ? '' : new Date(at).toLocaleString(locale, { dateStyle: ticket.businessDate === detail.today ? undefined : 'short', timeStyle: 'short' }));
  const actionable = ticket.businessDate === detail.today && OPEN.has(ticket.status);
  return (
    <div data-testid="ticket-card">
      <div className="row">
        <h3 style={{ margin: 0, fontSize: '1.6em' }}>{ticket.display}</h3>
        <span className={`state ${OPEN.has(ticket.status) ? 'good' : ''}`} data-testid="ticket-status">
          {t(`operations.finder.status.${ticket.status}`)}
        </span>
        <span className="muted">{ticket.businessDate === detail.today ? t('operations.finder.today') : ticket.businessDate}</span>
      </div>
      <dl>
        <dt>{t('operations.finder.service')}</dt>
        <dd>
          {detail.serviceName} · {detail.agencyName}
        </dd>
        {detail.counterLabel && (
          <>
            <dt>{t('operations.finder.counter')}</dt>
            <dd>{detail.counterLabel}</dd>
          </>
        )}
        {ticket.closeReason && (
          <>
            <dt>{t('operations.finder.state')}</dt>
            <dd>{ticket.closeReason}</dd>
          </>
        )}
        <dt>{t('operations.finder.printed')}</dt>
        <dd>
          {t(`operations.finder.printState.${ticket.printState}`)}
          {ticket.printCount > 1 ? ` · ${t('operations.finder.printCount', { count: ticket.printCount })}` : ''}
        </dd>
      </dl>
      <h3 style={{ fontSize: '1em', margin: '.4em 0 0' }}>{t('operations.finder.history')}</h3>
      <ol className="history" data-testid="ticket-history">
        {detail.history.map((h) => (
          <li key={h.seq}>
            <strong>{time(h.at)}</strong> {t(`operations.finder.events.${h.type}`, { defaultValue: h.type })}
            {h.again ? ` (${t('operations.finder.again')})` : ''}
            {h.reprint ? ` (${t('operations.finder.reprintMark')})` : ''}
            {h.counterLabel ? ` ${t('operations.finder.at', { counter: h.counterLabel })}` : ''}
            {h.officerName ? ` ${t('operations.finder.by', { who: h.officerName })}` : h.deviceName ? ` ${t('operations.finder.on', { device: h.deviceName })}` : ''}
            {h.detail ? ` — ${h.detail}` : ''}
          </li>
        ))}
      </ol>
      {actionable ? <TicketActions detail={detail} onChange={onChange} /> : <p className="muted">{ticket.businessDate === detail.today ? t('operations.finder.notOpen') : t('operations.finder.notToday')}</p>}
    </div>
  );
}

function TicketActions({ detail, onChange }: { detail: TicketDetail; onChange: (d: TicketDetail) => void }) {
  const { t } = useAdminT();
  const call = useAdmin((s) => s.call);
  const notify = useAdmin((s) => s.notify);
  const session = useAdmin((s) => s.session);
  const { ticket } = detail;
  const [printers, setPrinters] = useState<PrinterInfo[]>([]);
  const [printer, setPrinter] = useState('');
  const [counterId, setCounterId] = useState('');
  const [cancelling, setCancelling] = useState(false);
  useEffect(() => {
    adminApi(session ?? '')
      .get('/api/admin/printers', PrinterList)
      .then((list) => setPrinters(list.filter((p) => p.config !== null)), () => {});
  }, [session]);
  const again = async () => {
    const r = await call((api) => api.get(`/api/admin/tickets?${new URLSearchParams({ number: ticket.display, date: ticket.businessDate })}`, TicketDetail));
    if (r) onChange(r);
  };

  const reprint = async () => {
    const body = printer === '' ? {} : { printerDevice: printer === 'local' ? 'local' : Number(printer) };
    const r = await call((api) => api.send('POST', `/api/tickets/${ticket.id}/reprint`, body, PrintReply));
    if (!r) return;
    notify(r.result.outcome === 'failed' ? 'error' : 'ok', bilingual('operations.finder.reprinted', { ticket: ticket.display, outcome: bilingual(`devices.printers.outcomes.${r.result.outcome}`) }));
    void again();
  };
  const callAt = async (e: FormEvent) => {
    e.preventDefault();
    const counter = detail.counters.find((c) => String(c.id) === counterId);
    if (!counter) return;
    const r = await call(
      (api) => api.send('POST', `/api/admin/tickets/${ticket.id}/call`, { counterId: counter.id }, TicketDetail),
      'operations.finder.called',
      { ticket: ticket.display, counter: counter.label },
    );
    if (r) onChange(r);
  };

  return (
    <div className="row" aria-label={t('operations.finder.actions')} role="group">
      <label>
        {t('operations.finder.printer')}
        <select value={printer} onChange={(e) => setPrinter(e.target.value)}>
          <option value="">{t('operations.finder.issuingKiosk')}</option>
          {printers.map((p) => (
            <option key={p.deviceId ?? 'local'} value={p.deviceId ?? 'local'}>
              {p.deviceName}
            </option>
          ))}
        </select>
      </label>
      <button onClick={() => void reprint()}>{t('operations.finder.reprint')}</button>
      {CALLABLE.has(ticket.status) && (
        <form className="row" onSubmit={(e) => void callAt(e)}>
          <label>
            {t('operations.finder.callAt')}
            <select value={counterId} required onChange={(e) => setCounterId(e.target.value)}>
              <option value="">{t('operations.finder.chooseCounter')}</option>
              {detail.counters.map((c) => (
                <option key={c.id} value={c.id} disabled={c.state !== 'open' || c.busy}>
                  {c.label} ({c.busy ? t('operations.finder.busy') : t(`operations.finder.counterState.${c.state}`)})
                </option>
              ))}
            </select>
          </label>
          <button type="submit">{t('operations.finder.call')}</button>
        </form>
      )}
      <button onClick={() => setCancelling(true)}>{t('operations.finder.cancel')}</button>
      {cancelling && (
        <ConfirmDialog
          title={t('operations.finder.cancelTitle', { ticket: ticket.display })}
          text={t('operations.finder.cancelText')}
          confirm={t('operations.finder.cancelConfirm')}
          reason={{ label: t('operations.finder.cancelReason'), required: true }}
          onConfirm={async (reason) => {
            const r = await call((api) => api.send('POST', `/api/admin/tickets/${ticket.id}/cancel`, { reason }, TicketDetail), 'operations.finder.cancelled', { ticket: ticket.display });
            if (r) onChange(r);
            return r !== null;
          }}
          onClose={() => setCancelling(false)}
        />
      )}
    </div>
  );
}
