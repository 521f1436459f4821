/**
 * The kiosk's on-screen keyboard (a kiosk has none of its own): QWERTY letters, the digits, space
 * and backspace, in large keys that fill the width, ten to a row. The field it types into has
 * "Hapus" (clear) beside it.
 */
import { useTranslation } from 'react-i18next';

const ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'] as const;

export function Keyboard({ onType, onBackspace }: { onType: (text: string) => void; onBackspace: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="keyboard" role="group" aria-label={t('kioskHome.keyboard')}>
      {ROWS.map((row, r) => (
        <div className="keys" key={row}>
          {[...row].map((k) => (
            <button key={k} type="button" className="key" data-key={k} onClick={() => onType(k)}>
              {k.toUpperCase()}
            </button>
          ))}
          {r === 2 && (
            <button type="button" className="key wide backspace" aria-label={t('kioskHome.backspace')} data-key="backspace" onClick={onBackspace}>
              ⌫
            </button>
          )}
          {r === 3 && (
            <button type="button" className="key space" data-key="space" onClick={() => onType(' ')}>
              {t('kioskHome.space')}
            </button>
          )}
        </div>
      ))}
    </div>
  );
}
