/**
 * The hall display's voice clips, for the admin's Suara tab: which words the display says at this
 * site and which clip says each (the MPP's own, the generated one, or none), and the MPP's own
 * recordings uploaded or deleted per word. Clips are site-wide: admins and supervisors of the
 * whole MPP only (agencyScope.ts).
 *
 * No event tells the displays: they fetch /voice/<word> when they say it, and the file route lets
 * them keep a recording for a minute at most (displayFiles.ts), so a new one is heard soon after.
 */
import { VoiceClipBody, VoiceCoverage, VoiceWordInfo, VoiceWordParam, voiceWordUses, type VoiceSite } from '../../../../shared/voiceClips.js';
import type { Actor } from '../../actor.js';
import type { HubCore } from '../../core.js';
import { assertWholeMpp } from '../agencyScope.js';
import { builtinClipWords, customClips, deleteVoiceClip, saveVoiceClip, type CustomClip } from '../displayFiles.js';
import { actorOf, route, type RouteAuth, type RouteSpec } from '../route.js';

/** What the voice endpoints use. */
export type VoiceRouteDeps = Pick<HubCore, 'master' | 'settings' | 'audit' | 'events' | 'dataDir'>;

/** The body may be larger than a clip is allowed to be, so that a clip too large is told so by name. */
const VOICE_BODY_LIMIT = 4 * 1024 * 1024;

export function voiceRoutes(deps: VoiceRouteDeps): RouteSpec<unknown, unknown, unknown>[] {
  const { master, settings, audit, events, dataDir } = deps;
  const auth: RouteAuth = { kind: 'device', roles: ['admin'], session: 'supervisor' };

  const site = (): VoiceSite => {
    const display = settings.all().display;
    return {
      counters: master.counters(),
      agencies: master.agencies(),
      services: master.servicesAdmin().flatMap((s) => [s, ...(s.pending ? [{ ...s.pending, active: s.active }] : [])]),
      display,
    };
  };

  const info = (word: string, uses: VoiceWordInfo['uses'], own: CustomClip | undefined, builtin: Set<string>): VoiceWordInfo => ({
    word,
    clip: own ? 'custom' : builtin.has(word) ? 'builtin' : 'missing',
    builtin: builtin.has(word),
    custom: own ? { type: own.type, bytes: own.bytes, updatedAt: own.updatedAt } : null,
    uses,
  });

  const coverage = (): VoiceCoverage => {
    const uses = voiceWordUses(site());
    const own = customClips(dataDir);
    const builtin = builtinClipWords();
    // A recording no text uses any more is listed too, so it can be found and deleted.
    const words = [...new Set([...uses.keys(), ...own.keys()])].map((w) => info(w, uses.get(w) ?? [], own.get(w), builtin));
    const rank = (w: VoiceWordInfo) => (w.clip === 'missing' ? 0 : w.uses.length > 0 ? 1 : 2);
    words.sort((a, b) => rank(a) - rank(b) || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
    return { words, missing: words.filter((w) => w.clip === 'missing').length };
  };

  const wordInfo = (word: string): VoiceWordInfo => info(word, voiceWordUses(site()).get(word) ?? [], customClips(dataDir).get(word), builtinClipWords());

  /** The audit entry of a change to the clips (subject 'media': the displays' files). */
  const audited = (actor: Actor, action: string, word: string, before: CustomClip | null | undefined, after: CustomClip | null) => {
    const row = (c: CustomClip | null | undefined) => (c ? { word, type: c.type, bytes: c.bytes } : null);
    events.transaction(() => audit.record(actor, action, 'media', null, row(before), row(after)));
  };

  const specs = [
    route({
      method: 'GET',
      url: '/api/admin/voice',
      summary: 'Every word the displays say at this site (counter labels, agency names, wordings, recall, prefixes, numbers, pronunciations), where each is used, and its clip: the MPP’s own, the generated one, or missing (missing first)',
      tag: 'admin',
      auth,
      response: VoiceCoverage,
      handler: (ctx) => {
        assertWholeMpp(ctx.session);
        return coverage();
      },
    }),
    route({
      method: 'PUT',
      url: '/api/admin/voice/:word',
      summary: 'The MPP’s own clip of one word: the audio bytes as the body, Content-Type audio/wav, audio/mpeg, audio/ogg or audio/webm, at most 1 MB; replaces any earlier recording of the word',
      tag: 'admin',
      auth,
      params: VoiceWordParam,
      body: VoiceClipBody,
      bodyLimit: VOICE_BODY_LIMIT,
      response: VoiceWordInfo,
      handler: (ctx) => {
        assertWholeMpp(ctx.session);
        const { word } = ctx.params;
        const before = customClips(dataDir).get(word);
        const saved = saveVoiceClip(dataDir, word, ctx.req.headers['content-type'], ctx.body);
        audited(actorOf(ctx), 'voice.upload', word, before, saved);
        return wordInfo(word);
      },
    }),
    route({
      method: 'DELETE',
      url: '/api/admin/voice/:word',
      summary: 'Delete the MPP’s own clip of one word: the display says the generated one again (or skips the word when there is none)',
      tag: 'admin',
      auth,
      params: VoiceWordParam,
      response: VoiceWordInfo,
      handler: (ctx) => {
        assertWholeMpp(ctx.session);
        const { word } = ctx.params;
        const gone = deleteVoiceClip(dataDir, word);
        audited(actorOf(ctx), 'voice.delete', word, gone, null);
        return wordInfo(word);
      },
    }),
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}
