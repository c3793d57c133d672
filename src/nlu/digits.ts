// Digits a caller reads out or the recognizer wrote down: "five five one two", "5512",
// "it's 9 9 9 9", "double five twelve", "oh three four". Pure; used to check the last four digits
// of the phone number on a booking. The reader is one for every language; each brings its words.

const UNITS: Record<string, string> = {
  zero: '0',
  oh: '0',
  o: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
};
const TEENS: Record<string, string> = {
  ten: '10',
  eleven: '11',
  twelve: '12',
  thirteen: '13',
  fourteen: '14',
  fifteen: '15',
  sixteen: '16',
  seventeen: '17',
  eighteen: '18',
  nineteen: '19',
};
/** The first digit of a tens word; the second comes from a following unit, else 0. */
const TENS: Record<string, string> = {
  twenty: '2',
  thirty: '3',
  forty: '4',
  fifty: '5',
  sixty: '6',
  seventy: '7',
  eighty: '8',
  ninety: '9',
};

/** A language's number words, for `readDigits`. */
export interface DigitWords {
  units: Record<string, string>;
  teens: Record<string, string>;
  /** The first digit of a tens word; the second comes from a unit after it, else 0. */
  tens: Record<string, string>;
  repeat: Record<string, number>;
  /** Words that may sit between digits without ending the number. */
  joiners: ReadonlySet<string>;
  /** The word between a tens word and its unit ("cincuenta y cinco"); null when none ("fifty five"). */
  tensJoiner: string | null;
  /** Units that do not complete a tens word: "fifty oh five" is 5 0 5, not 50 5. */
  notAfterTens: ReadonlySet<string>;
  /** Two zeros after a digit ("five hundred"), where the language reads numbers that way. */
  hundred?: string;
}

const ENGLISH: DigitWords = {
  units: UNITS,
  teens: TEENS,
  tens: TENS,
  repeat: { double: 2, triple: 3 },
  joiners: new Set(['and', 'dash', 'hyphen', 'then']),
  tensJoiner: null,
  notAfterTens: new Set(['oh', 'o', 'zero']),
  hundred: 'hundred',
};

/**
 * Every digit in the words, in order, or undefined when they hold none. Words that are not
 * numbers are skipped, so "it's 5 5, um, 1 2" still reads 5512.
 */
export function readDigits(words: readonly string[], lang: DigitWords): string | undefined {
  let out = '';
  let repeat = 1;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    let piece: string | undefined;
    if (/^\d+$/.test(w)) piece = w;
    else if (lang.units[w] !== undefined) piece = lang.units[w];
    else if (lang.teens[w] !== undefined) piece = lang.teens[w];
    else if (lang.tens[w] !== undefined) {
      // "fifty five" / "cincuenta y cinco" is 55; "fifty" alone is 50.
      const step = lang.tensJoiner === null ? 1 : 2;
      const joined = lang.tensJoiner === null || words[i + 1] === lang.tensJoiner;
      const next = words[i + step];
      const unit = joined && next !== undefined && !lang.notAfterTens.has(next) ? lang.units[next] : undefined;
      piece = lang.tens[w]! + (unit ?? '0');
      if (unit !== undefined) i += step;
    } else if (lang.hundred !== undefined && w === lang.hundred && out.length > 0) piece = '00';
    else if (lang.repeat[w] !== undefined) {
      repeat = lang.repeat[w]!;
      continue;
    } else if (lang.joiners.has(w)) continue;
    if (piece === undefined) {
      repeat = 1;
      continue;
    }
    // "double five" repeats one digit; "double fifty" is not a thing people say, read it once.
    out += piece.length === 1 ? piece.repeat(repeat) : piece;
    repeat = 1;
  }
  return out.length > 0 ? out : undefined;
}

/** The last four of the digits, when the caller gave at least four (a whole number ends with them). */
export function lastFourOf(digits: string | undefined): string | undefined {
  return digits && digits.length >= 4 ? digits.slice(-4) : undefined;
}

/** Every digit in an English utterance, in order, or undefined when it holds none. */
export function spokenDigits(text: string): string | undefined {
  // "55-12", "5,512", "5.5.1.2": separators inside a number are not word breaks.
  const t = text
    .toLowerCase()
    .replace(/(\d)[,.\-/](?=\d)/g, '$1')
    .replace(/[^a-z0-9 ]+/g, ' ')
    // "the last four are…" names the question, not a digit.
    .replace(/\b(?:last (?:four|4)|(?:four|4) digits)\b/g, ' ');
  return readDigits(t.split(' ').filter(Boolean), ENGLISH);
}

/** The last four digits of an English utterance, when the caller gave at least four. */
export function lastFourDigits(text: string): string | undefined {
  return lastFourOf(spokenDigits(text));
}

/** The digits of a stored phone number (E.164 or as typed). */
export function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, '');
}
