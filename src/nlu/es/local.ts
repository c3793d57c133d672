// Local NLU for Spanish: the same contract and conventions as the English rules (src/nlu/local.ts)
// — built for ASR text, precise rather than eager — with Spanish words. Services and FAQ entries
// keep their English names as the slot values the dialogue and the booking know; their Spanish
// keywords come from the template's Spanish data (src/templates/es).
import type { Expectation, Intent, Nlu, NluContext, NluResult, NluSlots, YesNo } from '../types.ts';
import { extractVehicle, matchService } from '../local.ts';
import { spanishService } from '../../templates/es/index.ts';
import { resolveTimeEs } from './times.ts';
import { lastFourDigitsEs } from './digits.ts';
import { anyOf, escapeRe, fold, lowerEs, squash, startsWith } from './text.ts';
import { withIntakeAnswer } from '../intake-reading.ts';
import { localConfidence } from '../local-confidence.ts';

/** Sounds that carry nothing: "eh", "emm", "mmm". */
const NOISE = /(^| )(?:e+h+|e+m+|m+|hm+|a+h+)(?= |$)/g;

/** Folded words for rules, and the same words with their accents for names; both aligned. */
export function wordsEs(text: string): { t: string; accented: string } {
  const accented = squash(lowerEs(text).replace(NOISE, '$1'));
  return { t: fold(accented), accented };
}

const has = (t: string, re: RegExp) => re.test(t);

// ---------------------------------------------------------------- yes / no

const YES = startsWith([
  'si|sip|sii+|aja|claro|claro que si|por supuesto|correcto|exacto|exactamente|asi es|esta bien',
  'esta perfecto|perfecto|de acuerdo|dale|va|vale|ok|okay|bueno|me parece bien|me parece perfecto',
  'me parece|me sirve|me funciona|me queda bien|adelante|hagalo|reservela|agendela|apartela|eso es',
  'afirmativo|sale|orale|andale|con gusto|excelente|muy bien|esta bien asi|listo',
]);
const NO = startsWith([
  'no|nop|nel|para nada|negativo|incorrecto|esta mal|mejor no|ninguno|ninguna|ninguna de esas',
  'ninguna de las dos|tampoco|no gracias|asi no|todavia no|aun no',
]);
const MAYBE = /^(tal vez|quizas|quiza|a lo mejor|no se|no estoy segur[oa]|puede ser|posiblemente|probablemente)\b/;
const DONE = anyOf([
  'eso es todo|es todo|seria todo|eso seria todo|nada mas|ya es todo|estoy bien asi|ya quedo',
  'ya esta todo|nada por ahora|eso era todo',
]);
/** Hesitations before the answer: "pues sí", "a ver… no", "este, sí". */
const HESITATION = /^((?:pues|este|a ver|o sea|oiga|oye|mire|ay|ah|eh|y|pero|bueno)\s+)+/;

export function yesNoEs(t: string, expecting?: Expectation): YesNo | undefined {
  const rest = t.replace(HESITATION, '');
  // "bueno" alone is an answer; before other words it is a hesitation.
  if (!rest) return /^bueno\b/.test(t) ? 'yes' : undefined;
  if (MAYBE.test(rest)) return 'maybe';
  if (NO.test(rest)) return 'no';
  if (DONE.test(rest) && (expecting === 'anything_else' || !YES.test(rest))) return 'no';
  if (YES.test(rest)) return 'yes';
  if (/\b(me parece bien|esta bien|me sirve|me queda bien|perfecto)\b/.test(rest)) return 'yes';
  if (/\b(ninguna de (?:esas|las dos|las tres)|ninguno de (?:esos|los dos))\b/.test(rest)) return 'no';
  return undefined;
}

// ---------------------------------------------------------------- services

/** The org's services with their Spanish names and keywords (and the English ones: "el AC", "oil change"). */
function servicesEs(services: NluContext['services']): NluContext['services'] {
  return services.map((s) => {
    const es = spanishService(s.name);
    const keywords = es ? [es.name, ...es.keywords, ...s.keywords] : s.keywords;
    return { name: s.name, keywords: keywords.map((k) => fold(k)) };
  });
}

// ---------------------------------------------------------------- names

const NOT_NAMES = new Set(
  `
  el la los las un una unos unas de del a al en y o pero que con por para mi mis su sus tu me te se le
  lo nos yo usted ustedes es son esta estoy era fue soy ser muy mas ya aqui alli ahi eso esto este si
  no bueno gracias hola buenos buenas dias tardes noches favor senor senora senorita cliente paciente
  nuevo nueva llamando llamo habla hablando quisiera quiero necesito tengo tiene hacer cita tambien ok
  okay claro pues como cuando donde porque the and hoy manana lunes martes miercoles jueves viernes
  sabado domingo tarde noche nombre apellido seria sera puede poner ponga ponerla pongala llama
  llamaba quien mero dueno duena esposo esposa mama papa hijo hija urgente igual solo todavia aun
`
    .split(/\s+/)
    .filter(Boolean),
);
/** Particles inside a name ("María de la Cruz", "José del Río"), never at its end. */
const PARTICLES = new Set(['de', 'del', 'la', 'los', 'y']);

function titleCase(s: string): string {
  return s
    .split(' ')
    .map((w) =>
      PARTICLES.has(w) ? w : w.replace(/(^|[-'])(\p{Ll})/gu, (_m, p: string, c: string) => p + c.toUpperCase()),
    )
    .join(' ');
}

/** Up to `max` name words from `start` in the folded words; the name keeps the caller's accents. */
function nameAt(t: string, accented: string, start: number, max: number, strict: boolean): string | undefined {
  const folded = t.slice(start).split(' ').filter(Boolean);
  const original = accented.slice(start).split(' ').filter(Boolean);
  const out: string[] = [];
  let real = 0;
  for (let i = 0; i < folded.length && real < max; i++) {
    const w = folded[i]!;
    // A particle belongs to the name when a name word follows the particles: "de la Cruz".
    const after = folded.slice(i).find((x) => !PARTICLES.has(x));
    if (PARTICLES.has(w) && real > 0 && after && !NOT_NAMES.has(after)) {
      out.push(original[i]!);
      continue;
    }
    if (NOT_NAMES.has(w) || /\d/.test(w) || !/^[a-z'-]+$/.test(w)) break;
    // After a weak cue ("soy…") a gerund or participle is far likelier than a name.
    if (strict && w.length >= 5 && /(ando|iendo|ado|ido)$/.test(w)) break;
    out.push(original[i]!);
    real++;
  }
  while (out.length > 0 && PARTICLES.has(fold(out[out.length - 1]!))) out.pop();
  return out.length > 0 ? titleCase(out.join(' ')) : undefined;
}

const NAME_CUES = anyOf([
  'me llamo|mi nombre es|mi nombre|el nombre es|a nombre de|bajo el nombre de',
  'ponga(?:la|lo)? a nombre de|puede ponerla a nombre de|le habla|habla',
]);
const STRONG_NAME_CUE = new RegExp(`${NAME_CUES.source}\\s+`);
const WEAK_NAME_CUE = /(?:^|\b(?:hola|si|buenas|buenos dias|buenas tardes|bueno)\s+)(?:soy|yo soy)\s+|\b(?:yo soy)\s+/;

export function extractNameEs(t: string, accented: string, expectingName: boolean): string | undefined {
  const strong = STRONG_NAME_CUE.exec(t);
  if (strong) {
    const n = nameAt(t, accented, strong.index + strong[0].length, 3, false);
    if (n) return n;
  }
  const weak = WEAK_NAME_CUE.exec(t) ?? (expectingName ? /\b(?:soy|es)\s+/.exec(t) : null);
  if (weak) {
    const n = nameAt(t, accented, weak.index + weak[0].length, 3, !expectingName);
    if (n) return n;
  }
  if (expectingName) {
    const lead = /^(?:(?:si|claro|bueno|ok|hola|pues|es|soy)\s+)*/.exec(t)![0];
    const words = t.slice(lead.length).split(' ').filter(Boolean);
    if (words.length >= 1 && words.length <= 5) return nameAt(t, accented, lead.length, 4, false);
  }
  return undefined;
}

// ---------------------------------------------------------------- other slots

/** Spanish words that end a vehicle's model: "mi honda civic que hace ruido". */
const SPANISH_BREAKS = /\b(que|para|con|y|de|del|el|la|tiene|hace|esta|no|se|le|me|porque|pero|necesita|modelo|ano)\b/g;

function extractVehicleEs(t: string, expecting: boolean): string | undefined {
  const year = /\b(?:del|modelo|ano|año)? ?((?:19|20)\d{2})\b/.exec(t);
  const bare = t.replace(/\b(?:del|modelo|ano) (?:19|20)\d{2}\b/g, ' ').replace(SPANISH_BREAKS, 'for');
  const v = extractVehicle(squash(bare), false);
  if (v) return year && !v.includes(year[1]!) ? `${year[1]} ${v}` : v;
  if (!expecting) return undefined;
  const m = /\b((?:19|20)\d{2})\s+([a-z][a-z0-9-]*)\b/.exec(t);
  return m ? `${m[1]} ${m[2]!.replace(/^./, (c) => c.toUpperCase())}` : undefined;
}

function extractStylistEs(t: string, staff: string[] | undefined): string | undefined {
  for (const s of staff ?? []) if (new RegExp(`\\b${escapeRe(fold(s))}\\b`).test(t)) return s;
  if (
    anyOf([
      'cualquiera|quien sea|con quien sea|el que este disponible|la que este disponible|no importa',
      'me da igual|da igual|cualquier estilista|no tengo preferencia|sin preferencia',
      'el primero que este libre|la primera que este libre|quien este libre',
    ]).test(t)
  )
    return 'anyone';
  return undefined;
}

function extractChoiceEs(t: string, offered: string[] | undefined): number | undefined {
  if (!offered || offered.length === 0) return undefined;
  if (/\b(la primera|el primero|primera|primero|la mas temprana|la mas pronto|la de antes)\b/.test(t)) return 0;
  if (/\b(la segunda|el segundo|segunda|segundo|la de en medio|la del medio)\b/.test(t))
    return Math.min(1, offered.length - 1);
  if (/\b(la tercera|el tercero|tercera|tercero)\b/.test(t)) return Math.min(2, offered.length - 1);
  if (/\b(la ultima|el ultimo|ultima|ultimo|la mas tarde|la de despues)\b/.test(t)) return offered.length - 1;
  return undefined;
}

// ---------------------------------------------------------------- emergencies, intents, topics

const HEAT = '(?:calefaccion|calefactor|calentador|horno|caldera|furnace|heater|la calefa)';
const WITHOUT = '(?:no hay|no tenemos|no tengo|sin|nos quedamos sin|me quede sin)';
const HEAT_STOPPED =
  '(?:no funciona|no esta funcionando|dejo de funcionar|no prende|no enciende|no sirve|' +
  'se descompuso|se murio|se apago|no quiere prender)';
const NO_HEAT = new RegExp(`\\b(?:${WITHOUT} ${HEAT}|${HEAT}(?: \\S+){0,2}? ${HEAT_STOPPED})\\b`);
const EMERGENCY = anyOf([
  'huele a gas|huele mucho a gas|olor a gas|fuga de gas|se sale el gas|escape de gas',
  'huele a huevo podrido|monoxido|alarma de monoxido|detector de monoxido|inundando|inundado|inundada',
  'inundacion|se reviento|reventada|reventado|sale humo|hay humo|humo|chispas|incendio|fuego',
  'se esta quemando|nos estamos congelando|me estoy congelando|se me cayo un diente',
  'se me cayo el diente|me tumbaron un diente|dolor muy fuerte|dolor insoportable|mucho dolor',
  'cara hinchada|tengo la cara hinchada|hinchado|hinchada|hinchazon|sangra mucho|sangrando|sangrado',
  'absceso',
]);
const URGENT_DENTAL = anyOf([
  'se me cayo (?:un|el) diente|me tumbaron un diente|dolor muy fuerte|dolor insoportable|mucho dolor',
  'cara hinchada|hinchad[oa]|hinchazon|sangra mucho|sangrando|sangrado|absceso',
]);
const NOT_EMERGENCY = /\b(no es (?:una )?emergencia|no es urgente)\b/;

const CANCEL = anyOf([
  'cancelar|cancela|cancelo|cancelarla|cancelarlo|cancelacion de mi cita|anular|no voy a poder ir',
  'no voy a poder llegar|no voy a poder asistir|no puedo ir|no podre ir|no voy a ir',
  'ya no necesito la cita|quitar (?:la|mi) cita|borrar (?:la|mi) cita',
]);
const RESCHEDULE = anyOf([
  'reprogramar|reprogramarla|cambiar (?:la|mi|de) (?:cita|hora|fecha|dia)|cambiar la cita|cambiarla',
  'cambiarme|mover (?:la|mi) cita|moverla|moverme|pasar (?:la|mi) cita|pasarla|posponer|posponerla',
  'aplazar|adelantar (?:la|mi) cita|adelantarla|otro dia|otra hora|otro horario|otra fecha',
]);
const HUMAN = anyOf([
  'persona real|una persona|un humano|ser humano|representante|operador|operadora|recepcionista',
  'hablar con (?:alguien|el gerente|la gerente|el encargado|la encargada|el mecanico|el tecnico|el doctor|la doctora)',
  'hablar con (?:el dentista|la dentista|el dueno|la duena|la oficina|un agente|la estilista|el estilista)',
  'que me llame alguien|que alguien me llame|que me llamen|que me regresen la llamada',
  'que me devuelvan la llamada|me pueden llamar|me puede llamar|me llaman de regreso',
]);
const NOT_HUMAN = anyOf([
  '(?:yo )?(?:les|le) (?:llamo|marco|vuelvo a llamar) (?:despues|mas tarde|luego)|llamo mas tarde',
  'vuelvo a llamar',
]);
const COMPLEX = anyOf([
  'queja|quejarme|reclamo|reembolso|devolucion de mi dinero|me cobraron de mas|me cobraron doble|cobro',
  'la factura|mi factura|la cuenta|abogado|demanda|demandar|me danaron|danaron|dano',
  'no estoy content[oa]|mal servicio|lo dejaron peor',
]);

const HOURS = anyOf([
  'horario|horarios|a que hora abren|a que hora cierran|que hora abren|que hora cierran|hasta que hora',
  'desde que hora|estan abiertos|esta abierto|abren|cierran|abierto el|que horas tienen|que dias abren',
  'que dias trabajan',
]);
const PRICES = anyOf([
  'cuanto cuesta|cuanto cuestan|cuanto cobran|cuanto me cobran|cuanto sale|cuanto es|cuanto seria',
  'cuanto vale|precio|precios|costo|costos|tarifa|caro|que cuesta',
]);
const ADDRESS = anyOf([
  'donde estan|donde se encuentran|donde quedan|donde queda|donde esta|direccion|ubicados|ubicacion',
  'como llego|como llegar',
]);
const SERVICES_TOPIC = anyOf([
  'que servicios|que tipo de servicios|que tipo de trabajos|que hacen|que ofrecen|servicios ofrecen',
  'que trabajos hacen',
]);
const SERVICE_QUESTION = /\b(hacen|ofrecen|arreglan|reparan|trabajan|dan servicio|limpian|instalan)\b/;

const QUESTION_LEAD =
  '(?:(?:hola|buenos dias|buenas tardes|buenas|si|oiga|oye|una pregunta|tengo una pregunta|otra cosa|y|tambien|' +
  'disculpe|perdon)\\s+)*';
const QUESTION_WORD = [
  'que|a que hora|hasta que hora|desde que hora|cuanto|cuanta|cuantos|cuando|donde|como|cual|cuales|quien',
  'tienen|tiene|hacen|aceptan|acepta|abren|estan|esta|hay|trabajan|ofrecen|dan|cobran|se puede|puedo',
];
/** A question by its first words, after greetings and "y también". */
const QUESTION = new RegExp(`^${QUESTION_LEAD}${startsWith(QUESTION_WORD).source.slice(1)}`);
const INQUIRY = anyOf([
  'quisiera saber|queria saber|quiero saber|me gustaria saber|una pregunta|pregunta|seguro|aseguranza',
  'aceptan|estacionamiento|garantia',
]);
const AVAILABILITY = anyOf([
  'disponible|disponibles|disponibilidad|tienen (?:algo|espacio|lugar|cita|citas|tiempo|horario|chance)',
  'tiene (?:algo|espacio|lugar|tiempo)|hay (?:algo|espacio|lugar|cita|citas)',
  'me pueden (?:atender|meter|acomodar|dar cita)|me puede (?:atender|dar una cita)|primera cita',
  'lo mas pronto|cuando me pueden',
]);
const REQUEST = anyOf([
  'cita|agendar|agenda|reservar|reserva|programar|sacar una cita|hacer una cita|apartar',
  'que venga alguien|que vengan|mandar a alguien|manden a alguien|mandar un tecnico|manden un tecnico',
  'venir a ver|vengan a ver|llevar (?:el|mi) (?:carro|coche|auto|camioneta|troca)',
  'dejar (?:el|mi) (?:carro|coche|auto|camioneta|troca)|pueden venir|puede venir',
]);
const NEED = anyOf([
  'necesito|quiero|quisiera|queria|me gustaria|busco|ando buscando|arreglar|reparar|revisar|que me revisen|que revisen',
  'no funciona|no prende|no arranca|no enfria|no calienta|tiene un problema|tengo un problema|hace un ruido|hace ruido',
  'esta fallando|se descompuso|me hace falta',
]);
const BOOKING = new RegExp(`${REQUEST.source}|${NEED.source}`);

const TO_ENGLISH = /\b(english|ingles|in english|en ingles)\b/;
const TO_SPANISH = /\b(espanol|spanish|castellano)\b/;

function topicOf(t: string, service: string | undefined): string | undefined {
  if (HOURS.test(t)) return 'hours';
  if (PRICES.test(t)) return 'prices';
  if (ADDRESS.test(t)) return 'address';
  if (SERVICES_TOPIC.test(t) || (service && SERVICE_QUESTION.test(t))) return 'services';
  return undefined;
}

export interface SpanishNluOptions {
  /** The org's FAQ entries with their Spanish keywords: a match makes the English question the topic. */
  faq?: Array<{ question: string; keywords: string[] }>;
}

function faqTopic(t: string, faq: SpanishNluOptions['faq']): string | undefined {
  for (const f of faq ?? []) {
    if (f.keywords.some((k) => new RegExp(`\\b${escapeRe(fold(k))}(?:e?s)?\\b`).test(t))) return f.question;
  }
  return undefined;
}

export function classifyLocalEs(text: string, ctx: NluContext, opts: SpanishNluOptions = {}): NluResult {
  return withIntakeAnswer(classifyWordsEs(text, ctx, opts), text, { ...ctx, language: 'es' });
}

function classifyWordsEs(text: string, ctx: NluContext, opts: SpanishNluOptions): NluResult {
  const { t, accented } = wordsEs(text);
  const slots: NluSlots = {};
  if (!t) return { intent: 'unknown', slots, confidence: 0, source: 'local' };

  const yn = yesNoEs(t, ctx.expecting);
  if (yn) slots.yesNo = yn;
  const service = matchService(t, servicesEs(ctx.services));
  if (service) slots.service = service;
  const time = resolveTimeEs(text, ctx.now, ctx.timezone);
  if (time) slots.time = time;
  const name = extractNameEs(t, accented, ctx.expecting === 'name');
  if (name && !(service && fold(name) === fold(service))) slots.name = name;
  const vehicle = extractVehicleEs(t, ctx.expecting === 'vehicle');
  if (vehicle) slots.vehicle = vehicle;
  const stylist = extractStylistEs(t, ctx.staff);
  if (stylist) slots.stylist = stylist;
  const choice = extractChoiceEs(t, ctx.offered);
  if (choice !== undefined) slots.choice = choice;
  if (HUMAN.test(t) && !NOT_HUMAN.test(t)) slots.wantsHuman = true;
  const emergency = (EMERGENCY.test(t) || NO_HEAT.test(t)) && !NOT_EMERGENCY.test(t);
  if (emergency) slots.emergency = true;
  const lastFour = ctx.expecting === 'digits' ? lastFourDigitsEs(text) : undefined;
  if (lastFour) slots.lastFour = lastFour;
  if (TO_ENGLISH.test(t) && !/\bno (?:hablo|entiendo) (?:el )?ingles\b/.test(t)) slots.language = 'en';
  else if (TO_SPANISH.test(t)) slots.language = 'es';

  const faq = faqTopic(t, opts.faq);
  const topic = topicOf(t, service);
  // Spanish recognizers write questions with ¿…?: a sure sign where the words alone are not.
  const asking = QUESTION.test(t) || INQUIRY.test(t) || /[¿?]/.test(text);
  const staffFree = Boolean(stylist && stylist !== 'anyone' && /\b(libre|disponible)\b/.test(t));
  let intent: Intent = 'unknown';
  if (
    emergency &&
    (URGENT_DENTAL.test(t) || !has(t, /\b(la semana pasada|ya (?:lo )?(?:arreglaron|quedo)|arreglado)\b/))
  )
    intent = 'emergency';
  else if (CANCEL.test(t)) intent = 'cancel';
  else if (RESCHEDULE.test(t)) intent = 'reschedule';
  else if (COMPLEX.test(t) || slots.wantsHuman) intent = 'complex';
  else if (asking) {
    if (AVAILABILITY.test(t) || staffFree) intent = 'booking';
    else if (faq || topic === 'hours' || topic === 'prices' || topic === 'address') intent = 'inquiry';
    else if (REQUEST.test(t) || time) intent = 'booking';
    else intent = 'inquiry';
  } else if (BOOKING.test(t) || service || staffFree) intent = 'booking';
  if (intent === 'inquiry') {
    slots.topic = faq ?? topic ?? t;
    // "¿A qué hora abren mañana?" asks about the hours, not for a visit tomorrow.
    if (topic === 'hours') delete slots.time;
  }

  return { intent, slots, confidence: localConfidence(ctx.expecting, intent, slots), source: 'local' };
}

export function createSpanishNlu(opts: SpanishNluOptions = {}): Nlu {
  return {
    name: 'local-es',
    classify: async (text, ctx) => classifyLocalEs(text, ctx, opts),
  };
}
