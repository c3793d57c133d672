// Spanish answers to intake questions: a street address in Spanish word order ("calle Roble 12",
// "Avenida Central número 5", "en el 4410 de North Lamar"), a date of birth ("el 3 de marzo de
// 1985"), and passing on a question ("cualquiera", "prefiero no decirlo"). Pure, like the English
// rules in nlu/address.ts and nlu/date-answer.ts; ASR gives digits for house numbers and years.
import { extractAddress, type AddressOptions } from '../address.ts';
import { fold, normalizeEs, numbersToDigits } from './text.ts';
import { MONTHS_ES } from '../../time/names-es.ts';

const KIND =
  'calle|avenida|av|avda|camino|carretera|bulevar|boulevard|blvd|paseo|plaza|callejon|privada|calzada|cerrada|' +
  'circuito|pasaje|ronda|via|carrera|prolongacion|andador|diagonal|transversal|colonia';
const WORD = "[a-z][a-z'.-]*";
const MARK = String.raw`(?:(?:numero|num|no|nro)\.?\s*|#\s*)`;
const UNIT_KIND = 'departamento|depto|apartamento|apto|interior|int|unidad|suite|oficina';
const UNIT_ES = String.raw`(?:,?\s+(${UNIT_KIND})\.?\s*${MARK}?([a-z0-9-]+))?`;
/** "calle Roble 12", "Avenida Central número 5, departamento 3". */
const KIND_FIRST = new RegExp(`\\b((?:${KIND})\\.?\\s+(?:${WORD}\\s+){1,5}?)${MARK}?(\\d{1,6}[a-z]?)\\b${UNIT_ES}`);
/** "el 4410 de North Lamar": a number, then the street's name. */
const NUMBER_FIRST = new RegExp(
  `(?:^|\\s)(\\d{1,6}[a-z]?)\\s+(?:de\\s+(?:la\\s+)?)?(${WORD}(?:\\s+${WORD}){0,3})${UNIT_ES}`,
);
/** Words after a number that make it something else ("a las 3 de la tarde", "2 unidades"). */
const NOT_STREET = new RegExp(
  '^(?:am|pm|de|del|la|las|el|los|y|o|a|en|con|por|para|favor|gracias|tarde|manana|noche|mediodia|personas?|' +
    'minutos?|horas?|dias?|semanas?|meses|mes|anos?|veces|vez|unidades?|carros?|coches?|autos?|cuartos?|pisos?)$',
);
const PARTICLES = new Set(['de', 'del', 'la', 'las', 'los', 'el', 'y']);

function titleEs(words: string): string {
  return words
    .split(/\s+/)
    .filter(Boolean)
    .map((w, i) => {
      if (i > 0 && PARTICLES.has(w.toLowerCase())) return w.toLowerCase();
      return /^\d/.test(w) ? w.toUpperCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();
    })
    .join(' ');
}

function unitEs(kind: string | undefined, id: string | undefined): string {
  if (!kind || !id) return '';
  const label = /^(apartamento|apto)$/.test(kind)
    ? 'Apartamento'
    : /^(departamento|depto)$/.test(kind)
      ? 'Departamento'
      : kind === 'suite' || kind === 'oficina' || kind === 'unidad'
        ? titleEs(kind)
        : 'Interior';
  return `, ${label} ${id.toUpperCase()}`;
}

export function extractAddressEs(text: string, opts: AddressOptions = {}): string | undefined {
  // Folding keeps every character in place, so a match in the folded text slices the accented one.
  const raw = text.replace(/[’]/g, "'");
  const t = fold(raw);
  const m = KIND_FIRST.exec(t);
  if (m) {
    const name = raw
      .slice(m.index, m.index + m[1]!.length)
      .trim()
      .replace(/\.$/, '');
    return `${titleEs(name)} ${m[2]!.toUpperCase()}${unitEs(m[3], m[4])}`;
  }
  const english = extractAddress(raw);
  if (english) return english;
  if (!opts.asked) return undefined;
  const n = NUMBER_FIRST.exec(t);
  if (!n) return undefined;
  const start = n.index + n[0].indexOf(n[2]!);
  const words = raw.slice(start, start + n[2]!.length).split(/\s+/);
  const kept: string[] = [];
  for (const w of words) {
    if (NOT_STREET.test(fold(w))) break;
    kept.push(w);
  }
  if (kept.length === 0) return undefined;
  return `${titleEs(`${n[1]} ${kept.join(' ')}`)}${unitEs(n[3], n[4])}`;
}

const MONTH_ES = `(${MONTHS_ES.join('|')}|setiembre)`;
const SPOKEN_DATE = new RegExp(`\\b(\\d{1,2}|primero)\\s+de\\s+${MONTH_ES}\\s+(?:del?\\s+)?((?:19|20)\\d{2})\\b`);
/** Day first, as dates are written in Spanish: 3/4/1985 is the 3rd of April. */
const NUMERIC_ES = /\b(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2})\b/;
const ISO = /\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b/;

function isoDate(year: number, month: number, day: number): string | undefined {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A calendar date said in Spanish, as YYYY-MM-DD; nothing when the words name no real date. */
export function extractDateEs(text: string): string | undefined {
  let m = ISO.exec(text);
  if (m) return isoDate(+m[1]!, +m[2]!, +m[3]!);
  m = NUMERIC_ES.exec(text);
  if (m) return isoDate(+m[3]!, +m[2]!, +m[1]!);
  m = SPOKEN_DATE.exec(numbersToDigits(normalizeEs(text)));
  if (!m) return undefined;
  const month = m[2] === 'setiembre' ? 9 : (MONTHS_ES as readonly string[]).indexOf(m[2]!) + 1;
  return isoDate(+m[3]!, month, m[1] === 'primero' ? 1 : +m[1]!);
}

/** "Cualquiera", "me da igual", "prefiero no decirlo", a plain "no": an optional question passed on. */
const DECLINE_ES = new RegExp(
  '\\b(?:cualquiera|cualquier (?:persona|estilista)|(?:me )?da igual|me es igual|(?:con )?quien sea|' +
    '(?:el|la) que sea|no importa|no tengo preferencia|sin preferencia|ningun[oa]? en particular|' +
    'nadie en particular|(?:el|la) que (?:este|tenga) (?:disponible|libre)|(?:el|la) primer[oa]? disponible|' +
    'prefiero no|no quiero (?:decir|dar)|mejor no|omitir|saltar|paso|no se|no lo se|no estoy segur[oa]|' +
    'no gracias)\\b|^no\\b',
);

export function declinesEs(text: string): boolean {
  return DECLINE_ES.test(normalizeEs(text));
}
