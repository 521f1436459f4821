/**
 * Keeps the hub running in its utility process: starts it, and starts it again when it dies, a
 * second later; after five crashes in a minute it waits longer. A hub that cannot start at all
 * (a damaged database file, a full disk, its port taken) says why in one line before it exits
 * (electron/hub/startFailure.ts); when it fails the same way twice in a row before it ever served,
 * restarting cannot help, so the supervisor stops and hands the reason to the app, which shows it.
 * The fork is passed in, so this runs under plain Node in tests.
 */
export interface HubProcess {
  onExit(listener: (code: number | null) => void): void;
  onReady(listener: () => void): void;
  /** the hub's output (stdout and stderr), where a start failure is said */
  onOutput?(listener: (text: string) => void): void;
  kill(): void;
}

/** Why the hub could not start: a stable kind, and what to do in Indonesian and English. */
export interface HubStartFailure {
  kind: string;
  id: string;
  en: string;
}

/** The mark of the line the hub prints (electron/hub/startFailure.ts; not imported: main stays off the hub's modules). */
const FAILED_MARK = 'ANTRE_HUB_FAILED ';
const EN_START = ' / The hub cannot start';

export function parseStartFailure(line: string): HubStartFailure | null {
  const at = line.indexOf(FAILED_MARK);
  if (at < 0) return null;
  const rest = line.slice(at + FAILED_MARK.length).trim();
  const space = rest.indexOf(' ');
  if (space <= 0) return null;
  const kind = rest.slice(0, space);
  const text = rest.slice(space + 1);
  const split = text.indexOf(EN_START);
  return split < 0 ? { kind, id: text, en: text } : { kind, id: text.slice(0, split), en: text.slice(split + 3) };
}

export interface SupervisorOptions {
  fork: () => HubProcess;
  log: (line: string) => void;
  /** the hub failed the same way twice at start and is no longer restarted */
  onGiveUp?: (reason: HubStartFailure) => void;
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
  /** the previous run's start failure, when it never served */
  private lastStartFailure: HubStartFailure | null = null;
  /** set when the supervisor gave up: the reason shown to the user */
  gaveUp: HubStartFailure | null = null;
  starts = 0;

  constructor(private readonly opts: SupervisorOptions) {}

  get running(): boolean {
    return this.child !== null;
  }

  onReady(listener: () => void): void {
    this.readyListeners.push(listener);
  }

  /** Starts the hub (again after a give-up, once the user has fixed the cause). */
  start(): void {
    if (this.stopping || this.child) return;
    this.gaveUp = null;
    this.starts += 1;
    const child = this.opts.fork();
    this.child = child;
    let served = false;
    let failure: HubStartFailure | null = null;
    let partial = '';
    child.onReady(() => {
      served = true;
      this.lastStartFailure = null;
      this.readyListeners.forEach((l) => l());
    });
    child.onOutput?.((text) => {
      const lines = (partial + text).split(/\r?\n/);
      partial = lines.pop() ?? '';
      for (const line of lines) failure = parseStartFailure(line) ?? failure;
    });
    child.onExit((code) => {
      if (this.child !== child) return;
      this.child = null;
      if (this.stopping) return;
      if (partial) failure = parseStartFailure(partial) ?? failure;
      if (!served && failure) {
        if (this.lastStartFailure?.kind === failure.kind) {
          this.gaveUp = failure;
          this.opts.log(`Antre hub failed to start twice (${failure.kind}); not restarting: ${failure.en}`);
          this.opts.onGiveUp?.(failure);
          return;
        }
        this.lastStartFailure = failure;
      } else if (!served) {
        this.lastStartFailure = null;
      }
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
