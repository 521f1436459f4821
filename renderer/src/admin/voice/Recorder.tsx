/**
 * Recording one word with the microphone, in a dialog: it starts at once, stops on "Berhenti" (or
 * by itself after a few seconds), can be listened to and recorded again, and is saved as the
 * word's clip. When the page cannot record, the dialog says why and what to do instead.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { bilingual, useAdminT } from '../i18n.js';
import { ModalForm } from '../ModalForm.js';
import { useAdmin } from '../store.js';
import { clipTypeOf, uploadClip } from './clipUpload.js';
import { MicrophoneError, startRecording, type Recording } from './microphone.js';

type State =
  | { kind: 'starting' }
  | { kind: 'recording'; since: number }
  | { kind: 'recorded'; blob: Blob; url: string }
  | { kind: 'failed'; key: string; detail: string };

export function Recorder({ word, onClose, onSaved }: { word: string; onClose: () => void; onSaved: () => Promise<void> }) {
  const { t } = useAdminT();
  const call = useAdmin((s) => s.call);
  const notify = useAdmin((s) => s.notify);
  const [state, setState] = useState<State>({ kind: 'starting' });
  const [now, setNow] = useState(Date.now());
  const recording = useRef<Recording | null>(null);
  /** the attempt whose outcome is shown: a closed dialog, or a newer attempt, ignores an older one */
  const attempt = useRef(0);

  const record = useCallback(async () => {
    const mine = ++attempt.current;
    recording.current?.stop();
    setState({ kind: 'starting' });
    try {
      const r = await startRecording();
      if (mine !== attempt.current) return r.stop();
      recording.current = r;
      setState({ kind: 'recording', since: Date.now() });
      const blob = await r.done;
      if (mine !== attempt.current) return;
      recording.current = null;
      setState(blob.size > 0 ? { kind: 'recorded', blob, url: URL.createObjectURL(blob) } : { kind: 'failed', key: 'voice.recorder.empty', detail: '' });
    } catch (err) {
      if (mine !== attempt.current) return;
      recording.current = null;
      const problem = err instanceof MicrophoneError ? err.problem : 'failed';
      setState({ kind: 'failed', key: `voice.recorder.${problem}`, detail: err instanceof Error ? err.message : String(err) });
    }
  }, []);

  useEffect(() => {
    void record();
    return () => {
      attempt.current++;
      recording.current?.stop();
      recording.current = null;
    };
  }, [record]);
  // The object URL of a recording lives as long as it is shown.
  useEffect(() => {
    if (state.kind !== 'recorded') return;
    return () => URL.revokeObjectURL(state.url);
  }, [state]);
  useEffect(() => {
    if (state.kind !== 'recording') return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [state.kind]);

  const save = async (): Promise<boolean> => {
    if (state.kind !== 'recorded') return false;
    const type = await clipTypeOf(state.blob);
    if (!type) {
      notify('error', bilingual('voice.coverage.wrongType', { name: word }));
      return false;
    }
    const saved = await call((_api, session) => uploadClip(session, word, state.blob, type), 'voice.coverage.saved', { word });
    if (saved) await onSaved();
    return saved !== null;
  };

  return (
    <ModalForm title={t('voice.recorder.heading', { word })} submit={t('voice.recorder.save')} busy={state.kind !== 'recorded'} onSubmit={save} onClose={onClose}>
      <p className="ops-explain">{t('voice.recorder.hint')}</p>
      <div className="voice-recorder" data-testid="voice-recorder">
        {state.kind === 'starting' && <p role="status">{t('voice.recorder.starting')}</p>}
        {state.kind === 'recording' && (
          <>
            <p role="status" className="voice-live">
              ● {t('voice.recorder.recording', { seconds: Math.max(0, Math.floor((now - state.since) / 1000)) })}
            </p>
            <button type="button" className="primary" onClick={() => recording.current?.stop()}>
              ■ {t('voice.recorder.stop')}
            </button>
          </>
        )}
        {state.kind === 'recorded' && (
          <>
            <audio src={state.url} controls aria-label={t('voice.recorder.listen')} />
            <button type="button" onClick={() => void record()}>
              {t('voice.recorder.again')}
            </button>
          </>
        )}
        {state.kind === 'failed' && (
          <>
            <p className="note bad" role="alert">
              {t(state.key, { error: state.detail })}
            </p>
            <button type="button" onClick={() => void record()}>
              {t('voice.recorder.again')}
            </button>
          </>
        )}
      </div>
    </ModalForm>
  );
}
