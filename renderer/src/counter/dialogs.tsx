/**
 * The desk's dialogs: transfer to a service (searched by typing), a break and a cancellation, each
 * with numbered reasons that answer to the number keys. Esc closes each.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCounter } from './store.js';

/** Number keys pick a reason (outside text fields), Esc closes. */
function useDialogKeys(count: number, pick: (i: number) => void, onClose: () => void): void {
  const latest = useRef({ count, pick, onClose });
  latest.current = { count, pick, onClose };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        latest.current.onClose();
        return;
      }
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
      const n = Number(e.key);
      if (/^[1-9]$/.test(e.key) && n <= latest.current.count) {
        e.preventDefault();
        latest.current.pick(n - 1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function TransferDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const catalogue = useCounter((s) => s.catalogue);
  const held = useCounter((s) => s.view?.currentTicket);
  const act = useCounter((s) => s.act);
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const options = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (catalogue?.agencies ?? [])
      .flatMap((a) => a.services.map((s) => ({ id: s.id, name: s.name, prefix: s.prefix, agency: a.shortName })))
      .filter((s) => s.id !== held?.serviceId)
      .filter((s) => !q || `${s.name} ${s.agency} ${s.prefix}`.toLowerCase().includes(q));
  }, [catalogue, query, held?.serviceId]);
  const choose = (id: number) => {
    onClose();
    void act('transfer', { serviceId: id });
  };
  useDialogKeys(0, () => {}, onClose);
  return (
    <div className="dialog" role="dialog" aria-label={t('counter.transferTitle', { number: held?.display ?? '' })}>
      <div className="panel">
        <h2>{t('counter.transferTitle', { number: held?.display ?? '' })}</h2>
        <input
          autoFocus
          placeholder={t('counter.transferSearch')}
          aria-label={t('counter.transferSearch')}
          value={query}
          onChange={(e) => (setQuery(e.target.value), setIndex(0))}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') setIndex((i) => Math.min(i + 1, options.length - 1));
            if (e.key === 'ArrowUp') setIndex((i) => Math.max(i - 1, 0));
            if (e.key === 'Enter' && options[index]) choose(options[index].id);
          }}
        />
        <ul className="options">
          {options.slice(0, 12).map((o, i) => (
            <li key={o.id}>
              <button className={i === index ? 'on' : ''} onClick={() => choose(o.id)}>
                <b>{o.prefix}</b> {o.name} <span>{o.agency}</span>
              </button>
            </li>
          ))}
        </ul>
        <button className="link close" onClick={onClose}>
          {t('counter.cancel')} (Esc)
        </button>
      </div>
    </div>
  );
}

/** Numbered reasons, each a large button; 1–9 on the keyboard. */
function Reasons({ reasons, pick }: { reasons: string[]; pick: (i: number) => void }) {
  return (
    <ol className="reasons">
      {reasons.map((r, i) => (
        <li key={r}>
          <button autoFocus={i === 0} onClick={() => pick(i)}>
            <kbd>{i + 1}</kbd> {r}
          </button>
        </li>
      ))}
    </ol>
  );
}

export function PauseDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const act = useCounter((s) => s.act);
  const reasons = t('counter.pauseReasons').split('|');
  const pick = (i: number) => {
    onClose();
    void act('pause', { reason: reasons[i]! });
  };
  useDialogKeys(reasons.length, pick, onClose);
  return (
    <div className="dialog" role="dialog" aria-label={t('counter.pauseTitle')}>
      <div className="panel">
        <h2>{t('counter.pauseTitle')}</h2>
        <p className="hint">{t('counter.numberKeys')}</p>
        <Reasons reasons={reasons} pick={pick} />
        <button className="link close" onClick={onClose}>
          {t('counter.cancel')} (Esc)
        </button>
      </div>
    </div>
  );
}

export function CancelDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const act = useCounter((s) => s.act);
  const held = useCounter((s) => s.view?.currentTicket);
  const [other, setOther] = useState('');
  const reasons = t('counter.cancelReasons').split('|');
  const send = (reason: string) => {
    onClose();
    void act('cancel', { reason });
  };
  const pick = (i: number) => send(reasons[i]!);
  useDialogKeys(reasons.length, pick, onClose);
  const title = t('counter.cancelTitle', { number: held?.display ?? '' });
  return (
    <div className="dialog" role="dialog" aria-label={title}>
      <div className="panel">
        <h2>{title}</h2>
        <p className="hint">{t('counter.numberKeys')}</p>
        <Reasons reasons={reasons} pick={pick} />
        <form
          className="other"
          onSubmit={(e) => {
            e.preventDefault();
            if (other.trim()) send(other.trim());
          }}
        >
          <input name="reason" maxLength={200} placeholder={t('counter.cancelOther')} aria-label={t('counter.cancelOther')} value={other} onChange={(e) => setOther(e.target.value)} />
          <button type="submit" disabled={!other.trim()}>
            {t('counter.cancelOtherSend')}
          </button>
        </form>
        <button className="link close" onClick={onClose}>
          {t('counter.cancel')} (Esc)
        </button>
      </div>
    </div>
  );
}
