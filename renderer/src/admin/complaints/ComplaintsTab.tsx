/**
 * The complaints tab (pengaduan): the supervisor's agency's complaints (an admin's: all), newest
 * first, filtered new / answered / all, each with its contact when the citizen consented, and an
 * answer box under the chosen one. Answering again replaces the answer (the hub audits each).
 */
import './strings.js';
import './complaints.css';
import { Fragment, useCallback, useEffect, useState, type FormEvent } from 'react';
import { Complaint, COMPLAINT_CATEGORY_LABELS, COMPLAINT_FILTERS, ComplaintList, complaintReference, type ComplaintFilter } from '../../../../shared/complaints.js';
import { useAdminT } from '../i18n.js';
import { useAdmin } from '../store.js';
import { refreshComplaintCount } from './newCount.js';

export function ComplaintsTab() {
  const { t, lang, locale } = useAdminT();
  const call = useAdmin((s) => s.call);
  const session = useAdmin((s) => s.session);
  const [filter, setFilter] = useState<ComplaintFilter>('all');
  const [list, setList] = useState<ComplaintList | null>(null);
  const [chosen, setChosen] = useState<number | null>(null);

  const load = useCallback(
    async (f: ComplaintFilter) => {
      const r = await call((api) => api.get(`/api/admin/complaints?status=${f}`, ComplaintList));
      if (r) setList(r);
    },
    [call],
  );
  useEffect(() => void load(filter), [load, filter]);

  const answered = (c: Complaint) => {
    setList((l) => l && { ...l, complaints: l.complaints.map((x) => (x.id === c.id ? c : x)) });
    setChosen(null);
    if (session) void refreshComplaintCount(session);
    void load(filter);
  };

  const when = (ms: number) => new Date(ms).toLocaleString(locale, { day: '2-digit', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

  return (
    <section className="complaints" aria-label={t('complaints.heading')}>
      <h2>
        {t('complaints.heading')}
        {list && list.newCount > 0 && <span className="status-new"> · {t('complaints.newCount', { count: list.newCount })}</span>}
      </h2>
      <p className="note">{t('complaints.note')}</p>
      <div className="controls">
        <label>
          {t('complaints.filter')}
          <select aria-label={t('complaints.filter')} value={filter} onChange={(e) => setFilter(e.target.value as ComplaintFilter)}>
            {COMPLAINT_FILTERS.map((f) => (
              <option key={f} value={f}>
                {t(`complaints.filters.${f}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void load(filter)}>
          {t('complaints.refresh')}
        </button>
      </div>
      {list && (
        <div className="complaint-list">
          <table data-testid="complaints">
            <thead>
              <tr>
                <th>{t('complaints.when')}</th>
                <th>{t('complaints.agency')}</th>
                <th>{t('complaints.category')}</th>
                <th>{t('complaints.text')}</th>
                <th>{t('complaints.contact')}</th>
                <th>{t('complaints.status')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.complaints.map((c) => (
                <Fragment key={c.id}>
                  <tr className={`${c.status === 'new' ? 'new' : ''} ${chosen === c.id ? 'chosen' : ''}`} data-complaint={complaintReference(c.uid)}>
                    <td>
                      {when(c.at)}
                      <span className="sub">{t('complaints.reference', { reference: complaintReference(c.uid) })}</span>
                    </td>
                    <td>
                      {c.agencyName ?? t('complaints.general')}
                      {c.serviceName && <span className="sub">{c.serviceName}</span>}
                      <span className="sub">{c.ticketDisplay ? t('complaints.fromTicket', { ticket: c.ticketDisplay }) : t('complaints.fromKiosk')}</span>
                    </td>
                    <td>{COMPLAINT_CATEGORY_LABELS[c.category][lang]}</td>
                    <td className="text">
                      {c.text}
                      {c.answer && (
                        <span className="sub">
                          <strong>{t('complaints.answer')}:</strong> {c.answer}
                          {c.answeredAt !== null && <> ({t('complaints.answeredBy', { who: c.answeredBy ?? '—', when: when(c.answeredAt) })})</>}
                        </span>
                      )}
                    </td>
                    <td>
                      {c.contact ? (
                        <>
                          {c.contact.name}
                          {c.contact.phone && <span className="sub">{c.contact.phone}</span>}
                          {c.contact.email && <span className="sub">{c.contact.email}</span>}
                        </>
                      ) : (
                        <span className="sub">{t('complaints.anonymous')}</span>
                      )}
                    </td>
                    <td className={c.status === 'new' ? 'status-new' : ''}>{t(`complaints.statuses.${c.status}`)}</td>
                    <td className="actions">
                      <button type="button" onClick={() => setChosen(chosen === c.id ? null : c.id)}>
                        {t('complaints.reply')}
                      </button>
                    </td>
                  </tr>
                  {chosen === c.id && (
                    <tr>
                      <td colSpan={7}>
                        <AnswerBox complaint={c} onDone={answered} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
              {list.complaints.length === 0 && (
                <tr>
                  <td colSpan={7}>{t('complaints.empty')}</td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function AnswerBox({ complaint, onDone }: { complaint: Complaint; onDone: (c: Complaint) => void }) {
  const { t } = useAdminT();
  const call = useAdmin((s) => s.call);
  const [text, setText] = useState(complaint.answer ?? '');
  const [busy, setBusy] = useState(false);
  const label = t('complaints.answerFor', { reference: complaintReference(complaint.uid) });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const r = await call((api) => api.send('POST', `/api/admin/complaints/${complaint.id}/answer`, { answer: text }, Complaint), 'complaints.answered');
    setBusy(false);
    if (r) onDone(r);
  };

  return (
    <form className="answer-box" onSubmit={submit}>
      <label>
        {label}
        <textarea aria-label={label} value={text} maxLength={2000} placeholder={t('complaints.answerPlaceholder')} onChange={(e) => setText(e.target.value)} />
      </label>
      <div className="row">
        <button className="primary" type="submit" disabled={busy || text.trim().length < 5}>
          {complaint.answer ? t('complaints.update') : t('complaints.send')}
        </button>
      </div>
    </form>
  );
}
