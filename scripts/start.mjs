#!/usr/bin/env node
// `npm start`: the Electron app when its binary is installed; otherwise say so and run the hub
// for browsers (`npm run serve`). The binary comes from outside the npm registry, so machines
// that install with ELECTRON_SKIP_BINARY_DOWNLOAD=1 do not have it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function electronBinary() {
  try {
    const path = require('electron'); // the package's index returns the binary's path
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function run(cmd, args) {
  const child = spawn(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

const binary = electronBinary();
if (!binary) {
  console.log(
    [
      'Electron tidak terpasang di mesin ini; Antre berjalan dalam mode peramban (npm run serve).',
      'The Electron binary is not installed on this machine (it is downloaded from outside the npm',
      'registry, and ELECTRON_SKIP_BINARY_DOWNLOAD=1 skips it). Falling back to browser mode:',
      'open the addresses printed below in a browser.',
      '',
    ].join('\n'),
  );
  process.exit(await run(npm, ['run', 'serve']));
}

const built = await run(npm, ['run', 'build:electron']);
if (built !== 0) process.exit(built);
process.exit(await run(binary, ['.']));
