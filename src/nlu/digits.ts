// Digits a caller reads out or the recognizer wrote down: "five five one two", "5512",
// "it's 9 9 9 9", "double five twelve", "oh three four". Pure; used to check the last four digits
// of the phone number on a booking.

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
const REPEAT: Record<string, number> = { double: 2, triple: 3 };
/** Words that may sit between digits without ending the number. */
const JOINERS = new Set(['and', 'dash', 'hyphen', 'then']);

/**
 * Every digit in the utterance, in order, or undefined when it holds none. Words that are not
 * numbers are skipped, so "it's 5 5, um, 1 2" still reads 5512.
 */
export function spokenDigits(text: string): string | undefined {
  // "55-12", "5,512", "5.5.1.2": separators inside a number are not word breaks.
  const t = text
    .toLowerCase()
    .replace(/(\d)[,.\-/](?=\d)/g, '$1')
    .replace(/[^a-z0-9 ]+/g, ' ')
    // "the last four are…" names the question, not a digit.
    .replace(/\b(?:last (?:four|4)|(?:four|4) digits)\b/g, ' ');
  const words = t.split(' ').filter(Boolean);
  let out = '';
  let repeat = 1;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    let piece: string | undefined;
    if (/^\d+$/.test(w)) piece = w;
    else if (UNITS[w] !== undefined) piece = UNITS[w];
    else if (TEENS[w] !== undefined) piece = TEENS[w];
    else if (TENS[w] !== undefined) {
      // "fifty five" is 55, "fifty" alone is 50.
      const next = words[i + 1];
      const unit = next !== undefined && next !== 'oh' && next !== 'o' && next !== 'zero' ? UNITS[next] : undefined;
      piece = TENS[w]! + (unit ?? '0');
      if (unit !== undefined) i++;
    } else if (w === 'hundred' && out.length > 0) piece = '00';
    else if (REPEAT[w] !== undefined) {
      repeat = REPEAT[w]!;
      continue;
    } else if (JOINERS.has(w)) continue;
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

/** The last four digits, when the caller gave at least four (a whole number read out ends with them). */
export function lastFourDigits(text: string): string | undefined {
  const d = spokenDigits(text);
  return d && d.length >= 4 ? d.slice(-4) : undefined;
}

/** The digits of a stored phone number (E.164 or as typed). */
export function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, '');
}
