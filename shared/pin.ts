/**
 * The one rule for an officer's PIN, used by login, officer creation and the PIN reset: a PIN the
 * admin can set is a PIN the login accepts (a reset to 12 digits against a login that took 8 once
 * locked an admin out for good). 4 to 12 digits, as the kiosk's PIN pad and the admin's form allow.
 */
import { z } from 'zod';

export const PIN_PATTERN = /^\d{4,12}$/;

export const Pin = z.string().regex(PIN_PATTERN, 'a PIN is 4 to 12 digits');
export type Pin = z.infer<typeof Pin>;
