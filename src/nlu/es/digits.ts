// Digits a Spanish-speaking caller reads out: "cinco cinco uno dos", "cincuenta y cinco doce",
// "es el 5 5 1 2", "doble cinco". The last four digits of the phone number on a booking.
import { normalizeEs } from './text.ts';

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
const REPEAT: Record<string, number> = { doble: 2, triple: 3 };

/** Every digit in the utterance, in order; words that are not numbers are skipped. */
export function spokenDigitsEs(text: string): string | undefined {
  const t = normalizeEs(text.replace(/(\d)[,.\-/](?=\d)/g, '$1'))
    // "los ultimos cuatro (digitos)" names the question, not a digit.
    .replace(/\b(?:ultimos? (?:cuatro|4)(?: digitos| numeros)?|(?:cuatro|4) (?:digitos|numeros))\b/g, ' ');
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
      // "cincuenta y cinco" is 55, "cincuenta" alone is 50.
      const unit = words[i + 1] === 'y' && words[i + 2] !== 'cero' ? UNITS[words[i + 2] ?? ''] : undefined;
      piece = TENS[w]! + (unit ?? '0');
      if (unit !== undefined) i += 2;
    } else if (REPEAT[w] !== undefined) {
      repeat = REPEAT[w]!;
      continue;
    } else if (w === 'y' || w === 'guion') continue;
    if (piece === undefined) {
      repeat = 1;
      continue;
    }
    out += piece.length === 1 ? piece.repeat(repeat) : piece;
    repeat = 1;
  }
  return out.length > 0 ? out : undefined;
}

export function lastFourDigitsEs(text: string): string | undefined {
  const d = spokenDigitsEs(text);
  return d && d.length >= 4 ? d.slice(-4) : undefined;
}
