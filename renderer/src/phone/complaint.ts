/**
 * "Pengaduan" on the phone: category, text, and a contact only if the citizen adds one and ticks
 * the consent (shared/complaints.ts). The hub files it about this ticket's agency and service.
 * A request id made once per complaint makes a resend after a lost answer the same complaint.
 */
import { COMPLAINT_CATEGORIES, COMPLAINT_CATEGORY_LABELS, COMPLAINT_TEXT_MIN } from '../../../shared/complaintCategories.js';
import { sendComplaint, Refused } from './api.js';
import { h } from './dom.js';
import { STRINGS, type Lang } from './strings.js';

interface Draft {
  open: boolean;
  category: string;
  text: string;
  withContact: boolean;
  name: string;
  phone: string;
  email: string;
  consent: boolean;
  requestId: string;
  sending: boolean;
  reference: string | null;
  error: string | null;
}

function newRequestId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const draft: Draft = { open: false, category: COMPLAINT_CATEGORIES[0], text: '', withContact: false, name: '', phone: '', email: '', consent: false, requestId: newRequestId(), sending: false, reference: null, error: null };

export function complaintPanel(lang: Lang, rerender: () => void): HTMLElement {
  const s = STRINGS[lang];
  if (draft.reference) return h('section', { className: 'card thanks', id: 'complaint' }, h('p', {}, s.sent(draft.reference)));
  if (!draft.open) {
    return h('section', { id: 'complaint' }, h('button', { type: 'button', className: 'secondary', onClick: () => ((draft.open = true), rerender()) }, s.complaint));
  }
  const field = (key: 'name' | 'phone' | 'email', label: string, type: string) =>
    h('label', {}, label, h('input', { type, value: draft[key], autocomplete: 'off', onInput: (e: Event) => (draft[key] = (e.target as HTMLInputElement).value) }));
  const contactOk = !draft.withContact || ((draft.phone.trim() !== '' || draft.email.trim() !== '') && draft.consent);
  const ready = draft.text.trim().length >= COMPLAINT_TEXT_MIN && contactOk && !draft.sending;
  const send = () => {
    draft.sending = true;
    draft.error = null;
    rerender();
    const contact = draft.withContact ? { name: draft.name.trim(), phone: draft.phone.trim(), email: draft.email.trim() } : null;
    sendComplaint({ category: draft.category, text: draft.text.trim(), contact, consent: draft.withContact && draft.consent, requestId: draft.requestId }).then(
      (r) => {
        draft.reference = r.reference;
        draft.sending = false;
        rerender();
      },
      (err: unknown) => {
        draft.sending = false;
        draft.error = (err instanceof Refused && err.say(lang)) || s.failed;
        rerender();
      },
    );
  };
  // Typing changes only the draft; the button's state follows without rebuilding the form (the keyboard stays up).
  const update = () => {
    const b = document.getElementById('complaint-send') as HTMLButtonElement | null;
    const ok = draft.text.trim().length >= COMPLAINT_TEXT_MIN && (!draft.withContact || ((draft.phone.trim() !== '' || draft.email.trim() !== '') && draft.consent));
    if (b) b.disabled = !ok || draft.sending;
  };
  const form = h(
    'section',
    { className: 'card complaint', id: 'complaint', onInput: update, onChange: update },
    h('h2', {}, s.complaint),
    h('p', { className: 'muted' }, s.complaintIntro),
    h(
      'label',
      {},
      s.category,
      h(
        'select',
        { onChange: (e: Event) => (draft.category = (e.target as HTMLSelectElement).value) },
        ...COMPLAINT_CATEGORIES.map((c) => h('option', { value: c, selected: c === draft.category }, COMPLAINT_CATEGORY_LABELS[c][lang])),
      ),
    ),
    h('label', {}, s.text, h('textarea', { rows: 5, maxLength: 2000, value: draft.text, onInput: (e: Event) => (draft.text = (e.target as HTMLTextAreaElement).value) }), h('small', { className: 'muted' }, s.textHint(COMPLAINT_TEXT_MIN))),
    h('label', { className: 'check' }, h('input', { type: 'checkbox', checked: draft.withContact, onChange: (e: Event) => ((draft.withContact = (e.target as HTMLInputElement).checked), rerender()) }), s.addContact),
    draft.withContact &&
      h(
        'div',
        { className: 'contact' },
        field('name', s.name, 'text'),
        field('phone', s.phone, 'tel'),
        field('email', s.email, 'email'),
        h('small', { className: 'muted' }, s.contactHint),
        h('label', { className: 'check' }, h('input', { type: 'checkbox', checked: draft.consent, onChange: (e: Event) => (draft.consent = (e.target as HTMLInputElement).checked) }), s.consent),
      ),
    draft.error && h('p', { className: 'error', role: 'alert' }, draft.error),
    h(
      'div',
      { className: 'row' },
      h('button', { type: 'button', className: 'link', onClick: () => ((draft.open = false), rerender()) }, s.cancel),
      h('button', { type: 'button', id: 'complaint-send', className: 'primary', disabled: !ready, onClick: send }, draft.sending ? s.sending : s.send),
    ),
  );
  return form;
}
