/**
 * The other latest calls (each counter's latest, after the big area's), newest first: all of
 * them, on pages when they do not fit, so "Gerai 18" is never cut to "Gerai 1". A new call sends
 * the rotation back to the first page, where it is.
 */
import { memo } from 'react';
import type { LatestCall } from '../../../shared/protocol.js';
import { digitsAlike } from './fitText.js';
import { PagedGrid } from './PagedGrid.js';

export interface CallListProps {
  calls: LatestCall[];
  /** the counters whose call is still fresh (highlighted), comma-separated: a string, so an unchanged one redraws nothing */
  fresh: string;
  clock: () => number;
  periodMs: number;
}

export const CallList = memo(function CallList({ calls, fresh, clock, periodMs }: CallListProps) {
  const freshIds = new Set(fresh.split(','));
  return (
    <PagedGrid
      title="Panggilan sebelumnya"
      className="calls"
      testId="latest-calls"
      items={calls}
      itemKey={(c) => String(c.counterId)}
      textKey={(c) => `${digitsAlike(c.display)}\u0001${c.counterLabel}`}
      itemProps={(c) => ({
        className: freshIds.has(String(c.counterId)) ? 'fresh' : undefined,
        'data-ticket': c.display,
        'data-counter': String(c.counterId),
        'data-recall': c.recall ? 'yes' : 'no',
      })}
      renderItem={(c) => (
        <>
          <span className="ticket">{c.display}</span>
          <span className="where">{c.counterLabel}</span>
        </>
      )}
      maxVh={6.5}
      clock={clock}
      periodMs={periodMs}
      empty="Belum ada panggilan lain"
      restartKey={calls.length ? `${calls[0]!.counterId}:${calls[0]!.ticketId}:${calls[0]!.calledAt}` : ''}
    />
  );
});
