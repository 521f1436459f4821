import { ERRORS, type ErrorCode } from '../../shared/errors.js';

/** A refusal with a stable code; the API turns it into `{ error: { code, message, details } }`. */
export class HubError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly details?: unknown,
  ) {
    super(`${code}: ${ERRORS[code].en}`);
    this.status = ERRORS[code].status;
  }
}
