/**
 * Thermal printers print one 8-bit code page, and the cheap ones print it badly: a "–" or a "é"
 * comes out as a Chinese glyph or a "?". A ticket is therefore folded to printable ASCII before it
 * becomes bytes: typographic punctuation to its plain form, accented letters to their base letter,
 * anything else to "?".
 */
const PUNCTUATION: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"', '\u2033': '"', '\u00AB': '"', '\u00BB': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-',
  '\u2026': '...', '\u2022': '*', '\u00B7': '.', '\u00D7': 'x', '\u00B1': '+/-',
  '\u00A0': ' ', '\u2007': ' ', '\u2009': ' ', '\u202F': ' ', '\u3000': ' ',
  '\u200B': '', '\u200C': '', '\u200D': '', '\uFEFF': '',
  '\u00AE': '(R)', '\u00A9': '(C)', '\u2122': 'TM', '\u00B0': ' derajat',
  '\u20AC': 'EUR', '\u00DF': 'ss', '\u00C6': 'AE', '\u00E6': 'ae', '\u00D8': 'O', '\u00F8': 'o', '\u0141': 'L', '\u0142': 'l',
};

export function asciiSafe(text: string): string {
  let out = '';
  // NFKD splits "é" into "e" + a combining accent (dropped below) and "ﬁ" into "fi".
  for (const ch of text.normalize('NFKD')) {
    const mapped = PUNCTUATION[ch];
    if (mapped !== undefined) out += mapped;
    else if (ch === '\t') out += ' ';
    else if (ch === '\n') out += '\n';
    else if (/[\u0300-\u036F]/.test(ch)) continue;
    else if (ch >= ' ' && ch <= '~') out += ch;
    else if (ch < ' ' || ch === '\x7F') continue; // control characters would be printer commands
    else out += '?';
  }
  return out;
}
