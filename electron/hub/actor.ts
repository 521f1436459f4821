/** Who asked for a change: recorded on every event it appends. */
export interface Actor {
  officerId?: number | null;
  deviceId?: number | null;
}
