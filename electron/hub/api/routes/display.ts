/** What the hall display reads: the calls and waiting counts, and its media playlist. */
import { DisplayState, MediaList } from '../../../../shared/protocol.js';
import type { HubCore } from '../../core.js';
import { listMedia } from '../displayFiles.js';
import { route, type RouteSpec } from '../route.js';

/** What the display endpoints use: the read model, and the data directory the media live in. */
export type DisplayRouteDeps = Pick<HubCore, 'views' | 'dataDir'>;

export function displayRoutes(deps: DisplayRouteDeps): RouteSpec<unknown, unknown, unknown>[] {
  const { views, dataDir } = deps;
  const specs = [
    route({
      method: 'GET',
      url: '/api/display/state',
      summary: 'What the hall display shows: the latest call at each counter, waiting per agency (a display paired for a zone: that zone only)',
      tag: 'display',
      auth: { kind: 'device', roles: ['display', 'admin'] },
      response: DisplayState,
      // The zone is the device's, set when it was paired: never something the page asks for.
      handler: ({ device }) => views.display(device?.role === 'display' ? (device.zoneId ?? null) : null),
    }),
    route({
      method: 'GET',
      url: '/api/display/media',
      summary: 'The media playlist of the displays: images and videos in <data dir>/media, by name',
      tag: 'display',
      auth: { kind: 'device', roles: ['display', 'admin'] },
      response: MediaList,
      handler: () => listMedia(dataDir),
    }),
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}
