/**
 * Who is signed in, as far as the tabs must know: an agency supervisor (kepala gerai) sees only
 * their agency's tickets, and none of what belongs to the whole MPP (the day, sync, backups, media,
 * pronunciations, devices and printers). The hub refuses those anyway (AGENCY_SCOPE); hiding them
 * spares a supervisor buttons that can only be refused.
 */
import { useEffect, useState } from 'react';
import { z } from 'zod';
import { useAdmin } from '../store.js';

/** GET /api/sessions/current, read loosely: `agencyId` is there once the hub sends it. */
const Current = z.object({
  officer: z.object({ role: z.enum(['officer', 'supervisor', 'admin']), agencyId: z.number().int().nullable().optional() }),
});

export interface Scope {
  role: 'officer' | 'supervisor' | 'admin';
  /** null: the whole MPP */
  agencyId: number | null;
  wholeMpp: boolean;
}

const cache = new Map<string, Scope>();

/** The session's scope, or null while it is being read. */
export function useScope(): Scope | null {
  const session = useAdmin((s) => s.session);
  const call = useAdmin((s) => s.call);
  const [scope, setScope] = useState<Scope | null>(session ? (cache.get(session) ?? null) : null);
  useEffect(() => {
    if (!session || cache.has(session)) return;
    let live = true;
    void call((api) => api.get('/api/sessions/current', Current)).then((r) => {
      if (!r || !live) return;
      const agencyId = r.officer.role === 'admin' ? null : (r.officer.agencyId ?? null);
      const s: Scope = { role: r.officer.role, agencyId, wholeMpp: agencyId === null };
      cache.set(session, s);
      setScope(s);
    });
    return () => {
      live = false;
    };
  }, [session, call]);
  return scope;
}
