/**
 * Sending a clip to the hub: the audio's own bytes with its type (not JSON, so the admin's JSON
 * client does not carry it), refusals as the same HubRefusal every other call gives. A file is
 * known by its first bytes, not its name or the type the system guesses (Windows calls a .wav
 * audio/x-wav, Chromium a .webm video/webm): what the hub will check anyway, told before sending.
 */
import { VoiceWordInfo, looksLikeAudio, VOICE_CLIP_TYPES, voiceClipType, type VoiceClipType } from '../../../../shared/voiceClips.js';
import { deviceCredentials } from '../../api/device.js';
import { HubRefusal, HubUnreachable, type Message } from '../../api/hub.js';

/** The clip type of a file or a recording, read from its first bytes; null: not a clip the hub takes. */
export async function clipTypeOf(blob: Blob): Promise<VoiceClipType | null> {
  const head = new Uint8Array(await blob.slice(0, 16).arrayBuffer());
  const said = voiceClipType(blob.type);
  if (said && looksLikeAudio(said, head)) return said;
  return (Object.keys(VOICE_CLIP_TYPES) as VoiceClipType[]).find((type) => looksLikeAudio(type, head)) ?? null;
}

/** PUT /api/admin/voice/:word with the clip's bytes; the word as the hub now has it. */
export async function uploadClip(session: string, word: string, blob: Blob, type: VoiceClipType): Promise<VoiceWordInfo> {
  const headers: Record<string, string> = { 'content-type': type };
  const { token } = deviceCredentials();
  if (token) headers.authorization = `Bearer ${token}`;
  if (session) headers['x-antre-session'] = session;
  let res: Response;
  try {
    res = await fetch(`/api/admin/voice/${encodeURIComponent(word)}`, { method: 'PUT', headers, body: blob });
  } catch {
    throw new HubUnreachable(`PUT /api/admin/voice/${word}: no answer`);
  }
  const json: unknown = await res.json().catch(() => null);
  if (res.ok) return VoiceWordInfo.parse(json);
  const err = (json as { error?: { code?: string; message?: Message; details?: unknown } } | null)?.error;
  if (err?.code && err.message) throw new HubRefusal(res.status, err.code, err.message, err.details);
  throw new HubUnreachable(`PUT /api/admin/voice/${word}: ${res.status}`);
}
