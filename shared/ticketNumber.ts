/** "A" + 12 → "A-012". Numbers past 999 keep all their digits ("A-1000"). */
export function formatTicketNumber(prefix: string, number: number): string {
  return `${prefix}-${String(number).padStart(3, '0')}`;
}

/** A service prefix: 1 to 3 capital letters, optionally followed by one digit ("A", "SK", "B2"). */
export const PREFIX_PATTERN = /^[A-Z]{1,3}[0-9]?$/;
