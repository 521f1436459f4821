/**
 * This machine's setup, in <userData>/setup.json: read and validated at start (a hand-edited or
 * half-written file means "set up again", never a crash), written atomically (temp file + rename).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MachineSetup, type SetupAnswers } from '../../shared/machine.js';
import { hashPin } from './adminPin.js';

export function loadSetup(dir: string): MachineSetup | null {
  const file = join(dir, 'setup.json');
  if (!existsSync(file)) return null;
  try {
    return MachineSetup.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return null;
  }
}

export function saveSetup(dir: string, setup: MachineSetup): void {
  const file = join(dir, 'setup.json');
  writeFileSync(`${file}.tmp`, JSON.stringify(MachineSetup.parse(setup), null, 2), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/**
 * Pairs one role. `expected`: the certificate fingerprint the hub must present (what the person
 * compared, or what an earlier role of this machine pinned); the answer tells which it presented
 * (absent over plain http://, the hub's own machine).
 */
export type Pair = (
  hubUrl: string,
  code: string,
  role: 'kiosk' | 'counter' | 'display',
  expected: string | null,
) => Promise<{ deviceId: number; token: string; counterId: number | null; fingerprint?: string }>;

/** The wizard's answers → a setup: each screen role paired with the hub with its code. */
export async function setupFromAnswers(answers: SetupAnswers, hubPort: number, pair: Pair): Promise<MachineSetup> {
  const hubUrl = answers.roles.includes('hub') ? `http://127.0.0.1:${hubPort}` : answers.hubUrl;
  if (!hubUrl) throw new Error('hub address missing');
  const pairings: MachineSetup['pairings'] = {};
  // Every role of this machine must meet the same certificate: the first one seen is pinned.
  let fingerprint: string | null = answers.hubFingerprint ?? null;
  for (const role of ['kiosk', 'counter', 'display'] as const) {
    if (!answers.roles.includes(role)) continue;
    const code = answers.pairingCodes[role];
    if (!code) throw new Error(`pairing code missing for ${role}`);
    const { fingerprint: seen, ...pairing } = await pair(hubUrl, code, role, fingerprint);
    fingerprint = seen ?? fingerprint;
    pairings[role] = pairing;
  }
  return {
    roles: answers.roles,
    hubUrl: answers.roles.includes('hub') ? null : hubUrl,
    hubPort,
    ...(hubUrl.startsWith('https:') && fingerprint ? { hubFingerprint: fingerprint } : {}),
    pairings,
    kioskMonitor: answers.kioskMonitor,
    displayMonitor: answers.displayMonitor,
    displayQuery: answers.displayQuery,
    adminPinHash: hashPin(answers.adminPin),
    startAtLogin: answers.startAtLogin,
  };
}

/** Pairing over HTTP with the hub's public endpoint. */
export const pairOverHttp: Pair = async (hubUrl, code, role) => {
  const res = await fetch(`${hubUrl}/api/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  const body = (await res.json()) as { deviceId?: number; token?: string; role?: string; counterId?: number | null; error?: { message: { en: string }; details?: { https?: string } } };
  // A hub on another machine refuses plain HTTP and names its https:// address: say it.
  if (body.error?.details?.https) throw new Error(`use ${body.error.details.https} (the hub refuses plain HTTP from the LAN)`);
  if (!res.ok || !body.token || !body.deviceId) throw new Error(body.error?.message.en ?? `pairing failed (${res.status})`);
  if (body.role !== role) throw new Error(`the code is for a ${body.role}, not a ${role}`);
  return { deviceId: body.deviceId, token: body.token, counterId: body.counterId ?? null };
};
