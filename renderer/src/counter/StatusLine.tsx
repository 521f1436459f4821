/**
 * What the screen has to say: the connection lost, the hub's refusal (or a lost answer), else the
 * short confirmation of the last action, which goes by itself. A refusal stays until clicked or
 * the next action.
 */
import { useTranslation } from 'react-i18next';
import { useCounter } from './store.js';
import { lang } from './word.js';

export function StatusLine() {
  const { t, i18n } = useTranslation();
  const message = useCounter((s) => s.message);
  const toast = useCounter((s) => s.toast);
  const connection = useCounter((s) => s.connection);
  const dismiss = useCounter((s) => s.dismiss);
  const l = lang(i18n.language);
  return (
    <div className="status-line">
      {connection === 'down' && (
        <div className="msg refused" role="alert" data-testid="offline">
          {t('counter.offline')}
        </div>
      )}
      {message ? (
        <div className={`msg ${message.kind}`} role="alert" data-testid="message" onClick={dismiss}>
          {message.text[l]}
        </div>
      ) : (
        toast && (
          <div key={toast.seq} className="msg toast" role="status" data-testid="toast">
            {toast.text[l]}
          </div>
        )
      )}
    </div>
  );
}
