/**
 * How many complaints in the supervisor's scope are still unanswered: the tab's badge. Read
 * quietly (a failed read keeps the last number and says nothing: the badge is no place for errors)
 * every half minute and whenever the tab changes an answer.
 */
import { useEffect } from 'react';
import { create } from 'zustand';
import { ComplaintList } from '../../../../shared/complaints.js';
import { adminApi } from '../api.js';
import { useAdmin } from '../store.js';

const POLL_MS = 30_000;

export const useComplaintCount = create<{ count: number; set(count: number): void }>((set) => ({ count: 0, set: (count) => set({ count }) }));

export async function refreshComplaintCount(session: string): Promise<void> {
  try {
    const list = await adminApi(session).get('/api/admin/complaints?status=new', ComplaintList);
    useComplaintCount.getState().set(list.newCount);
  } catch {
    // the hub is away or the session ended: the store's own calls say so
  }
}

/** The badge beside the tab's name; nothing when there is nothing new. */
export function ComplaintBadge() {
  const session = useAdmin((s) => s.session);
  const count = useComplaintCount((s) => s.count);
  useEffect(() => {
    if (!session) return;
    void refreshComplaintCount(session);
    const timer = setInterval(() => void refreshComplaintCount(session), POLL_MS);
    return () => clearInterval(timer);
  }, [session]);
  if (count === 0) return null;
  return (
    <span className="badge" data-testid="complaints-badge" aria-label={String(count)}>
      {count}
    </span>
  );
}
