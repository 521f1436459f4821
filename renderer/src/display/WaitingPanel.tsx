/**
 * How many wait, per agency: every agency of the display's scope, on pages that take turns
 * every `waitingPageSeconds` when thirty of them do not fit at a size read from ten metres.
 */
import { memo } from 'react';
import type { DisplayState } from '../../../shared/protocol.js';
import { digitsAlike } from './fitText.js';
import { PagedGrid } from './PagedGrid.js';

type Agency = DisplayState['waitingPerAgency'][number];

export interface WaitingPanelProps {
  agencies: Agency[];
  clock: () => number;
  periodMs: number;
}

export const WaitingPanel = memo(function WaitingPanel({ agencies, clock, periodMs }: WaitingPanelProps) {
  return (
    <PagedGrid
      title="Menunggu"
      className="waiting"
      testId="waiting"
      items={agencies}
      itemKey={(a) => String(a.agencyId)}
      textKey={(a) => `${a.shortName}\u0001${digitsAlike(String(a.waiting))}`}
      itemProps={(a) => ({ 'data-agency': String(a.agencyId) })}
      renderItem={(a) => (
        <>
          <span className="name">{a.shortName}</span>
          <b className="count">{a.waiting}</b>
        </>
      )}
      maxVh={6}
      clock={clock}
      periodMs={periodMs}
    />
  );
});
