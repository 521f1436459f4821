/**
 * "Dipanggil!": vibration, a beep and a notification, as far as the phone allows. A browser plays
 * sound only after a tap on the page (autoplay rules), so the page asks for one tap first ("Ketuk
 * untuk mengaktifkan suara") and keeps the unlocked AudioContext. Notifications need a secure
 * page on most phones: on the hub's plain-HTTP address they are simply not offered.
 */
let audio: AudioContext | null = null;

export function soundUnlocked(): boolean {
  return audio !== null && audio.state === 'running';
}

/** On the citizen's tap: unlocks sound (a silent start) and asks for notifications where they exist. */
export function unlockSound(): void {
  const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (Ctx && !audio) audio = new Ctx();
  if (audio) void audio.resume();
  beep(0.01);
  if (typeof Notification !== 'undefined' && Notification.permission === 'default') {
    try {
      void Notification.requestPermission();
    } catch {
      // an old browser's callback form, or refused outright: the page still rings and vibrates
    }
  }
}

/** Three short tones (or one silent one, to unlock). */
function beep(volume = 0.3): void {
  if (!audio) return;
  const start = audio.currentTime;
  for (let i = 0; i < (volume < 0.05 ? 1 : 3); i++) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 880;
    gain.gain.value = volume;
    osc.connect(gain).connect(audio.destination);
    osc.start(start + i * 0.35);
    osc.stop(start + i * 0.35 + 0.2);
  }
}

export function alertCalled(title: string, body: string): void {
  if (navigator.vibrate) navigator.vibrate([400, 200, 400, 200, 400]);
  beep();
  if (typeof Notification !== 'undefined' && Notification.permission === 'granted' && document.visibilityState !== 'visible') {
    try {
      new Notification(title, { body, tag: 'antre-call' });
    } catch {
      // Chrome on Android shows notifications only through a service worker: the vibration and sound remain
    }
  }
}
