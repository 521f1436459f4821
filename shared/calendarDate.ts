/**
 * A calendar date as it travels (YYYY-MM-DD): every date that enters the hub (closures, report
 * ranges, a day reopened, a business date a screen reports) goes through this one schema, so
 * 2026-02-31 or 2026-13-01 is refused at the door instead of matching no day, or the wrong one.
 */
import { z } from 'zod';

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real day of the Gregorian calendar, written YYYY-MM-DD. */
export function isCalendarDate(s: string): boolean {
  const m = SHAPE.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  // The Date rolls 02-31 over into March: a real date comes back as itself. setUTCFullYear, not
  // Date.UTC, which reads years 0-99 as 1900-1999.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

export const CalendarDate = z.string().refine(isCalendarDate, { message: 'a real calendar date, YYYY-MM-DD' });
export type CalendarDate = z.infer<typeof CalendarDate>;
