/**
 * The other latest calls (each counter's latest, after the big area's), newest first: all of
 * them, on pages when they do not fit, so "Gerai 18" is never cut to "Gerai 1". A new call sends
 * the rotation back to the first page, where it is.
 */
import type { LatestCall } from '../../../shared/protocol.js';
import { PagedGrid } from './PagedGrid.js';

export interface CallListProps {
  calls: LatestCall[];
  now: number;
  highlightMs: number;
  periodMs: number;
}

export function CallList({ calls, now, highlightMs, periodMs }: CallListProps) {
  return (
    <PagedGrid
      title="Panggilan sebelumnya"
      className="calls"
      testId="latest-calls"
      items={calls}
      itemKey={(c) => String(c.counterId)}
      itemProps={(c) => ({
        className: now < c.calledAt + highlightMs ? 'fresh' : undefined,
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
      signature={calls.map((c) => `${c.display}\u0001${c.counterLabel}`).join('\u0002')}
      maxVh={6.5}
      now={now}
      periodMs={periodMs}
      empty="Belum ada panggilan lain"
      restartKey={calls.length ? `${calls[0]!.counterId}:${calls[0]!.ticketId}:${calls[0]!.calledAt}` : ''}
    />
  );
}
