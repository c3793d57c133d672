// Twilio as a carrier: always on (it is the fallback carrier). TWILIO_AUTH_TOKEN verifies its
// webhooks and streams; with TWILIO_ACCOUNT_SID too, calls can be hung up and transferred by REST.
import { defineProvider } from '../../providers/entry.ts';
import { twilioAccountEnv } from '../../providers/notify/twilio-sms.entry.ts';

export const twilioCarrier = defineProvider({
  kind: 'carrier',
  name: 'twilio',
  env: twilioAccountEnv,
  requires: [],
  async create(env) {
    const { createTwilioCarrier } = await import('./carrier.ts');
    const { createTwilioControl } = await import('./control.ts');
    const { TWILIO_AUTH_TOKEN: authToken, TWILIO_ACCOUNT_SID: accountSid, TWILIO_API_BASE_URL: baseUrl } = env;
    const control =
      authToken && accountSid
        ? createTwilioControl({ accountSid, authToken, ...(baseUrl ? { baseUrl } : {}) })
        : undefined;
    return createTwilioCarrier({ ...(authToken ? { authToken } : {}), ...(control ? { control } : {}) });
  },
  describe: (env) => (env.TWILIO_AUTH_TOKEN ? 'twilio (signed)' : 'twilio (unsigned: local development only)'),
});
