/** "A" + 12 → "A-012". Numbers past 999 keep all their digits ("A-1000"). */
export function formatTicketNumber(prefix: string, number: number): string {
  return `${prefix}-${String(number).padStart(3, '0')}`;
}

/**
 * A service prefix: 1 to 4 capital letters and digits with at least one letter ("A", "SK", "B2",
 * and what real MPPs print: "3B", "1O", "4A1"). All digits would read as part of the number.
 */
export const PREFIX_PATTERN = /^(?=[0-9]*[A-Z])[A-Z0-9]{1,4}$/;
