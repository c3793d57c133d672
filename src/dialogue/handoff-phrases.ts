// What the receptionist says around a live transfer and a message: fixed lines, so the phrase
// cache synthesizes them ahead of time like every other fixed phrase.
import type { SayAction } from './types.ts';

const line = (phraseId: string, text: string): SayAction => ({ type: 'say', phraseId, text });

export const TRANSFER_LINES = {
  connecting: line('transferConnecting', 'Sure, let me connect you with someone now. Please hold.'),
  connectingEmergency: line('transferEmergency', 'I’m connecting you to our on-call technician right now.'),
  noHeatSafety: line(
    'noHeatSafety',
    'Until help arrives, keep doors and windows closed, wear warm layers, ' +
      'and never use the oven or a grill to heat the home.',
  ),
} as const;

export const MESSAGE_LINES = {
  offer: line('messageOffer', 'Nobody’s available to take your call right now, but I can take a message.'),
  returned: line(
    'messageReturned',
    'Sorry, nobody could pick up right now. I’ll take a message and have someone call you back.',
  ),
  askName: line('messageAskName', 'What’s your name, please?'),
  askNameAgain: line('messageAskNameAgain', 'Sorry, could you tell me your name one more time?'),
  askNumber: line('messageAskNumber', 'What’s the best number to call you back on?'),
  askNumberAgain: line('messageAskNumberAgain', 'Sorry, could you say the whole number again, with the area code?'),
  askBody: line('messageAskBody', 'And what message would you like me to pass on?'),
  askBodyAgain: line('messageAskBodyAgain', 'Sorry, I didn’t catch that. What would you like me to pass on?'),
  taken: line('messageTaken', 'Thanks, I’ve passed your message on, and someone will call you back soon.'),
} as const;

/** Every fixed line above, for the phrase cache. */
export function handoffPhrases(): Array<{ id: string; text: string }> {
  return [...Object.values(TRANSFER_LINES), ...Object.values(MESSAGE_LINES)].map((l) => ({
    id: l.phraseId,
    text: l.text,
  }));
}
