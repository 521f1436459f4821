/**
 * The master-data tab's own state: the four lists as the hub holds them (inactive rows too), the
 * open section, and the calls that change them. Every call goes through the admin store's `call`
 * (the session, refusals in the notice line); a change reloads the lists.
 */
import { create } from 'zustand';
import type { ZodType } from 'zod';
import {
  AgencyAdminList,
  CounterAdminList,
  ServiceAdminList,
  ZoneList,
  type AgencyAdmin,
  type CounterAdmin,
  type ServiceAdmin,
  type ZoneInfo,
} from '../../../../shared/masterData.js';
import { Created, Ok } from '../../../../shared/protocol.js';
import { ServiceInfo } from '../../../../shared/site.js';
import { useAdmin } from '../store.js';

export const SECTIONS = ['agencies', 'services', 'counters', 'zones', 'import'] as const;
export type Section = (typeof SECTIONS)[number];

type Params = Record<string, string | number>;

interface MasterState {
  section: Section;
  agencies: AgencyAdmin[];
  zones: ZoneInfo[];
  services: ServiceAdmin[];
  counters: CounterAdmin[];
  setSection(section: Section): void;
  load(): Promise<void>;
  /** POST or PUT `body`; says `okKey` and reloads on success; the answer, or null when refused. */
  write<S extends ZodType>(method: 'POST' | 'PUT', path: string, body: unknown, schema: S, okKey: string, params?: Params): Promise<S['_output'] | null>;
}

export const useMaster = create<MasterState>((set, get) => ({
  section: 'services',
  agencies: [],
  zones: [],
  services: [],
  counters: [],
  setSection: (section) => set({ section }),
  async load() {
    const call = useAdmin.getState().call;
    const [agencies, zones, services, counters] = await Promise.all([
      call((api) => api.get('/api/admin/agencies', AgencyAdminList)),
      call((api) => api.get('/api/admin/zones', ZoneList)),
      call((api) => api.get('/api/admin/services', ServiceAdminList)),
      call((api) => api.get('/api/admin/counters', CounterAdminList)),
    ]);
    set({
      ...(agencies ? { agencies } : {}),
      ...(zones ? { zones } : {}),
      ...(services ? { services } : {}),
      ...(counters ? { counters } : {}),
    });
  },
  async write(method, path, body, schema, okKey, params) {
    const r = await useAdmin.getState().call((api) => api.send(method, path, body, schema), okKey, params);
    if (r !== null) void get().load();
    return r;
  },
}));

/** The answers of the writes. */
export const Answers = { Created, Ok, ServiceInfo };
