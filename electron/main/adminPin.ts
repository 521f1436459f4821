/**
 * The admin PIN of a machine: it leaves the locked kiosk and opens the settings. Stored as a slow
 * salted hash (scrypt); five wrong tries lock it for a minute, so a citizen cannot guess it at the
 * kiosk.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const N = 16384;

export function hashPin(pin: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, 32, { N });
  return `scrypt$${N}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function verifyPin(pin: string, stored: string): boolean {
  const [kind, n, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !n || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(pin, Buffer.from(salt, 'base64'), expected.length, { N: Number(n) });
  return timingSafeEqual(actual, expected);
}

export class PinGate {
  private failures = 0;
  private lockedUntil = 0;

  constructor(
    private readonly stored: () => string | null,
    private readonly now: () => number = Date.now,
    private readonly maxFailures = 5,
    private readonly lockMs = 60_000,
  ) {}

  /** 'ok', 'wrong' or 'locked' (too many wrong tries: wait). */
  check(pin: string): 'ok' | 'wrong' | 'locked' {
    if (this.now() < this.lockedUntil) return 'locked';
    const stored = this.stored();
    if (stored && /^\d{6,12}$/.test(pin) && verifyPin(pin, stored)) {
      this.failures = 0;
      return 'ok';
    }
    this.failures += 1;
    if (this.failures >= this.maxFailures) {
      this.failures = 0;
      this.lockedUntil = this.now() + this.lockMs;
    }
    return 'wrong';
  }
}
