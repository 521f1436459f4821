/**
 * A long-lived worker thread for the hub's heavy reads (a year's report, its XLSX), with its own
 * read-only connection to the database file. The hub is one event loop and better-sqlite3 is
 * synchronous: a 3-second query on the main thread is a 3-second stall for every kiosk. In WAL
 * mode a read-only connection in another thread reads concurrently with the hub's writes and
 * sees every committed change.
 *
 * One worker, kept alive (its connection and compiled statements are reused), one request at a
 * time (the worker is synchronous; requests queue in its message port). The queue is bounded:
 * beyond `maxPending` requests the caller's `busy()` error is thrown at once, so an admin pressing
 * "download" twenty times cannot build a backlog of minutes.
 *
 * The worker is a module next to its caller: `.ts` when the hub runs from source (tsx, the
 * tests), `.js` in the compiled app (dist/app, also inside Electron's app.asar, which worker
 * threads can read since Electron 17.3).
 */
import { readlinkSync } from 'node:fs';
import { constants, setPriority } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** What travels back from the worker. */
export type WorkerAnswer<T> = { id: number; ok: true; value: T } | { id: number; ok: false; error: { code?: string; message: string } };

export interface ReadWorkerOptions {
  /** the worker module (see `siblingModule`) */
  module: URL;
  /** the database file the worker opens read-only */
  file: string;
  /** requests running or waiting; one more is refused with `busy()` */
  maxPending: number;
  busy: () => Error;
}

/** `./name.ts` beside the caller when it runs from source, `./name.js` when compiled. */
export function siblingModule(callerUrl: string, name: string): URL {
  return new URL(`./${name}${extname(fileURLToPath(callerUrl)) === '.ts' ? '.ts' : '.js'}`, callerUrl);
}

/**
 * From source, the worker registers tsx's loader itself before importing its module: Node 20 does
 * not apply a loader given to a worker as `--import` in its execArgv, and a test runner's process
 * has none to pass on. (tsx is a development dependency; the compiled app never comes here.)
 */
function fromSourceBootstrap(module: URL): string {
  const tsx = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); });`;
}

/**
 * Called by a worker at its start: the kiosks come first. On a hub PC with two cores the report's
 * thread otherwise takes its share of the CPU from the event loop that answers them. Linux lets a
 * thread lower its own priority (its id from /proc/thread-self); elsewhere there is no per-thread
 * call in Node and the worker runs at the hub's priority.
 */
export function yieldToTheHub(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, constants.priority.PRIORITY_LOW);
  } catch {
    // not Linux, or not allowed: the same priority as the hub
  }
}

/** An error rebuilt from the worker's answer, keeping SQLite's code (SQLITE_CORRUPT raises the alarm). */
function workerError(e: { code?: string; message: string }): Error {
  return Object.assign(new Error(e.message), e.code ? { code: e.code } : {});
}

export class ReadWorker<Req, Res> {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: Res) => void; reject: (e: Error) => void }>();

  constructor(private readonly opts: ReadWorkerOptions) {}

  /** Requests running or waiting. */
  get queued(): number {
    return this.pending.size;
  }

  run(request: Req): Promise<Res> {
    if (this.pending.size >= this.opts.maxPending) return Promise.reject(this.opts.busy());
    const worker = this.start();
    const id = this.nextId++;
    // Held while it works, so a caller awaiting it is not left by an exiting process.
    worker.ref();
    return new Promise<Res>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, request });
    });
  }

  /** Stops the worker (the hub's close); waiting requests fail. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.failAll(new Error('the read worker was stopped'));
    if (w) await w.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const workerData = { file: this.opts.file };
    const worker = this.opts.module.pathname.endsWith('.ts')
      ? new Worker(fromSourceBootstrap(this.opts.module), { eval: true, workerData })
      : new Worker(this.opts.module, { workerData });
    // An idle worker must not keep a stopped hub's process (or a test's) alive.
    worker.unref();
    worker.on('message', (a: WorkerAnswer<Res>) => {
      const p = this.pending.get(a.id);
      if (!p) return;
      this.pending.delete(a.id);
      if (this.pending.size === 0) worker.unref();
      if (a.ok) p.resolve(a.value);
      else p.reject(workerError(a.error));
    });
    // A crashed worker (out of memory on a huge range) fails what it held; the next request starts a new one.
    const gone = (err: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.failAll(err);
    };
    worker.on('error', gone);
    worker.on('exit', (code) => gone(new Error(`the read worker exited (${code})`)));
    this.worker = worker;
    return worker;
  }

  private failAll(err: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(err);
  }
}
