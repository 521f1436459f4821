/**
 * The admin's words as their own i18next namespace, added to the app's i18next when the admin
 * module loads, so the other screens' bundles never carry them.
 */
import { useTranslation } from 'react-i18next';
import type { Message } from '../api/hub.js';
import { i18n } from '../i18n.js';
import { en, id } from './strings.js';

export const ADMIN_NS = 'admin';
i18n.addResourceBundle('id', ADMIN_NS, id, true, true);
i18n.addResourceBundle('en', ADMIN_NS, en, true, true);

export type Lang = 'id' | 'en';

export function useAdminT() {
  const { t, i18n: i } = useTranslation(ADMIN_NS);
  const lang: Lang = i.language === 'en' ? 'en' : 'id';
  return { t, lang, locale: lang === 'en' ? 'en-GB' : 'id-ID' };
}

export function toggleLanguage(): void {
  void i18n.changeLanguage(i18n.language === 'en' ? 'id' : 'en');
}

type Param = string | number | Message;

/**
 * A text in both languages. Notices live in the store after the action that made them has
 * finished, and must still follow the language toggle.
 */
export function bilingual(key: string, params: Record<string, Param> = {}): Message {
  const say = (lng: Lang) => {
    const values = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'object' ? v[lng] : v]));
    return i18n.t(key, { ...values, ns: ADMIN_NS, lng });
  };
  return { id: say('id'), en: say('en') };
}
