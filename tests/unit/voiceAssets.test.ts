/**
 * The committed voice: every word the display may say (VOICE_VOCABULARY, which grows with the
 * wording) has a clip in assets/voice/id that plays, says something and is as loud as the others,
 * and both chimes are there. A word added to the vocabulary without `npm run voice:build` fails here,
 * not as a hole in a sentence in the hall. Runs the generator's own check (build/voice/check.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const check = (dir?: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'build/voice/check.ts', ...(dir ? [dir] : [])], { encoding: 'utf8' });

describe('the committed voice clips', () => {
  it('cover every word of the vocabulary and both chimes, each audible and levelled', () => {
    const r = check();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('the check notices a clip that is gone or silent', () => {
    const dir = mkdtempSync(join(tmpdir(), 'antre-voice-'));
    try {
      for (const f of ['chime.wav', 'chime-short.wav']) writeFileSync(join(dir, f), readFileSync(join('assets/voice/id', f)));
      const r = check(dir);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/nomor/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
