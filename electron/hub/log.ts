/**
 * The hub's log lines, as the services see them: a level and a message, with fields. The hub
 * gives every service the same logger (pino, to the console and to rotating files in the data
 * folder: ./logging.ts); a service that is built without one (a unit test) writes to stderr.
 */
export type LogFields = Record<string, unknown>;

export interface HubLog {
  info(fields: LogFields, msg: string): void;
  warn(fields: LogFields, msg: string): void;
  error(fields: LogFields, msg: string): void;
}

export const stderrLog: HubLog = {
  info: () => {},
  warn: (fields, msg) => console.warn(msg, fields),
  error: (fields, msg) => console.error(msg, fields),
};
