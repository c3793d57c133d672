// Times as a Spanish-speaking receptionist says them, in words a voice reads naturally:
// "el jueves 3 de diciembre a las tres y media de la tarde", "a mediodía", "a la una y cuarto".
import { DAYS_ES, MONTHS_ES } from '../time/names-es.ts';
import { utcToZoned } from '../time/zoned.ts';

const DAYS = DAYS_ES;
const MONTHS = MONTHS_ES;
const UNITS = [
  'cero',
  'uno',
  'dos',
  'tres',
  'cuatro',
  'cinco',
  'seis',
  'siete',
  'ocho',
  'nueve',
  'diez',
  'once',
  'doce',
  'trece',
  'catorce',
  'quince',
  'dieciséis',
  'diecisiete',
  'dieciocho',
  'diecinueve',
  'veinte',
  'veintiuno',
  'veintidós',
  'veintitrés',
  'veinticuatro',
  'veinticinco',
  'veintiséis',
  'veintisiete',
  'veintiocho',
  'veintinueve',
];
const TENS: Record<number, string> = { 3: 'treinta', 4: 'cuarenta', 5: 'cincuenta' };

/** 0–59 in words: "cuarenta y cinco". */
export function numberEs(n: number): string {
  if (n < 30) return UNITS[n]!;
  const tens = TENS[Math.floor(n / 10)]!;
  return n % 10 === 0 ? tens : `${tens} y ${UNITS[n % 10]}`;
}

/** Which part of the day an hour is said in. */
function dayPart(hour: number): string {
  if (hour === 0) return 'de la noche';
  if (hour < 6) return 'de la madrugada';
  if (hour < 12) return 'de la mañana';
  if (hour === 12) return 'del mediodía';
  if (hour < 20) return 'de la tarde';
  return 'de la noche';
}

/** "a las tres y media de la tarde", "a la una de la tarde", "a mediodía", "a medianoche". */
export function renderClockEs(hour: number, minute: number): string {
  if (hour === 12 && minute === 0) return 'a mediodía';
  if (hour === 0 && minute === 0) return 'a medianoche';
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  const h = h12 === 1 ? 'a la una' : `a las ${numberEs(h12)}`;
  const m = minute === 0 ? '' : minute === 15 ? ' y cuarto' : minute === 30 ? ' y media' : ` y ${numberEs(minute)}`;
  return `${h}${m} ${dayPart(hour)}`;
}

/** "el jueves 3 de diciembre a las tres y media de la tarde" in the org's zone. */
export function renderWhenEs(iso: string | Date, tz: string): string {
  const z = utcToZoned(typeof iso === 'string' ? new Date(iso) : iso, tz);
  return `el ${DAYS[z.weekday]} ${z.day} de ${MONTHS[z.month - 1]} ${renderClockEs(z.hour, z.minute)}`;
}

/** Shorter form for lists of options: "el jueves a la una de la tarde". */
export function renderShortEs(iso: string | Date, tz: string): string {
  const z = utcToZoned(typeof iso === 'string' ? new Date(iso) : iso, tz);
  return `el ${DAYS[z.weekday]} ${renderClockEs(z.hour, z.minute)}`;
}

/** "A, B o C" ("u" before a word that starts with an o sound: "siete u ocho"). */
export function listOrEs(items: string[]): string {
  if (items.length <= 1) return items.join('');
  const last = items[items.length - 1]!;
  const or = /^h?o/i.test(last) ? 'u' : 'o';
  return `${items.slice(0, -1).join(', ')} ${or} ${last}`;
}
