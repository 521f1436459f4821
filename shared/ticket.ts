/** A ticket as every screen receives it. A leaf of shared/, re-exported by protocol.ts. */
import { z } from 'zod';
import { PRINT_STATES, TICKET_STATUSES } from './domain.js';

const id = z.number().int().positive();

export const Ticket = z.object({
  id,
  number: z.number().int().positive(),
  prefix: z.string(),
  /** "A-012" */
  display: z.string(),
  businessDate: z.string(),
  serviceId: id,
  /** the service it was issued for, before any transfer */
  originServiceId: id,
  priorityGroup: z.string().nullable(),
  status: z.enum(TICKET_STATUSES),
  counterId: id.nullable(),
  issuedAt: z.number(),
  /** the original arrival time; kept across transfers, it orders the queue */
  arrivedAt: z.number(),
  calledAt: z.number().nullable(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  callCount: z.number().int(),
  closeReason: z.string().nullable(),
  printState: z.enum(PRINT_STATES),
  /** how many times it went to a printer (reprints included) */
  printCount: z.number().int(),
});
export type Ticket = z.infer<typeof Ticket>;
