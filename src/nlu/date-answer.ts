// A calendar date given as an answer (a date of birth): "March 4th 1985", "3/4/1985",
// "the 4th of March, 1985". Unlike appointment times it is in the past and needs its year.
// Pure; returns YYYY-MM-DD, or nothing when the words name no real date.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const;
const MONTH = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const DAY = String.raw`(\d{1,2})(?:st|nd|rd|th)?`;
const YEAR = String.raw`((?:19|20)\d{2})`;

const MONTH_FIRST = new RegExp(`\\b${MONTH}\\s+${DAY},?\\s+${YEAR}\\b`, 'i');
const DAY_FIRST = new RegExp(`\\b(?:the\\s+)?${DAY}\\s+(?:of\\s+)?${MONTH},?\\s+${YEAR}\\b`, 'i');
const NUMERIC = /\b(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2})\b/;
const ISO = /\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b/;

function monthOf(word: string): number {
  return MONTHS.indexOf(word.slice(0, 3).toLowerCase() as (typeof MONTHS)[number]) + 1;
}

function iso(year: number, month: number, day: number): string | undefined {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function extractDate(text: string): string | undefined {
  let m = ISO.exec(text);
  if (m) return iso(+m[1]!, +m[2]!, +m[3]!);
  m = MONTH_FIRST.exec(text);
  if (m) return iso(+m[3]!, monthOf(m[1]!), +m[2]!);
  m = DAY_FIRST.exec(text);
  if (m) return iso(+m[3]!, monthOf(m[2]!), +m[1]!);
  // US order: month, then day.
  m = NUMERIC.exec(text);
  if (m) return iso(+m[3]!, +m[1]!, +m[2]!);
  return undefined;
}
