// pino-roll ships no types: the part the hub uses (./logging.ts). It answers a sonic-boom stream.
declare module 'pino-roll' {
  interface PinoRollOptions {
    file: string;
    size?: string | number;
    frequency?: 'daily' | 'hourly' | number;
    extension?: string;
    dateFormat?: string;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    mkdir?: boolean;
    sync?: boolean;
    /** sonic-boom drops what is written beyond this many buffered characters */
    maxLength?: number;
  }
  interface RollingFile {
    write(chunk: string): boolean;
    flush(cb?: (err?: Error) => void): void;
    end(): void;
    on(event: 'error', listener: (err: Error) => void): this;
    on(event: 'write', listener: (n: number) => void): this;
    once(event: 'close' | 'finish', listener: () => void): this;
    once(event: 'error', listener: (err: Error) => void): this;
  }
  export default function pinoRoll(opts: PinoRollOptions): Promise<RollingFile>;
}
