/**
 * Keeps the hub running in its utility process: starts it, and starts it again when it dies, a
 * second later; after five crashes in a minute it waits longer (a hub that cannot start, e.g. its
 * port is taken, must not spin). The fork is passed in, so this runs under plain Node in tests.
 */
export interface HubProcess {
  onExit(listener: (code: number | null) => void): void;
  onReady(listener: () => void): void;
  kill(): void;
}

export interface SupervisorOptions {
  fork: () => HubProcess;
  log: (line: string) => void;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  restartDelayMs?: number;
  crashLoopDelayMs?: number;
}

export class HubSupervisor {
  private child: HubProcess | null = null;
  private stopping = false;
  private crashes: number[] = [];
  private readyListeners: (() => void)[] = [];
  starts = 0;

  constructor(private readonly opts: SupervisorOptions) {}

  get running(): boolean {
    return this.child !== null;
  }

  onReady(listener: () => void): void {
    this.readyListeners.push(listener);
  }

  start(): void {
    if (this.stopping || this.child) return;
    this.starts += 1;
    const child = this.opts.fork();
    this.child = child;
    child.onReady(() => this.readyListeners.forEach((l) => l()));
    child.onExit((code) => {
      if (this.child !== child) return;
      this.child = null;
      if (this.stopping) return;
      const now = (this.opts.now ?? Date.now)();
      this.crashes = [...this.crashes.filter((t) => now - t < 60_000), now];
      const loop = this.crashes.length >= 5;
      const delay = loop ? (this.opts.crashLoopDelayMs ?? 30_000) : (this.opts.restartDelayMs ?? 1000);
      this.opts.log(`Antre hub exited (${code}); restarting in ${delay} ms${loop ? ' (crashing repeatedly)' : ''}`);
      (this.opts.setTimer ?? setTimeout)(() => this.start(), delay);
    });
  }

  stop(): void {
    this.stopping = true;
    this.child?.kill();
    this.child = null;
  }
}
