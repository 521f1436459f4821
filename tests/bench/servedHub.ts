/**
 * The hub as `npm run serve` starts it (electron/hub/serve.ts: the demo MPP, browsers on this machine
 * trusted without pairing, the virtual printer), in a process of its own on a temporary data directory,
 * serving a renderer built for the run, and able to say how much CPU time it has used.
 */
import { fork } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { tempDir } from '../fixtures/tempDir.js';

export interface BenchHub {
  url: string;
  /** the hub process's CPU time so far (user + system, all its threads), in ms */
  cpuMs(): Promise<number>;
  dispose(): Promise<void>;
}

const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/**
 * `npm run build:renderer` (renderer/vite.config.ts as it stands) into a temporary directory, so
 * that the benchmark neither needs nor overwrites dist/renderer.
 */
export async function buildRenderer(): Promise<{ dir: string; remove: () => void }> {
  const out = tempDir('antre-bench-renderer-');
  await build({ configFile: repo('renderer/vite.config.ts'), build: { outDir: out.dir, emptyOutDir: true }, logLevel: 'warn' });
  return out;
}

export async function startServedHub(rendererDir: string, env: Record<string, string> = {}): Promise<BenchHub> {
  const data = tempDir('antre-bench-served-');
  const child = fork(fileURLToPath(new URL('./servedHubChild.ts', import.meta.url)), [], {
    cwd: repo('.'),
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      ANTRE_DATA_DIR: data.dir,
      ANTRE_PORT: '0',
      ANTRE_HOST: '127.0.0.1',
      ANTRE_DEMO: '1',
      ANTRE_MDNS: '0',
      ANTRE_BACKUP_MINUTES: '0',
      ANTRE_RENDERER_DIR: rendererDir,
      // The benchmarks ask faster than people do.
      ANTRE_RATE_LIMIT_PER_MINUTE: '1000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the hub did not start: ${stderr}`)), 60_000);
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const m = /^ANTRE_HUB_READY port=(\d+)$/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.once('exit', (code) => reject(new Error(`the hub exited with ${code}: ${stderr}`)));
    });
    return {
      url: `http://127.0.0.1:${port}`,
      cpuMs: () =>
        new Promise((resolve) => {
          child.once('message', (m) => {
            const { user, system } = (m as { cpu: NodeJS.CpuUsage }).cpu;
            resolve((user + system) / 1000);
          });
          child.send('cpu');
        }),
      async dispose() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await exited;
        data.remove();
      },
    };
  } catch (err) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    data.remove();
    throw err;
  }
}
