// Incremental sentence splitting for streamed LLM text. A sentence ends at . ? ! or a newline,
// but only once the next non-space character shows it really was an end: "$29.99", "3:30 p.m.",
// "Dr. Lee", "e.g." and "1. Oil change" do not end sentences; "…p.m. See you" does. Spanish
// text is split the same way: "¿…?" and "¡…!" close sentences, "p. m." and "Dra." do not, and a
// sentence may open with ¿, ¡ or an accented capital.

const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'jr',
  'sr',
  'prof',
  'mt',
  'ft',
  'ave',
  'blvd',
  'rd',
  'no',
  'vs',
  'etc',
  'e.g',
  'i.e',
  'approx',
  'appt',
  'dept',
  'est',
  'inc',
  'ltd',
  'co',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'mon',
  'tue',
  'tues',
  'wed',
  'thu',
  'thur',
  'thurs',
  'fri',
  'sat',
  'sun',
  // Spanish: señora, señorita, doctora, usted(es), avenida, licenciado, ingeniero, número, teléfono.
  'sra',
  'srta',
  'dra',
  'ud',
  'uds',
  'av',
  'avda',
  'lic',
  'ing',
  'núm',
  'num',
  'tel',
]);
/** "p.m.", and the Spanish "p. m." with a space. */
const TIME_SUFFIX = /\b(a\. ?m|p\. ?m)$/i;
/** What the first visible character of a new sentence can be. */
const SENTENCE_START = /[\p{Lu}¿¡]/u;

export interface SentenceSplitter {
  push(delta: string): string[];
  flush(): string[];
}

/** Decides whether the terminator at `i` in `text` ends a sentence, given the next visible char. */
function endsSentence(text: string, i: number, next: string): boolean {
  const ch = text[i]!;
  if (ch === '\n') return true;
  if (ch === '?' || ch === '!') return true;
  // ch === '.'
  const before = text.slice(0, i);
  if (/\.$/.test(before) || next === '.') return false; // part of an ellipsis still growing
  const word = /(\p{L}[\p{L}.]*)$/u.exec(before)?.[1]?.toLowerCase() ?? '';
  if (/\.\.$/.test(text.slice(0, i + 1)) && !SENTENCE_START.test(next)) return false; // "Well... let me"
  if (TIME_SUFFIX.test(before)) return SENTENCE_START.test(next); // "3 p.m. See you" ends; "3 p.m. on Friday" doesn't
  if (ABBREVIATIONS.has(word) || /^[a-z]$/i.test(word)) return false; // "Dr.", single initials
  if (/(^|\s)\d{1,2}$/.test(before) && /\s/.test(text[i + 1] ?? '') && !/[a-z]/.test(next)) {
    // "1. Oil change 2. Tires": a list marker when a number stands alone before the dot.
    // What precedes the number (all its digits), keeping a line break: "…58\n2. Tires" is a list.
    const prev = before.replace(/\d{1,2}$/, '').replace(/[ \t]+$/, '');
    if (prev === '' || /[:\n]$/.test(prev) || /\D$/.test(prev)) return false;
  }
  return true;
}

export function createSentenceSplitter(opts: { minChars?: number } = {}): SentenceSplitter {
  const minChars = opts.minChars ?? 0;
  let buf = '';
  let carry = '';

  const emit = (sentence: string, out: string[]) => {
    const s = (carry ? `${carry} ${sentence}` : sentence).trim();
    carry = '';
    if (!s) return;
    if (s.length < minChars) carry = s;
    else out.push(s);
  };

  return {
    push(delta) {
      buf += delta;
      const out: string[] = [];
      let start = 0;
      for (let i = 0; i < buf.length; i++) {
        const ch = buf[i]!;
        if (ch !== '.' && ch !== '?' && ch !== '!' && ch !== '\n') continue;
        // Swallow closing quotes/brackets and further terminators ("?!", "...").
        let j = i + 1;
        while (j < buf.length && /["')\]»”’]/.test(buf[j]!)) j++;
        if (ch !== '\n' && j < buf.length && /[.?!]/.test(buf[j]!)) {
          i = j - 1;
          continue;
        }
        // Need the next visible character to decide.
        let k = j;
        while (k < buf.length && buf[k] === ' ') k++;
        if (k >= buf.length) break;
        if (ch !== '\n' && k === j) continue; // "3.5", "$29.99": no space after the dot
        if (!endsSentence(buf, i, buf[k]!)) continue;
        emit(buf.slice(start, j), out);
        start = j;
        i = j - 1;
      }
      buf = buf.slice(start);
      return out;
    },
    flush() {
      const out: string[] = [];
      emit(buf, out);
      buf = '';
      if (carry) {
        out.push(carry);
        carry = '';
      }
      return out;
    },
  };
}
