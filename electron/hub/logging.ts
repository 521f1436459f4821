/**
 * The hub's logger: pino (the one Fastify uses, so request errors and the services' lines are one
 * stream), written to the console as readable lines and to rotating JSON files in
 * `<dataDir>/logs/` (`hub.<date>.<n>.log`, a new file each day or each 10 MB, the 14 newest kept:
 * at most about 150 MB), which an IT person can send along when something went wrong.
 *
 * Logging must never stop the hub: when the log folder cannot be written (a full disk) the lines
 * still reach the console, and what the file cannot take is dropped, not buffered without bound.
 */
import { mkdirSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pino, multistream, type Logger, type StreamEntry } from 'pino';
import pinoRoll from 'pino-roll';
import type { HubLog } from './log.js';

export interface LoggingOptions {
  dataDir: string;
  /**
   * Where console lines go: by default warnings and errors to stderr, the rest to stdout; a
   * function receives the info lines instead (tests pass one that drops them), while warnings and
   * errors always reach stderr.
   */
  consoleInfo?: (line: string) => void;
  /** files: rotate at this size (10m) */
  fileSize?: string;
  /** files: how many older files are kept besides the current one (14) */
  keepFiles?: number;
}

export interface HubLogging {
  /** the pino logger, handed to Fastify */
  logger: Logger;
  /** the same, as the services see it */
  hubLog: HubLog;
  /** `<dataDir>/logs`, or null when the folder could not be opened */
  dir: string | null;
  /** flushes and closes the file */
  close(): Promise<void>;
}

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const FILE_MAX_BUFFER = 4 * 1024 * 1024;

/** One JSON log line as a console line: time, level, message, the other fields, the stack. */
export function consoleLine(json: string): { level: number; line: string } {
  try {
    const { level, time, msg, err, pid: _pid, hostname: _host, ...fields } = JSON.parse(json) as Record<string, unknown>;
    const lvl = typeof level === 'number' ? level : 30;
    const rest = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
    const e = err as { stack?: string; message?: string } | undefined;
    const stack = e ? `\n  ${(e.stack ?? e.message ?? String(e)).replace(/\n/g, '\n  ')}` : '';
    return { level: lvl, line: `${String(time)} ${LEVEL_NAMES[lvl] ?? lvl} ${String(msg ?? '')}${rest}${stack}` };
  } catch {
    return { level: 30, line: json.trimEnd() };
  }
}

export async function openLogging(opts: LoggingOptions): Promise<HubLogging> {
  const dir = join(opts.dataDir, 'logs');
  const streams: StreamEntry[] = [];
  const toStderr = (line: string) => process.stderr.write(`${line}\n`);
  const info = opts.consoleInfo ?? ((line: string) => process.stdout.write(`${line}\n`));
  streams.push({
    level: 'info',
    stream: {
      write(chunk: string) {
        const { level, line } = consoleLine(chunk);
        if (level >= 40) toStderr(line);
        else info(line);
      },
    },
  });

  let file: Awaited<ReturnType<typeof pinoRoll>> | null = null;
  try {
    mkdirSync(dir, { recursive: true });
    pruneLogs(dir, opts.keepFiles ?? 14);
    file = await pinoRoll({
      file: join(dir, 'hub'),
      extension: '.log',
      frequency: 'daily',
      dateFormat: 'yyyy-MM-dd',
      size: opts.fileSize ?? '10m',
      limit: { count: opts.keepFiles ?? 14, removeOtherLogFiles: true },
      mkdir: true,
      maxLength: FILE_MAX_BUFFER,
    });
    let failing = false;
    file.on('error', (err) => {
      // Said once per outage, not once per line: a full disk would otherwise flood the console.
      if (failing) return;
      failing = true;
      toStderr(`Log ke berkas gagal / writing the log file failed (${dir}): ${err.message}`);
    });
    file.on('write', () => (failing = false));
    streams.push({ level: 'info', stream: file });
  } catch (err) {
    toStderr(`Folder log tidak dapat dibuka / the log folder cannot be opened (${dir}): ${String(err)}; logging to the console only`);
  }

  const logger = pino(
    {
      level: 'info',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: ['req.headers.authorization', 'req.headers["x-antre-session"]'],
    },
    multistream(streams),
  );
  // A service's last words after the hub closed its log (a check finishing late) go nowhere
  // rather than into a closed file, which would throw from inside that service.
  let closed = false;
  const hubLog: HubLog = {
    info: (fields, msg) => void (closed || logger.info(fields, msg)),
    warn: (fields, msg) => void (closed || logger.warn(fields, msg)),
    error: (fields, msg) => void (closed || logger.error(fields, msg)),
  };
  return {
    logger,
    hubLog,
    dir: file ? dir : null,
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        if (!file) return resolve();
        const f = file;
        file = null;
        f.once('close', () => resolve());
        f.once('error', () => resolve());
        f.end();
      }),
  };
}

/**
 * pino-roll removes old files only when it rolls within a run; a hub PC switched off every night
 * starts a new day's file without rolling, so the old ones are removed here, at each start.
 */
function pruneLogs(dir: string, keep: number): void {
  const files = readdirSync(dir)
    .filter((f) => /^hub\..*\.log$/.test(f))
    .map((f) => ({ f, at: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  // The newest `keep` (today's among them, which pino-roll may open again) and the one it opens.
  for (const { f } of files.slice(keep)) {
    try {
      unlinkSync(join(dir, f));
    } catch {
      // Another process holds it (Windows): it goes at a later start.
    }
  }
}
