/** The hub's health answer: enough for a screen to show where it is before it is paired. */
export interface Health {
  status: string;
  version: string;
  siteName: string | null;
  businessDate: string | null;
  lastSeq: number;
}

export async function fetchHealth(signal?: AbortSignal): Promise<Health> {
  const res = await fetch('/healthz', signal ? { signal } : {});
  if (!res.ok) throw new Error(`hub answered ${res.status}`);
  return (await res.json()) as Health;
}
