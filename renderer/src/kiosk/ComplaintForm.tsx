/**
 * "Pengaduan" at the kiosk: about which agency (or the MPP in general) and what kind, the text on
 * the on-screen keyboard, an optional contact kept only with the citizen's explicit consent, then
 * "Terima kasih, pengaduan Anda tercatat dengan nomor …". The store's `reset` (idle, "Selesai")
 * brings the next citizen home with none of it left: the screens are keyed by the citizen.
 *
 * One request id per complaint, sent again on "Coba lagi", so a lost answer never files it twice
 * (the hub keeps the first: electron/hub/complaints.ts).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COMPLAINT_CATEGORIES, COMPLAINT_CATEGORY_LABELS, COMPLAINT_TEXT_MAX, COMPLAINT_TEXT_MIN, ComplaintReceipt, type ComplaintCategory } from '../../../shared/complaints.js';
import type { Catalogue } from '../../../shared/protocol.js';
import { hubCall, HubRefusal, newRequestId, type Message } from '../api/hub.js';
import { addStrings, i18n } from '../i18n.js';
import { Keyboard } from './Keyboard.js';
import { useKiosk } from './store.js';
import './complaintForm.css';

const id = {
  kioskComplaint: {
    open: 'Pengaduan',
    title: 'Sampaikan pengaduan',
    back: 'Kembali',
    cancel: 'Batal',
    next: 'Lanjut',
    about: 'Pengaduan tentang',
    general: 'MPP secara umum',
    category: 'Jenis pengaduan',
    text: 'Tulis pengaduan Anda',
    textHint: 'Minimal {{min}} huruf. Jangan tulis data pribadi orang lain.',
    clear: 'Hapus',
    contactTitle: 'Kontak untuk tindak lanjut (boleh dikosongkan)',
    contactNote: 'Kosongkan bila ingin tetap anonim.',
    name: 'Nama',
    phone: 'Nomor HP',
    email: 'E-mail',
    consent: 'Saya setuju nama dan kontak saya disimpan untuk tindak lanjut pengaduan ini.',
    needConsent: 'Centang persetujuan untuk menyimpan kontak, atau kosongkan kontak.',
    needPhoneOrEmail: 'Isi nomor HP atau e-mail, atau kosongkan kontak.',
    badPhone: 'Nomor HP tidak valid (contoh: 0812 3456 7890).',
    badEmail: 'Alamat e-mail tidak valid.',
    send: 'Kirim pengaduan',
    sending: 'Mengirim…',
    retry: 'Coba lagi',
    failed: 'Pengaduan belum terkirim.',
    thanks: 'Terima kasih, pengaduan Anda tercatat dengan nomor {{reference}}.',
    thanksNote: 'Simpan nomor ini. Supervisor instansi akan menindaklanjutinya.',
    thanksContact: 'Kami akan menghubungi Anda melalui kontak yang Anda berikan.',
    finish: 'Selesai',
  },
};
const en: typeof id = {
  kioskComplaint: {
    open: 'Complaint',
    title: 'File a complaint',
    back: 'Back',
    cancel: 'Cancel',
    next: 'Next',
    about: 'The complaint is about',
    general: 'The MPP in general',
    category: 'Kind of complaint',
    text: 'Write your complaint',
    textHint: 'At least {{min}} characters. Do not write other people’s personal data.',
    clear: 'Clear',
    contactTitle: 'Contact for the follow-up (optional)',
    contactNote: 'Leave empty to stay anonymous.',
    name: 'Name',
    phone: 'Mobile number',
    email: 'E-mail',
    consent: 'I agree that my name and contact are kept to follow up this complaint.',
    needConsent: 'Tick the consent to keep your contact, or leave the contact empty.',
    needPhoneOrEmail: 'Fill in a mobile number or an e-mail, or leave the contact empty.',
    badPhone: 'The mobile number is not valid (e.g. 0812 3456 7890).',
    badEmail: 'The e-mail address is not valid.',
    send: 'Send complaint',
    sending: 'Sending…',
    retry: 'Try again',
    failed: 'The complaint was not sent yet.',
    thanks: 'Thank you, your complaint is recorded with number {{reference}}.',
    thanksNote: 'Keep this number. The agency’s supervisor will follow it up.',
    thanksContact: 'We will reach you through the contact you gave.',
    finish: 'Done',
  },
};
addStrings(id, en);

const PHONE = /^(\+?62|0)[0-9 -]{7,16}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Keys the on-screen keyboard lacks, for a sentence, a phone number and an e-mail address. */
const EXTRA_KEYS = ['.', ',', '?', '-', '+', '@', '_'] as const;

type Part = 'about' | 'text' | 'contact' | 'done';
type Field = 'name' | 'phone' | 'email';

export function ComplaintForm({ catalogue }: { catalogue: Catalogue }) {
  const { t } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'id';
  const reset = useKiosk((s) => s.reset);
  const [part, setPart] = useState<Part>('about');
  const [agencyId, setAgencyId] = useState<number | null>(null);
  const [category, setCategory] = useState<ComplaintCategory | null>(null);
  const [text, setText] = useState('');
  const [contact, setContact] = useState<Record<Field, string>>({ name: '', phone: '', email: '' });
  const [field, setField] = useState<Field>('name');
  const [consent, setConsent] = useState(false);
  // One id per complaint: "Coba lagi" sends the same one.
  const [requestId] = useState(newRequestId);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<Message | null>(null);
  const [receipt, setReceipt] = useState<ComplaintReceipt | null>(null);

  const typeInto = (s: string) => {
    setError(null);
    if (part === 'text') setText((v) => (v + s).replace(/^\s+/, '').replace(/ {2,}/g, ' ').slice(0, COMPLAINT_TEXT_MAX));
    else setContact((c) => ({ ...c, [field]: (c[field] + s).replace(/^\s+/, '').slice(0, field === 'email' ? 200 : 100) }));
  };
  const backspace = () => {
    if (part === 'text') setText((v) => v.slice(0, -1));
    else setContact((c) => ({ ...c, [field]: c[field].slice(0, -1) }));
  };

  const given = contact.name.trim() !== '' || contact.phone.trim() !== '' || contact.email.trim() !== '';
  /** What keeps the contact from being sent, in the citizen's words; null: fine (or none given). */
  const contactProblem = (): string | null => {
    if (!given) return null;
    if (contact.phone.trim() === '' && contact.email.trim() === '') return 'needPhoneOrEmail';
    if (contact.phone.trim() !== '' && !PHONE.test(contact.phone.trim())) return 'badPhone';
    if (contact.email.trim() !== '' && !EMAIL.test(contact.email.trim())) return 'badEmail';
    if (!consent) return 'needConsent';
    return null;
  };

  const send = async () => {
    const problem = contactProblem();
    if (problem) {
      setError({ id: id.kioskComplaint[problem as keyof typeof id.kioskComplaint], en: en.kioskComplaint[problem as keyof typeof en.kioskComplaint] });
      return;
    }
    setSending(true);
    setError(null);
    try {
      const body = {
        category,
        text: text.trim(),
        agencyId,
        requestId,
        // A contact only with consent; none at all when the citizen gave none.
        contact: given ? { name: contact.name.trim(), phone: contact.phone.trim(), email: contact.email.trim() } : null,
        consent: given && consent,
      };
      setReceipt(await hubCall('POST', '/api/kiosk/complaints', body, { response: ComplaintReceipt }));
      setPart('done');
    } catch (err) {
      setError(err instanceof HubRefusal ? err.text : { id: id.kioskComplaint.failed, en: en.kioskComplaint.failed });
    } finally {
      setSending(false);
    }
  };

  if (part === 'done' && receipt) {
    return (
      <section className="complaint done" data-testid="complaint-done">
        <h1>{t('kioskComplaint.thanks', { reference: receipt.reference })}</h1>
        <p className="reference" data-testid="complaint-reference">
          {receipt.reference}
        </p>
        <p>{t('kioskComplaint.thanksNote')}</p>
        {given && <p>{t('kioskComplaint.thanksContact')}</p>}
        <button className="primary big" onClick={() => reset()}>
          {t('kioskComplaint.finish')}
        </button>
      </section>
    );
  }

  return (
    <section className={`complaint ${part}`} data-testid="complaint-form">
      <div className="complaint-bar">
        <button className="secondary" onClick={() => (part === 'about' ? reset() : setPart(part === 'contact' ? 'text' : 'about'))}>
          ‹ {part === 'about' ? t('kioskComplaint.cancel') : t('kioskComplaint.back')}
        </button>
        <h1>{t('kioskComplaint.title')}</h1>
      </div>

      {part === 'about' && (
        <>
          <h2>{t('kioskComplaint.about')}</h2>
          <div className="choices agencies" role="radiogroup" aria-label={t('kioskComplaint.about')}>
            <button role="radio" aria-checked={agencyId === null} className={`choice${agencyId === null ? ' on' : ''}`} onClick={() => setAgencyId(null)}>
              {t('kioskComplaint.general')}
            </button>
            {catalogue.agencies.map((a) => (
              <button key={a.id} role="radio" aria-checked={agencyId === a.id} className={`choice${agencyId === a.id ? ' on' : ''}`} data-agency={a.id} onClick={() => setAgencyId(a.id)}>
                {a.shortName}
              </button>
            ))}
          </div>
          <h2>{t('kioskComplaint.category')}</h2>
          <div className="choices categories" role="radiogroup" aria-label={t('kioskComplaint.category')}>
            {COMPLAINT_CATEGORIES.map((c) => (
              <button key={c} role="radio" aria-checked={category === c} className={`choice tile${category === c ? ' on' : ''}`} data-category={c} onClick={() => setCategory(c)}>
                {COMPLAINT_CATEGORY_LABELS[c][lang]}
              </button>
            ))}
          </div>
          <div className="actions">
            <button className="primary big" disabled={category === null} onClick={() => setPart('text')}>
              {t('kioskComplaint.next')}
            </button>
          </div>
        </>
      )}

      {part === 'text' && (
        <>
          <label className="field">
            {t('kioskComplaint.text')}
            <textarea
              value={text}
              aria-label={t('kioskComplaint.text')}
              // the on-screen keyboard types; a USB keyboard still may
              inputMode="none"
              spellCheck={false}
              maxLength={COMPLAINT_TEXT_MAX}
              onChange={(e) => setText(e.target.value.slice(0, COMPLAINT_TEXT_MAX))}
            />
          </label>
          <div className="row">
            <p className="hint">{t('kioskComplaint.textHint', { min: COMPLAINT_TEXT_MIN })}</p>
            <button className="secondary" onClick={() => setText('')} disabled={!text}>
              {t('kioskComplaint.clear')}
            </button>
            <button className="primary" disabled={text.trim().length < COMPLAINT_TEXT_MIN} onClick={() => setPart('contact')}>
              {t('kioskComplaint.next')}
            </button>
          </div>
        </>
      )}

      {part === 'contact' && (
        <>
          <h2>{t('kioskComplaint.contactTitle')}</h2>
          <p className="hint">{t('kioskComplaint.contactNote')}</p>
          <div className="contact-fields">
            {(['name', 'phone', 'email'] as const).map((f) => (
              <label key={f} className={`field${field === f ? ' on' : ''}`}>
                {t(`kioskComplaint.${f}`)}
                <input
                  value={contact[f]}
                  aria-label={t(`kioskComplaint.${f}`)}
                  inputMode="none"
                  autoComplete="off"
                  spellCheck={false}
                  onFocus={() => setField(f)}
                  onChange={(e) => setContact((c) => ({ ...c, [f]: e.target.value }))}
                />
              </label>
            ))}
          </div>
          <label className="consent">
            <input type="checkbox" checked={consent} onChange={(e) => (setConsent(e.target.checked), setError(null))} />
            {t('kioskComplaint.consent')}
          </label>
          <div className="row">
            {error && (
              <p className="error" role="alert">
                {error[lang]}
              </p>
            )}
            <button className="primary big" disabled={sending} onClick={() => void send()} data-testid="complaint-send">
              {sending ? t('kioskComplaint.sending') : error ? t('kioskComplaint.retry') : t('kioskComplaint.send')}
            </button>
          </div>
        </>
      )}

      {(part === 'text' || part === 'contact') && (
        <div className="complaint-keys">
          <div className="extra-keys">
            {EXTRA_KEYS.map((k) => (
              <button key={k} type="button" className="key" data-key={k} onClick={() => typeInto(k)}>
                {k}
              </button>
            ))}
          </div>
          <Keyboard onType={typeInto} onBackspace={backspace} />
        </div>
      )}
    </section>
  );
}
