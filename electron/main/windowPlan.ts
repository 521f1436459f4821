/**
 * Which windows a machine opens, where, and how: from its roles and the monitors attached. Pure, so
 * the choice of monitor is tested without Electron; index.ts turns the plan into BrowserWindows and
 * plans again when monitors come and go.
 */
import type { MachineSetup, Monitor } from '../../shared/machine.js';

export interface WindowSpec {
  role: 'kiosk' | 'counter' | 'display' | 'hub' | 'setup';
  /** path under the app:// origin, e.g. /display?zone=Lantai%202 */
  path: string;
  monitorId: number;
  bounds: { x: number; y: number; width: number; height: number };
  fullscreen: boolean;
  /** locked: full screen, no way out but the admin PIN */
  kiosk: boolean;
}

type Preference = 'touch' | 'secondary' | 'primary';

/** The configured monitor if it is attached, else the best one for the purpose. */
export function chooseMonitor(monitors: readonly Monitor[], wanted: number | null, prefer: Preference, avoid: number | null = null): Monitor {
  if (monitors.length === 0) throw new Error('no monitor');
  const byId = wanted === null ? undefined : monitors.find((m) => m.id === wanted);
  if (byId) return byId;
  const primary = monitors.find((m) => m.primary) ?? monitors[0]!;
  const free = monitors.filter((m) => m.id !== avoid);
  if (prefer === 'touch') return free.find((m) => m.touch) ?? monitors.find((m) => m.touch) ?? primary;
  // A hall TV is the monitor that is not the operator's (usually the second one).
  if (prefer === 'secondary') return free.find((m) => !m.primary) ?? free[0] ?? primary;
  return primary;
}

function centred(m: Monitor, width: number, height: number): WindowSpec['bounds'] {
  const w = Math.min(width, m.bounds.width);
  const h = Math.min(height, m.bounds.height);
  return { x: m.bounds.x + Math.round((m.bounds.width - w) / 2), y: m.bounds.y + Math.round((m.bounds.height - h) / 2), width: w, height: h };
}

export function planWindows(setup: MachineSetup | null, monitors: readonly Monitor[]): WindowSpec[] {
  const primary = chooseMonitor(monitors, null, 'primary');
  if (!setup) return [{ role: 'setup', path: '/setup', monitorId: primary.id, bounds: centred(primary, 1100, 800), fullscreen: false, kiosk: false }];
  const plan: WindowSpec[] = [];
  let kioskMonitor: number | null = null;
  if (setup.roles.includes('kiosk')) {
    const m = chooseMonitor(monitors, setup.kioskMonitor, 'touch');
    kioskMonitor = m.id;
    plan.push({ role: 'kiosk', path: '/kiosk', monitorId: m.id, bounds: { ...m.bounds }, fullscreen: true, kiosk: true });
  }
  if (setup.roles.includes('display')) {
    // Never on the kiosk's touchscreen when another monitor exists.
    const m = chooseMonitor(monitors, setup.displayMonitor, 'secondary', kioskMonitor);
    plan.push({ role: 'display', path: `/display${setup.displayQuery ? `?${setup.displayQuery}` : ''}`, monitorId: m.id, bounds: { ...m.bounds }, fullscreen: true, kiosk: false });
  }
  if (setup.roles.includes('counter')) {
    plan.push({ role: 'counter', path: '/counter', monitorId: primary.id, bounds: centred(primary, 1366, 768), fullscreen: false, kiosk: false });
  }
  // A machine that is only the hub shows its status page, as a normal window.
  if (plan.length === 0) plan.push({ role: 'hub', path: '/', monitorId: primary.id, bounds: centred(primary, 1100, 800), fullscreen: false, kiosk: false });
  return plan;
}
