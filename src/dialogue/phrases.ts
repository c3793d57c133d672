// Everything the receptionist says. Fixed phrases (id → text, with the business name filled in)
// are synthesized ahead of time; dynamic ones carry dates and names and are rendered per call.
import type { OrgSettings } from '../templates/types.ts';
import { renderGreeting } from '../templates/index.ts';

export const FIXED = {
  recordingNotice: 'This call may be recorded and transcribed.',
  askIntent: 'Are you looking to book an appointment, or do you have a question I can help with?',
  askIntentAgain: 'Sorry, I didn’t quite catch that. You can say something like: I’d like to book an appointment.',
  askService: 'What can we help you with?',
  askServiceAgain: 'Sorry, which service do you need?',
  askName: 'Can I get your name, please?',
  askNameAgain: 'Sorry, could you say your full name one more time?',
  askTime: 'What day and time work best for you?',
  askTimeAgain: 'Sorry, I didn’t catch the time. You could say something like tomorrow at 10 AM, or Thursday afternoon.',
  askVehicle: 'What’s the year, make and model of your vehicle?',
  askVehicleAgain: 'Sorry, what kind of vehicle is it? For example, a 2018 Honda Civic.',
  askStylist: 'Do you have a preferred stylist, or is anyone fine?',
  checking: 'One moment while I check the calendar.',
  confirmAgain: 'Sorry, should I go ahead and book that? Please say yes or no.',
  dtmfConfirm: 'Please press 1 to confirm, or 2 to change it.',
  whatToChange: 'No problem. What would you like to change?',
  noAlternatives: 'I don’t see anything open around then. What other day works for you?',
  pickAlternativeAgain: 'Sorry, which of those times works for you? Or you can name a different time.',
  anythingElse: 'Is there anything else I can help you with?',
  anythingElseShort: 'Sure, what else can I help with?',
  goodbye: 'Thanks for calling. Have a great day!',
  offerCallback: 'I can have someone from our team call you back to take care of this. Would you like that?',
  callbackConfirmed: 'Done. Someone from our team will call you back shortly. Thanks for calling!',
  callbackDeclined: 'No problem.',
  providerTrouble: 'I’m sorry, I’m having trouble reaching our calendar right now.',
  stillThere: 'Are you still there?',
  noInputGoodbye: 'I’ll let you go for now. Feel free to call back any time. Goodbye!',
  gasSafety:
    'If you smell gas, please leave the house right away, don’t switch anything on or off, and call your gas company or 911 from outside.',
  emergencyEscalated: 'I’m alerting our on-call technician right now, and they’ll call you back within fifteen minutes.',
  dentalUrgent: 'I’m sorry you’re in pain. Let’s get you in as soon as we can.',
  noBookingFound: 'I couldn’t find an appointment for this phone number. What name is the appointment under?',
  noBookingFoundAgain: 'I still can’t find that appointment.',
  askNewTime: 'What day and time would you like instead?',
  cancelled: 'Your appointment has been cancelled.',
  pendingSync: 'I’ve got your request in. Our calendar is slow to respond right now, so we’ll confirm the appointment by text shortly.',
  fillerMoment: 'One moment.',
} as const;

export type FixedPhraseId = keyof typeof FIXED;

export interface Say {
  id: string;
  text: string;
  /** Fixed phrases are cacheable; dynamic ones are rendered for this call. */
  fixed: boolean;
}

export function fixed(id: FixedPhraseId): Say {
  return { id, text: FIXED[id], fixed: true };
}

export function greeting(settings: OrgSettings, business: string): Say {
  return { id: 'greeting', text: renderGreeting(settings, business), fixed: true };
}

export function goodbye(business: string): Say {
  return { id: 'goodbye', text: `Thanks for calling ${business}. Have a great day!`, fixed: true };
}

export function dynamic(id: string, text: string): Say {
  return { id, text, fixed: false };
}

/** Every fixed phrase an org's calls can use, for the phrase cache. */
export function fixedPhrases(settings: OrgSettings, business: string): Array<{ id: string; text: string }> {
  const out = [greeting(settings, business), goodbye(business)].map(({ id, text }) => ({ id, text }));
  for (const [id, text] of Object.entries(FIXED)) out.push({ id, text });
  for (const f of settings.faq) out.push({ id: `faq:${f.question}`, text: f.answer });
  return out;
}
