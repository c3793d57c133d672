// Spanish text as the rules read it: lower case, accents and ñ folded to plain letters (ASR output
// has them or not, depending on the model), punctuation gone. Folding is one character for one, so
// a match in the folded text points at the same words of the accented one (names keep "José").

/** Lower case with every letter reduced to its base letter, character for character. */
export function fold(text: string): string {
  let out = '';
  // The first code point of the decomposition: "é" → "e", "ñ" → "n"; lengths stay equal.
  for (const ch of text.toLowerCase()) out += String.fromCodePoint(ch.normalize('NFD').codePointAt(0) ?? 32);
  return out;
}

/** Lower case, accents kept, punctuation as spaces; same length and positions as `normalizeEs`. */
export function lowerEs(text: string): string {
  return ` ${[...text.toLowerCase()].map((ch) => (/[\p{L}\p{N}:' ]/u.test(ch) ? ch : ' ')).join('')} `;
}

/** Folded, punctuation (¿ ¡ included) as spaces, one space between words, trimmed. */
export function normalizeEs(text: string): string {
  return squash(fold(lowerEs(text)));
}

export function squash(t: string): string {
  return t.replace(/\s+/g, ' ').trim();
}

/** Numbers as callers say them, folded: "cuatro", "veintitres", "dieciseis". */
export const NUMBER_WORDS: Record<string, number> = {
  cero: 0,
  un: 1,
  uno: 1,
  una: 1,
  dos: 2,
  tres: 3,
  cuatro: 4,
  cinco: 5,
  seis: 6,
  siete: 7,
  ocho: 8,
  nueve: 9,
  diez: 10,
  once: 11,
  doce: 12,
  trece: 13,
  catorce: 14,
  quince: 15,
  dieciseis: 16,
  diecisiete: 17,
  dieciocho: 18,
  diecinueve: 19,
  veinte: 20,
  veintiuno: 21,
  veintiun: 21,
  veintiuna: 21,
  veintidos: 22,
  veintitres: 23,
  veinticuatro: 24,
  veinticinco: 25,
  veintiseis: 26,
  veintisiete: 27,
  veintiocho: 28,
  veintinueve: 29,
  treinta: 30,
  cuarenta: 40,
  cincuenta: 50,
};

const UNIT_WORDS = 'uno|una|un|dos|tres|cuatro|cinco|seis|siete|ocho|nueve';
const TENS_WORDS = 'treinta|cuarenta|cincuenta';

/** Number words to digits in folded text: "a las tres y cuarenta y cinco" → "a las 3 y 45". */
export function numbersToDigits(t: string): string {
  const compound = new RegExp(`\\b(${TENS_WORDS}) y (${UNIT_WORDS})\\b`, 'g');
  const words = new RegExp(`\\b(${Object.keys(NUMBER_WORDS).join('|')})\\b`, 'g');
  return t
    .replace(compound, (_m, tens: string, unit: string) => String(NUMBER_WORDS[tens]! + NUMBER_WORDS[unit]!))
    .replace(words, (w) => String(NUMBER_WORDS[w]));
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `\b(?:a|b|c)\b`: any of the phrases (regex syntax allowed in them) as whole words. */
export function anyOf(phrases: string[], flags = ''): RegExp {
  return new RegExp(`\\b(?:${phrases.join('|')})\\b`, flags);
}

/** `^(?:a|b|c)\b`: the text starts with one of the phrases. */
export function startsWith(phrases: string[], flags = ''): RegExp {
  return new RegExp(`^(?:${phrases.join('|')})\\b`, flags);
}
