/**
 * A week of opening hours with up to four ranges a day (e.g. Jumat 08:00–11:30 and 13:00–15:00),
 * Senin first. Every field is labelled with its day and range ("Jumat buka 2"), so a person (and a
 * test) finds it by what it says. Times are typed as HH:MM ("24:00" for midnight); the hub refuses
 * ranges that close before they open or overlap.
 */
import type { WeeklyHours } from '../../../../shared/site.js';
import { useAdminT } from '../i18n.js';
import './strings.js';

const ORDER = [1, 2, 3, 4, 5, 6, 0];
const MAX_RANGES = 4;

export function HoursEditor({ value, onChange }: { value: WeeklyHours; onChange: (hours: WeeklyHours) => void }) {
  const { t } = useAdminT();
  const days = t('calendar.days', { returnObjects: true }) as string[];
  const setDay = (weekday: number, ranges: WeeklyHours[number]) => onChange(value.map((d, i) => (i === weekday ? ranges : d)));
  return (
    <div className="hours-editor">
      {ORDER.map((weekday) => {
        const day = days[weekday]!;
        const ranges = value[weekday] ?? [];
        return (
          <div className="hours-day" key={weekday} data-weekday={weekday}>
            <span className="day-name">{day}</span>
            {ranges.length === 0 && <span className="closed-day">{t('calendar.closedDay')}</span>}
            {ranges.map((r, i) => (
              <span className="range" key={i}>
                <input
                  aria-label={t('calendar.open', { day, n: i + 1 })}
                  value={r.open}
                  size={5}
                  inputMode="numeric"
                  placeholder="08:00"
                  onChange={(e) => setDay(weekday, ranges.map((x, j) => (j === i ? { ...x, open: e.target.value.trim() } : x)))}
                />
                –
                <input
                  aria-label={t('calendar.close', { day, n: i + 1 })}
                  value={r.close}
                  size={5}
                  inputMode="numeric"
                  placeholder="15:00"
                  onChange={(e) => setDay(weekday, ranges.map((x, j) => (j === i ? { ...x, close: e.target.value.trim() } : x)))}
                />
                <button type="button" className="icon" aria-label={t('calendar.removeRange', { day, n: i + 1 })} title={t('calendar.removeRange', { day, n: i + 1 })} onClick={() => setDay(weekday, ranges.filter((_, j) => j !== i))}>
                  ×
                </button>
              </span>
            ))}
            {ranges.length < MAX_RANGES && (
              <button
                type="button"
                className="icon"
                aria-label={t('calendar.addRange', { day })}
                title={t('calendar.addRange', { day })}
                onClick={() => setDay(weekday, [...ranges, ranges.length === 0 ? { open: '08:00', close: '15:00' } : { open: '', close: '' }])}
              >
                +
              </button>
            )}
          </div>
        );
      })}
      <button type="button" onClick={() => onChange(value.map((d, i) => (i >= 2 && i <= 5 ? (value[1] ?? []).map((r) => ({ ...r })) : d)))}>
        {t('calendar.copyMonday')}
      </button>
    </div>
  );
}
