/**
 * Numbers as they are said in Bahasa Indonesia: 11 "sebelas", 12 "dua belas", 21 "dua puluh satu",
 * 100 "seratus", 1000 "seribu", 1.000.000 "satu juta". Returned as words, because the hall display
 * speaks them by joining one recorded clip per word.
 */
const ONES = ['nol', 'satu', 'dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh', 'delapan', 'sembilan'] as const;

/** Every word numberWords can return: the number part of the voice clips. */
export const NUMBER_VOCABULARY = [...ONES, 'sepuluh', 'sebelas', 'belas', 'puluh', 'seratus', 'ratus', 'seribu', 'ribu', 'juta', 'miliar'] as const;

export function numberWords(n: number): string[] {
  if (!Number.isSafeInteger(n) || n < 0 || n >= 1e12) throw new RangeError(`not a number the display says: ${n}`);
  return n === 0 ? ['nol'] : words(n);
}

function words(n: number): string[] {
  if (n === 0) return [];
  if (n < 10) return [ONES[n]!];
  if (n === 10) return ['sepuluh'];
  if (n === 11) return ['sebelas'];
  if (n < 20) return [ONES[n - 10]!, 'belas'];
  if (n < 100) return [ONES[Math.floor(n / 10)]!, 'puluh', ...words(n % 10)];
  if (n < 200) return ['seratus', ...words(n - 100)];
  if (n < 1000) return [ONES[Math.floor(n / 100)]!, 'ratus', ...words(n % 100)];
  if (n < 2000) return ['seribu', ...words(n - 1000)];
  if (n < 1e6) return [...words(Math.floor(n / 1000)), 'ribu', ...words(n % 1000)];
  if (n < 1e9) return [...words(Math.floor(n / 1e6)), 'juta', ...words(n % 1e6)];
  return [...words(Math.floor(n / 1e9)), 'miliar', ...words(n % 1e9)];
}
