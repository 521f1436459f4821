/**
 * Bahasa Indonesia first, English as a toggle (i18next). The words follow KBBI: antrean, silakan.
 * Each screen adds its own words (addStrings), so a page's bundle carries only the words it shows.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

void i18next.use(initReactI18next).init({
  lng: 'id',
  fallbackLng: 'id',
  resources: {},
  interpolation: { escapeValue: false },
});

/** Merges a screen's words into the default namespace, where `t('kiosk.welcome')` finds them. */
export function addStrings<T extends object>(id: T, en: T): void {
  i18next.addResourceBundle('id', 'translation', id, true, true);
  i18next.addResourceBundle('en', 'translation', en, true, true);
}

export const i18n = i18next;
export type Lang = 'id' | 'en';
