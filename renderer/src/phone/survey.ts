/**
 * The survey of this visit on the phone: the site's form (shared/ikm.ts), the short one's single
 * question or the regulation's nine, one question a screen. The answers go to this ticket's
 * token only (POST /api/phone/<token>/survey): the hub decides which ticket they rate.
 */
import { IKM_ELEMENTS, IKM_QUESTIONS, IKM_SCALE, type IkmElement } from '../../../shared/ikm.js';
import { sendSurvey, Refused, type View } from './api.js';
import { h } from './dom.js';
import { STRINGS, type Lang } from './strings.js';

interface SurveyState {
  index: number;
  answers: Partial<Record<IkmElement, number>>;
  sending: boolean;
  sent: boolean;
  error: string | null;
}

const state: SurveyState = { index: 0, answers: {}, sending: false, sent: false, error: null };

export function surveySent(): boolean {
  return state.sent;
}

export function surveyPanel(view: View, lang: Lang, rerender: () => void): HTMLElement {
  const s = STRINGS[lang];
  if (state.sent || view.survey === 'done') return h('section', { className: 'card thanks', id: 'survey' }, h('p', { className: 'big' }, s.thanks));
  if (view.survey === 'closed') return h('section', { className: 'card', id: 'survey' }, h('p', {}, s.surveyClosed));
  const submit = (body: unknown) => {
    state.sending = true;
    state.error = null;
    rerender();
    sendSurvey(body).then(
      () => {
        state.sent = true;
        state.sending = false;
        rerender();
      },
      (err: unknown) => {
        state.sending = false;
        // Answered already (another tab): that is a thank-you, not an error.
        if (err instanceof Refused && err.code === 'SURVEY_ALREADY_ANSWERED') state.sent = true;
        else state.error = (err instanceof Refused && err.say(lang)) || s.failed;
        rerender();
      },
    );
  };
  const grant = view.surveyGrant ?? undefined;
  let question: string;
  let choices: { label: string; value: number }[];
  let progress: string | null = null;
  if (view.surveyForm === 'short') {
    question = s.surveyShort;
    choices = IKM_SCALE.map((c) => ({ label: c[lang], value: c.value }));
  } else {
    const element = IKM_ELEMENTS[state.index]!.code;
    question = IKM_QUESTIONS[element].question[lang];
    choices = IKM_QUESTIONS[element].answers.map((a, i) => ({ label: a[lang], value: i + 1 }));
    progress = s.question(state.index + 1, IKM_ELEMENTS.length);
  }
  const choose = (value: number) => {
    if (state.sending) return;
    if (view.surveyForm === 'short') return submit({ form: 'short', value, grant });
    state.answers[IKM_ELEMENTS[state.index]!.code] = value;
    if (state.index + 1 < IKM_ELEMENTS.length) {
      state.index += 1;
      return rerender();
    }
    submit({ form: 'full', answers: state.answers, grant });
  };
  return h(
    'section',
    { className: 'card survey', id: 'survey' },
    h('h2', {}, s.surveyTitle),
    progress && h('p', { className: 'muted' }, progress),
    h('p', { className: 'question' }, question),
    h('div', { className: 'choices' }, ...choices.map((c) => h('button', { type: 'button', className: 'choice', disabled: state.sending, onClick: () => choose(c.value) }, c.label))),
    view.surveyForm === 'full' && state.index > 0 && !state.sending
      ? h('button', { type: 'button', className: 'link', onClick: () => ((state.index -= 1), rerender()) }, s.back)
      : null,
    state.error && h('p', { className: 'error', role: 'alert' }, state.error),
  );
}
