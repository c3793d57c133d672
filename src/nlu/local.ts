// Local NLU: rules for intents and slots, chrono-node for dates. Built for ASR text — lower case,
// no punctuation, fillers — and for precision: a slot it is unsure of is left out, not guessed.
import type { Intent, Nlu, NluContext, NluResult, NluSlots, YesNo } from './types.ts';
import { resolveTime } from './times.ts';

const FILLERS = /\b(um+|uh+|er+|erm|hmm+|ah+|like|you know|i mean|so|well|okay so|ok so|oh)\b/g;

export function normalize(text: string): string {
  return ` ${text.toLowerCase().replace(/[’']/g, "'").replace(/[^a-z0-9:' ]+/g, ' ')} `.replace(FILLERS, ' ').replace(/\s+/g, ' ').trim();
}

const has = (t: string, re: RegExp) => re.test(` ${t} `);

// ---------------------------------------------------------------- yes / no

const YES = /^(yes|yeah|yep|yup|yea|ya|sure|correct|right|that's right|that is right|exactly|absolutely|definitely|perfect|sounds good|sounds great|that works|works for me|that's fine|that is fine|fine|ok|okay|alright|all right|please do|go ahead|book it|do it|let's do it|uh huh|mhm|affirmative|of course|great|good)\b/;
const NO = /^(no|nope|nah|not really|negative|wrong|that's wrong|that's not right|not quite|incorrect|no thanks|no thank you|never mind|nevermind|don't|do not)\b/;
const MAYBE = /^(maybe|i guess|not sure|i'm not sure|possibly|perhaps|probably)\b/;

export function yesNo(t: string): YesNo | undefined {
  if (NO.test(t)) return 'no';
  if (MAYBE.test(t)) return 'maybe';
  if (YES.test(t)) return 'yes';
  if (/\b(that works|sounds good|that's fine|works for me|perfect)\b/.test(t)) return 'yes';
  if (/\b(that's all|that is all|nothing else|i'm good|im good|i'm all set|all set)\b/.test(t)) return 'no';
  return undefined;
}

// ---------------------------------------------------------------- services

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function matchService(t: string, services: NluContext['services']): string | undefined {
  // Most matching words wins, a match on the service's own name counts double, then the longest.
  let best: { name: string; score: number; len: number } | null = null;
  for (const s of services) {
    let score = 0;
    let len = 0;
    const name = normalize(s.name);
    for (const k of [name, ...s.keywords.map((k) => normalize(k))]) {
      if (!k) continue;
      const re = new RegExp(`(^| )${escapeRe(k)}s?( |$)`);
      if (!re.test(t)) continue;
      score += k === name ? 2 : 1;
      len = Math.max(len, k.length);
    }
    if (score > 0 && (!best || score > best.score || (score === best.score && len > best.len))) best = { name: s.name, score, len };
  }
  return best?.name;
}

// ---------------------------------------------------------------- names

const NOT_NAMES = new Set([
  'calling', 'looking', 'trying', 'wondering', 'here', 'just', 'not', 'sure', 'good', 'fine', 'great', 'sorry', 'interested', 'available', 'free',
  'urgent', 'an', 'a', 'the', 'about', 'for', 'my', 'your', 'me', 'it', 'that', 'this', 'yes', 'no', 'yeah', 'okay', 'ok', 'hi', 'hello', 'hey',
  'thanks', 'thank', 'please', 'need', 'want', 'would', 'like', 'to', 'book', 'schedule', 'appointment', 'i', 'im', "i'm", 'is', 'be', 'at', 'on', 'in',
  'today', 'tomorrow', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'morning', 'afternoon', 'evening', 'pm', 'am',
  'still', 'having', 'going', 'so', 'the', 'with', 'and', 'or', 'but', 'actually', 'can', 'could', 'you', 'we', 'our', 'call', 'back', 'right',
]);

function titleCase(s: string): string {
  return s
    .split(' ')
    .map((w) => (w.startsWith('mc') && w.length > 2 ? `Mc${w[2]!.toUpperCase()}${w.slice(3)}` : w.replace(/(^|[-'])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase())))
    .join(' ');
}

function nameWords(candidate: string, max = 3): string | undefined {
  const words = candidate.split(' ').filter(Boolean);
  const out: string[] = [];
  for (const w of words) {
    if (NOT_NAMES.has(w) || /\d/.test(w)) break;
    out.push(w);
    if (out.length === max) break;
  }
  return out.length > 0 ? titleCase(out.join(' ')) : undefined;
}

export function extractName(t: string, expectingName: boolean): string | undefined {
  const m =
    /\b(?:my name is|my name's|name is|name's|this is|it's|its|it is|i am|i'm|im|call me|you can put it under|put it under|under the name|under)\s+([a-z' -]+)/.exec(t);
  if (m) {
    const n = nameWords(m[1]!);
    // "this is urgent", "i'm calling about": the stop list ends the name before it starts.
    if (n) return n;
  }
  if (expectingName) {
    const stripped = t.replace(/^(yes|yeah|sure|ok|okay|it's|its|it is)\s+/, '');
    const words = stripped.split(' ').filter(Boolean);
    if (words.length >= 1 && words.length <= 4) return nameWords(stripped, 4);
  }
  return undefined;
}

// ---------------------------------------------------------------- other slots

const MAKES = /\b(honda|toyota|ford|chevy|chevrolet|nissan|subaru|mazda|hyundai|kia|jeep|dodge|ram|gmc|bmw|audi|mercedes|volkswagen|vw|lexus|acura|tesla|volvo|buick|cadillac|chrysler|lincoln|infiniti|mitsubishi|mini|porsche)\b/;

export function extractVehicle(t: string): string | undefined {
  const words = t.split(' ');
  const i = words.findIndex((w) => MAKES.test(w));
  if (i >= 0) {
    const year = i > 0 && /^(19|20)\d{2}$/.test(words[i - 1]!) ? words[i - 1] : undefined;
    const model = words.slice(i + 1, i + 3).filter((w) => !NOT_NAMES.has(w) && !['for', 'and', 'oil', 'brake', 'brakes', 'change'].includes(w));
    return titleCase([year, words[i], ...model.slice(0, model.length > 1 && /^\d/.test(model[1]!) ? 2 : model.length)].filter(Boolean).join(' '));
  }
  const year = /\b((?:19|20)\d{2})\s+([a-z]+)\b/.exec(t);
  return year ? titleCase(`${year[1]} ${year[2]}`) : undefined;
}

function extractStylist(t: string, staff: string[] | undefined): string | undefined {
  for (const s of staff ?? []) if (new RegExp(`\\b${escapeRe(s.toLowerCase())}\\b`).test(t)) return s;
  if (/\b(anyone|anybody|no preference|doesn't matter|does not matter|whoever|don't care|any stylist)\b/.test(t)) return 'anyone';
  return undefined;
}

function extractChoice(t: string, offered: string[] | undefined): number | undefined {
  if (!offered || offered.length === 0) return undefined;
  if (/\b(first|earlier|earliest|sooner|1st)\b/.test(t)) return 0;
  if (/\b(second|middle|2nd)\b/.test(t)) return Math.min(1, offered.length - 1);
  if (/\b(third|3rd)\b/.test(t)) return Math.min(2, offered.length - 1);
  if (/\b(last|later|latest)\b/.test(t)) return offered.length - 1;
  return undefined;
}

const EMERGENCY =
  /\b(smell gas|smells like gas|gas smell|gas leak|smell of gas|carbon monoxide|co detector|co alarm|flooding|flooded|water everywhere|burst pipe|smoke|sparks|sparking|on fire|no heat|heat is out|heat's out|heater is out|furnace is out|furnace died|furnace stopped|freezing|knocked out|severe pain|swollen|swelling|bleeding|abscess)\b/;
const URGENT_DENTAL = /\b(knocked out|severe pain|swollen|swelling|bleeding|abscess)\b/;

function topicOf(t: string): string | undefined {
  if (/\b(hours|open|close|closing|opening|when are you)\b/.test(t)) return 'hours';
  if (/\b(how much|price|prices|cost|costs|charge|rate|rates|fee|expensive)\b/.test(t)) return 'prices';
  if (/\b(where|address|located|location|directions)\b/.test(t)) return 'address';
  if (/\b(what services|what do you do|do you do|do you offer|services)\b/.test(t)) return 'services';
  return undefined;
}

// ---------------------------------------------------------------- intent

const CANCEL = /\b(cancel|cancell?ing|call off|won't be able to make|can't make it|cannot make it|not going to make it)\b/;
const RESCHEDULE = /\b(reschedul\w*|move my|change my appointment|change the time|different time|push (it|my appointment) back|move it|change my booking|moving my)\b/;
const INQUIRY = /\b(what are your|what time do you|are you open|how much|what's the price|what is the price|do you take|do you accept|insurance|where are you|your address|what do you charge|how long does|do you offer|do you do|are you taking|is there parking|do you have|what services|hours)\b/;
const BOOKING = /\b(book|booking|schedule|appointment|appt|come out|come look|come take a look|take a look|look at|fix|repair|service|need (a|an|my|someone|somebody|to)|get (a|an|my|it)|set up|available|availability|opening|openings|slot|can i come|can you come|i'd like|i would like|i want|looking for|bring (it|my car) in|drop (it|my car) off|make an|see the dentist|come in)\b/;
const HUMAN = /\b(real person|human|speak to (someone|somebody|a person|the owner|a manager|the manager)|talk to (someone|somebody|a person|the owner|a manager|the manager)|representative|operator|call me back|callback|call back)\b/;
const COMPLEX = /\b(complaint|complain|refund|bill|billing|invoice|charged me|lawyer|damage|damaged|sue|warranty claim)\b/;

export function classifyLocal(text: string, ctx: NluContext): NluResult {
  const t = normalize(text);
  const slots: NluSlots = {};
  let score = 0;
  if (!t) return { intent: 'unknown', slots, confidence: 0, source: 'local' };

  const yn = yesNo(t);
  if (yn) slots.yesNo = yn;
  const service = matchService(t, ctx.services);
  if (service) slots.service = service;
  const time = resolveTime(t, ctx.now, ctx.timezone);
  if (time) slots.time = time;
  const name = extractName(t, ctx.expecting === 'name');
  if (name && !(service && name.toLowerCase() === service.toLowerCase())) slots.name = name;
  const vehicle = extractVehicle(t);
  if (vehicle) slots.vehicle = vehicle;
  const stylist = extractStylist(t, ctx.staff);
  if (stylist) slots.stylist = stylist;
  const choice = extractChoice(t, ctx.offered);
  if (choice !== undefined) slots.choice = choice;
  if (HUMAN.test(t)) slots.wantsHuman = true;
  const emergency = EMERGENCY.test(t) && !/\b(not an emergency|no emergency)\b/.test(t);
  if (emergency) slots.emergency = true;

  let intent: Intent = 'unknown';
  if (emergency && (URGENT_DENTAL.test(t) ? true : !/\b(last week|yesterday|fixed)\b/.test(t))) intent = 'emergency';
  else if (CANCEL.test(t)) intent = 'cancel';
  else if (RESCHEDULE.test(t)) intent = 'reschedule';
  else if (COMPLEX.test(t)) intent = 'complex';
  else if (INQUIRY.test(t) && !/\b(book|schedule|appointment)\b/.test(t)) intent = 'inquiry';
  else if (BOOKING.test(t) || service) intent = 'booking';
  else if (slots.wantsHuman) intent = 'complex';
  if (intent === 'inquiry') {
    const topic = topicOf(t);
    if (topic) slots.topic = topic;
    else slots.topic = t;
  }

  // Confidence: what was understood relative to what was asked.
  if (intent !== 'unknown') score += 0.1;
  const answered: Record<string, boolean> = {
    confirm: yn === 'yes' || yn === 'no',
    anything_else: yn !== undefined || intent !== 'unknown',
    callback: yn !== undefined,
    name: Boolean(slots.name),
    service: Boolean(slots.service),
    time: Boolean(slots.time),
    vehicle: Boolean(slots.vehicle),
    stylist: Boolean(slots.stylist),
    alternative: choice !== undefined || Boolean(slots.time) || yn !== undefined,
    intent: intent !== 'unknown',
  };
  if (answered[ctx.expecting]) score += 0.85;
  else if (intent !== 'unknown') score += 0.5;
  else if (Object.keys(slots).length > 0) score += 0.3;
  return { intent, slots, confidence: Math.min(1, score), source: 'local' };
}

export function createLocalNlu(): Nlu {
  return {
    name: 'local',
    classify: async (text, ctx) => classifyLocal(text, ctx),
  };
}
