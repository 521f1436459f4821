/**
 * Opening weeks a service keeps, built the same way by the hub (seed, defaults) and the admin
 * screen. Free of zod and Node so the renderer can use it without pulling the schemas in.
 */
import type { WeeklyHours } from './site.js';

/** Same opening hours Monday to Friday, closed at the weekend: the usual MPP week. */
export function weekdayHours(open: string, close: string, saturday?: [string, string]): WeeklyHours {
  const day = [{ open, close }];
  return [[], day, day, day, day, day, saturday ? [{ open: saturday[0], close: saturday[1] }] : []];
}

/** The same hours on all seven days. */
export function everyDayHours(open: string, close: string): WeeklyHours {
  return Array.from({ length: 7 }, () => [{ open, close }]);
}

export const ALWAYS_OPEN: WeeklyHours = everyDayHours('00:00', '24:00');
