import type { Ticket } from '../../../shared/protocol.js';
import type { PrintState, TicketStatus } from '../../../shared/domain.js';
import { formatTicketNumber } from '../../../shared/ticketNumber.js';

export interface TicketRow {
  id: number;
  business_date: string;
  prefix: string;
  number: number;
  service_id: number;
  origin_service_id: number;
  priority_group: string | null;
  status: TicketStatus;
  counter_id: number | null;
  officer_id: number | null;
  device_id: number | null;
  request_key: string | null;
  issued_at: number;
  arrived_at: number;
  called_at: number | null;
  started_at: number | null;
  finished_at: number | null;
  call_count: number;
  close_reason: string | null;
  print_state: PrintState;
  print_count: number;
  printed_at: number | null;
}

export function toTicket(r: TicketRow): Ticket {
  return {
    id: r.id,
    number: r.number,
    prefix: r.prefix,
    display: formatTicketNumber(r.prefix, r.number),
    businessDate: r.business_date,
    serviceId: r.service_id,
    originServiceId: r.origin_service_id,
    priorityGroup: r.priority_group,
    status: r.status,
    counterId: r.counter_id,
    issuedAt: r.issued_at,
    arrivedAt: r.arrived_at,
    calledAt: r.called_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    callCount: r.call_count,
    closeReason: r.close_reason,
    printState: r.print_state,
    printCount: r.print_count,
  };
}
