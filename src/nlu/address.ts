// A street address in what a caller said: a house number, the street's name and its kind
// ("12 Oak Street", "4410 North Lamar Blvd apartment 3"). Pure: ASR gives digits for numbers.

const SUFFIX =
  'street|st|avenue|ave|road|rd|drive|dr|lane|ln|boulevard|blvd|court|ct|way|place|pl|circle|cir|terrace|ter|' +
  'parkway|pkwy|highway|hwy|trail|trl|loop|row|square|sq|crossing|xing|pike|path|run|bend|cove|cv';
const UNIT = String.raw`(?:,?\s+(apartment|apt|unit|suite|ste|#)\.?\s*#?\s*([a-z0-9-]+))?`;
const NUMBER = String.raw`\b(\d{1,6}[a-z]?)`;
const NAME_WORD = "[a-z][a-z'’.-]*";
const WITH_SUFFIX = new RegExp(`${NUMBER}\\s+((?:${NAME_WORD}\\s+){0,5}?(?:${SUFFIX}))\\b\\.?${UNIT}`, 'i');
/** Words that follow a number without making it an address ("2 units", "at 3 pm"). */
const NOT_STREET =
  /^(am|pm|a\.m\.|p\.m\.|o'clock|oclock|units?|people|minutes?|hours?|days?|weeks?|months?|years?|times?|cars?|of|and|or|to|in|on|at|please|thanks?)$/i;

function titleCase(s: string): string {
  return s
    .split(/\s+/)
    .map((w) => (/^\d/.test(w) ? w.toUpperCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()))
    .join(' ');
}

function unitOf(kind: string | undefined, id: string | undefined): string {
  if (!kind || !id) return '';
  const k = kind.toLowerCase();
  const label = k === 'apt' || k === 'apartment' ? 'Apartment' : k === 'ste' || k === 'suite' ? 'Suite' : 'Unit';
  return `, ${label} ${id.toUpperCase()}`;
}

export interface AddressOptions {
  /** The caller was just asked for the address: a number and a street name without its kind count. */
  asked?: boolean;
}

export function extractAddress(text: string, opts: AddressOptions = {}): string | undefined {
  const t = text.replace(/[’]/g, "'");
  const m = WITH_SUFFIX.exec(t);
  if (m) return `${titleCase(`${m[1]} ${m[2]}`)}${unitOf(m[3], m[4])}`;
  if (!opts.asked) return undefined;
  const bare = new RegExp(`${NUMBER}\\s+((?:${NAME_WORD})(?:\\s+${NAME_WORD}){0,3})${UNIT}`, 'i').exec(t);
  if (!bare) return undefined;
  const words = bare[2]!.split(/\s+/);
  if (NOT_STREET.test(words[0]!)) return undefined;
  const kept: string[] = [];
  for (const w of words) {
    if (NOT_STREET.test(w)) break;
    kept.push(w);
  }
  return `${titleCase(`${bare[1]} ${kept.join(' ')}`)}${unitOf(bare[3], bare[4])}`;
}
