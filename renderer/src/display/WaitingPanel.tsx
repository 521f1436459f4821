/**
 * How many wait, per agency: every agency of the display's scope, on pages that take turns
 * every `waitingPageSeconds` when thirty of them do not fit at a size read from ten metres.
 */
import type { DisplayState } from '../../../shared/protocol.js';
import { PagedGrid } from './PagedGrid.js';

type Agency = DisplayState['waitingPerAgency'][number];

export interface WaitingPanelProps {
  agencies: Agency[];
  now: number;
  periodMs: number;
}

export function WaitingPanel({ agencies, now, periodMs }: WaitingPanelProps) {
  return (
    <PagedGrid
      title="Menunggu"
      className="waiting"
      testId="waiting"
      items={agencies}
      itemKey={(a) => String(a.agencyId)}
      itemProps={(a) => ({ 'data-agency': String(a.agencyId) })}
      renderItem={(a) => (
        <>
          <span className="name">{a.shortName}</span>
          <b className="count">{a.waiting}</b>
        </>
      )}
      signature={agencies.map((a) => `${a.shortName}\u0001${a.waiting}`).join('\u0002')}
      maxVh={6}
      now={now}
      periodMs={periodMs}
    />
  );
}
