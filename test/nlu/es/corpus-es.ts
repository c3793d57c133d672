// What Spanish-speaking callers say to a small business on the phone, as speech recognition hands
// it over: with or without accents and punctuation, with fillers, Spanglish and corrections. Same
// shape and same fixed moment as the English corpus (Monday 23 November 2026, 10:00 local).
// "el próximo martes" is the coming Tuesday; "el martes de la semana que viene" is next week's.
import type { Vertical } from '../../../src/db/schema.ts';
import type { Expectation } from '../../../src/nlu/types.ts';
import type { CorpusItem } from '../corpus.ts';

/** An English corpus item, plus the language the caller asked to go on in. */
export type CorpusItemEs = CorpusItem & { language?: 'en' | 'es' };
type Slots = Omit<CorpusItemEs, 'vertical' | 'text' | 'expecting' | 'offered'>;
const say =
  (vertical: Vertical, expecting?: Expectation, offered?: string[]) =>
  (text: string, slots: Slots = {}): CorpusItemEs => ({
    vertical,
    text,
    ...(expecting ? { expecting } : {}),
    ...(offered ? { offered } : {}),
    ...slots,
  });

const TODAY = '2026-11-23';
const TUE = '2026-11-24';
const WED = '2026-11-25';
const THU = '2026-11-26';
const FRI = '2026-11-27';
const SAT = '2026-11-28';
const NEXT_MON = '2026-11-30';
const NEXT_TUE = '2026-12-01';
const DEC_3 = '2026-12-03';
const DEC_5 = '2026-12-05';
const OFFERED = ['2026-11-24T09:00', '2026-11-24T13:00', '2026-11-25T15:30'];

// ---------------------------------------------------------------- HVAC

const hvac = say('hvac');
const hvacAt = (e: Expectation) => say('hvac', e);

const HVAC: CorpusItemEs[] = [
  hvac('hola buenos días mi calefacción hace un ruido muy fuerte cuando prende', {
    intent: 'booking',
    service: 'Heating Repair',
  }),
  hvac('el aire acondicionado está echando aire caliente pueden venir mañana', {
    intent: 'booking',
    service: 'AC Repair',
    time: { date: TUE },
  }),
  hvac('quiero hacer una cita para el mantenimiento del aire', { intent: 'booking', service: 'Maintenance' }),
  hvac('necesito que alguien venga a revisar el minisplit porque no enfría', {
    intent: 'booking',
    service: 'AC Repair',
  }),
  hvac('quisiera un presupuesto para instalar un sistema nuevo', {
    intent: 'booking',
    service: 'Installation Estimate',
  }),
  hvac('pueden limpiar los ductos el próximo martes', {
    intent: 'booking',
    service: 'Duct Cleaning',
    time: { date: TUE },
  }),
  hvac('me gustaría agendar un chequeo del calentador para el jueves en la mañana', {
    intent: 'booking',
    service: 'Maintenance',
    time: { date: THU, part: 'morning' },
  }),
  hvac('huele a gas en la cocina', { intent: 'emergency', emergency: true }),
  hvac('ay dios huele mucho a gas en toda la casa qué hago', { intent: 'emergency', emergency: true }),
  hvac('no hay calefacción y tengo dos niños chiquitos', { intent: 'emergency', emergency: true }),
  hvac('se nos murió el calentador y nos estamos congelando', { intent: 'emergency', emergency: true }),
  hvac('suena la alarma de monóxido de carbono', { intent: 'emergency', emergency: true }),
  hvac('sale humo de la unidad de afuera', { intent: 'emergency', emergency: true }),
  hvac('el calentador no prende desde ayer', { intent: 'emergency', emergency: true }),
  hvac('necesito cancelar mi cita del jueves', { intent: 'cancel', time: { date: THU } }),
  hvac('ya no voy a poder ir mañana cancélela por favor', { intent: 'cancel', time: { date: TUE } }),
  hvac('quiero cambiar mi cita para el viernes', { intent: 'reschedule', time: { date: FRI } }),
  hvac('se puede mover la cita a otro día', { intent: 'reschedule' }),
  hvac('quiero hablar con una persona real', { intent: 'complex', wantsHuman: true }),
  hvac('me puede comunicar con el técnico o que me llamen', { intent: 'complex', wantsHuman: true }),
  hvac('tengo una queja por la factura que me llegó', { intent: 'complex' }),
  hvac('¿a qué hora abren el sábado?', { intent: 'inquiry', topic: 'hours' }),
  hvac('cuánto cuesta el mantenimiento', { intent: 'inquiry', service: 'Maintenance', topic: 'prices' }),
  hvac('dónde están ubicados', { intent: 'inquiry', topic: 'address' }),
  hvac('¿tienen servicio de emergencia las veinticuatro horas?', {
    intent: 'inquiry',
    topic: 'Do you offer emergency service?',
  }),
  hvac('¿cobran por el presupuesto?', {
    intent: 'inquiry',
    service: 'Installation Estimate',
    topic: 'Do you charge for estimates?',
  }),
  hvac('¿las reparaciones tienen garantía?', { intent: 'inquiry', topic: 'Do you offer a warranty?' }),
  hvac('¿llegan hasta Pasadena?', { intent: 'inquiry', topic: 'What areas do you serve?' }),
  hvac('qué servicios ofrecen', { intent: 'inquiry', topic: 'services' }),
  hvac('tienen algo disponible para pasado mañana', { intent: 'booking', time: { date: WED } }),
  hvac('el AC no sirve me pueden mandar un técnico lo más pronto posible', {
    intent: 'booking',
    service: 'AC Repair',
    time: { date: TODAY },
  }),
  hvac('buenas tardes llamo porque el termostato no prende el aire', { intent: 'booking', service: 'AC Repair' }),
  hvacAt('name')('me llamo José Pérez', { name: 'José Pérez' }),
  hvacAt('name')('sí, soy Carlos Ramírez', { name: 'Carlos Ramírez', yesNo: 'yes' }),
  hvacAt('name')('a nombre de Guadalupe Hernández', { name: 'Guadalupe Hernández' }),
  hvacAt('name')('María de la Cruz', { name: 'María de la Cruz' }),
  hvacAt('time')('mañana a las tres', { time: { date: TUE, hour: 15 } }),
  hvacAt('time')('pasado mañana en la tarde', { time: { date: WED, part: 'afternoon' } }),
  hvacAt('time')('el jueves a mediodía', { time: { date: THU, hour: 12 } }),
  hvacAt('time')('a las cuatro y cuarto', { time: { date: TODAY, hour: 16, minute: 15 } }),
  hvacAt('time')('el viernes a las nueve de la mañana', { time: { date: FRI, hour: 9 } }),
  hvacAt('time')('el próximo martes a las diez y media', { time: { date: TUE, hour: 10, minute: 30 } }),
  hvacAt('time')('el martes de la semana que viene', { time: { date: NEXT_TUE } }),
  hvacAt('time')('lo antes posible', { time: { date: TODAY } }),
  hvacAt('service')('es el calentador, no calienta', { service: 'Heating Repair' }),
  hvacAt('service')('la limpieza de ductos', { service: 'Duct Cleaning' }),
  hvacAt('confirm')('sí, claro', { yesNo: 'yes' }),
  hvacAt('confirm')('está bien', { yesNo: 'yes' }),
  hvacAt('confirm')('no, mejor el jueves', { yesNo: 'no', time: { date: THU } }),
  hvacAt('confirm')('perfecto, resérvela', { yesNo: 'yes' }),
  hvacAt('callback')('sí, por favor que me llamen', { yesNo: 'yes', wantsHuman: true }),
  hvacAt('callback')('no gracias', { yesNo: 'no' }),
  hvacAt('anything_else')('no, eso es todo, gracias', { yesNo: 'no' }),
  hvacAt('anything_else')('nada más, muchas gracias', { yesNo: 'no' }),
  say('hvac', 'alternative', OFFERED)('la primera', { choice: 0 }),
  say('hvac', 'alternative', OFFERED)('la del miércoles está bien', { yesNo: 'yes', time: { date: WED } }),
  say('hvac', 'alternative', OFFERED)('ninguna de esas, tiene algo el viernes', { yesNo: 'no', time: { date: FRI } }),
];

// ---------------------------------------------------------------- automotive

const auto = say('automotive');
const autoAt = (e: Expectation) => say('automotive', e);

const AUTOMOTIVE: CorpusItemEs[] = [
  auto('necesito un cambio de aceite para mi honda civic', {
    intent: 'booking',
    service: 'Oil Change',
    vehicle: 'Honda Civic',
  }),
  auto('los frenos de mi carro rechinan mucho', { intent: 'booking', service: 'Brake Service' }),
  auto('se me prendió la luz del motor', { intent: 'booking', service: 'Diagnostics' }),
  auto('mi camioneta no arranca en las mañanas', { intent: 'booking', service: 'Diagnostics' }),
  auto('quiero rotar las llantas el sábado a las nueve', {
    intent: 'booking',
    service: 'Tire Rotation',
    time: { date: SAT, hour: 9 },
  }),
  auto('necesito la inspección estatal para mi toyota camry del 2018', {
    intent: 'booking',
    service: 'State Inspection',
    vehicle: '2018 Toyota Camry',
  }),
  auto('puedo llevar mi carro mañana temprano para el aceite', {
    intent: 'booking',
    service: 'Oil Change',
    time: { date: TUE, part: 'morning' },
  }),
  auto('tengo una llanta ponchada me pueden atender hoy', {
    intent: 'booking',
    service: 'Tire Rotation',
    time: { date: TODAY },
  }),
  auto('el carro hace un ruido raro cuando freno', { intent: 'booking', service: 'Brake Service' }),
  auto('quisiera sacar una cita para diagnóstico el miércoles en la tarde', {
    intent: 'booking',
    service: 'Diagnostics',
    time: { date: WED, part: 'afternoon' },
  }),
  auto('cuánto cobran por un cambio de aceite', { intent: 'inquiry', service: 'Oil Change', topic: 'prices' }),
  auto('¿cuánto cuesta la inspección?', { intent: 'inquiry', service: 'State Inspection', topic: 'prices' }),
  auto('hasta qué hora están abiertos hoy', { intent: 'inquiry', topic: 'hours' }),
  auto('¿me prestan un carro mientras arreglan el mío?', { intent: 'inquiry', topic: 'Do you offer loaner cars?' }),
  auto('¿puedo esperar mientras le cambian el aceite?', {
    intent: 'inquiry',
    service: 'Oil Change',
    topic: 'Can I wait while you work?',
  }),
  auto('¿trabajan todas las marcas?', { intent: 'inquiry', topic: 'Do you work on all makes?' }),
  auto('cuál es la dirección del taller', { intent: 'inquiry', topic: 'address' }),
  auto('necesito cancelar la cita de mi carro', { intent: 'cancel' }),
  auto('no voy a poder llegar el viernes, cancélela', { intent: 'cancel', time: { date: FRI } }),
  auto('quiero cambiar la hora de mi cita para las dos de la tarde', {
    intent: 'reschedule',
    time: { date: TODAY, hour: 14 },
  }),
  auto('¿puedo pasar mi cita para el lunes que viene?', { intent: 'reschedule', time: { date: NEXT_MON } }),
  auto('quiero reprogramar el cambio de aceite', { intent: 'reschedule', service: 'Oil Change' }),
  auto('quiero hablar con el mecánico', { intent: 'complex', wantsHuman: true }),
  auto('me cobraron de más la última vez', { intent: 'complex' }),
  auto('me dejaron el carro peor que antes quiero un reembolso', { intent: 'complex' }),
  auto('tienen espacio hoy para una alineación', {
    intent: 'booking',
    service: 'Tire Rotation',
    time: { date: TODAY },
  }),
  auto('oil change para mañana a las ocho', { intent: 'booking', service: 'Oil Change', time: { date: TUE, hour: 8 } }),
  auto('mi troca ford f150 necesita frenos', { intent: 'booking', service: 'Brake Service', vehicle: 'Ford F150' }),
  auto('buenas, ¿cuándo me pueden revisar el check engine?', { intent: 'booking', service: 'Diagnostics' }),
  autoAt('vehicle')('un Nissan Sentra 2015', { vehicle: '2015 Nissan Sentra' }),
  autoAt('vehicle')('es una camioneta Chevy Silverado', { vehicle: 'Chevy Silverado' }),
  autoAt('vehicle')('un toyota corolla modelo 2012', { vehicle: '2012 Toyota Corolla' }),
  autoAt('vehicle')('un mazda del 2020', { vehicle: '2020 Mazda' }),
  autoAt('name')('mi nombre es Roberto Sánchez', { name: 'Roberto Sánchez' }),
  autoAt('name')('Ana Gómez', { name: 'Ana Gómez' }),
  autoAt('name')('póngala a nombre de Luis Ortega', { name: 'Luis Ortega' }),
  autoAt('time')('el lunes a las ocho de la mañana', { time: { date: NEXT_MON, hour: 8 } }),
  autoAt('time')('a las tres y media de la tarde', { time: { date: TODAY, hour: 15, minute: 30 } }),
  autoAt('time')('mañana a primera hora', { time: { date: TUE, part: 'morning' } }),
  autoAt('time')('el 3 de diciembre', { time: { date: DEC_3 } }),
  autoAt('time')('el sábado cinco de diciembre a las diez', { time: { date: DEC_5, hour: 10 } }),
  autoAt('time')('cuarto para las cinco', { time: { date: TODAY, hour: 16, minute: 45 } }),
  autoAt('time')('tres y media', { time: { date: TODAY, hour: 15, minute: 30 } }),
  autoAt('service')('el aceite nada más', { service: 'Oil Change' }),
  autoAt('service')('las balatas, creo', { service: 'Brake Service' }),
  autoAt('confirm')('sí, está perfecto', { yesNo: 'yes' }),
  autoAt('confirm')('no, mejor a las cuatro', { yesNo: 'no', time: { hour: 16 } }),
  autoAt('confirm')('correcto', { yesNo: 'yes' }),
  autoAt('confirm')('así es', { yesNo: 'yes' }),
  autoAt('confirm')('no, está mal el nombre', { yesNo: 'no' }),
  autoAt('callback')('claro que sí', { yesNo: 'yes' }),
  autoAt('anything_else')('no, es todo', { yesNo: 'no' }),
  autoAt('anything_else')('sí, también quiero saber cuánto cuesta la alineación', {
    yesNo: 'yes',
    intent: 'inquiry',
    service: 'Tire Rotation',
    topic: 'prices',
  }),
  say('automotive', 'alternative', OFFERED)('la segunda', { choice: 1 }),
  say('automotive', 'alternative', OFFERED)('la última por favor', { choice: 2 }),
];

// ---------------------------------------------------------------- dental

const dental = say('dental');
const dentalAt = (e: Expectation) => say('dental', e);

const DENTAL: CorpusItemEs[] = [
  dental('quisiera hacer una cita para una limpieza dental', { intent: 'booking', service: 'Cleaning' }),
  dental('me duele mucho una muela', { intent: 'booking', service: 'Emergency Visit' }),
  dental('se me rompió un diente comiendo', { intent: 'booking', service: 'Emergency Visit' }),
  dental('tengo la cara hinchada y mucho dolor', { intent: 'emergency', emergency: true }),
  dental('se me cayó un diente jugando fútbol', { intent: 'emergency', emergency: true }),
  dental('me sangra mucho la encía, está sangrando sin parar', { intent: 'emergency', emergency: true }),
  dental('necesito un empaste, tengo una caries', { intent: 'booking', service: 'Filling' }),
  dental('quiero blanquearme los dientes', { intent: 'booking', service: 'Whitening' }),
  dental('me gustaría un examen con radiografías el jueves', {
    intent: 'booking',
    service: 'Exam',
    time: { date: THU },
  }),
  dental('necesito una cita para mi hijo mañana en la tarde', {
    intent: 'booking',
    time: { date: TUE, part: 'afternoon' },
  }),
  dental('¿aceptan mi seguro?', { intent: 'inquiry', topic: 'Do you take my insurance?' }),
  dental('¿aceptan la aseguranza de Medicaid?', { intent: 'inquiry', topic: 'Do you take my insurance?' }),
  dental('¿están aceptando pacientes nuevos?', { intent: 'inquiry', topic: 'Are you taking new patients?' }),
  dental('¿hay estacionamiento?', { intent: 'inquiry', topic: 'Is there parking?' }),
  dental('cuánto cuesta el blanqueamiento', { intent: 'inquiry', service: 'Whitening', topic: 'prices' }),
  dental('¿abren los sábados?', { intent: 'inquiry', topic: 'hours' }),
  dental('¿dónde queda el consultorio?', { intent: 'inquiry', topic: 'address' }),
  dental('necesito cancelar mi limpieza del miércoles', { intent: 'cancel', service: 'Cleaning', time: { date: WED } }),
  dental('no puedo ir a mi cita de mañana', { intent: 'cancel', time: { date: TUE } }),
  dental('quiero cambiar mi cita a otro día', { intent: 'reschedule' }),
  dental('¿me puede mover la cita para el viernes en la mañana?', {
    intent: 'reschedule',
    time: { date: FRI, part: 'morning' },
  }),
  dental('necesito posponer mi cita una semana', { intent: 'reschedule' }),
  dental('quiero hablar con la doctora', { intent: 'complex', wantsHuman: true }),
  dental('¿me puede llamar alguien de la oficina?', { intent: 'complex', wantsHuman: true }),
  dental('tengo una pregunta sobre mi factura', { intent: 'complex' }),
  dental('tienen citas disponibles para la próxima semana', { intent: 'booking' }),
  dental('¿tienen algo el martes de la semana que viene?', { intent: 'booking', time: { date: NEXT_TUE } }),
  dental('buenos días, llamo para sacar cita para una revisión', { intent: 'booking', service: 'Cleaning' }),
  dental('es para una limpieza y un chequeo', { intent: 'booking', service: 'Cleaning' }),
  dentalAt('name')('me llamo Sofía Castillo', { name: 'Sofía Castillo' }),
  dentalAt('name')('soy Daniela Ruiz', { name: 'Daniela Ruiz' }),
  dentalAt('name')('es para mi hija, a nombre de Valeria Torres', { name: 'Valeria Torres' }),
  dentalAt('name')('Jorge Luis Morales', { name: 'Jorge Luis Morales' }),
  dentalAt('name')('bueno, mi nombre es Juan del Río', { name: 'Juan del Río' }),
  dentalAt('time')('el próximo jueves a las once', { time: { date: THU, hour: 11 } }),
  dentalAt('time')('mañana en la mañana', { time: { date: TUE, part: 'morning' } }),
  dentalAt('time')('el miércoles a la una y media', { time: { date: WED, hour: 13, minute: 30 } }),
  dentalAt('time')('hoy en la tarde si se puede', { time: { date: TODAY, part: 'afternoon' } }),
  dentalAt('time')('a las dos de la tarde', { time: { date: TODAY, hour: 14 } }),
  dentalAt('time')('el viernes como a las diez', { time: { date: FRI, hour: 10 } }),
  dentalAt('time')('el primero de diciembre', { time: { date: NEXT_TUE } }),
  dentalAt('time')('el martes de la próxima semana en la tarde', { time: { date: NEXT_TUE, part: 'afternoon' } }),
  dentalAt('service')('una limpieza', { service: 'Cleaning' }),
  dentalAt('service')('me duele una muela', { service: 'Emergency Visit' }),
  dentalAt('service')('el blanqueamiento', { service: 'Whitening' }),
  dentalAt('confirm')('sí', { yesNo: 'yes' }),
  dentalAt('confirm')('sí, por favor', { yesNo: 'yes' }),
  dentalAt('confirm')('de acuerdo', { yesNo: 'yes' }),
  dentalAt('confirm')('no, mejor el viernes en la mañana', { yesNo: 'no', time: { date: FRI, part: 'morning' } }),
  dentalAt('confirm')('no, no es así', { yesNo: 'no' }),
  dentalAt('callback')('sí, que me llamen por favor', { yesNo: 'yes', wantsHuman: true }),
  dentalAt('callback')('no, así está bien', { yesNo: 'no' }),
  dentalAt('anything_else')('no, sería todo', { yesNo: 'no' }),
  dentalAt('anything_else')('eso es todo, gracias', { yesNo: 'no' }),
  say('dental', 'alternative', OFFERED)('la del martes a la una', { time: { date: TUE, hour: 13 } }),
  say('dental', 'alternative', OFFERED)('el primero está bien', { choice: 0, yesNo: 'yes' }),
];

// ---------------------------------------------------------------- salon

const salon = say('salon');
const salonAt = (e: Expectation) => say('salon', e);

const SALON: CorpusItemEs[] = [
  salon('quiero hacer una cita para un corte de pelo', { intent: 'booking', service: 'Haircut' }),
  salon('me gustaría pintarme el pelo el sábado', { intent: 'booking', service: 'Color', time: { date: SAT } }),
  salon('quisiera unas mechas con Jessica', { intent: 'booking', service: 'Highlights', stylist: 'Jessica' }),
  salon('necesito un peinado para una boda el viernes en la tarde', {
    intent: 'booking',
    service: 'Blowout',
    time: { date: FRI, part: 'afternoon' },
  }),
  salon('me quiero hacer las uñas mañana', { intent: 'booking', service: 'Manicure', time: { date: TUE } }),
  salon('¿está libre Marco el jueves?', { intent: 'booking', stylist: 'Marco', time: { date: THU } }),
  salon('quiero retocarme las raíces y cubrir las canas', { intent: 'booking', service: 'Color' }),
  salon('un corte para mi hijo hoy en la tarde', {
    intent: 'booking',
    service: 'Haircut',
    time: { date: TODAY, part: 'afternoon' },
  }),
  salon('tienen algo para un corte el miércoles a las cuatro', {
    intent: 'booking',
    service: 'Haircut',
    time: { date: WED, hour: 16 },
  }),
  salon('quiero unos rayitos y un corte', { intent: 'booking', service: 'Highlights' }),
  salon('¿cuánto cuesta un tinte?', { intent: 'inquiry', service: 'Color', topic: 'prices' }),
  salon('¿cuánto cobran por la manicura?', { intent: 'inquiry', service: 'Manicure', topic: 'prices' }),
  salon('¿atienden sin cita?', { intent: 'inquiry', topic: 'Do you take walk-ins?' }),
  salon('¿puedo llegar sin cita?', { intent: 'inquiry', topic: 'Do you take walk-ins?' }),
  salon('¿cuál es su política de cancelación?', { intent: 'inquiry', topic: 'What is your cancellation policy?' }),
  salon('¿qué horario tienen los domingos?', { intent: 'inquiry', topic: 'hours' }),
  salon('¿dónde se encuentran?', { intent: 'inquiry', topic: 'address' }),
  salon('¿qué servicios ofrecen?', { intent: 'inquiry', topic: 'services' }),
  salon('necesito cancelar mi cita con Tanya', { intent: 'cancel', stylist: 'Tanya' }),
  salon('no voy a poder ir el sábado, quiero cancelar', { intent: 'cancel', time: { date: SAT } }),
  salon('quiero cambiar mi cita del jueves para el viernes', { intent: 'reschedule', time: { date: FRI } }),
  salon('¿puedo adelantar mi cita?', { intent: 'reschedule' }),
  salon('quiero hablar con la estilista', { intent: 'complex', wantsHuman: true }),
  salon('no estoy contenta con el color que me hicieron', { intent: 'complex', service: 'Color' }),
  salon('English please', { language: 'en' }),
  salon('can I speak in English', { language: 'en' }),
  salon('¿puede hablar en inglés?', { language: 'en' }),
  salon('hola, para una cita en español por favor', { intent: 'booking', language: 'es' }),
  salonAt('name')('me llamo Andrea López', { name: 'Andrea López' }),
  salonAt('name')('Fernanda Núñez', { name: 'Fernanda Núñez' }),
  salonAt('name')('sí, soy Karla', { name: 'Karla', yesNo: 'yes' }),
  salonAt('name')('a nombre de Patricia Vega por favor', { name: 'Patricia Vega' }),
  salonAt('stylist')('con Marco', { stylist: 'Marco' }),
  salonAt('stylist')('con quien sea', { stylist: 'anyone' }),
  salonAt('stylist')('me da igual, la que esté disponible', { stylist: 'anyone' }),
  salonAt('stylist')('no tengo preferencia', { stylist: 'anyone' }),
  salonAt('time')('el sábado a las diez de la mañana', { time: { date: SAT, hour: 10 } }),
  salonAt('time')('el jueves a las seis de la tarde', { time: { date: THU, hour: 18 } }),
  salonAt('time')('pasado mañana a las cuatro', { time: { date: WED, hour: 16 } }),
  salonAt('time')('el viernes después de comer', { time: { date: FRI, part: 'afternoon' } }),
  salonAt('time')('el próximo martes en la tarde', { time: { date: TUE, part: 'afternoon' } }),
  salonAt('time')('a las cinco y cuarto', { time: { date: TODAY, hour: 17, minute: 15 } }),
  salonAt('time')('el día 5 a las once', { time: { date: DEC_5, hour: 11 } }),
  salonAt('service')('un corte y secado', { service: 'Haircut' }),
  salonAt('service')('las uñas de gel', { service: 'Manicure' }),
  salonAt('service')('balayage', { service: 'Highlights' }),
  salonAt('confirm')('sí, me parece bien', { yesNo: 'yes' }),
  salonAt('confirm')('vale', { yesNo: 'yes' }),
  salonAt('confirm')('no, mejor con Tanya', { yesNo: 'no', stylist: 'Tanya' }),
  salonAt('confirm')('a lo mejor, déjeme ver', { yesNo: 'maybe' }),
  salonAt('callback')('no, yo les llamo más tarde', { yesNo: 'no' }),
  salonAt('anything_else')('no, nada más', { yesNo: 'no' }),
  salonAt('anything_else')('sí, ¿tienen estacionamiento?', { yesNo: 'yes', intent: 'inquiry', topic: null }),
  say('salon', 'alternative', OFFERED)('la segunda opción', { choice: 1 }),
  say('salon', 'alternative', OFFERED)('ninguna de las dos', { yesNo: 'no' }),
];

// ---------------------------------------------------------------- last four digits

const digitsItems: Array<[Vertical, string, string]> = [
  ['hvac', 'cinco cinco uno dos', '5512'],
  ['automotive', 'son los números 9 8 7 6', '9876'],
  ['dental', 'cincuenta y cinco doce', '5512'],
  ['salon', 'cero tres cuatro siete', '0347'],
  ['hvac', 'doble cinco, uno, dos', '5512'],
  ['dental', 'es el cuatro ocho, ocho uno', '4881'],
];

export interface DigitsItem {
  vertical: Vertical;
  text: string;
  lastFour: string;
}
export const DIGITS_ES: DigitsItem[] = digitsItems.map(([vertical, text, lastFour]) => ({ vertical, text, lastFour }));

export const CORPUS_ES: CorpusItemEs[] = [...HVAC, ...AUTOMOTIVE, ...DENTAL, ...SALON];
