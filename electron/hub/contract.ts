/**
 * The hub holding itself to the wire contract of shared/: in tests and development every JSON
 * answer and every appended event is checked against its zod schema, so a handler or a service
 * that drifts from what the screens parse fails the tests instead of a screen in the field.
 * Off in production: the answers are the same either way, and the field should not pay for it.
 */
import type { z } from 'zod';

/**
 * On when ANTRE_CONTRACT_CHECKS=1, or when NODE_ENV is `test` (vitest sets it, and hubs the tests
 * spawn inherit it) or `development`. Not "anything but production": neither Electron nor
 * `npm run serve` sets NODE_ENV, and the bench must measure what the field runs.
 */
export function contractChecks(env: Record<string, string | undefined> = process.env): boolean {
  const flag = env.ANTRE_CONTRACT_CHECKS;
  if (flag === '1' || flag === '0') return flag === '1';
  return env.NODE_ENV === 'test' || env.NODE_ENV === 'development';
}

export class ContractError extends Error {
  constructor(
    readonly what: string,
    readonly problems: string[],
  ) {
    super(`${what} does not match its schema in shared/: ${problems.slice(0, 5).join('; ')}`);
    this.name = 'ContractError';
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Fields the value has and the schema does not declare. Parsing with z.object drops them without
 * a word, and a screen parsing the same answer would lose them: a field only a screen's hand-made
 * type knew about would vanish there.
 */
function undeclared(raw: unknown, parsed: unknown, path: string, out: string[]): void {
  if (Array.isArray(raw) && Array.isArray(parsed)) {
    raw.forEach((v, i) => undeclared(v, parsed[i], `${path}[${i}]`, out));
    return;
  }
  if (!isPlainObject(raw) || !isPlainObject(parsed)) return;
  for (const [k, v] of Object.entries(raw)) {
    const at = path ? `${path}.${k}` : k;
    // JSON leaves undefined out: not something a screen could receive.
    if (v === undefined) continue;
    if (!(k in parsed)) out.push(`${at}: not in the schema`);
    else undeclared(v, parsed[k], at, out);
  }
}

/** What is wrong with `value` as `schema` says it (empty: nothing). */
export function contractProblems(schema: z.ZodType, value: unknown): string[] {
  const r = schema.safeParse(value);
  if (!r.success) return r.error.issues.map((i) => `${i.path.join('.') || '(answer)'}: ${i.message}`);
  const out: string[] = [];
  undeclared(value, r.data, '', out);
  return out;
}

/** Throws a ContractError (an INTERNAL answer) when `value` does not match, and says why on stderr. */
export function assertContract(schema: z.ZodType, value: unknown, what: string): void {
  const problems = contractProblems(schema, value);
  if (problems.length === 0) return;
  const err = new ContractError(what, problems);
  // The hub's logger is off in most tests: stderr is where a failing test's reader looks.
  console.error(`[contract] ${err.message}`);
  throw err;
}
