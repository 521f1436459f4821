/**
 * Why the hub could not start, in one line an IT person can act on (Indonesian and English), and
 * a stable kind the Electron supervisor compares: a hub that fails the same way twice before it
 * ever served is not restarted again (electron/main/hubSupervisor.ts), since restarting cannot
 * repair a damaged file, free a disk or a port.
 *
 * The line the hub prints before it exits is `ANTRE_HUB_FAILED <kind> <id> / <en>` (read back by
 * hubSupervisor.ts's parseStartFailure, which does not import the hub).
 */
import { join } from 'node:path';
import { DB_FILE_NAME } from './db/open.js';
import { damagedTexts, isCorruption } from './integrity.js';
import { isStorageFull } from './storage.js';

export const START_FAILURE_KINDS = ['database_damaged', 'storage_full', 'port_in_use', 'no_access', 'other'] as const;
export type StartFailureKind = (typeof START_FAILURE_KINDS)[number];

export interface StartFailure {
  kind: StartFailureKind;
  id: string;
  en: string;
}

export const START_FAILURE_MARK = 'ANTRE_HUB_FAILED';

export function explainStartFailure(err: unknown, dataDir: string, port?: number): StartFailure {
  const code = String((err as { code?: unknown } | null)?.code ?? '');
  const message = err instanceof Error ? err.message : String(err);
  const file = join(dataDir, DB_FILE_NAME);
  if (isCorruption(err)) {
    const t = damagedTexts(file, join(dataDir, 'backups'), message, true);
    return { kind: 'database_damaged', id: `Hub tidak dapat dimulai: ${t.id}`, en: `The hub cannot start: ${t.en}` };
  }
  if (isStorageFull(err, dataDir)) {
    return {
      kind: 'storage_full',
      id: `Hub tidak dapat dimulai: disk penuh, data di ${dataDir} tidak dapat disimpan (${message}). Kosongkan ruang disk, lalu jalankan hub lagi.`,
      en: `The hub cannot start: the disk is full, data in ${dataDir} cannot be saved (${message}). Free some disk space, then start the hub again.`,
    };
  }
  if (code === 'EADDRINUSE') {
    return {
      kind: 'port_in_use',
      id: `Hub tidak dapat dimulai: port ${port ?? ''} sudah dipakai program lain (mungkin hub lain masih berjalan). Tutup program itu atau pilih port lain (ANTRE_PORT).`,
      en: `The hub cannot start: port ${port ?? ''} is already used by another program (perhaps another hub is still running). Close it or choose another port (ANTRE_PORT).`,
    };
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN') {
    return {
      kind: 'no_access',
      id: `Hub tidak dapat dimulai: tidak dapat membuka atau menulis ${dataDir} (${message}). Periksa izin folder data.`,
      en: `The hub cannot start: it cannot open or write ${dataDir} (${message}). Check the data folder's permissions.`,
    };
  }
  return { kind: 'other', id: `Hub tidak dapat dimulai: ${message}`, en: `The hub cannot start: ${message}` };
}

export function startFailureLine(f: StartFailure): string {
  return `${START_FAILURE_MARK} ${f.kind} ${f.id} / ${f.en}`;
}
