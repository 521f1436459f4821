/**
 * The ticket on the citizen's phone (/t/<token>): the number, the service, where to go, the people
 * ahead and the estimate, live; "Dipanggil!" with vibration and sound; the survey of this visit
 * after it; a complaint form. Vanilla TypeScript on purpose: the page must load fast on a phone of
 * five years ago over a busy visitor Wi-Fi (tests/bench/phonePage.ts measures it).
 */
import './phone.css';
import { alertCalled, soundUnlocked, unlockSound } from './alert.js';
import { fetchView, listen, Refused, type View } from './api.js';
import { complaintPanel } from './complaint.js';
import { h, show } from './dom.js';
import { surveyPanel } from './survey.js';
import { STRINGS, type Lang } from './strings.js';

const root = document.getElementById('app')!;
let lang: Lang = localStorage.getItem('antre.phone.lang') === 'en' ? 'en' : 'id';
let view: View | null = null;
let problem: 'notFound' | 'gone' | null = null;
let connected = true;

function setLang(next: Lang): void {
  lang = next;
  localStorage.setItem('antre.phone.lang', next);
  document.documentElement.lang = next;
  render();
}

function status(v: View): HTMLElement {
  const s = STRINGS[lang];
  switch (v.state) {
    case 'waiting':
      return h(
        'section',
        { className: 'card status waiting', id: 'status' },
        v.place && h('p', { className: 'place' }, s.goTo(v.place)),
        // A booked ticket before its slot: when it is called, not a count walk-ins may still overtake.
        v.bookedFrom !== null
          ? h('p', { className: 'ahead', id: 'booked' }, s.bookedFrom(v.bookedFrom))
          : v.peopleAhead !== null && h('p', { className: 'ahead', id: 'ahead' }, s.ahead(v.peopleAhead)),
        v.noOpenCounter ? h('p', { className: 'muted' }, s.noCounter(v.counterWord)) : v.estimatedWaitMinutes !== null && v.peopleAhead !== 0 && h('p', { className: 'estimate' }, s.estimate(v.estimatedWaitMinutes)),
        h('p', { className: 'muted small' }, s.keepOpen),
      );
    case 'called':
      return h(
        'section',
        { className: 'card status called', id: 'status', role: 'alert' },
        h('p', { className: 'called-title' }, s.called),
        h('p', { className: 'called-go' }, s.calledGo(v.counterLabel ?? v.counterWord)),
        v.place && h('p', { className: 'place' }, v.place),
      );
    case 'serving':
      return h('section', { className: 'card status', id: 'status' }, h('p', { className: 'big' }, s.serving(v.counterLabel ?? v.counterWord)));
    case 'done':
      return h('section', { className: 'card status', id: 'status' }, h('p', { className: 'big' }, v.survey === 'done' ? s.thanksVisit : s.done));
    case 'missed':
      return h('section', { className: 'card status warn', id: 'status' }, h('p', {}, s.missed(v.counterWord)));
    default:
      return h('section', { className: 'card status', id: 'status' }, h('p', {}, s.ended));
  }
}

function render(): void {
  const s = STRINGS[lang];
  const toggle = h('button', { type: 'button', className: 'lang', onClick: () => setLang(lang === 'id' ? 'en' : 'id') }, s.toggle);
  if (problem) {
    show(root, h('header', {}, h('span', {}, 'Antre'), toggle), h('section', { className: 'card warn', id: 'status' }, h('p', {}, problem === 'notFound' ? s.notFound : s.ended)));
    return;
  }
  if (!view) {
    show(root, h('header', {}, h('span', {}, 'Antre'), toggle), h('p', { className: 'muted center' }, s.loading));
    return;
  }
  const v = view;
  document.title = `${v.number} · ${v.siteName}`;
  const waitingOrCalled = v.state === 'waiting' || v.state === 'called';
  show(
    root,
    h('header', {}, h('span', {}, v.siteName), toggle),
    !connected && h('p', { className: 'offline', role: 'status' }, s.reconnecting),
    h(
      'section',
      { className: `card ticket ${v.state}` },
      h('p', { className: 'muted' }, s.yourNumber),
      // "SKC2-1000" is nine characters: a smaller size keeps it on one line of a 360-px phone.
      h('p', { className: v.number.length > 6 ? 'number long' : 'number', id: 'number' }, v.number),
      h('p', { className: 'service' }, v.serviceName),
      h('p', { className: 'muted' }, v.agencyName),
    ),
    status(v),
    waitingOrCalled &&
      (soundUnlocked()
        ? h('p', { className: 'muted small center' }, s.soundOn)
        : h('button', { type: 'button', className: 'secondary', id: 'sound', onClick: () => (unlockSound(), render()) }, s.sound)),
    v.state === 'done' && v.survey !== 'not_yet' && surveyPanel(v, lang, render),
    complaintPanel(lang, render),
  );
}

function update(next: View): void {
  const was = view?.state;
  const calls = view?.callCount ?? 0;
  view = next;
  // Rebuilding under a half-typed complaint would close the phone's keyboard: only the parts that changed.
  const typing = document.activeElement instanceof HTMLInputElement || document.activeElement instanceof HTMLTextAreaElement;
  if (typing && was === next.state) {
    const ahead = document.getElementById('ahead');
    if (ahead && next.peopleAhead !== null) ahead.textContent = STRINGS[lang].ahead(next.peopleAhead);
  } else render();
  // A first call, and each recall (the officer calls again when nobody comes): ring again.
  if (next.state === 'called' && (was !== 'called' || next.callCount > calls)) {
    alertCalled(STRINGS[lang].notifyTitle, `${next.number}: ${STRINGS[lang].calledGo(next.counterLabel ?? next.counterWord)}`);
  }
}

document.documentElement.lang = lang;
render();
fetchView().then(
  (v) => {
    update(v);
    listen(
      update,
      (up) => {
        if (up === connected) return;
        connected = up;
        render();
      },
      () => {
        problem = 'gone';
        render();
      },
    );
  },
  (err: unknown) => {
    problem = err instanceof Refused && err.status === 404 ? 'notFound' : 'gone';
    render();
  },
);
