/**
 * A printer installed in Windows (a USB thermal printer usually is), fed through the spooler in
 * RAW mode so that the driver does not re-render the ESC/POS bytes. Done with PowerShell and the
 * winspool API rather than a native module, so nothing has to be compiled for it. One-way.
 *
 * The spooler keeps a job it cannot deliver (printer out of paper, off, unplugged) and prints it
 * whenever the printer comes back: hours later, a ticket for a citizen long gone, or called
 * twice. So each job is named "Antre ticket <id>", the script waits (ANTRE_WAIT_MS, 8 s) for it to
 * leave the queue, and deletes it if it is still there: the job fails now rather than printing
 * later. Before each job the printer's leftover "Antre ticket" jobs (from a crash in that wait)
 * are deleted too. One Antre process drives a printer (the hub's print queue or the kiosk's own),
 * so a job of that name found before sending can only be a leftover.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PrinterStatus } from '../../../shared/printing.js';
import { statusOf, UNKNOWN_STATUS, UNREACHABLE_STATUS } from '../escpos/status.js';
import { PrinterLinkError, PrinterUnreachable, seconds, type PrinterLink, type Transport } from './link.js';

/** Every Antre spooler document starts so; the purge deletes only those. */
export const DOCUMENT_PREFIX = 'Antre ticket';
/** The script's one line of report on stdout starts so. */
export const REPORT_MARK = 'ANTRE-SPOOLER ';

// The printer's name, the job file, the document name and the wait come through the environment,
// never spliced into the script.
export const RAW_PRINT_SCRIPT = `$ErrorActionPreference = 'Stop'
Add-Type -TypeDefinition @"
using System;
using System.ComponentModel;
using System.Runtime.InteropServices;
public static class AntreRawPrint {
  [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
  public class DocInfo { public string pDocName; public string pOutputFile; public string pDataType; }
  [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
  public struct JobInfo1 {
    public int JobId; public string pPrinterName; public string pMachineName; public string pUserName;
    public string pDocument; public string pDatatype; public string pStatus;
    public int Status; public int Priority; public int Position; public int TotalPages; public int PagesPrinted;
    public short Year, Month, DayOfWeek, Day, Hour, Minute, Second, Milliseconds;
  }
  [DllImport("winspool.drv", CharSet = CharSet.Unicode, SetLastError = true)] static extern bool OpenPrinter(string name, out IntPtr h, IntPtr defaults);
  [DllImport("winspool.drv", SetLastError = true)] static extern bool ClosePrinter(IntPtr h);
  [DllImport("winspool.drv", CharSet = CharSet.Unicode, SetLastError = true)] static extern int StartDocPrinter(IntPtr h, int level, DocInfo di);
  [DllImport("winspool.drv", SetLastError = true)] static extern bool EndDocPrinter(IntPtr h);
  [DllImport("winspool.drv", SetLastError = true)] static extern bool StartPagePrinter(IntPtr h);
  [DllImport("winspool.drv", SetLastError = true)] static extern bool EndPagePrinter(IntPtr h);
  [DllImport("winspool.drv", SetLastError = true)] static extern bool WritePrinter(IntPtr h, byte[] bytes, int count, out int written);
  [DllImport("winspool.drv", CharSet = CharSet.Unicode, SetLastError = true)] static extern bool EnumJobs(IntPtr h, int firstJob, int noJobs, int level, IntPtr buf, int cbBuf, out int needed, out int returned);
  [DllImport("winspool.drv", CharSet = CharSet.Unicode, SetLastError = true)] static extern bool SetJob(IntPtr h, int jobId, int level, IntPtr job, int command);
  const int JOB_CONTROL_DELETE = 5;
  static IntPtr Open(string printer) {
    IntPtr h;
    if (!OpenPrinter(printer, out h, IntPtr.Zero)) throw new Win32Exception(Marshal.GetLastWin32Error());
    return h;
  }
  public static JobInfo1[] Jobs(string printer) {
    IntPtr h = Open(printer);
    try {
      for (int attempt = 0; ; attempt++) {
        int needed, returned;
        EnumJobs(h, 0, 1000, 1, IntPtr.Zero, 0, out needed, out returned);
        if (needed == 0) return new JobInfo1[0];
        IntPtr buf = Marshal.AllocHGlobal(needed);
        try {
          if (!EnumJobs(h, 0, 1000, 1, buf, needed, out needed, out returned)) {
            // a job arrived between the two calls: ask again with the new size
            if (attempt < 3) continue;
            throw new Win32Exception(Marshal.GetLastWin32Error());
          }
          JobInfo1[] jobs = new JobInfo1[returned];
          int size = Marshal.SizeOf(typeof(JobInfo1));
          for (int i = 0; i < returned; i++) jobs[i] = (JobInfo1)Marshal.PtrToStructure(new IntPtr(buf.ToInt64() + (long)i * size), typeof(JobInfo1));
          return jobs;
        } finally { Marshal.FreeHGlobal(buf); }
      }
    } finally { ClosePrinter(h); }
  }
  public static bool Delete(string printer, int jobId) {
    IntPtr h = Open(printer);
    try { return SetJob(h, jobId, 0, IntPtr.Zero, JOB_CONTROL_DELETE); } finally { ClosePrinter(h); }
  }
  public static int Send(string printer, string doc, byte[] bytes) {
    IntPtr h = Open(printer);
    try {
      DocInfo di = new DocInfo(); di.pDocName = doc; di.pDataType = "RAW";
      int job = StartDocPrinter(h, 1, di);
      if (job == 0) throw new Win32Exception(Marshal.GetLastWin32Error());
      try {
        StartPagePrinter(h);
        int written;
        if (!WritePrinter(h, bytes, bytes.Length, out written) || written != bytes.Length) throw new Win32Exception(Marshal.GetLastWin32Error());
        EndPagePrinter(h);
      } finally { EndDocPrinter(h); }
      return job;
    } finally { ClosePrinter(h); }
  }
}
"@
$printer = $env:ANTRE_PRINTER
$report = [ordered]@{ purged = 0; purgeFailed = 0; job = 0; left = $false; status = 0; removed = $false }
foreach ($j in [AntreRawPrint]::Jobs($printer)) {
  if ($j.pDocument -and $j.pDocument.StartsWith('${DOCUMENT_PREFIX}')) {
    if ([AntreRawPrint]::Delete($printer, $j.JobId)) { $report['purged'] += 1 } else { $report['purgeFailed'] += 1 }
  }
}
$id = [AntreRawPrint]::Send($printer, $env:ANTRE_DOC, [System.IO.File]::ReadAllBytes($env:ANTRE_JOB))
$report['job'] = $id
$deadline = (Get-Date).AddMilliseconds([int]$env:ANTRE_WAIT_MS)
while ($true) {
  $mine = @([AntreRawPrint]::Jobs($printer) | Where-Object { $_.JobId -eq $id })
  # gone, or marked printed (0x80) / complete (0x1000) where the queue keeps printed documents
  if ($mine.Count -eq 0 -or ($mine[0].Status -band 0x1080)) { $report['left'] = $true; break }
  $report['status'] = $mine[0].Status
  if ((Get-Date) -ge $deadline) { $report['removed'] = [AntreRawPrint]::Delete($printer, $id); break }
  Start-Sleep -Milliseconds 250
}
[Console]::Out.WriteLine('${REPORT_MARK}' + ($report | ConvertTo-Json -Compress))
`;

/** powershell.exe's arguments: the script as -EncodedCommand (UTF-16LE, base64). */
export function rawPrintArguments(): string[] {
  return ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', Buffer.from(RAW_PRINT_SCRIPT, 'utf16le').toString('base64')];
}

/** How one run of powershell.exe went. */
export interface SpoolerRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** killed at the time limit */
  timedOut: boolean;
}

/** Runs powershell.exe: the only thing the tests replace (there is no spooler on Linux). */
export type SpoolerExec = (args: readonly string[], env: Record<string, string>, timeoutMs: number) => Promise<SpoolerRun>;

export const runPowerShell: SpoolerExec = (args, env, timeoutMs) =>
  new Promise((resolve) => {
    execFile('powershell.exe', [...args], { env: { ...process.env, ...env }, timeout: timeoutMs, windowsHide: true }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { killed?: boolean; code?: number | string }) | null;
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : -1) : 0, stdout: String(stdout), stderr: e && !stderr ? e.message : String(stderr), timedOut: Boolean(e?.killed) });
    });
  });

export interface SpoolerOptions {
  /** how long a job may stay in the queue before it is deleted (printer out of paper or off) */
  queueWaitMs?: number;
  /** powershell.exe's start and the C# compile of the script, on a slow kiosk PC, on top of the wait */
  startAllowanceMs?: number;
  exec?: SpoolerExec;
}

export const DEFAULT_SPOOLER_TIMINGS = { queueWaitMs: 8000, startAllowanceMs: 12_000 };

/** What the script reports (its JSON line). */
export interface SpoolerReport {
  purged: number;
  purgeFailed: number;
  job: number;
  left: boolean;
  /** the job's JOB_STATUS_* bits when last seen in the queue */
  status: number;
  removed: boolean;
}

const JOB_STATUS = { paused: 0x1, error: 0x2, offline: 0x20, paperOut: 0x40, userIntervention: 0x400 };

/** What a held job's status bits say of the printer. */
export function heldJobStatus(bits: number): { status: PrinterStatus; words: string } {
  if (bits & JOB_STATUS.paperOut) return { status: statusOf({ paperEnd: true, offline: true, paperNearEnd: false, coverOpen: false, error: false }), words: 'printer out of paper' };
  if (bits & JOB_STATUS.offline) return { status: UNREACHABLE_STATUS, words: 'printer offline' };
  if (bits & (JOB_STATUS.error | JOB_STATUS.userIntervention)) return { status: statusOf({ error: true, offline: true, paperEnd: false, paperNearEnd: false, coverOpen: false }), words: 'printer in error, often out of paper' };
  return { status: UNREACHABLE_STATUS, words: 'printer out of paper, off or unplugged' };
}

/** The spooler's run → null when the job left the queue, else why it failed (and what it says of the printer). */
export function judgeSpoolerRun(run: SpoolerRun, label: string, timing: { queueWaitMs: number; limitMs: number }): PrinterLinkError | null {
  if (run.timedOut) {
    return new PrinterLinkError(`${label}: the spooler did not answer within ${seconds(timing.limitMs)}; a job left queued is deleted before the next one`);
  }
  const line = run.stdout.split(/\r?\n/).find((l) => l.startsWith(REPORT_MARK));
  if (run.code !== 0 || !line) {
    const why = firstLine(run.stderr) || (run.code === 0 ? 'no report from the script' : `exit code ${String(run.code)}`);
    return new PrinterLinkError(`${label}: spooler refused the job: ${why}`, run.code === 0 ? UNKNOWN_STATUS : UNREACHABLE_STATUS);
  }
  let report: SpoolerReport;
  try {
    report = JSON.parse(line.slice(REPORT_MARK.length)) as SpoolerReport;
  } catch {
    return new PrinterLinkError(`${label}: unreadable report from the spooler script`, UNKNOWN_STATUS);
  }
  if (report.left) return null;
  const held = heldJobStatus(report.status);
  const fate = report.removed ? 'it was deleted, so no stale ticket comes out later' : 'it could not be deleted and may still print later';
  return new PrinterLinkError(`${label}: the spooler still held job ${report.job} after ${seconds(timing.queueWaitMs)} (${held.words}); ${fate}`, held.status);
}

function firstLine(text: string): string {
  const line = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l && !l.startsWith('#< CLIXML'));
  return (line ?? '').slice(0, 200);
}

let documents = 0;

export function windowsSpoolerTransport(printerName: string, platform: NodeJS.Platform = process.platform, opts: SpoolerOptions = {}): Transport {
  const label = `windows "${printerName}"`;
  const queueWaitMs = opts.queueWaitMs ?? DEFAULT_SPOOLER_TIMINGS.queueWaitMs;
  const limitMs = queueWaitMs + (opts.startAllowanceMs ?? DEFAULT_SPOOLER_TIMINGS.startAllowanceMs);
  const exec = opts.exec ?? runPowerShell;
  return {
    label,
    open: async () => {
      if (platform !== 'win32') throw new PrinterUnreachable(label, new Error('the Windows spooler exists only on Windows'));
      const closeListeners: ((e: Error | null) => void)[] = [];
      const link: PrinterLink = {
        twoWay: false,
        // Each write is one spooler document: the job runner writes a ticket in one piece.
        write: async (bytes) => {
          const dir = await mkdtemp(join(tmpdir(), 'antre-job-'));
          const job = join(dir, 'ticket.bin');
          try {
            await writeFile(job, bytes);
            const env = { ANTRE_PRINTER: printerName, ANTRE_JOB: job, ANTRE_DOC: `${DOCUMENT_PREFIX} ${process.pid}-${++documents}`, ANTRE_WAIT_MS: String(queueWaitMs) };
            const failure = judgeSpoolerRun(await exec(rawPrintArguments(), env, limitMs), label, { queueWaitMs, limitMs });
            if (failure) throw failure;
          } catch (err) {
            for (const l of closeListeners) l(err as Error);
            throw err;
          } finally {
            await rm(dir, { recursive: true, force: true });
          }
        },
        onData: () => {},
        onClose: (l) => closeListeners.push(l),
        close: async () => {},
      };
      return link;
    },
  };
}
