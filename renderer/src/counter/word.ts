/** The site's word for a service desk on this screen ("Gerai"/"gerai", "Loket"/"loket"; "Counter" in English). */
import { useTranslation } from 'react-i18next';
import { useCounter } from './store.js';
import { wordOf } from './strings.js';

export function useWord(): { Word: string; word: string } {
  const counterWord = useCounter((s) => s.catalogue?.counterWord);
  const { i18n } = useTranslation();
  return wordOf(counterWord, i18n.language === 'en' ? 'en' : 'id');
}

export const lang = (language: string): 'id' | 'en' => (language === 'en' ? 'en' : 'id');
