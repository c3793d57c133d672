// What callers actually say to a small business on the phone, as speech recognition hands it over:
// often lower case without punctuation, with fillers, half sentences and corrections. Each line
// carries what the dialogue needs from it: the intent, the slots that drive the next step, and
// the question that was open when it was said.
//
// Every call happens at one fixed moment: Monday 23 November 2026, 10:00 in the business's own
// zone. Times are expected as local wall-clock dates and hours in that zone.
import type { Vertical } from '../../src/db/schema.ts';
import type { Expectation, Intent, YesNo } from '../../src/nlu/types.ts';

export const ZONES: Record<Vertical, string> = {
  hvac: 'America/Chicago',
  automotive: 'America/New_York',
  dental: 'America/Denver',
  salon: 'America/Los_Angeles',
};

/** Local "now" of every call: Monday 2026-11-23 10:00. */
export const NOW_LOCAL = { year: 2026, month: 11, day: 23, hour: 10, minute: 0 };

export interface ExpectedTime {
  /** Local date YYYY-MM-DD; omitted when only the clock time matters ("3 works"). */
  date?: string;
  /** Local hour (0-23) when the caller named a clock time; omitted means no clock time was given. */
  hour?: number;
  minute?: number;
  part?: 'morning' | 'afternoon' | 'evening';
}

export interface CorpusItem {
  vertical: Vertical;
  text: string;
  /** The open question; 'intent' (the greeting's "how can I help") when omitted. */
  expecting?: Expectation;
  /** Offered alternatives as local "YYYY-MM-DDTHH:MM" when expecting 'alternative'. */
  offered?: string[];
  /** Checked when given; always given for utterances answering "how can I help". */
  intent?: Intent;
  name?: string;
  service?: string;
  time?: ExpectedTime;
  yesNo?: YesNo;
  stylist?: string;
  vehicle?: string;
  emergency?: boolean;
  wantsHuman?: boolean;
  choice?: number;
  /**
   * What the question is about, judged by the answer it gets from the org's settings: 'hours',
   * 'prices', 'address', 'services', 'duration' (of the service asked about), an FAQ entry's
   * question, or null when nothing in the settings answers it (it goes to the generated answer).
   */
  topic?: string | null;
}

type Slots = Omit<CorpusItem, 'vertical' | 'text' | 'expecting' | 'offered'>;

const say =
  (vertical: Vertical, expecting?: Expectation) =>
  (text: string, slots: Slots = {}): CorpusItem => ({ vertical, text, ...(expecting ? { expecting } : {}), ...slots });

// Dates relative to Monday 23 November 2026.
const TODAY = '2026-11-23';
const TUE = '2026-11-24';
const WED = '2026-11-25';
const THU = '2026-11-26';
const FRI = '2026-11-27';
const SAT = '2026-11-28';
const NEXT_MON = '2026-11-30';
const DEC_2 = '2026-12-02';
const DEC_5 = '2026-12-05';

// ---------------------------------------------------------------- HVAC

const hvac = say('hvac');
const hvacAt = (e: Expectation) => say('hvac', e);

const HVAC: CorpusItem[] = [
  hvac('hi um my furnace is making a loud banging noise when it kicks on', {
    intent: 'booking',
    service: 'Heating Repair',
  }),
  hvac('yeah my ac is blowing warm air can somebody come out tomorrow', {
    intent: 'booking',
    service: 'AC Repair',
    time: { date: TUE },
  }),
  hvac('i need to schedule a tune up on my furnace', { intent: 'booking', service: 'Maintenance' }),
  hvac("hi this is john peterson i'd like to get a quote on a new system", {
    intent: 'booking',
    name: 'John Peterson',
    service: 'Installation Estimate',
  }),
  hvac('can you guys clean my ducts next monday', {
    intent: 'booking',
    service: 'Duct Cleaning',
    time: { date: NEXT_MON },
  }),
  hvac("i'd like a furnace inspection thursday morning", {
    intent: 'booking',
    service: 'Maintenance',
    time: { date: THU, part: 'morning' },
  }),
  hvac('the heater keeps turning on and off like every five minutes', { intent: 'booking', service: 'Heating Repair' }),
  hvac('the pilot light keeps going out on my boiler', { intent: 'booking', service: 'Heating Repair' }),
  hvac('hello yes i would like to set up a maintenance appointment for my ac', {
    intent: 'booking',
    service: 'Maintenance',
  }),
  hvac('can someone come out today my ac is making a weird noise', {
    intent: 'booking',
    service: 'AC Repair',
    time: { date: TODAY },
  }),
  hvac('we need a new furnace installed', { intent: 'booking', service: 'Installation Estimate' }),
  hvac("hi i'm calling because my ac unit is leaking water", { intent: 'booking', service: 'AC Repair' }),
  hvac('is it possible to get someone out here this afternoon', {
    intent: 'booking',
    time: { date: TODAY, part: 'afternoon' },
  }),
  hvac('the air conditioner is making a rattling sound', { intent: 'booking', service: 'AC Repair' }),
  hvac("Hi, my name is Tom Becker. I need somebody to look at my furnace, it's making a weird smell.", {
    intent: 'booking',
    name: 'Tom Becker',
    service: 'Heating Repair',
  }),
  hvac('my ac stopped working', { intent: 'booking', service: 'AC Repair' }),
  hvac('yeah hi um i was wondering if you have anything open tomorrow afternoon for an ac repair', {
    intent: 'booking',
    service: 'AC Repair',
    time: { date: TUE, part: 'afternoon' },
  }),
  hvac('do you have any openings this week for duct cleaning', { intent: 'booking', service: 'Duct Cleaning' }),
  hvac('uh the house is freezing the furnace just died', { intent: 'emergency', emergency: true }),
  // Emergencies.
  hvac('i smell gas in my basement', { intent: 'emergency', emergency: true }),
  hvac("there's a gas smell coming from the furnace", { intent: 'emergency', emergency: true }),
  hvac("we have no heat and it's freezing in here", { intent: 'emergency', emergency: true }),
  hvac("my heat's not working at all and i have a newborn", { intent: 'emergency', emergency: true }),
  hvac("furnace won't turn on", { intent: 'emergency', emergency: true }),
  hvac('the carbon monoxide alarm keeps going off', { intent: 'emergency', emergency: true }),
  hvac("there's smoke coming out of the vents", { intent: 'emergency', emergency: true }),
  hvac('our heater is not working and the kids are cold', { intent: 'emergency', emergency: true }),
  // Inquiries.
  hvac('what are your hours', { intent: 'inquiry', topic: 'hours' }),
  hvac('are you guys open on saturdays', { intent: 'inquiry', topic: 'hours' }),
  hvac('how much is a tune up', { intent: 'inquiry', service: 'Maintenance', topic: 'prices' }),
  hvac('what do you charge just to come out and look at it', { intent: 'inquiry', topic: 'prices' }),
  hvac('do you offer financing', { intent: 'inquiry', topic: null }),
  hvac('do you guys do emergency calls on weekends', { intent: 'inquiry', topic: 'Do you offer emergency service?' }),
  hvac('is the estimate free', {
    intent: 'inquiry',
    service: 'Installation Estimate',
    topic: 'Do you charge for estimates?',
  }),
  hvac('do you come out to round rock', { intent: 'inquiry', topic: 'What areas do you serve?' }),
  hvac('what kind of warranty do you guys give', { intent: 'inquiry', topic: 'Do you offer a warranty?' }),
  hvac('where are you located', { intent: 'inquiry', topic: 'address' }),
  hvac('do you fix heat pumps', { intent: 'inquiry', service: 'Heating Repair', topic: 'services' }),
  // People, cancellations, reschedules, complaints.
  hvac("i'd like to talk to a real person please", { intent: 'complex', wantsHuman: true }),
  hvac('can i speak to the owner', { intent: 'complex', wantsHuman: true }),
  hvac('just have a technician call me back', { intent: 'complex', wantsHuman: true }),
  hvac('i need to cancel my appointment for thursday', { intent: 'cancel', time: { date: THU } }),
  hvac("hey it's mike i gotta cancel tomorrow's appointment", { intent: 'cancel', name: 'Mike', time: { date: TUE } }),
  hvac('can we move my maintenance visit to friday afternoon', {
    intent: 'reschedule',
    service: 'Maintenance',
    time: { date: FRI, part: 'afternoon' },
  }),
  hvac('something came up and i need to reschedule', { intent: 'reschedule' }),
  hvac('i got charged twice for the last visit', { intent: 'complex' }),
  // Answers to the receptionist's questions.
  hvacAt('name')('maria gonzalez', { name: 'Maria Gonzalez' }),
  hvacAt('name')("yeah it's bob", { name: 'Bob' }),
  hvacAt('name')("uh my name's kevin o'connor", { name: "Kevin O'Connor" }),
  hvacAt('time')('how about thursday at one', { time: { date: THU, hour: 13 } }),
  hvacAt('time')('uh tomorrow morning first thing', { time: { date: TUE, part: 'morning' } }),
  hvacAt('time')('half past two on wednesday', { time: { date: WED, hour: 14, minute: 30 } }),
  hvacAt('time')('the day after tomorrow around 10', { time: { date: WED, hour: 10 } }),
  hvacAt('time')('friday at 8 am', { time: { date: FRI, hour: 8 } }),
  hvacAt('service')("it's the furnace", { service: 'Heating Repair' }),
  hvacAt('service')('just a regular tune up', { service: 'Maintenance' }),
  hvacAt('service')('the ducts need cleaning', { service: 'Duct Cleaning' }),
];

// ---------------------------------------------------------------- automotive

const auto = say('automotive');
const autoAt = (e: Expectation) => say('automotive', e);

const AUTOMOTIVE: CorpusItem[] = [
  auto('hi i need an oil change for my 2015 honda civic', {
    intent: 'booking',
    service: 'Oil Change',
    vehicle: '2015 Honda Civic',
  }),
  auto('my brakes are squeaking really bad', { intent: 'booking', service: 'Brake Service' }),
  auto('um yeah the check engine light came on this morning', { intent: 'booking', service: 'Diagnostics' }),
  auto('can i bring my car in for a state inspection tomorrow', {
    intent: 'booking',
    service: 'State Inspection',
    time: { date: TUE },
  }),
  auto('i need new brake pads and rotors', { intent: 'booking', service: 'Brake Service' }),
  auto("my car's making a grinding noise when i stop", { intent: 'booking', service: 'Brake Service' }),
  auto("car won't start", { intent: 'booking', service: 'Diagnostics' }),
  auto('i got a flat tire', { intent: 'booking', service: 'Tire Rotation' }),
  auto('can you rotate my tires wednesday at 8', {
    intent: 'booking',
    service: 'Tire Rotation',
    time: { date: WED, hour: 8 },
  }),
  auto('i need an emissions test', { intent: 'booking', service: 'State Inspection' }),
  auto('yeah i need a alignment', { intent: 'booking', service: 'Tire Rotation' }),
  auto('i need to get my car looked at its making a weird clunking noise', {
    intent: 'booking',
    service: 'Diagnostics',
  }),
  auto('hi this is david i need to drop off my chevy silverado for brakes thursday', {
    intent: 'booking',
    name: 'David',
    service: 'Brake Service',
    vehicle: 'Chevy Silverado',
    time: { date: THU },
  }),
  auto('Hi, I need an oil change on my 2019 Toyota Camry, do you have anything Friday morning?', {
    intent: 'booking',
    service: 'Oil Change',
    vehicle: '2019 Toyota Camry',
    time: { date: FRI, part: 'morning' },
  }),
  auto('my car is stalling at red lights', { intent: 'booking', service: 'Diagnostics' }),
  auto('need my sticker renewed', { intent: 'booking', service: 'State Inspection' }),
  auto("what's the soonest you could look at my brakes", {
    intent: 'booking',
    service: 'Brake Service',
    time: { date: TODAY },
  }),
  // Inquiries.
  auto('do you have loaner cars', { intent: 'inquiry', topic: 'Do you offer loaner cars?' }),
  auto('can i wait while you do the oil change', {
    intent: 'inquiry',
    service: 'Oil Change',
    topic: 'Can I wait while you work?',
  }),
  auto('how long does an oil change take', {
    intent: 'inquiry',
    service: 'Oil Change',
    topic: 'Can I wait while you work?',
  }),
  auto('what makes do you work on', { intent: 'inquiry', topic: 'Do you work on all makes?' }),
  auto('how much for brakes', { intent: 'inquiry', service: 'Brake Service', topic: 'prices' }),
  auto("what's an oil change cost", { intent: 'inquiry', service: 'Oil Change', topic: 'prices' }),
  auto('what time do you open tomorrow', { intent: 'inquiry', topic: 'hours' }),
  auto("where's your shop", { intent: 'inquiry', topic: 'address' }),
  auto('do you do oil changes', { intent: 'inquiry', service: 'Oil Change', topic: 'services' }),
  // People, cancellations, reschedules, complaints.
  auto('i need to cancel my oil change', { intent: 'cancel', service: 'Oil Change' }),
  auto('can i push my appointment to next monday at 9', { intent: 'reschedule', time: { date: NEXT_MON, hour: 9 } }),
  auto("i'd like to speak with a mechanic", { intent: 'complex', wantsHuman: true }),
  auto('i want to file a complaint about the service i got', { intent: 'complex' }),
  auto("i won't be able to make it tomorrow for the inspection", {
    intent: 'cancel',
    service: 'State Inspection',
    time: { date: TUE },
  }),
  // Answers to the receptionist's questions.
  autoAt('vehicle')("it's a 2018 ford f150", { vehicle: '2018 Ford F150' }),
  autoAt('vehicle')('uh toyota camry', { vehicle: 'Toyota Camry' }),
  autoAt('vehicle')('a 2017 rav4', { vehicle: '2017 Rav4' }),
  autoAt('vehicle')("it's my wife's jeep grand cherokee", { vehicle: 'Jeep Grand Cherokee' }),
  autoAt('vehicle')('2012 honda accord', { vehicle: '2012 Honda Accord' }),
  autoAt('time')('can i drop it off at 7:30 tomorrow', { time: { date: TUE, hour: 7, minute: 30 } }),
  autoAt('time')('the 5th at 11', { time: { date: DEC_5, hour: 11 } }),
  autoAt('time')('monday the 30th in the afternoon', { time: { date: NEXT_MON, part: 'afternoon' } }),
  autoAt('time')('quarter to four today', { time: { date: TODAY, hour: 15, minute: 45 } }),
  autoAt('name')('yeah this is carlos', { name: 'Carlos' }),
  autoAt('service')('just an oil change', { service: 'Oil Change' }),
];

// ---------------------------------------------------------------- dental

const dental = say('dental');
const dentalAt = (e: Expectation) => say('dental', e);

const DENTAL: CorpusItem[] = [
  dental("hi i'd like to schedule a cleaning", { intent: 'booking', service: 'Cleaning' }),
  dental("it's been like two years since my last checkup", { intent: 'booking', service: 'Cleaning' }),
  dental('i think i have a cavity', { intent: 'booking', service: 'Filling' }),
  dental('i want to get my teeth whitened', { intent: 'booking', service: 'Whitening' }),
  dental('i chipped my front tooth on a fork', { intent: 'booking', service: 'Emergency Visit' }),
  dental('i have a really bad toothache', { intent: 'booking', service: 'Emergency Visit' }),
  dental("hi this is priya patel i'm a new patient and i'd like to book an exam", {
    intent: 'booking',
    name: 'Priya Patel',
    service: 'Exam',
  }),
  dental('i need x-rays', { intent: 'booking', service: 'Exam' }),
  dental('my filling fell out', { intent: 'booking', service: 'Filling' }),
  dental('can i get my teeth cleaned next monday morning', {
    intent: 'booking',
    service: 'Cleaning',
    time: { date: NEXT_MON, part: 'morning' },
  }),
  dental("I'd like to book a cleaning for my daughter on the 2nd at 3:30.", {
    intent: 'booking',
    service: 'Cleaning',
    time: { date: DEC_2, hour: 15, minute: 30 },
  }),
  // Emergencies.
  dental('my son fell off his bike and knocked out his front tooth', { intent: 'emergency', emergency: true }),
  dental('a tooth got knocked out playing hockey', { intent: 'emergency', emergency: true }),
  dental('my whole jaw is swollen and it hurts', { intent: 'emergency', emergency: true }),
  dental("i'm in severe pain", { intent: 'emergency', emergency: true }),
  dental('my face is really swollen on one side', { intent: 'emergency', emergency: true }),
  // Inquiries.
  dental('do you take delta dental', { intent: 'inquiry', topic: 'Do you take my insurance?' }),
  dental('are you accepting new patients', { intent: 'inquiry', topic: 'Are you taking new patients?' }),
  dental('is there parking', { intent: 'inquiry', topic: 'Is there parking?' }),
  dental('how much is a cleaning', { intent: 'inquiry', service: 'Cleaning', topic: 'prices' }),
  dental('how long does whitening take', { intent: 'inquiry', service: 'Whitening', topic: 'duration' }),
  dental('what are your hours on friday', { intent: 'inquiry', topic: 'hours' }),
  dental("what's your address", { intent: 'inquiry', topic: 'address' }),
  dental('uh do you guys take cigna', { intent: 'inquiry', topic: 'Do you take my insurance?' }),
  dental('how do i find you', { intent: 'inquiry', topic: 'address' }),
  // Cancellations, reschedules, people.
  dental('i need to cancel my cleaning on thursday', { intent: 'cancel', service: 'Cleaning', time: { date: THU } }),
  dental('i have to reschedule my appointment', { intent: 'reschedule' }),
  dental('can i change my appointment to the 2nd', { intent: 'reschedule', time: { date: DEC_2 } }),
  dental("something came up and i can't make it tomorrow", { intent: 'cancel', time: { date: TUE } }),
  dental('could i talk to somebody in the office', { intent: 'complex', wantsHuman: true }),
  // Answers to the receptionist's questions.
  dentalAt('name')('sarah mitchell', { name: 'Sarah Mitchell' }),
  dentalAt('name')('first name alex last name nguyen', { name: 'Alex Nguyen' }),
  dentalAt('name')("it's jennifer with two n's", { name: 'Jennifer' }),
  dentalAt('name')('my name is jose ramirez', { name: 'Jose Ramirez' }),
  dentalAt('time')('wednesday the 2nd at ten thirty', { time: { date: DEC_2, hour: 10, minute: 30 } }),
  dentalAt('time')('tomorrow at 8 am', { time: { date: TUE, hour: 8 } }),
  dentalAt('time')("whatever's soonest", { time: { date: TODAY } }),
  dentalAt('time')('anytime after 3 on thursday', { time: { date: THU, hour: 15 } }),
  dentalAt('time')('um friday works', { time: { date: FRI } }),
  dentalAt('service')('just a checkup and cleaning', { service: 'Cleaning' }),
];

// ---------------------------------------------------------------- salon

const salon = say('salon');
const salonAt = (e: Expectation) => say('salon', e);

const SALON: CorpusItem[] = [
  salon('hi can i book a haircut with jessica for saturday', {
    intent: 'booking',
    service: 'Haircut',
    stylist: 'Jessica',
    time: { date: SAT },
  }),
  salon('i need my roots done', { intent: 'booking', service: 'Color' }),
  salon('do you have anything thursday evening for a blowout', {
    intent: 'booking',
    service: 'Blowout',
    time: { date: THU, part: 'evening' },
  }),
  salon("i'd like to get highlights", { intent: 'booking', service: 'Highlights' }),
  salon('um can i get a mani pedi tomorrow at 2', {
    intent: 'booking',
    service: 'Manicure',
    time: { date: TUE, hour: 14 },
  }),
  salon('i want balayage', { intent: 'booking', service: 'Highlights' }),
  salon('i need a trim just a trim nothing fancy', { intent: 'booking', service: 'Haircut' }),
  salon('i want to get my hair colored', { intent: 'booking', service: 'Color' }),
  salon('is marco available friday at 6', { intent: 'booking', stylist: 'Marco', time: { date: FRI, hour: 18 } }),
  salon('my daughter needs an updo for prom on the 5th', {
    intent: 'booking',
    service: 'Blowout',
    time: { date: DEC_5 },
  }),
  salon('can i get a gel manicure is tanya free wednesday', {
    intent: 'booking',
    service: 'Manicure',
    stylist: 'Tanya',
    time: { date: WED },
  }),
  salon('Hi! I was hoping to get a blow dry on Saturday around eleven.', {
    intent: 'booking',
    service: 'Blowout',
    time: { date: SAT, hour: 11 },
  }),
  salon('like i need to cover my grays', { intent: 'booking', service: 'Color' }),
  // Inquiries.
  salon('do you take walk ins', { intent: 'inquiry', topic: 'Do you take walk-ins?' }),
  salon("what's your cancellation policy", { intent: 'inquiry', topic: 'What is your cancellation policy?' }),
  salon('how much is a blowout', { intent: 'inquiry', service: 'Blowout', topic: 'prices' }),
  salon('what are your hours on sunday', { intent: 'inquiry', topic: 'hours' }),
  salon('are you open mondays', { intent: 'inquiry', topic: 'hours' }),
  salon('what services do you guys offer', { intent: 'inquiry', topic: 'services' }),
  salon('do you do keratin treatments', { intent: 'inquiry', topic: null }),
  salon('how late are you open on thursdays', { intent: 'inquiry', topic: 'hours' }),
  // Cancellations, reschedules, people.
  salon('i have to cancel my appointment with tanya', { intent: 'cancel', stylist: 'Tanya' }),
  salon('can i move my color appointment to saturday the 5th', {
    intent: 'reschedule',
    service: 'Color',
    time: { date: DEC_5 },
  }),
  salon("i'd like to talk to someone about a bad haircut i got", {
    intent: 'complex',
    service: 'Haircut',
    wantsHuman: true,
  }),
  salon('i need to switch my appointment to a different day', { intent: 'reschedule' }),
  // Answers to the receptionist's questions.
  salonAt('stylist')('jessica please', { stylist: 'Jessica' }),
  salonAt('stylist')('no preference', { stylist: 'anyone' }),
  salonAt('stylist')("whoever's available", { stylist: 'anyone' }),
  salonAt('stylist')("um i don't really care", { stylist: 'anyone' }),
  salonAt('name')("it's ashley", { name: 'Ashley' }),
  salonAt('name')('taylor', { name: 'Taylor' }),
  salonAt('name')('uh sure it is mary ann smith', { name: 'Mary Ann Smith' }),
  salonAt('time')('saturday around noon', { time: { date: SAT, hour: 12 } }),
  salonAt('time')('thursday at seven in the evening', { time: { date: THU, hour: 19 } }),
  salonAt('time')('tomorrow at two thirty', { time: { date: TUE, hour: 14, minute: 30 } }),
  salonAt('service')('just a cut', { service: 'Haircut' }),
];

// ---------------------------------------------------------------- yes / no, choices, anything else

const confirm = (v: Vertical) => say(v, 'confirm');
const callback = (v: Vertical) => say(v, 'callback');
const anythingElse = (v: Vertical) => say(v, 'anything_else');
const offeredThu = ['2026-11-26T13:00', '2026-11-26T15:00'];
const pick =
  (v: Vertical) =>
  (text: string, slots: Slots = {}): CorpusItem => ({
    vertical: v,
    text,
    expecting: 'alternative',
    offered: offeredThu,
    ...slots,
  });

const SHARED: CorpusItem[] = [
  confirm('hvac')('yes', { yesNo: 'yes' }),
  confirm('hvac')("yeah that's right", { yesNo: 'yes' }),
  confirm('dental')('yep sounds good', { yesNo: 'yes' }),
  confirm('salon')('uh huh', { yesNo: 'yes' }),
  confirm('automotive')('mm hmm', { yesNo: 'yes' }),
  confirm('hvac')('correct', { yesNo: 'yes' }),
  confirm('dental')('yes please', { yesNo: 'yes' }),
  confirm('salon')('that works', { yesNo: 'yes' }),
  confirm('automotive')('absolutely', { yesNo: 'yes' }),
  confirm('hvac')('yeah go ahead and book it', { yesNo: 'yes' }),
  confirm('salon')('perfect thanks', { yesNo: 'yes' }),
  confirm('dental')('sure thing', { yesNo: 'yes' }),
  confirm('automotive')('you got it', { yesNo: 'yes' }),
  confirm('hvac')('Yes, that is correct.', { yesNo: 'yes' }),
  confirm('hvac')('no', { yesNo: 'no' }),
  confirm('dental')('nope', { yesNo: 'no' }),
  confirm('salon')("no that's wrong", { yesNo: 'no' }),
  confirm('automotive')("um no the time's wrong", { yesNo: 'no' }),
  confirm('hvac')('no make it 3 instead', { yesNo: 'no', time: { hour: 15 } }),
  confirm('dental')('actually can we do friday instead', { time: { date: FRI } }),
  confirm('salon')('wait what day was that', {}),
  confirm('hvac')("that's not right my name is jon with no h", { yesNo: 'no', name: 'Jon' }),
  confirm('automotive')('yes sir', { yesNo: 'yes' }),
  confirm('salon')('not quite it should be with marco', { yesNo: 'no', stylist: 'Marco' }),

  callback('hvac')('yes please', { yesNo: 'yes' }),
  callback('dental')("sure that'd be great", { yesNo: 'yes' }),
  callback('salon')("no that's okay", { yesNo: 'no' }),
  callback('automotive')("no thanks i'll call back later", { yesNo: 'no' }),
  callback('hvac')('yeah', { yesNo: 'yes' }),

  anythingElse('hvac')("no that's it thanks", { yesNo: 'no' }),
  anythingElse('dental')("nope that's all", { yesNo: 'no' }),
  anythingElse('salon')('no thank you', { yesNo: 'no' }),
  anythingElse('automotive')("that's everything", { yesNo: 'no' }),
  anythingElse('hvac')("i'm good thanks", { yesNo: 'no' }),
  anythingElse('salon')("nah i'm all set", { yesNo: 'no' }),
  anythingElse('dental')('actually yeah what time do you close on friday', { intent: 'inquiry', topic: 'hours' }),
  anythingElse('dental')('yes can i also book a cleaning for my husband', {
    intent: 'booking',
    service: 'Cleaning',
    yesNo: 'yes',
  }),
  anythingElse('automotive')('oh and do you guys have a shuttle', {
    intent: 'inquiry',
    topic: 'Do you offer loaner cars?',
  }),

  pick('hvac')('the first one', { choice: 0 }),
  pick('salon')('um the later one', { choice: 1 }),
  pick('dental')('second one please', { choice: 1 }),
  pick('automotive')('three works', { time: { hour: 15 } }),
  pick('hvac')("1 o'clock is good", { time: { hour: 13 } }),
  pick('salon')('neither of those work for me', { yesNo: 'no' }),
  pick('dental')('do you have anything friday instead', { time: { date: FRI } }),
];

// More of the same kinds of calls, in other words.
const MORE: CorpusItem[] = [
  hvac("Yeah, hi. Our AC unit outside is making a buzzing noise but the fan isn't spinning.", {
    intent: 'booking',
    service: 'AC Repair',
  }),
  hvac('i was hoping to get my furnace serviced before it gets cold', { intent: 'booking', service: 'Maintenance' }),
  hvac("we're thinking about replacing our old furnace", { intent: 'booking', service: 'Installation Estimate' }),
  hvac('how soon can you get someone out here', { intent: 'booking', time: { date: TODAY } }),
  hvac('can you come tomorrow between 1 and 3', { intent: 'booking', time: { date: TUE, hour: 13 } }),
  hvac('my thermostat is blank and nothing turns on', { intent: 'booking' }),
  hvac('i smell something like rotten eggs near the furnace', { intent: 'emergency', emergency: true }),
  hvac('do you do commercial work', { intent: 'inquiry', topic: null }),
  hvac("what's your service call fee", { intent: 'inquiry', topic: 'prices' }),
  hvac('when can you come out', { intent: 'booking' }),
  hvacAt('name')("it's linda", { name: 'Linda' }),
  hvacAt('time')('next available', { time: { date: TODAY } }),
  hvacAt('time')('monday', { time: { date: NEXT_MON } }),
  hvacAt('time')('tomorrow between 8 and 10', { time: { date: TUE, hour: 8 } }),

  auto('i need to get my oil changed', { intent: 'booking', service: 'Oil Change' }),
  auto('Hey, my 2011 Nissan Altima is pulling to the left.', {
    intent: 'booking',
    service: 'Tire Rotation',
    vehicle: '2011 Nissan Altima',
  }),
  auto('my car shakes when i brake', { intent: 'booking', service: 'Brake Service' }),
  auto('how much is a state inspection', { intent: 'inquiry', service: 'State Inspection', topic: 'prices' }),
  auto('are you open on sunday', { intent: 'inquiry', topic: 'hours' }),
  auto('can i get an appointment for friday at 10 for a tire rotation', {
    intent: 'booking',
    service: 'Tire Rotation',
    time: { date: FRI, hour: 10 },
  }),
  auto("i'm bringing in my daughter's car for brakes tomorrow morning", {
    intent: 'booking',
    service: 'Brake Service',
    time: { date: TUE, part: 'morning' },
  }),
  auto('yeah i have an appointment thursday but i need to move it to friday', {
    intent: 'reschedule',
    time: { date: FRI },
  }),
  auto('i need to cancel', { intent: 'cancel' }),
  autoAt('vehicle')("it's a chevy", { vehicle: 'Chevy' }),
  autoAt('vehicle')('2020 subaru forester', { vehicle: '2020 Subaru Forester' }),

  dental("i'd like to get my kids in for their six month cleanings", { intent: 'booking', service: 'Cleaning' }),
  dental('can i bring my son in for a checkup next week', { intent: 'booking', service: 'Cleaning' }),
  dental('do you do invisalign', { intent: 'inquiry', topic: null }),
  dental('what insurance do you take', { intent: 'inquiry', topic: 'Do you take my insurance?' }),
  dental('is the office open saturday', { intent: 'inquiry', topic: 'hours' }),
  dental('i need to move my appointment', { intent: 'reschedule' }),
  dental('i broke a tooth', { intent: 'booking', service: 'Emergency Visit' }),
  dental('can i talk to the dentist', { intent: 'complex', wantsHuman: true }),
  dentalAt('name')('dr smith referred me my name is anna lopez', { name: 'Anna Lopez' }),
  dentalAt('time')("the earliest you've got", { time: { date: TODAY } }),
  confirm('dental')("yes ma'am", { yesNo: 'yes' }),

  salon("I'm looking to book a balayage with Marco on Saturday", {
    intent: 'booking',
    service: 'Highlights',
    stylist: 'Marco',
    time: { date: SAT },
  }),
  salon('can i just get a quick trim today', { intent: 'booking', service: 'Haircut', time: { date: TODAY } }),
  salon("do you guys do men's cuts", { intent: 'inquiry', service: 'Haircut', topic: 'services' }),
  salon('how much are highlights', { intent: 'inquiry', service: 'Highlights', topic: 'prices' }),
  salon('i want to book for my mom she needs her color done thursday at 11', {
    intent: 'booking',
    service: 'Color',
    time: { date: THU, hour: 11 },
  }),
  salon('is jessica working tomorrow', { intent: 'booking', stylist: 'Jessica', time: { date: TUE } }),
  salon('can i get my nails done', { intent: 'booking', service: 'Manicure' }),
  salon("i need to cancel my 3 o'clock tomorrow", { intent: 'cancel', time: { date: TUE, hour: 15 } }),
  salonAt('stylist')('marco', { stylist: 'Marco' }),
  salonAt('stylist')("whoever's got the earliest", { stylist: 'anyone' }),
  salonAt('time')('friday after work', { time: { date: FRI, part: 'evening' } }),
  anythingElse('salon')("no you've been very helpful thanks", { yesNo: 'no' }),
  callback('salon')('please do', { yesNo: 'yes' }),
  pick('salon')("the 1 o'clock", { time: { hour: 13 } }),
  confirm('salon')("yeah that's perfect", { yesNo: 'yes' }),
  confirm('hvac')('hmm actually no', { yesNo: 'no' }),
  hvac('hi this is bill i need a tune up', { intent: 'booking', name: 'Bill', service: 'Maintenance' }),
  dental('yeah this is sue martin calling about a cleaning', {
    intent: 'booking',
    name: 'Sue Martin',
    service: 'Cleaning',
  }),
  hvac('i have a question about my bill', { intent: 'complex' }),
  confirm('automotive')("yes that's all correct", { yesNo: 'yes' }),
  anythingElse('hvac')("yeah i'm good", { yesNo: 'no' }),
];

export const CORPUS: CorpusItem[] = [...HVAC, ...AUTOMOTIVE, ...DENTAL, ...SALON, ...SHARED, ...MORE];
