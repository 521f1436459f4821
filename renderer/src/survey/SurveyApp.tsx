/**
 * The Survei Kepuasan Masyarakat page: on a tablet facing the citizen at a counter
 * (/survey?counter=3 shows the ticket just finished there), or at the kiosk where the citizen types
 * the number on their ticket (/survey). The nine elements of Permenpan RB 14/2017 on a 4-point
 * scale, or one tap when the site chose the short form.
 */
import { useEffect, useState } from 'react';
import { IKM_ELEMENTS, IKM_SCALE } from '../../../shared/ikm.js';
import { hubCall, HubRefusal } from '../api/hub.js';
import './survey.css';

interface SurveyTicket {
  ticketId: number;
  display: string;
  serviceName: string;
  eligible: boolean;
  form: 'full' | 'short';
}

export function SurveyApp() {
  const counter = new URLSearchParams(location.search).get('counter');
  const [ticket, setTicket] = useState<SurveyTicket | null>(null);
  const [number, setNumber] = useState('');
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [thanks, setThanks] = useState(false);

  // At a counter: follow the latest finished ticket there.
  useEffect(() => {
    if (!counter) return;
    const load = () => hubCall<{ ticket: SurveyTicket | null }>('GET', `/api/survey/latest?counterId=${Number(counter)}`).then((r) => !thanks && setTicket(r.ticket), () => {});
    void load();
    const timer = setInterval(load, 3000);
    return () => clearInterval(timer);
  }, [counter, thanks]);

  const find = async () => {
    setMessage(null);
    try {
      const t = await hubCall<SurveyTicket>('GET', `/api/survey/ticket?number=${encodeURIComponent(number.trim().toUpperCase())}`);
      if (!t.eligible) setMessage('Tiket ini belum selesai dilayani atau sudah mengisi survei.');
      else setTicket(t);
    } catch (err) {
      setMessage(err instanceof HubRefusal ? err.text.id : 'Server antrean tidak menjawab.');
    }
  };
  const send = async (body: unknown) => {
    try {
      await hubCall('POST', '/api/survey', body);
      setThanks(true);
      setTicket(null);
      setAnswers({});
      setTimeout(() => setThanks(false), 6000);
    } catch (err) {
      setMessage(err instanceof HubRefusal ? err.text.id : 'Server antrean tidak menjawab.');
    }
  };

  if (thanks) return <main className="survey thanks">Terima kasih atas penilaian Anda!</main>;
  if (!ticket) {
    return (
      <main className="survey">
        <h1>Survei Kepuasan Masyarakat</h1>
        {counter ? (
          <p>Survei akan muncul setelah layanan Anda selesai.</p>
        ) : (
          <div className="find">
            <label>
              Nomor antrean Anda
              <input value={number} placeholder="A-012" onChange={(e) => setNumber(e.target.value)} />
            </label>
            <button onClick={() => void find()}>Mulai survei</button>
          </div>
        )}
        {message && <p className="error">{message}</p>}
      </main>
    );
  }
  return (
    <main className="survey">
      <h1>Bagaimana layanan kami?</h1>
      <p className="which">
        Tiket <b>{ticket.display}</b> · {ticket.serviceName}
      </p>
      {ticket.form === 'short' ? (
        <div className="scale">
          {IKM_SCALE.map((s) => (
            <button key={s.value} onClick={() => void send({ form: 'short', ticketId: ticket.ticketId, value: s.value })}>
              {s.id}
            </button>
          ))}
        </div>
      ) : (
        <>
          {IKM_ELEMENTS.map((e) => (
            <div key={e.code} className="element" role="radiogroup" aria-label={e.id}>
              <div className="q">{e.id}</div>
              <div className="scale">
                {IKM_SCALE.map((s) => (
                  <button key={s.value} role="radio" aria-checked={answers[e.code] === s.value} className={answers[e.code] === s.value ? 'on' : ''} onClick={() => setAnswers({ ...answers, [e.code]: s.value })}>
                    {s.id}
                  </button>
                ))}
              </div>
            </div>
          ))}
          <button className="send" disabled={Object.keys(answers).length < IKM_ELEMENTS.length} onClick={() => void send({ form: 'full', ticketId: ticket.ticketId, answers })}>
            Kirim penilaian
          </button>
        </>
      )}
      {message && <p className="error">{message}</p>}
    </main>
  );
}
