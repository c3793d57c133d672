// Digits a Spanish-speaking caller reads out: "cinco cinco uno dos", "cincuenta y cinco doce",
// "es el 5 5 1 2", "doble cinco". The last four digits of the phone number on a booking.
import { normalizeEs } from './text.ts';
import { lastFourOf, readDigits, type DigitWords } from '../digits.ts';

const UNITS: Record<string, string> = {
  cero: '0',
  uno: '1',
  una: '1',
  un: '1',
  dos: '2',
  tres: '3',
  cuatro: '4',
  cinco: '5',
  seis: '6',
  siete: '7',
  ocho: '8',
  nueve: '9',
};
const TEENS: Record<string, string> = {
  diez: '10',
  once: '11',
  doce: '12',
  trece: '13',
  catorce: '14',
  quince: '15',
  dieciseis: '16',
  diecisiete: '17',
  dieciocho: '18',
  diecinueve: '19',
  veinte: '20',
  veintiuno: '21',
  veintidos: '22',
  veintitres: '23',
  veinticuatro: '24',
  veinticinco: '25',
  veintiseis: '26',
  veintisiete: '27',
  veintiocho: '28',
  veintinueve: '29',
};
const TENS: Record<string, string> = {
  treinta: '3',
  cuarenta: '4',
  cincuenta: '5',
  sesenta: '6',
  setenta: '7',
  ochenta: '8',
  noventa: '9',
};
const SPANISH: DigitWords = {
  units: UNITS,
  teens: TEENS,
  tens: TENS,
  repeat: { doble: 2, triple: 3 },
  joiners: new Set(['y', 'guion']),
  tensJoiner: 'y',
  notAfterTens: new Set(['cero']),
};

/** Every digit in the utterance, in order; words that are not numbers are skipped. */
export function spokenDigitsEs(text: string): string | undefined {
  const t = normalizeEs(text.replace(/(\d)[,.\-/](?=\d)/g, '$1'))
    // "los ultimos cuatro (digitos)" names the question, not a digit.
    .replace(/\b(?:ultimos? (?:cuatro|4)(?: digitos| numeros)?|(?:cuatro|4) (?:digitos|numeros))\b/g, ' ');
  return readDigits(t.split(' ').filter(Boolean), SPANISH);
}

export function lastFourDigitsEs(text: string): string | undefined {
  return lastFourOf(spokenDigitsEs(text));
}
