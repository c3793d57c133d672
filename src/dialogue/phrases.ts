// Everything the receptionist says, by id. Fixed phrases (plain strings, `{business}` filled in
// per org) are synthesized ahead of time; templates (functions) carry dates and names and are
// rendered per call, their id naming the template so its audio can still be grouped. Phrases a
// caller hears often have several wordings, so a repeated question does not sound recorded;
// every wording is synthesized ahead of time too.
import type { OrgSettings } from '../templates/types.ts';
import { renderGreeting } from '../templates/index.ts';
import type { SayAction } from './types.ts';
import { inquiryAnswers } from './inquiry.ts';
import { withArticle } from './spoken.ts';
import { handoffPhrases } from './handoff-phrases.ts';

const FIXED = {
  recordingNotice: 'This call may be recorded and transcribed.',
  askIntentAgain: 'Sorry, I didn’t quite catch that. You can say something like: I’d like to book an appointment.',
  askService: ['What can we help you with?', 'What do you need help with?'],
  askServiceAgain: 'Sorry, which service do you need?',
  askName: ['Can I get your name, please?', 'And what name should I put this under?', 'Who should I put this under?'],
  askNameAgain: 'Sorry, could you say your full name one more time?',
  askTime: ['What day and time work best for you?', 'When would suit you best?', 'What day and time would you like?'],
  askTimeAgain:
    'Sorry, I didn’t catch the time. You could say something like tomorrow at 10 AM, or Thursday afternoon.',
  askVehicle: 'What’s the year, make and model of your vehicle?',
  askVehicleAgain: 'Sorry, what kind of vehicle is it? For example, a 2018 Honda Civic.',
  askStylist: 'Do you have a preferred stylist, or is anyone fine?',
  askStylistAgain: 'Which stylist would you like? You can also say anyone is fine.',
  /** Played when a reply is slow to start, so the caller never hears dead air. */
  oneMoment: 'One moment.',
  /** Said before a reply whose first words must still be synthesized (a read-back). */
  ack: ['Okay.', 'Let me see.', 'Alright.'],
  confirmAgain: 'Sorry, should I go ahead and book that? Please say yes or no.',
  dtmfYesNo: 'Please press 1 for yes, or 2 for no.',
  whatToChange: ['No problem. What would you like to change?', 'Sure, what should I change?'],
  noAlternatives: 'I don’t see anything open around then. What other day works for you?',
  pickAlternativeAgain: 'Sorry, which of those times works for you? Or you can name a different time.',
  anythingElse: [
    'Is there anything else I can help you with?',
    'Anything else I can do for you today?',
    'Is there anything else you need?',
  ],
  anythingElseAgain: 'Sorry, is there anything else you need today?',
  anythingElseShort: 'Sure, what else can I help with?',
  goodbye: ['Thanks for calling {business}. Have a great day!', 'Thanks for calling {business}. Take care!'],
  offerCallback: 'I can have someone from our team call you back to take care of this. Would you like that?',
  offerCallbackAgain: 'Would you like someone from our team to call you back? Please say yes or no.',
  callbackConfirmed: 'Done. Someone from our team will call you back shortly. Thanks for calling!',
  callbackDeclined: ['No problem.', 'Okay, no problem.'],
  providerTrouble: 'I’m sorry, I’m having trouble reaching our calendar right now.',
  stillThere: 'Are you still there?',
  noInputGoodbye: 'I’ll let you go for now. Feel free to call back any time. Goodbye!',
  gasSafety:
    'If you smell gas, please leave the house right away, don’t switch anything on or off, and call your gas company or 911 from outside.',
  emergencyEscalated:
    'I’m alerting our on-call technician right now, and they’ll call you back within fifteen minutes.',
  dentalUrgent: 'I’m sorry you’re in pain. Let’s get you in as soon as we can.',
  noBookingFound: 'I couldn’t find an appointment for this phone number. What name is the appointment under?',
  noBookingFoundAgain: 'I still can’t find that appointment.',
  askBookingName: 'I see a few appointments for this number. What name is the appointment under?',
  whatNameForBooking: 'What name is the appointment under?',
  askLastFour: 'For your security, please say or key in the last four digits of the phone number on the appointment.',
  askLastFourAgain:
    'Sorry, I didn’t get that. Please say or key in the last four digits of the phone number on the appointment.',
  noMatchLastFour: 'I couldn’t match that name and number. Please say or key in the last four digits once more.',
  changeByMessage:
    'For your security, I can’t make that change over the phone. ' +
    'I’ve passed your request on to our team, and they’ll follow up to confirm it.',
  pickBookingAgain: 'Sorry, which appointment is it? You can say the first one, or the day.',
  askNewTime: 'What day and time would you like instead?',
  askNewTimeAgain: 'Sorry, what new day and time should I move it to?',
  confirmCancelAgain: 'Sorry, should I cancel that appointment? Please say yes or no.',
  confirmRescheduleAgain: 'Sorry, should I move the appointment to that time? Please say yes or no.',
  keepBooking: 'Okay, I’ll leave it as it is.',
  cancelled: 'Your appointment has been cancelled.',
  pendingSync:
    'I’ve got your appointment down. Our calendar is slow to respond right now, so we’ll confirm it by text shortly.',
  anythingElseDtmf:
    'Sorry, I didn’t catch that. Press 1 if there’s something else I can help with, or 2 if that’s all.',
  callbackDeclinedResume: ['No problem, let’s carry on.', 'Okay, let’s keep going then.'],
  asideUnknown: 'Good question. I don’t have that answer in front of me, but our team can help with it.',
  statusNotYet: 'Not yet. I’ll book it as soon as you say yes.',
  statusNotYetCollecting: 'Not yet. I just need a few more details first.',
  statusNone: 'I haven’t booked anything for you on this call yet. What can I set up for you?',
  statusNoneFound: 'I don’t see an upcoming appointment for this phone number. What can I set up for you?',
  inquiryUnknown:
    'That’s a good question. I don’t have that answer in front of me, but I can have someone call you back about it.',
} as const satisfies Record<string, string | readonly string[]>;

const TEMPLATES = {
  /** `service` as spoken mid-sentence ("AC repair"); `variant` picks the wording. */
  confirmBooking: (v: { service: string; extra: string; when: string; name: string; variant?: number }) =>
    [
      `So that’s ${withArticle(v.service)}${v.extra} on ${v.when}, under the name ${v.name}. Shall I book it?`,
      `I can put you down for ${withArticle(v.service)}${v.extra} on ${v.when}, under the name ${v.name}. Should I go ahead?`,
    ][(v.variant ?? 0) % 2]!,
  slotTaken: (v: { asked: string; options: string }) =>
    `Sorry, ${v.asked} isn’t available. I can do ${v.options}. Which works best?`,
  slotOptions: (v: { options: string }) => `Here’s what I have: ${v.options}. Which works best?`,
  closedDay: (v: { day: string; reason: string | null; options: string }) =>
    `Sorry, we’re closed on ${v.day}${v.reason ? ` for ${v.reason}` : ''}. The next openings I have are ${v.options}. Which works best?`,
  booked: (v: { service: string; when: string; sms: boolean }) =>
    `You’re all set! Your ${v.service} is booked for ${v.when}.${v.sms ? ' We’ll text you a confirmation.' : ''}`,
  statusBooked: (v: { service: string; when: string }) => `Yes, you’re booked: your ${v.service} on ${v.when}.`,
  foundBooking: (v: { service: string; when: string }) => `I see your ${v.service} on ${v.when}.`,
  confirmCancel: (v: { service: string; when: string }) =>
    `I see your ${v.service} on ${v.when}. Would you like me to cancel it?`,
  confirmReschedule: (v: { service: string; when: string }) =>
    `I can move your ${v.service} to ${v.when}. Shall I go ahead?`,
  rescheduled: (v: { service: string; when: string }) => `Done. Your ${v.service} is now on ${v.when}.`,
  pickBooking: (v: { list: string }) => `I see a few appointments: ${v.list}. Which one is it?`,
} as const;

export type FixedPhraseId = keyof typeof FIXED;

/** A fixed phrase's wordings (one for most). */
function wordings(id: FixedPhraseId): readonly string[] {
  const p: string | readonly string[] = FIXED[id];
  return typeof p === 'string' ? [p] : p;
}

/** The id a wording is cached under: the phrase's own id for the first, `id#n` for the others. */
function wordingId(id: FixedPhraseId, n: number): string {
  return n === 0 ? id : `${id}#${n}`;
}
export type TemplateId = keyof typeof TEMPLATES;
export type PhraseId = FixedPhraseId | TemplateId;
export type TemplateVars<K extends TemplateId> = Parameters<(typeof TEMPLATES)[K]>[0];

export const PHRASES: Record<PhraseId, string | readonly string[] | ((vars: never) => string)> = {
  ...FIXED,
  ...TEMPLATES,
};

function fill(text: string, business: string): string {
  return text.replaceAll('{business}', business);
}

/** A fixed phrase as a say action; `variant` (any number, e.g. the turn) picks one of its wordings. */
export function phrase(id: FixedPhraseId, business: string, variant = 0): SayAction {
  const all = wordings(id);
  const n = variant % all.length;
  return { type: 'say', phraseId: wordingId(id, n), text: fill(all[n]!, business) };
}

/** A template phrase rendered with this call's values. */
export function dynamicPhrase<K extends TemplateId>(id: K, vars: TemplateVars<K>): SayAction {
  const render = TEMPLATES[id] as (v: TemplateVars<K>) => string;
  return { type: 'say', phraseId: id, text: render(vars), dynamic: true };
}

export function greetingPhrase(settings: OrgSettings, business: string): SayAction {
  return { type: 'say', phraseId: 'greeting', text: renderGreeting(settings, business) };
}

/** Every fixed phrase an org's calls can use (greeting, questions, fillers, answers from its settings, goodbyes). */
export function fixedPhrases(settings: OrgSettings, businessName: string): Array<{ id: string; text: string }> {
  const out = [{ id: 'greeting', text: renderGreeting(settings, businessName) }];
  for (const id of Object.keys(FIXED) as FixedPhraseId[]) {
    for (const [n, text] of wordings(id).entries()) out.push({ id: wordingId(id, n), text: fill(text, businessName) });
  }
  for (const a of inquiryAnswers(settings)) out.push(a);
  // Transfer and message lines are only said by orgs that transfer calls.
  if (settings.transfer) out.push(...handoffPhrases());
  return out;
}
