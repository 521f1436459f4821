/**
 * The Windows spooler transport without Windows: the script it runs and what it makes of the
 * script's answer. Only powershell.exe is replaced (an injected exec); the job file, the
 * environment, the time limit and printJob's outcome are the real ones.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printJob } from '../../electron/printer/printJob.js';
import {
  DOCUMENT_PREFIX,
  heldJobStatus,
  RAW_PRINT_SCRIPT,
  rawPrintArguments,
  REPORT_MARK,
  windowsSpoolerTransport,
  type SpoolerExec,
  type SpoolerRun,
} from '../../electron/printer/transports/windowsSpooler.js';

const FAST = { statusTimeoutMs: 200, completionTimeoutMs: 1000, pollMs: 100 };
const NAME = 'POS-80 "kios" $(Remove-Item C:\\)';
const BYTES = Buffer.from('\x1b@Antre A-012\n\x1dV\x00', 'latin1');

interface Call {
  args: readonly string[];
  env: Record<string, string>;
  timeoutMs: number;
  jobBytes: Buffer;
}

/** A stand-in for powershell.exe that answers `run` and records what it was given. */
function fakePowerShell(run: Partial<SpoolerRun>): { exec: SpoolerExec; calls: Call[] } {
  const calls: Call[] = [];
  const exec: SpoolerExec = async (args, env, timeoutMs) => {
    calls.push({ args, env, timeoutMs, jobBytes: readFileSync(env.ANTRE_JOB!) });
    return { code: 0, stdout: '', stderr: '', timedOut: false, ...run };
  };
  return { exec, calls };
}

const report = (r: { purged?: number; job?: number; left: boolean; status?: number; removed?: boolean }) =>
  `some banner\r\n${REPORT_MARK}${JSON.stringify({ purged: 0, purgeFailed: 0, job: 17, status: 0, removed: false, ...r })}\r\n`;

const print = (run: Partial<SpoolerRun>, opts: { queueWaitMs?: number } = {}) => {
  const ps = fakePowerShell(run);
  return { ps, result: printJob(windowsSpoolerTransport(NAME, 'win32', { ...opts, exec: ps.exec }), BYTES, FAST) };
};

describe('the spooler script', () => {
  const script = Buffer.from(rawPrintArguments().at(-1)!, 'base64').toString('utf16le');

  it('is sent whole as -EncodedCommand, and takes every value from the environment', () => {
    expect(script).toBe(RAW_PRINT_SCRIPT);
    for (const v of ['$env:ANTRE_PRINTER', '$env:ANTRE_JOB', '$env:ANTRE_DOC', '$env:ANTRE_WAIT_MS']) expect(script).toContain(v);
    expect(script).not.toContain('${'); // nothing interpolated into it but the two constants below
    expect(script).toContain(`StartsWith('${DOCUMENT_PREFIX}')`);
    expect(script).toContain(`'${REPORT_MARK}'`);
  });

  it('purges leftovers, sends RAW, waits for the job to leave and deletes it if it stays', () => {
    const order = ['[AntreRawPrint]::Jobs($printer)', '[AntreRawPrint]::Delete($printer, $j.JobId)', '[AntreRawPrint]::Send($printer, $env:ANTRE_DOC', 'AddMilliseconds([int]$env:ANTRE_WAIT_MS)', '[AntreRawPrint]::Delete($printer, $id)'];
    const at = order.map((s) => script.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(script).toContain('pDataType = "RAW"');
    expect(script).toContain('JOB_CONTROL_DELETE = 5');
    expect(script).toContain('-band 0x1080'); // printed / complete but kept: left
  });

  it('has balanced braces and parentheses in its C# part (it is compiled only on Windows)', () => {
    const cs = script.slice(script.indexOf('@"'), script.indexOf('"@'));
    const count = (c: string) => cs.split(c).length - 1;
    expect(count('{')).toBe(count('}'));
    expect(count('(')).toBe(count(')'));
  });
});

describe('a job through the spooler', () => {
  it('that leaves the queue is handed over, unconfirmed; the name goes through the environment only', async () => {
    const { ps, result } = print({ stdout: report({ left: true, purged: 2 }) });
    expect(await result).toMatchObject({ outcome: 'unconfirmed', status: { state: 'unknown' }, bytes: BYTES.length });
    const [call] = ps.calls;
    expect(call!.env).toMatchObject({ ANTRE_PRINTER: NAME, ANTRE_WAIT_MS: '8000' });
    expect(call!.env.ANTRE_DOC).toMatch(new RegExp(`^${DOCUMENT_PREFIX} \\d+-\\d+$`));
    expect(call!.jobBytes.equals(BYTES)).toBe(true);
    expect(call!.args.join(' ')).not.toContain('kios');
    expect(call!.timeoutMs).toBe(20_000); // the 8 s wait + PowerShell's start
    expect(existsSync(call!.env.ANTRE_JOB!)).toBe(false); // the job file is gone
  });

  it('gets a new document id every time, so the purge never mistakes the running job', async () => {
    const ps = fakePowerShell({ stdout: report({ left: true }) });
    const transport = windowsSpoolerTransport(NAME, 'win32', { exec: ps.exec });
    await printJob(transport, BYTES, FAST);
    await printJob(transport, BYTES, FAST);
    expect(ps.calls[0]!.env.ANTRE_DOC).not.toBe(ps.calls[1]!.env.ANTRE_DOC);
  });

  it('held because the printer is out of paper is deleted and fails as paper_end', async () => {
    const { result } = print({ stdout: report({ left: false, status: 0x40 | 0x10, removed: true }) });
    const r = await result;
    expect(r).toMatchObject({ outcome: 'failed', bytes: 0, status: { state: 'paper_end', paperEnd: true } });
    expect(r.detail).toBe(`windows "${NAME}": the spooler still held job 17 after 8 s (printer out of paper); it was deleted, so no stale ticket comes out later`);
  });

  it('held and not deletable says it may still print later', async () => {
    const { result } = print({ stdout: report({ left: false, status: 0x2 | 0x10, removed: false }) }, { queueWaitMs: 3000 });
    const r = await result;
    expect(r).toMatchObject({ outcome: 'failed', status: { state: 'error' } });
    expect(r.detail).toMatch(/after 3 s \(printer in error, often out of paper\); it could not be deleted and may still print later$/);
  });

  it('honours a shorter wait in the environment and the time limit', async () => {
    const { ps, result } = print({ stdout: report({ left: true }) }, { queueWaitMs: 3000 });
    await result;
    expect(ps.calls[0]).toMatchObject({ env: { ANTRE_WAIT_MS: '3000' }, timeoutMs: 15_000 });
  });

  it('whose PowerShell never answers fails as offline in bounded time', async () => {
    const { result } = print({ code: null, timedOut: true });
    const r = await result;
    expect(r).toMatchObject({ outcome: 'failed', status: { state: 'offline' } });
    expect(r.detail).toMatch(/did not answer within 20 s; a job left queued is deleted before the next one/);
  });

  it('refused by the spooler (unknown printer) fails with its reason, not the CLIXML noise', async () => {
    const { result } = print({ code: 1, stderr: '#< CLIXML\r\nException calling "Jobs": "The printer name is invalid"\r\nAt line:80' });
    const r = await result;
    expect(r).toMatchObject({ outcome: 'failed', status: { state: 'offline' } });
    expect(r.detail).toMatch(/spooler refused the job: Exception calling "Jobs": "The printer name is invalid"$/);
  });

  it('with no report from the script fails as unknown rather than passing', async () => {
    const { result } = print({ stdout: 'nothing useful\r\n' });
    expect(await result).toMatchObject({ outcome: 'failed', status: { state: 'unknown' } });
  });

  it('is refused outside Windows without running anything', async () => {
    const ps = fakePowerShell({});
    const r = await printJob(windowsSpoolerTransport(NAME, 'linux', { exec: ps.exec }), BYTES, FAST);
    expect(r.detail).toMatch(/only on Windows/);
    expect(ps.calls).toEqual([]);
  });
});

describe('what a held job says of the printer', () => {
  it.each([
    [0x40, 'paper_end'],
    [0x20, 'offline'],
    [0x2, 'error'],
    [0x400, 'error'],
    [0x10, 'offline'], // still "printing" after the wait: out of paper, off or unplugged
    [0x60, 'paper_end'],
  ])('status bits %s → %s', (bits, state) => {
    expect(heldJobStatus(bits).status.state).toBe(state);
  });
});
