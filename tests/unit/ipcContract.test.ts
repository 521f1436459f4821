/**
 * The preload repeats the channel names of shared/ipc.ts (it bundles nothing but 'electron'); this
 * keeps the two from drifting apart, and checks that main registers every channel of the contract.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { IPC, type IpcHandlers } from '../../shared/ipc.js';
import { registerIpc } from '../../electron/main/ipc.js';

const preload = readFileSync(new URL('../../electron/preload/index.ts', import.meta.url), 'utf8');

it('uses in the preload exactly the channels of the contract, and never exposes ipcRenderer', () => {
  const used = [...new Set([...preload.matchAll(/ipcRenderer\.invoke\('([^']+)'/g)].map((m) => m[1]))];
  expect(used.sort()).toEqual(Object.values(IPC).map((c) => c.channel).sort());
  expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*\)/);
});

it('handles every channel of the contract in main', () => {
  const channels: string[] = [];
  const handlers = Object.fromEntries(Object.keys(IPC).map((k) => [k, () => null])) as unknown as IpcHandlers;
  registerIpc({ handle: (channel) => void channels.push(channel) }, ['app://antre'], handlers);
  expect(channels.sort()).toEqual(Object.values(IPC).map((c) => c.channel).sort());
});
