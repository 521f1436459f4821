/**
 * The append-only event log. Every state change appends one row inside the same transaction as
 * the change; subscribers (the WebSocket stream, later the sync outbox) hear about it only after
 * the transaction commits, so nobody ever sees an event that a rollback took back.
 */
import type { EventType } from '../../shared/domain.js';
import { Event, type EventData, type EventOf } from '../../shared/events.js';
import { assertContract, contractChecks } from './contract.js';
import type { Db } from './db/open.js';

/**
 * An event to append: its data must be the data of its type (shared/events.ts), so the hub
 * cannot log what the screens and the central server would not understand.
 */
export interface NewEvent<T extends EventType = EventType> {
  type: T;
  at: number;
  businessDate: string;
  ticketId?: number | null;
  serviceId?: number | null;
  counterId?: number | null;
  officerId?: number | null;
  deviceId?: number | null;
  data: EventData<T>;
}

export interface EventRow {
  seq: number;
  at: number;
  type: string;
  business_date: string;
  ticket_id: number | null;
  service_id: number | null;
  counter_id: number | null;
  officer_id: number | null;
  device_id: number | null;
  data: string;
}

function toEvent(r: EventRow): Event {
  // Every row was written by `append`, which only takes the data of its type: not parsed again
  // here, because the stream and the sync outbox read thousands of rows at a time.
  return {
    seq: r.seq,
    at: r.at,
    type: r.type,
    businessDate: r.business_date,
    ticketId: r.ticket_id,
    serviceId: r.service_id,
    counterId: r.counter_id,
    officerId: r.officer_id,
    deviceId: r.device_id,
    data: JSON.parse(r.data) as unknown,
  } as Event;
}

export type EventListener = (e: Event) => void;

export class EventLog {
  private pending: Event[] = [];
  private listeners = new Set<EventListener>();
  /** Tests and development check each event against shared/events.ts (see contract.ts). */
  private readonly check = contractChecks();
  private readonly insert;
  private readonly since;
  private readonly last;

  constructor(
    private readonly db: Db,
    private readonly onListenerError: (err: unknown) => void = (err) => console.error(err),
  ) {
    this.insert = db.prepare(
      `INSERT INTO events (at, type, business_date, ticket_id, service_id, counter_id, officer_id, device_id, data)
       VALUES (@at, @type, @businessDate, @ticketId, @serviceId, @counterId, @officerId, @deviceId, @data)`,
    );
    this.since = db.prepare('SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
    this.last = db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM events').pluck();
  }

  /** Appends inside the caller's transaction; published by `transaction` after commit. */
  append<T extends EventType>(e: NewEvent<T>): EventOf<T> {
    const row = {
      at: e.at,
      type: e.type,
      businessDate: e.businessDate,
      ticketId: e.ticketId ?? null,
      serviceId: e.serviceId ?? null,
      counterId: e.counterId ?? null,
      officerId: e.officerId ?? null,
      deviceId: e.deviceId ?? null,
      data: JSON.stringify(e.data),
    };
    const seq = Number(this.insert.run(row).lastInsertRowid);
    const event = { ...row, seq, type: e.type, data: e.data } as EventOf<T>;
    // Before it is committed: in a test, an event off its schema fails the operation that made it.
    if (this.check) assertContract(Event, event, `event ${e.type}`);
    this.pending.push(event);
    return event;
  }

  /**
   * Runs `fn` in one IMMEDIATE transaction (the write lock is taken up front, so two writers
   * never interleave) and publishes the events it appended once it has committed.
   */
  transaction<T>(fn: () => T): T {
    // Inside another operation's transaction: that one commits and publishes.
    if (this.db.inTransaction) return fn();
    let result: T;
    try {
      result = this.db.transaction(fn).immediate();
    } catch (err) {
      this.pending = [];
      throw err;
    }
    const published = this.pending;
    this.pending = [];
    for (const e of published) {
      for (const l of this.listeners) {
        // The change is committed: a failing subscriber must not turn it into an error reply.
        try {
          l(e);
        } catch (err) {
          this.onListenerError(err);
        }
      }
    }
    return result;
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  readSince(seq: number, limit = 1000): Event[] {
    return (this.since.all(seq, limit) as EventRow[]).map(toEvent);
  }

  lastSeq(): number {
    return this.last.get() as number;
  }
}
