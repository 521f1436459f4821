/**
 * The sandboxed preload cannot import shared/ipc.ts, so it repeats the channel names; this keeps
 * the two from drifting apart, and checks that main validates what the contract declares.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { IPC } from '../../shared/ipc.js';

const preload = readFileSync(new URL('../../electron/preload/index.ts', import.meta.url), 'utf8');
const mainIpc = readFileSync(new URL('../../electron/main/ipc.ts', import.meta.url), 'utf8');

it('uses in the preload exactly the channels of the contract', () => {
  const used = [...preload.matchAll(/ipcRenderer\.invoke\('([^']+)'/g)].map((m) => m[1]);
  expect(used.sort()).toEqual(Object.values(IPC).map((c) => c.channel).sort());
  expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*\)/);
});

it('handles every channel in main with argument validation', () => {
  for (const name of Object.keys(IPC)) {
    expect(mainIpc).toContain(`IPC.${name}.channel`);
    expect(mainIpc).toContain(`IPC.${name}.args.parse(`);
  }
});
