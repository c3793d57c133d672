// Which language an utterance is in, from its words alone: for switching a call to Spanish when
// the caller simply speaks it, and back. Function words carry the evidence (names and places do
// not: "my name is José Pérez" is English), written accents and ¿ ¡ add a little; short answers
// ("sí", "ok") decide nothing on their own, so one word never switches the call.

export type Language = 'en' | 'es';

export interface LanguageGuess {
  /** The likelier language, or undefined when the words say nothing either way. */
  language: Language | undefined;
  /** 0..1: how sure, growing with the evidence and the margin between the languages. */
  confidence: number;
  /** A language the caller asked for by name ("en español", "English please"). */
  requested?: Language;
}

/** Words from a whitespace-separated list. */
function wordSet(list: string): Set<string> {
  return new Set(list.split(/\s+/).filter(Boolean));
}

const SPANISH = wordSet(`
  que de del la el los las por para con una un unos y es esta este estoy esto eso mi mis su sus tengo
  tiene tienen quiero quisiera necesito puedo pueden puede hay cita manana hoy tarde noche pero porque
  como cuando donde cuanto cuesta gracias hola buenos buenas dias bueno si claro muy mas nada todo
  bien favor llamo nombre hacer venir lunes martes miercoles jueves viernes sabado domingo semana hora
  horas las se le lo les nos usted ustedes yo tambien ahora ya aqui carro llanta llantas frenos aceite
  aire calefaccion muela dientes pelo corte unas mejor entonces pues oiga disculpe senor senora vale
  perfecto acuerdo gusto ayuda ayudar quien cual abren cierran cancelar cambiar huele gas funciona uno
  dos tres cuatro cinco seis siete ocho nueve diez once doce media cuarto creo desde ayer antes
  despues posible hasta estan soy tengo nuevo nuevos nueva modelo preferencia prende llegan pacientes
  paciente sabe gustaria podria seria pasado proximo ninguna ninguno servicios ofrecen trabajan todas
  todos marcas aceptan seguro asi primera segunda opcion atienden sin
`);
const ENGLISH = wordSet(`
  the to and i i'm im i'd you my is for can it it's at of on in need want please appointment would
  like have do does what when where how this that with be are was get yes yeah thanks thank hi hello
  tomorrow today morning afternoon evening next week name your we our just about could will there book
  schedule cancel reschedule don't not monday tuesday wednesday thursday friday saturday sunday car an
  sure right okay much any some me works good great fine call back someone somebody smell heat open
  hours cost
`);
/** Words both languages use ("no", "me", "a", "ok"), counted for neither. */
const SHARED = new Set(['no', 'me', 'a', 'ok', 'color', 'gel', 'ac', 'honda', 'toyota', 'ford']);

const ASKS_SPANISH = /\b(espanol|spanish|castellano)\b/;
const ASKS_ENGLISH = /\b(english|ingles)\b/;

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function detectLanguage(text: string): LanguageGuess {
  const folded = fold(text);
  const words = folded.split(/[^a-z0-9']+/).filter(Boolean);
  let es = 0;
  let en = 0;
  for (const w of words) {
    if (SHARED.has(w)) continue;
    if (SPANISH.has(w)) es += 1;
    else if (ENGLISH.has(w)) en += 1;
  }
  // Written accents, ñ and ¿ ¡ on words not already counted lean Spanish ("Sofía", "¿…?"), but a
  // name ("José") must not outweigh English words.
  const marks = text
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => /[áéíóúñü¿¡]/u.test(w) && !SPANISH.has(fold(w).replace(/[^a-z]/g, ''))).length;
  es += Math.min(1, marks * 0.5);
  const requested: Language | undefined = ASKS_ENGLISH.test(folded)
    ? 'en'
    : ASKS_SPANISH.test(folded)
      ? 'es'
      : undefined;
  const total = es + en;
  if (total === 0) return { language: undefined, confidence: 0, ...(requested ? { requested } : {}) };
  const language: Language = es > en ? 'es' : en > es ? 'en' : es > 0 && marks > 0 ? 'es' : 'en';
  const margin = Math.abs(es - en) / total;
  // Two or three telling words are enough; one is a hint.
  const confidence = es === en ? 0 : Math.round(margin * (1 - Math.exp(-total / 1.5)) * 1000) / 1000;
  return { language: confidence > 0 ? language : undefined, confidence, ...(requested ? { requested } : {}) };
}

/** Spanish with enough confidence to answer in Spanish. */
export function isSpanish(text: string, minConfidence = 0.6): boolean {
  const g = detectLanguage(text);
  return g.language === 'es' && g.confidence >= minConfidence;
}
