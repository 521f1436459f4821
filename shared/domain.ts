/**
 * Domain constants shared by the hub, the screens and the central server.
 * Pure TypeScript: no Node and no DOM APIs (this file also runs in the renderer).
 */

export const DEVICE_ROLES = ['kiosk', 'counter', 'display', 'admin'] as const;
export type DeviceRole = (typeof DEVICE_ROLES)[number];

export const OFFICER_ROLES = ['officer', 'supervisor', 'admin'] as const;
export type OfficerRole = (typeof OFFICER_ROLES)[number];

/**
 * Ticket life cycle. `closed` is the end-of-day state of a ticket that was never finished;
 * nothing is ever deleted.
 */
export const TICKET_STATUSES = [
  'waiting',
  'called',
  'serving',
  'done',
  'no_show',
  'cancelled',
  'closed',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];


/**
 * Whether the citizen got the paper: pending (not printed yet), printed (the printer confirmed),
 * unconfirmed (sent, but nothing could confirm it), failed (the printer refused or stopped).
 */
export const PRINT_STATES = ['pending', 'printed', 'unconfirmed', 'failed'] as const;
export type PrintState = (typeof PRINT_STATES)[number];

export const COUNTER_STATES = ['closed', 'open', 'paused'] as const;
export type CounterState = (typeof COUNTER_STATES)[number];

/**
 * Priority groups of UU 25/2009 art. 29. The list in force is a site setting; these are the
 * defaults a new site starts with.
 */
export const DEFAULT_PRIORITY_GROUPS = [
  { code: 'lansia', name: { id: 'Lansia', en: 'Elderly' } },
  { code: 'disabilitas', name: { id: 'Penyandang disabilitas', en: 'Person with disability' } },
  { code: 'ibu_hamil', name: { id: 'Ibu hamil', en: 'Pregnant woman' } },
  { code: 'anak', name: { id: 'Anak-anak', en: 'Children' } },
  { code: 'korban_bencana', name: { id: 'Korban bencana', en: 'Disaster victim' } },
] as const;

export const EVENT_TYPES = [
  'ticket.issued',
  'ticket.called',
  'ticket.recalled',
  'ticket.started',
  'ticket.finished',
  'ticket.no_show',
  'ticket.transferred',
  'ticket.cancelled',
  'ticket.closed',
  'ticket.printed',
  'ticket.print_unconfirmed',
  'ticket.print_failed',
  'counter.opened',
  'counter.paused',
  'counter.resumed',
  'counter.closed',
  'day.closed',
  'day.reopened',
  'hub.alarm',
  'device.paired',
  'device.revoked',
  'printer.status',
  'settings.changed',
  'survey.answered',
  'master.changed',
  'standard.published',
  'complaint.filed',
  'complaint.answered',
  'booking.catalogue',
  'booking.received',
  'booking.cancelled',
  'booking.checked_in',
  'booking.no_show',
  'booking.conflict',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Weekday index as JavaScript counts it: 0 = Minggu (Sunday) … 6 = Sabtu (Saturday). */
export const WEEKDAYS_ID = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'] as const;
export const MONTHS_ID = [
  'Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni',
  'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember',
] as const;
