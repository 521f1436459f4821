/**
 * The operations tab (Operasional): find a ticket by its number to reprint, call or cancel it; the
 * business day (close, reopen); the sync with the central server; the backups; the displays' media
 * and how they pronounce abbreviations. An agency supervisor gets the ticket finder only (their
 * agency's tickets): the rest belongs to the whole MPP.
 */
import { Backups } from '../Backups.js';
import { BusinessDay, Sync } from './DayAndSync.js';
import { Media } from './Media.js';
import { Pronunciations } from './Pronunciations.js';
import { useScope } from './scope.js';
import { TicketFinder } from './TicketFinder.js';
import './operations.css';
import './strings.js';

export function OperationsTab() {
  const scope = useScope();
  const wholeMpp = scope?.wholeMpp ?? false;
  return (
    <div className="ops operations">
      <TicketFinder />
      {wholeMpp && (
        <>
          <BusinessDay />
          <Sync />
          <Backups />
          <Media />
          <Pronunciations />
        </>
      )}
    </div>
  );
}
