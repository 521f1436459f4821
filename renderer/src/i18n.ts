/**
 * Bahasa Indonesia first, English as a toggle (i18next). The words follow KBBI: antrean, silakan.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, id } from './strings.js';

void i18next.use(initReactI18next).init({
  lng: 'id',
  fallbackLng: 'id',
  resources: { id: { translation: id }, en: { translation: en } },
  interpolation: { escapeValue: false },
});

export const i18n = i18next;
export type Lang = 'id' | 'en';
