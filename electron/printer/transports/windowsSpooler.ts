/**
 * A printer installed in Windows (a USB thermal printer usually is), fed through the spooler in
 * RAW mode so that the driver does not re-render the ESC/POS bytes. Done with PowerShell and the
 * winspool API rather than a native module, so nothing has to be compiled for it. One-way.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrinterUnreachable, type PrinterLink, type Transport } from './link.js';

// The printer's name and the job file come through the environment, never spliced into the script.
export const RAW_PRINT_SCRIPT = `$ErrorActionPreference = 'Stop'
Add-Type -TypeDefinition @"
using System;
using System.ComponentModel;
using System.Runtime.InteropServices;
public static class AntreRawPrint {
  [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
  public class DocInfo { public string pDocName; public string pOutputFile; public string pDataType; }
  [DllImport("winspool.drv", CharSet = CharSet.Unicode, SetLastError = true)] static extern bool OpenPrinter(string name, out IntPtr h, IntPtr defaults);
  [DllImport("winspool.drv", SetLastError = true)] static extern bool ClosePrinter(IntPtr h);
  [DllImport("winspool.drv", CharSet = CharSet.Unicode, SetLastError = true)] static extern int StartDocPrinter(IntPtr h, int level, DocInfo di);
  [DllImport("winspool.drv", SetLastError = true)] static extern bool EndDocPrinter(IntPtr h);
  [DllImport("winspool.drv", SetLastError = true)] static extern bool StartPagePrinter(IntPtr h);
  [DllImport("winspool.drv", SetLastError = true)] static extern bool EndPagePrinter(IntPtr h);
  [DllImport("winspool.drv", SetLastError = true)] static extern bool WritePrinter(IntPtr h, byte[] bytes, int count, out int written);
  public static void Send(string printer, byte[] bytes) {
    IntPtr h;
    if (!OpenPrinter(printer, out h, IntPtr.Zero)) throw new Win32Exception(Marshal.GetLastWin32Error());
    try {
      DocInfo di = new DocInfo(); di.pDocName = "Antre ticket"; di.pDataType = "RAW";
      if (StartDocPrinter(h, 1, di) == 0) throw new Win32Exception(Marshal.GetLastWin32Error());
      try {
        StartPagePrinter(h);
        int written;
        if (!WritePrinter(h, bytes, bytes.Length, out written) || written != bytes.Length) throw new Win32Exception(Marshal.GetLastWin32Error());
        EndPagePrinter(h);
      } finally { EndDocPrinter(h); }
    } finally { ClosePrinter(h); }
  }
}
"@
[AntreRawPrint]::Send($env:ANTRE_PRINTER, [System.IO.File]::ReadAllBytes($env:ANTRE_JOB))
`;

/** powershell.exe's arguments: the script as -EncodedCommand (UTF-16LE, base64). */
export function rawPrintArguments(): string[] {
  return ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', Buffer.from(RAW_PRINT_SCRIPT, 'utf16le').toString('base64')];
}

export function windowsSpoolerTransport(printerName: string, platform: NodeJS.Platform = process.platform): Transport {
  const label = `windows "${printerName}"`;
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
            await new Promise<void>((resolve, reject) => {
              execFile('powershell.exe', rawPrintArguments(), { env: { ...process.env, ANTRE_PRINTER: printerName, ANTRE_JOB: job }, timeout: 20_000, windowsHide: true }, (err, _out, stderr) =>
                err ? reject(new Error(`spooler refused the job: ${stderr.trim() || err.message}`)) : resolve(),
              );
            });
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
