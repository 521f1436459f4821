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

/**
 * The first instant (epoch ms) of the business date after the one containing `epochMs`.
 * Indonesian zones have no daylight saving, but this does not assume it: it searches forward
 * for the minute where the local date changes.
 */
export function nextBusinessDayStart(epochMs: number, timeZone: string): number {
  const today = businessDate(epochMs, timeZone);
  const { minuteOfDay } = localParts(epochMs, timeZone);
  // Jump close to local midnight, then step by minutes to land on it exactly.
  let t = Math.floor(epochMs / 60_000) * 60_000 + (24 * 60 - minuteOfDay - 2) * 60_000;
  while (businessDate(t, timeZone) === today) t += 60_000;
  while (businessDate(t - 60_000, timeZone) !== today) t -= 60_000;
  return t;
}

/** "08:30" → 510 */
export function parseHhMm(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}
