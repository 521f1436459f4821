/** What the hall display reads: the calls and waiting counts, and its media playlist. */
import type { HubCore } from '../../core.js';
import { listMedia } from '../displayFiles.js';
import { route, type RouteSpec } from '../route.js';

export function displayRoutes(core: HubCore): RouteSpec<unknown, unknown, unknown>[] {
  const { views } = core;
  const specs = [
    route({
      method: 'GET',
      url: '/api/display/state',
      summary: 'What the hall display shows: the latest call at each counter, waiting per agency',
      tag: 'display',
      auth: { kind: 'device', roles: ['display', 'admin'] },
      handler: () => views.display(),
    }),
    route({
      method: 'GET',
      url: '/api/display/media',
      summary: 'The media playlist of the displays: images and videos in <data dir>/media, by name',
      tag: 'display',
      auth: { kind: 'device', roles: ['display', 'admin'] },
      handler: () => listMedia(core.dataDir),
    }),
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}
