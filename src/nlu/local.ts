// Local NLU: rules for intents and slots, chrono-node for dates. Built for ASR text — lower case,
// no punctuation, fillers — and for precision: a slot it is unsure of is left out, not guessed.
import type { Expectation, Intent, Nlu, NluContext, NluResult, NluSlots, YesNo } from './types.ts';
import { resolveTime } from './times.ts';
import { lastFourDigits } from './digits.ts';
import { withIntakeAnswer } from './intake-reading.ts';
import { localConfidence } from './local-confidence.ts';

// "like" is a filler except where it is the verb ("i'd like", "sounds like", "looks like").
const FILLERS =
  /\b(um+|uh+|er+|erm|hmm+|hm+|mm+|ah+|eh|huh|(?<!\b(?:i'd|i|we'd|we|you'd|you|they|would|sounds|looks|feels|something|anything|not|don't|didn't|do)\s)like|you know|i mean|so|well|okay so|ok so|oh)\b/g;
/** Affirmative grunts that would otherwise lose their "uh" or "mm" to the filler rule. */
const GRUNTS = /\b(uh huh|uh-huh|mm hmm|mm-hmm|mhm+|mm hm|um hum|mm-hm)\b/g;

export function normalize(text: string): string {
  const t = text.toLowerCase().replace(/[’']/g, "'").replace(GRUNTS, ' yes ');
  return ` ${t.replace(/[^a-z0-9:' ]+/g, ' ')} `.replace(FILLERS, ' ').replace(/\s+/g, ' ').trim();
}

const _has = (t: string, re: RegExp) => re.test(` ${t} `);

// ---------------------------------------------------------------- yes / no

const YES =
  /^(yes|yeah|yep|yup|yea|ya|sure|correct|right|that's right|that is right|that's correct|exactly|absolutely|definitely|perfect|sounds good|sounds great|that works|works for me|that's fine|that is fine|fine|ok|okay|alright|all right|please do|go ahead|book it|do it|let's do it|affirmative|of course|great|good|you got it|you bet|go for it|that'd be great|that would be great|please|cool|awesome|excellent|wonderful|lovely|fantastic|brilliant|works|works great|all good|that's good|that's great|that's it|okie dokie|why not|sure why not|let's do that|book me in|sounds (?:about )?right|that sounds right)\b/;
const NO =
  /^(no|nope|nah|not really|negative|wrong|that's wrong|that's not right|that is not right|not quite|incorrect|no thanks|no thank you|never mind|nevermind|don't|do not|neither|none of (?:those|them|these)|not that)\b/;
const MAYBE = /^(maybe|i guess|not sure|i'm not sure|possibly|perhaps|probably)\b/;
const DONE =
  /\b(that's all|that is all|that's everything|that is everything|that'll be all|that will be all|nothing else|that's it|i'm good(?! with)|im good(?! with)|i'm all set|all set|we're good|we're all set)\b/;

export function yesNo(text: string, expecting?: Expectation): YesNo | undefined {
  // "actually no", "wait, yes": the answer follows the hesitation.
  const t = text.replace(/^((actually|wait|well|hmm|oh|so|and|but)\s+)+/, '');
  if (NO.test(t)) return 'no';
  if (MAYBE.test(t)) return 'maybe';
  // "Yeah I'm good" to "anything else?" is a no; "yes, that's all correct" to a read-back is a yes.
  if (DONE.test(t) && (expecting === 'anything_else' || !YES.test(t))) return 'no';
  if (YES.test(t)) return 'yes';
  if (
    /\b(that works|sounds good|that's fine|works for me|perfect|that one works|works great|sounds (?:about )?right|(?:good|fine|happy|ok|okay) with that|(?:that|it|this)(?:'ll| will| would|'d| should) work)\b/.test(
      t,
    )
  )
    return 'yes';
  if (/\b(neither (?:of those|one)|none of (?:those|them|these))\b/.test(t)) return 'no';
  return undefined;
}

// ---------------------------------------------------------------- services

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function matchService(t: string, services: NluContext['services']): string | undefined {
  // Most matching words wins, a match on the service's own name counts double, then the longest.
  // On a tie a repair loses to the other job: "a tune up on my furnace" is maintenance, and the
  // equipment word only says which repair when no other job was named.
  let best: { name: string; score: number; len: number; repair: boolean } | null = null;
  for (const s of services) {
    let score = 0;
    let len = 0;
    const name = normalize(s.name);
    // Spellings that normalize alike ("tune up", "tune-up") are one word, counted once.
    for (const k of new Set([name, ...s.keywords.map((k) => normalize(k))])) {
      if (!k) continue;
      // Plurals and inflections: "whitened", "colored", "installed", "oil changes".
      const stem = k.endsWith('e') ? `|${escapeRe(k.slice(0, -1))}ing` : '';
      const re = new RegExp(`(^| )(?:${escapeRe(k)}(s|es|d|ed|ing)?${stem})( |$)`);
      if (!re.test(t)) continue;
      score += k === name ? 2 : 1;
      len = Math.max(len, k.length);
    }
    if (score === 0) continue;
    const repair = /\brepair\b/i.test(s.name);
    const better =
      !best ||
      score > best.score ||
      (score === best.score && (best.repair && !repair ? true : best.repair === repair && len > best.len));
    if (better) best = { name: s.name, score, len, repair };
  }
  return best?.name;
}

// ---------------------------------------------------------------- names

const NOT_NAMES = new Set([
  // Function words and fillers.
  'a',
  'an',
  'the',
  'about',
  'for',
  'my',
  'your',
  'me',
  'it',
  'its',
  'that',
  'this',
  'to',
  'i',
  'im',
  "i'm",
  'is',
  'be',
  'at',
  'on',
  'in',
  'so',
  'with',
  'and',
  'or',
  'but',
  'can',
  'could',
  'you',
  'we',
  'our',
  'from',
  'of',
  'up',
  'off',
  'out',
  'over',
  'by',
  'as',
  'if',
  'then',
  'his',
  'her',
  'their',
  'when',
  'what',
  'who',
  'why',
  'how',
  'where',
  'because',
  'since',
  'regarding',
  'there',
  'here',
  'just',
  'not',
  'also',
  'really',
  'very',
  'pretty',
  'kind',
  'too',
  'again',
  'now',
  'still',
  'actually',
  'right',
  'all',
  // Answers and courtesies.
  'yes',
  'no',
  'yeah',
  'okay',
  'ok',
  'hi',
  'hello',
  'hey',
  'thanks',
  'thank',
  'please',
  'sure',
  'sorry',
  // Verbs and states that follow "i'm" / "this is" / "it's".
  'calling',
  'looking',
  'trying',
  'wondering',
  'hoping',
  'having',
  'going',
  'gonna',
  'gotta',
  'getting',
  'making',
  'doing',
  'speaking',
  'need',
  'want',
  'would',
  'like',
  'book',
  'schedule',
  'appointment',
  'call',
  'back',
  'been',
  'being',
  'was',
  'were',
  'will',
  'had',
  'has',
  'have',
  'do',
  'does',
  'did',
  'got',
  'get',
  'good',
  'fine',
  'great',
  'interested',
  'available',
  'free',
  'urgent',
  'set',
  'done',
  'new',
  'afraid',
  'home',
  'sick',
  'running',
  'late',
  'early',
  'stuck',
  'ready',
  'happy',
  'glad',
  'patient',
  'customer',
  'client',
  'currently',
  'booked',
  'scheduled',
  'supposed',
  'broken',
  'busted',
  'dead',
  'down',
  'cold',
  'hot',
  'warm',
  'loud',
  'weird',
  'bad',
  'noisy',
  'fixed',
  'one',
  // Days and times.
  'today',
  'tomorrow',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'morning',
  'afternoon',
  'evening',
  'pm',
  'am',
]);

function titleCase(s: string): string {
  return s
    .split(' ')
    .map((w) =>
      w.startsWith('mc') && w.length > 2
        ? `Mc${w[2]!.toUpperCase()}${w.slice(3)}`
        : w.replace(/(^|[-'])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase()),
    )
    .join(' ');
}

/** A word that cannot be part of a name: stop words, digits, contractions ("i'd", "n's") but not O'Connor. */
function notNameWord(w: string, strict: boolean): boolean {
  if (NOT_NAMES.has(w) || /\d/.test(w)) return true;
  if (w.includes("'") && !/^[a-z]'[a-z]{2,}$/.test(w)) return true;
  // After a weak cue ("i'm", "it's") a verb form is far likelier than a name.
  return strict && w.length >= 5 && /(ing|ed)$/.test(w);
}

function nameWords(candidate: string, max = 3, strict = false): string | undefined {
  const words = candidate.split(' ').filter(Boolean);
  const out: string[] = [];
  for (const w of words) {
    if (notNameWord(w, strict)) break;
    out.push(w);
    if (out.length === max) break;
  }
  return out.length > 0 ? titleCase(out.join(' ')) : undefined;
}

const STRONG_NAME_CUE =
  /\b(?:my name is|my name's|the name is|the name's|name is|name's|call me|you can put it under|put it under|book it under|under the name)\s+([a-z' -]+)/;
const WEAK_NAME_CUE = /\b(?:this is|i am|i'm|im)\s+([a-z' -]+)/;
/** "it's maria": only as an answer to "your name?" or right after a greeting ("hi it's maria"), never "it's making a noise". */
const ITS_NAME_CUE = /(?:^|\b(?:hi|hey|hello|yeah|yes|sure|oh)\s+)(?:it's|its|it is)\s+([a-z' -]+)/;

/** With the recognizer's capitals, "…, it's Bob Lee" names the caller wherever it comes. */
const CAPITALIZED_ITS =
  /\b(?:[Ii]t's|[Ii]t is)\s+([A-Z][a-z]*(?:['-][A-Z]?[a-z]+)*(?:\s+[A-Z][a-z]*(?:['-][A-Z]?[a-z]+)*){0,2})\b/;

export function extractName(t: string, expectingName: boolean, raw?: string): string | undefined {
  const split = /\bfirst name(?: is)? ([a-z'-]+)(?: and)?(?: my)? last name(?: is)? ([a-z'-]+)/.exec(t);
  if (split) return titleCase(`${split[1]} ${split[2]}`);
  const strong = STRONG_NAME_CUE.exec(t);
  if (strong) {
    const n = nameWords(strong[1]!);
    if (n) return n;
  }
  for (const cue of [WEAK_NAME_CUE, ITS_NAME_CUE]) {
    const m = cue.exec(t);
    // "this is urgent", "i'm calling about": the stop list ends the name before it starts.
    const n = m ? nameWords(m[1]!, 3, !expectingName) : undefined;
    if (n) return n;
  }
  const capitalized = raw ? CAPITALIZED_ITS.exec(raw.replace(/[’]/g, "'")) : null;
  if (capitalized) {
    const n = nameWords(normalize(capitalized[1]!), 3, true);
    if (n) return n;
  }
  if (expectingName) {
    const stripped = t.replace(/^((yes|yeah|sure|ok|okay|it's|its|it is|this is|hi|hello)\s+)+/, '');
    const words = stripped.split(' ').filter(Boolean);
    if (words.length >= 1 && words.length <= 4) return nameWords(stripped, 4);
    // "Tom Becker, the furnace bangs every morning": the answer is the first clause.
    const clause = raw
      ? normalize(raw.split(/[,.;!?]/)[0] ?? '').replace(
          /^((yes|yeah|sure|ok|okay|it's|its|it is|this is|hi|hello)\s+)+/,
          '',
        )
      : '';
    const clauseWords = clause.split(' ').filter(Boolean);
    if (clauseWords.length >= 1 && clauseWords.length <= 3 && clauseWords.length < words.length)
      return nameWords(clause, 3, true);
  }
  return undefined;
}

// ---------------------------------------------------------------- other slots

const MAKES =
  /^(honda|toyota|ford|chevy|chevrolet|nissan|subaru|mazda|hyundai|kia|jeep|dodge|ram|gmc|bmw|audi|mercedes|volkswagen|vw|lexus|acura|tesla|volvo|buick|cadillac|chrysler|lincoln|infiniti|mitsubishi|mini|porsche)$/;
/** Models callers name without the make ("my 2017 camry"). */
const MODELS =
  /^(civic|accord|crv|cr v|pilot|odyssey|fit|camry|corolla|rav4|rav 4|tacoma|tundra|highlander|prius|sienna|4runner|f150|f 150|f250|f 250|escape|explorer|expedition|fusion|focus|mustang|ranger|edge|silverado|malibu|equinox|tahoe|suburban|impala|traverse|altima|sentra|rogue|maxima|pathfinder|frontier|outback|forester|impreza|crosstrek|legacy|cx5|cx 5|mazda3|elantra|sonata|tucson|santa fe|optima|sorento|sportage|soul|wrangler|grand cherokee|cherokee|compass|charger|challenger|durango|caravan|grand caravan|jetta|passat|golf|tiguan|model 3|model y|model s|model x)$/;
/** Words that end a model name: "my honda civic for an oil change", "toyota camry do you have". */
const NOT_MODEL = new Set([
  'for',
  'and',
  'oil',
  'brake',
  'brakes',
  'change',
  'do',
  'does',
  'did',
  'is',
  'it',
  "it's",
  'its',
  'has',
  'had',
  'needs',
  'need',
  'that',
  'with',
  'making',
  'keeps',
  "won't",
  'wont',
  'tires',
  'tire',
  'engine',
  'check',
  'got',
  'was',
  'in',
  'at',
  'on',
  'to',
  'can',
  'could',
  'you',
  'please',
]);

function modelAt(words: string[], i: number): string[] {
  for (const n of [2, 1]) {
    const cand = words.slice(i, i + n);
    if (cand.length === n && MODELS.test(cand.join(' '))) return cand;
  }
  return [];
}

export function extractVehicle(t: string, expectingVehicle = false): string | undefined {
  const words = t.split(' ');
  const yearBefore = (i: number) => (i > 0 && /^(19|20)\d{2}$/.test(words[i - 1]!) ? words[i - 1] : undefined);
  const i = words.findIndex((w) => MAKES.test(w));
  if (i >= 0) {
    let model = modelAt(words, i + 1);
    if (model.length === 0) {
      model = [];
      for (const w of words.slice(i + 1, i + 3)) {
        if (NOT_NAMES.has(w) || NOT_MODEL.has(w)) break;
        model.push(w);
        // "f150", "model 3": a word with digits ends it; two plain words are as far as a model goes.
        if (/\d/.test(w)) break;
      }
    }
    return titleCase([yearBefore(i), words[i], ...model].filter(Boolean).join(' '));
  }
  for (let j = 0; j < words.length; j++) {
    const model = modelAt(words, j);
    if (model.length > 0) return titleCase([yearBefore(j), ...model].filter(Boolean).join(' '));
  }
  if (!expectingVehicle) return undefined;
  const year = /\b((?:19|20)\d{2})\s+([a-z][a-z0-9-]*)\b/.exec(t);
  return year ? titleCase(`${year[1]} ${year[2]}`) : undefined;
}

function extractStylist(t: string, staff: string[] | undefined): string | undefined {
  for (const s of staff ?? []) if (new RegExp(`\\b${escapeRe(s.toLowerCase())}\\b`).test(t)) return s;
  if (
    /\b(anyone|anybody|no preference|doesn't matter|does not matter|whoever|don't (?:really )?(?:care|mind)|do not care|any stylist|either (?:one|is fine)|any of them|no one in particular|first available)\b/.test(
      t,
    )
  )
    return 'anyone';
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

/** Heat that has stopped: "my heat's not working", "the furnace won't turn on", "the furnace just died". */
const NO_HEAT =
  /\b(?:heat|heater|heating|furnace|boiler)(?:'s)?(?:\s+\S+){0,2}?\s+(?:not working|isn't working|is not working|stopped working|quit working|won't (?:turn|come|kick) on|wont (?:turn|come|kick) on|will not (?:turn|come) on|won't start|not (?:turning|coming|kicking) on|died|went out|is out|quit|broke down|gave out)\b/;
const EMERGENCY =
  /\b(smell gas|smells like gas|gas smell|gas leak|smell of gas|smelling gas|rotten eggs?|sulfur smell|sulphur smell|carbon monoxide|co detector|co alarm|flooding|flooded|water everywhere|burst pipe|smoke|sparks|sparking|on fire|no heat|without heat|heat is out|heat's out|heater is out|furnace is out|furnace died|furnace stopped|freezing|knocked out|severe pain|swollen|swelling|bleeding|abscess)\b/;
const URGENT_DENTAL = /\b(knocked out|severe pain|swollen|swelling|bleeding|abscess)\b/;

const TOPIC_SERVICES =
  /\b(what services|what kind of services|what kind of work|what (?:all |else )?do you (?:guys )?(?:do|offer)|what do you (?:guys )?do|services do you)\b/;
const SERVICE_QUESTION = /\bdo you (?:guys )?(?:do|offer|fix|repair|service|work on|handle|clean|install)\b/;

function topicOf(t: string, service: string | undefined): string | undefined {
  if (
    /\b(hours|what time do you|when do you (?:guys )?(?:open|close)|how late|how early|(?:are|is) (?:you|the \w+)(?: guys)? open|you (?:guys )?open|open on|closing|close today|close on|closed on|opening hours)\b/.test(
      t,
    )
  )
    return 'hours';
  if (/\b(how much|price|prices|pricing|cost|costs|charge|rate|rates|fee|expensive)\b/.test(t)) return 'prices';
  if (/\b(where|address|located|location|directions|find you|get there|get to you)\b/.test(t)) return 'address';
  if (TOPIC_SERVICES.test(t) || (service && SERVICE_QUESTION.test(t))) return 'services';
  return undefined;
}

// ---------------------------------------------------------------- intent

const CANCEL =
  /\b(cancel|cancell?ing|call off|won't be able to make|will not be able to make|can't make it|cannot make it|can not make it|not going to make it|not gonna make it|won't make it)\b/;
const RESCHEDULE =
  /\b(reschedul\w*|re schedul\w*|rebook|move my|move it|move the|moving my|change my appointment|change my booking|change the time|change the day|change the date|change it to|different time|different day|different date|another (?:day|time)|push (?:it|my|the)|bump (?:it|my|the)|switch my|switch (?:it|the) to)\b/;
/** Questions about the business rather than requests for a visit. */
const INQUIRY =
  /\b(what are your|what time do you|are you open|how much|what's the price|what is the price|do you take|do you accept|insurance|where are you|your address|what do you charge|how long does|how long will|do you offer|do you do|are you taking|is there parking|what services|hours|policy|i was wondering if you|i wanted to know|i'd like to know|can i wait|can i pay|do i need to)\b/;
/** A question by its first words, after greetings and "and also". */
const QUESTION =
  /^(?:(?:hi|hey|hello|yeah|yes|yep|ok|okay|and|also|actually|quick question|i have a question|one more thing)\s+)*(do|does|are|is|what|what's|whats|where|where's|wheres|how|when|which|who)\b/;
/** Asking for a slot is a booking request however it is phrased. */
const AVAILABILITY =
  /\b(available|availability|openings?|anything (?:open|available|free)|do you have anything|what do you have|have (?:any )?time|have room|any room|get me in|fit me in|squeeze me in|soonest|earliest|first available|next available)\b/;
const REQUEST =
  /\b(book|booking|schedule|appointment|appt|set up|come out(?! to)|come by|come over|come look|come take a look|come and look|send (?:someone|somebody|a tech\w*)|get (?:someone|somebody|a tech\w*)|bring (?:it|my \w+|the \w+) in|drop (?:it|my \w+|the \w+) off)\b/;
const BOOKING =
  /\b(book|booking|schedule|appointment|appt|come out|come look|come take a look|take a look|look at|looked at|fix|repair|service|need (?:a|an|my|someone|somebody|to)|get (?:a|an|my|it|someone|somebody|me)|set up|available|availability|opening|openings|slot|can i come|can you come|i'd like|i would like|i want|looking for|bring (?:it|my car) in|drop (?:it|my car) off|make an|see the dentist|come in|someone out|somebody out|come by|send someone|send somebody|how soon|when can you|not working|isn't working|stopped working|won't turn on|nothing turns on|won't start|acting up|problem with|issue with|something wrong)\b/;
const HUMAN =
  /\b(real person|live person|human|representative|operator|receptionist|(?:speak|talk) (?:to|with) (?:someone|somebody|anyone|anybody|a (?:real |live )?(?:person|human|manager|mechanic|technician|tech|dentist|doctor|stylist)|the (?:owner|manager|office|mechanic|technician|dentist|doctor|boss))|call me back|have (?:someone|somebody|them|him|her|a \w+) call me|callback|call back)\b/;
/** The caller calling back later is not asking for a person. */
const NOT_HUMAN = /\b((?:i'll|i will|i can|i'd|i could|let me) (?:just )?call (?:you )?back|call back later)\b/;
// "Bill" and "Sue" are also callers' names: only "my bill" or "sue you" is a complaint.
const COMPLEX =
  /\b(complaint|complain|refund|(?:my|the|a|this|that|your|last|last month's) bill|billing|invoice|charged|overcharged|double charged|lawyer|damage|damaged|sue (?:you|them|your)|lawsuit|warranty claim|not happy|unhappy|messed up)\b/;

export function classifyLocal(text: string, ctx: NluContext): NluResult {
  return withIntakeAnswer(classifyWords(text, ctx), text, ctx);
}

function classifyWords(text: string, ctx: NluContext): NluResult {
  const t = normalize(text);
  const slots: NluSlots = {};
  if (!t) return { intent: 'unknown', slots, confidence: 0, source: 'local' };

  const yn = yesNo(t, ctx.expecting);
  if (yn) slots.yesNo = yn;
  const service = matchService(t, ctx.services);
  if (service) slots.service = service;
  const time = resolveTime(t, ctx.now, ctx.timezone);
  if (time) slots.time = time;
  const name = extractName(t, ctx.expecting === 'name', text);
  if (name && !(service && name.toLowerCase() === service.toLowerCase())) slots.name = name;
  const vehicle = extractVehicle(t, ctx.expecting === 'vehicle');
  if (vehicle) slots.vehicle = vehicle;
  const stylist = extractStylist(t, ctx.staff);
  if (stylist) slots.stylist = stylist;
  const choice = extractChoice(t, ctx.offered);
  if (choice !== undefined) slots.choice = choice;
  if (HUMAN.test(t) && !NOT_HUMAN.test(t)) slots.wantsHuman = true;
  const emergency = (EMERGENCY.test(t) || NO_HEAT.test(t)) && !/\b(not an emergency|no emergency)\b/.test(t);
  if (emergency) slots.emergency = true;
  // Digits only when asked for: "at 3" elsewhere is a time, not part of a phone number.
  const lastFour = ctx.expecting === 'digits' ? lastFourDigits(text) : undefined;
  if (lastFour) slots.lastFour = lastFour;

  const topic = topicOf(t, service);
  const asking = QUESTION.test(t) || INQUIRY.test(t);
  // "Is Marco free Friday?" asks for a slot with him.
  const staffFree = Boolean(stylist && stylist !== 'anyone' && /\b(free|open)\b/.test(t));
  let intent: Intent = 'unknown';
  if (emergency && (URGENT_DENTAL.test(t) ? true : !/\b(last week|yesterday|fixed)\b/.test(t))) intent = 'emergency';
  else if (CANCEL.test(t)) intent = 'cancel';
  else if (RESCHEDULE.test(t)) intent = 'reschedule';
  else if (COMPLEX.test(t) || slots.wantsHuman) intent = 'complex';
  else if (asking) {
    if (AVAILABILITY.test(t) || staffFree) intent = 'booking';
    else if (topic === 'hours' || topic === 'prices' || topic === 'address') intent = 'inquiry';
    // A question that names a day or a request ("can someone come out thursday?") is a booking.
    else if (REQUEST.test(t) || time) intent = 'booking';
    else intent = 'inquiry';
  } else if (BOOKING.test(t) || service || staffFree) intent = 'booking';
  if (intent === 'inquiry') {
    slots.topic = topic ?? t;
    // "What time do you open tomorrow?" asks about the hours, not for a visit tomorrow.
    if (topic === 'hours') delete slots.time;
  }

  return { intent, slots, confidence: localConfidence(ctx.expecting, intent, slots), source: 'local' };
}

export function createLocalNlu(): Nlu {
  return {
    name: 'local',
    classify: async (text, ctx) => classifyLocal(text, ctx),
  };
}
