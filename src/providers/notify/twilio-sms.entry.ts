// Text messages through Twilio, selected when the account and a sender number are set. Every
// message is also recorded in the outbox (select-providers.ts), sent or not.
import { defineProvider, required } from '../entry.ts';
import { optStr } from '../../env-parsers.ts';

/** The Twilio account: shared with the carrier (webhook signatures), so both must use this object. */
export const twilioAccountEnv = {
  TWILIO_AUTH_TOKEN: optStr,
  TWILIO_ACCOUNT_SID: optStr,
  TWILIO_API_BASE_URL: optStr,
};

export const twilioSms = defineProvider({
  kind: 'notify',
  name: 'twilio-sms',
  env: { ...twilioAccountEnv, TWILIO_FROM: optStr },
  requires: ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'],
  async create(env) {
    const { createTwilioSms } = await import('./twilio-sms.ts');
    return createTwilioSms({
      accountSid: required(env.TWILIO_ACCOUNT_SID, 'TWILIO_ACCOUNT_SID'),
      authToken: required(env.TWILIO_AUTH_TOKEN, 'TWILIO_AUTH_TOKEN'),
      from: required(env.TWILIO_FROM, 'TWILIO_FROM'),
      ...(env.TWILIO_API_BASE_URL ? { baseUrl: env.TWILIO_API_BASE_URL } : {}),
    });
  },
  describe: () => 'twilio sms',
});
