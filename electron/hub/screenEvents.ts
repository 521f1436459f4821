/**
 * An event as the screens receive it (the stream, GET /api/events): the survey's respondent
 * profile and saran, and a complaint's text, contact and answer, left out. The sync outbox reads
 * the log itself and carries them whole to the central server.
 */
import type { Event } from '../../shared/protocol.js';
import { complaintForScreens } from './complaints.js';
import { forScreens as surveyForScreens } from './survey.js';

export function forScreens(e: Event): Event {
  return complaintForScreens(surveyForScreens(e));
}
