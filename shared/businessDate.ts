import { MONTHS_ID, WEEKDAYS_ID } from './domain.js';

/**
 * Business dates and local times in the site's IANA time zone, never the machine's.
 * Uses Intl only, so it runs in Node, in the renderer and on an old TV browser alike.
 */

export interface LocalParts {
  /** YYYY-MM-DD in the site's zone: the business date. */
  date: string;
  /** 0 = Minggu … 6 = Sabtu */
  weekday: number;
  /** minutes since local midnight */
  minuteOfDay: number;
  /** HH:MM */
  time: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAY_INDEX: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

// Everything here depends only on the minute: the hub asks many times per request, so the last
// answer per zone is kept.
const lastParts = new Map<string, { minute: number; parts: Readonly<LocalParts> }>();

export function localParts(epochMs: number, timeZone: string): Readonly<LocalParts> {
  const minute = Math.floor(epochMs / 60_000);
  const hit = lastParts.get(timeZone);
  if (hit && hit.minute === minute) return hit.parts;
  const result = Object.freeze(computeLocalParts(epochMs, timeZone));
  lastParts.set(timeZone, { minute, parts: result });
  return result;
}

function computeLocalParts(epochMs: number, timeZone: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(epochMs))) parts[p.type] = p.value;
  const hour = Number(parts.hour) % 24;
  const minute = Number(parts.minute);
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAY_INDEX[parts.weekday ?? 'Sun'] ?? 0,
    minuteOfDay: hour * 60 + minute,
    time: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`,
  };
}

export function businessDate(epochMs: number, timeZone: string): string {
  return localParts(epochMs, timeZone).date;
}

/** "2026-11-23" → "Senin, 23 November 2026": how dates are written for citizens. */
export function formatIndonesianDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  // Noon UTC of that date has the same calendar date everywhere in Indonesia.
  const weekday = new Date(Date.UTC(y, m - 1, d, 12)).getUTCDay();
  return `${WEEKDAYS_ID[weekday]}, ${d} ${MONTHS_ID[m - 1]} ${y}`;
}

/** "08:30" → 510 */
export function parseHhMm(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** The zone as Indonesians name it on a ticket or a clock: WIB, WITA, WIT (or the offset elsewhere). */
export function zoneAbbreviation(timeZone: string): string {
  const known: Record<string, string> = {
    'Asia/Jakarta': 'WIB',
    'Asia/Pontianak': 'WIB',
    'Asia/Makassar': 'WITA',
    'Asia/Jayapura': 'WIT',
  };
  if (known[timeZone]) return known[timeZone];
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' })
    .formatToParts(new Date())
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}
