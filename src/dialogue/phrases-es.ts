// Everything the receptionist says, in Spanish, by the same ids as the English phrases (a missing
// or extra id is a type error), addressing the caller as "usted". Fixed phrases are synthesized
// ahead of time per org and language; templates carry dates from render-time-es and the Spanish
// service names from the template's Spanish data.
import type { OrgSettings, Vertical, Weekday } from '../templates/types.ts';
import { getSpanishTemplate, spanishFaq, spanishService } from '../templates/es/index.ts';
import type { FixedPhraseId, TemplateId, TemplateVars } from './phrases.ts';
import type { SayAction } from './types.ts';
import { renderClockEs } from './render-time-es.ts';
import { DAYS_ES } from '../time/names-es.ts';

const FIXED_ES: Record<FixedPhraseId, string> = {
  recordingNotice: 'Esta llamada puede ser grabada y transcrita.',
  askIntentAgain: 'Perdón, no le entendí bien. Puede decir algo como: quiero hacer una cita.',
  askService: '¿En qué le podemos ayudar?',
  askServiceAgain: 'Perdón, ¿qué servicio necesita?',
  askName: '¿Me da su nombre, por favor?',
  askNameAgain: 'Perdón, ¿me repite su nombre completo?',
  askTime: '¿Qué día y a qué hora le queda mejor?',
  askTimeAgain:
    'Perdón, no entendí la hora. Puede decir, por ejemplo, mañana a las diez de la mañana, o el jueves en la tarde.',
  askVehicle: '¿Cuál es el año, la marca y el modelo de su vehículo?',
  askVehicleAgain: 'Perdón, ¿qué vehículo es? Por ejemplo, un Honda Civic 2018.',
  askStylist: '¿Tiene algún estilista de preferencia, o le da igual?',
  askStylistAgain: '¿Con qué estilista le gustaría? También puede decir que le da igual.',
  oneMoment: 'Un momento.',
  ack: 'De acuerdo.',
  confirmAgain: 'Perdón, ¿se la reservo? Por favor diga sí o no.',
  dtmfYesNo: 'Por favor oprima uno para sí, o dos para no.',
  whatToChange: 'Claro. ¿Qué le gustaría cambiar?',
  noAlternatives: 'No veo nada libre por esas fechas. ¿Qué otro día le queda bien?',
  pickAlternativeAgain: 'Perdón, ¿cuál de esos horarios le queda mejor? O dígame otra hora.',
  anythingElse: '¿Hay algo más en lo que le pueda ayudar?',
  anythingElseDtmf:
    'Perdón, no le entendí. Oprima uno si hay algo más en lo que le pueda ayudar, o dos si eso es todo.',
  callbackDeclinedResume: 'Está bien, sigamos.',
  asideUnknown: 'Buena pregunta. No tengo esa respuesta a la mano, pero nuestro equipo le puede ayudar.',
  statusNotYet: 'Todavía no. La reservo en cuanto me diga que sí.',
  statusNotYetCollecting: 'Todavía no. Primero necesito unos datos más.',
  statusNone: 'Todavía no le he reservado nada en esta llamada. ¿Qué le puedo programar?',
  statusNoneFound: 'No veo ninguna cita próxima para este número de teléfono. ¿Qué le puedo programar?',
  anythingElseAgain: 'Perdón, ¿necesita algo más hoy?',
  anythingElseShort: 'Claro, ¿en qué más le ayudo?',
  goodbye: 'Gracias por llamar a {business}. ¡Que tenga un buen día!',
  offerCallback: 'Puedo pedir que alguien de nuestro equipo le devuelva la llamada para atender esto. ¿Le parece bien?',
  offerCallbackAgain: '¿Quiere que alguien de nuestro equipo le devuelva la llamada? Por favor diga sí o no.',
  callbackConfirmed: 'Listo. Alguien de nuestro equipo le llamará en breve. ¡Gracias por llamar!',
  callbackDeclined: 'Está bien.',
  providerTrouble: 'Lo siento, en este momento tengo problemas para consultar la agenda.',
  stillThere: '¿Sigue ahí?',
  noInputGoodbye: 'Lo dejo por ahora. Puede volver a llamar cuando guste. ¡Hasta luego!',
  gasSafety:
    'Si huele a gas, salga de la casa ahora mismo, no prenda ni apague nada, ' +
    'y llame a la compañía de gas o al 911 desde afuera.',
  emergencyEscalated:
    'Estoy avisando ahora mismo a nuestro técnico de guardia, y le llamará en menos de quince minutos.',
  dentalUrgent: 'Siento mucho que tenga dolor. Vamos a darle cita lo antes posible.',
  noBookingFound: 'No encontré ninguna cita con este número de teléfono. ¿A nombre de quién está la cita?',
  noBookingFoundAgain: 'Sigo sin encontrar esa cita.',
  askBookingName: 'Veo varias citas con este número. ¿A nombre de quién está la cita?',
  whatNameForBooking: '¿A nombre de quién está la cita?',
  askLastFour: 'Por su seguridad, diga o marque los últimos cuatro dígitos del número de teléfono de la cita.',
  askLastFourAgain:
    'Perdón, no le entendí. Por favor diga o marque los últimos cuatro dígitos del número de teléfono de la cita.',
  noMatchLastFour:
    'No pude relacionar ese nombre con ese número. Por favor diga o marque los últimos cuatro dígitos otra vez.',
  changeByMessage:
    'Por su seguridad, no puedo hacer ese cambio por teléfono. ' +
    'Ya le pasé su solicitud a nuestro equipo, y se comunicarán con usted para confirmarlo.',
  pickBookingAgain: 'Perdón, ¿cuál de las citas es? Puede decir la primera, o el día.',
  askNewTime: '¿Para qué día y a qué hora la quiere?',
  askNewTimeAgain: 'Perdón, ¿para qué día y a qué hora la paso?',
  confirmCancelAgain: 'Perdón, ¿cancelo esa cita? Por favor diga sí o no.',
  confirmRescheduleAgain: 'Perdón, ¿paso la cita a ese horario? Por favor diga sí o no.',
  keepBooking: 'Muy bien, la dejo como está.',
  cancelled: 'Su cita quedó cancelada.',
  pendingSync:
    'Ya tengo su cita anotada. La agenda está tardando en responder, ' +
    'así que le confirmaremos por mensaje de texto en breve.',
  inquiryUnknown:
    'Buena pregunta. No tengo esa respuesta a la mano, pero puedo pedir que alguien le llame para contestarle.',
};

/** "su cita de limpieza": a service named inside a sentence is in lower case. */
function inSentence(service: string): string {
  return service.charAt(0).toLowerCase() + service.slice(1);
}

const SMS_CONFIRMATION = 'Le enviaremos una confirmación por mensaje de texto.';

const TEMPLATES_ES: { [K in TemplateId]: (v: TemplateVars<K>) => string } = {
  confirmBooking: (v) =>
    `Tengo una cita de ${inSentence(v.service)}${v.extra} para ${v.when}, a nombre de ${v.name}. ¿Se la reservo?`,
  slotTaken: (v) => `Lo siento, ${v.asked} no está disponible. Puedo ofrecerle ${v.options}. ¿Cuál le queda mejor?`,
  slotOptions: (v) => `Esto es lo que tengo: ${v.options}. ¿Cuál le queda mejor?`,
  closedDay: (v) => `Lo siento, el ${v.day} estamos cerrados. Puedo ofrecerle ${v.options}. ¿Cuál le queda mejor?`,
  booked: (v) =>
    `¡Listo! Su cita de ${inSentence(v.service)} quedó para ${v.when}.${v.sms ? ` ${SMS_CONFIRMATION}` : ''}`,
  foundBooking: (v) => `Veo su cita de ${inSentence(v.service)} para ${v.when}.`,
  statusBooked: (v) => `Sí, ya tiene su cita: ${inSentence(v.service)} para ${v.when}.`,
  confirmCancel: (v) => `Veo su cita de ${inSentence(v.service)} para ${v.when}. ¿Quiere que la cancele?`,
  confirmReschedule: (v) => `Puedo pasar su cita de ${inSentence(v.service)} para ${v.when}. ¿Lo hago?`,
  rescheduled: (v) => `Listo. Su cita de ${inSentence(v.service)} ahora es ${v.when}.`,
  pickBooking: (v) => `Veo varias citas: ${v.list}. ¿Cuál es?`,
};

export const PHRASES_ES: Record<FixedPhraseId | TemplateId, string | ((vars: never) => string)> = {
  ...FIXED_ES,
  ...TEMPLATES_ES,
};

function fill(text: string, business: string): string {
  return text.replaceAll('{business}', business);
}

/** A fixed phrase in Spanish as a say action (same id as the English one). */
export function phraseEs(id: FixedPhraseId, business: string): SayAction {
  return { type: 'say', phraseId: id, text: fill(FIXED_ES[id], business) };
}

/** A template phrase in Spanish rendered with this call's values. */
export function dynamicPhraseEs<K extends TemplateId>(id: K, vars: TemplateVars<K>): SayAction {
  const render = TEMPLATES_ES[id] as (v: TemplateVars<K>) => string;
  return { type: 'say', phraseId: id, text: render(vars), dynamic: true };
}

/** The Spanish name of a service: the template's translation, or the org's own name. */
export function serviceNameEs(englishName: string): string {
  return spanishService(englishName)?.name ?? englishName;
}

// ---------------------------------------------------------------- answers from settings

const WEEK: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** "de nueve de la mañana a cinco de la tarde": clock words without the leading "a las". */
function hm(v: string): string {
  const [h, m] = v.split(':').map(Number);
  return renderClockEs(h ?? 0, m ?? 0).replace(/^a (?:las |la )?/, '');
}

function listAndEs(items: string[]): string {
  if (items.length <= 1) return items.join('');
  const last = items[items.length - 1]!;
  return `${items.slice(0, -1).join(', ')} ${/^h?i/i.test(last) ? 'e' : 'y'} ${last}`;
}

/** "Abrimos de lunes a viernes, de ocho de la mañana a cinco de la tarde; sábado, de …". */
export function describeHoursEs(settings: OrgSettings): string {
  const windows = (d: Weekday) => listAndEs(settings.businessHours[d].map((w) => `de ${hm(w.open)} a ${hm(w.close)}`));
  const groups: Array<{ from: Weekday; to: Weekday; text: string }> = [];
  for (const d of WEEK) {
    const text = windows(d);
    if (!text) continue;
    const last = groups[groups.length - 1];
    if (last && last.text === text && WEEK.indexOf(last.to) === WEEK.indexOf(d) - 1) last.to = d;
    else groups.push({ from: d, to: d, text });
  }
  if (groups.length === 0) return 'Por ahora no tenemos un horario fijo de atención.';
  const span = (g: { from: Weekday; to: Weekday }) => {
    if (g.from === g.to) return DAYS_ES[g.from];
    if (WEEK.indexOf(g.to) - WEEK.indexOf(g.from) === 1) return `${DAYS_ES[g.from]} y ${DAYS_ES[g.to]}`;
    return `de ${DAYS_ES[g.from]} a ${DAYS_ES[g.to]}`;
  };
  return `Abrimos ${groups.map((g) => `${span(g)}, ${g.text}`).join('; ')}.`;
}

/** The settings-derived answers in Spanish, by the same ids as the English ones. */
export function inquiryAnswersEs(settings: OrgSettings): Array<{ id: string; text: string }> {
  const priced = settings.services.filter((s) => s.price);
  const price = (p: string) => p.replace(/^from /i, 'desde ').replace(/^free$/i, 'gratis');
  const out = [
    { id: 'answerHours', text: describeHoursEs(settings) },
    {
      id: 'answerServices',
      text: `Ofrecemos ${listAndEs(settings.services.map((s) => inSentence(serviceNameEs(s.name))))}.`,
    },
    {
      id: 'answerPrices',
      text:
        priced.length > 0
          ? `${listAndEs(priced.map((s) => `${serviceNameEs(s.name)}: ${price(s.price!)}`))}.`
          : 'El precio depende del trabajo; le damos un presupuesto antes de empezar.',
    },
    {
      id: 'answerAddress',
      text: settings.address
        ? `Estamos en ${settings.address}.`
        : 'No tengo la dirección a la mano, pero alguien se la puede mandar por mensaje de texto.',
    },
  ];
  // An FAQ entry without a Spanish answer is left out: the English one is not read to a Spanish caller.
  settings.faq.forEach((f, i) => {
    const es = spanishFaq(f.question);
    if (es?.answer) out.push({ id: `faq:${i}`, text: es.answer });
  });
  settings.services.forEach((s, i) => {
    if (s.price) {
      out.push({
        id: `price:${i}`,
        text: `${serviceNameEs(s.name)}: ${price(s.price)}, y toma unos ${s.durationMinutes} minutos.`,
      });
    }
  });
  return out;
}

/** The template's Spanish greeting (an org's own English greeting has no Spanish version yet). */
export function greetingEs(vertical: Vertical, businessName: string): string {
  return fill(getSpanishTemplate(vertical).greeting, businessName);
}

/** Every fixed Spanish phrase an org's calls can use, for precomputing the Spanish phrase cache. */
export function fixedPhrasesEs(
  settings: OrgSettings,
  vertical: Vertical,
  businessName: string,
): Array<{ id: string; text: string }> {
  const out = [{ id: 'greeting', text: greetingEs(vertical, businessName) }];
  for (const id of Object.keys(FIXED_ES) as FixedPhraseId[]) out.push({ id, text: fill(FIXED_ES[id], businessName) });
  for (const a of inquiryAnswersEs(settings)) out.push(a);
  return out;
}
