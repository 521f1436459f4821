/**
 * Tells the hub that a screen hit an error it recovered from (POST /api/client-errors): the hub
 * logs it and raises the `screen_error` alarm on the admin overview, so a kiosk that quietly went
 * back home is still seen by the IT person. Best effort: never throws, never waits for long, at
 * most a few reports a minute from one page (a fault that repeats on every render must not flood
 * the hub).
 */
import type { ClientErrorReport } from '../../../shared/health.js';
import { hubCall } from './hub.js';

const PER_MINUTE = 5;
const sent: number[] = [];

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function reportClientError(screen: ClientErrorReport['screen'], err: unknown, where?: string): void {
  const now = Date.now();
  while (sent.length > 0 && now - sent[0]! > 60_000) sent.shift();
  if (sent.length >= PER_MINUTE) return;
  sent.push(now);
  const e = err instanceof Error ? err : new Error(String(err));
  const report: ClientErrorReport = {
    screen,
    message: clip(`${e.name}: ${e.message}`, 500),
    ...(e.stack ? { stack: clip(e.stack, 4000) } : {}),
    ...(where ? { where: clip(where, 200) } : {}),
    url: clip(typeof location === 'undefined' ? '' : location.pathname + location.search, 300),
  };
  hubCall('POST', '/api/client-errors', report).catch(() => {
    // The hub is away or refuses: the screen has already recovered; nothing more to do.
  });
}
