// Telnyx as a carrier: on when TELNYX_API_KEY and TELNYX_PUBLIC_KEY are set (one without the other
// stops start-up with the reason), alongside Twilio.
import { defineProvider } from '../../providers/entry.ts';
import { TelnyxEnvSchema, telnyxSettings } from './env.ts';

export const telnyxCarrier = defineProvider({
  kind: 'carrier',
  name: 'telnyx',
  env: TelnyxEnvSchema.shape,
  requires: ['TELNYX_API_KEY', 'TELNYX_PUBLIC_KEY'],
  isConfigured: (env) => env.TELNYX_API_KEY !== undefined || env.TELNYX_PUBLIC_KEY !== undefined,
  async create(env) {
    const settings = telnyxSettings({
      TELNYX_API_KEY: env.TELNYX_API_KEY,
      TELNYX_PUBLIC_KEY: env.TELNYX_PUBLIC_KEY,
      TELNYX_API_BASE_URL: env.TELNYX_API_BASE_URL,
      TELNYX_WEBHOOK_TOLERANCE_SECONDS: String(env.TELNYX_WEBHOOK_TOLERANCE_SECONDS),
    });
    if (!settings.ok) {
      const why = settings.reason === 'invalid' ? settings.message : 'TELNYX_API_KEY and TELNYX_PUBLIC_KEY are not set';
      throw new Error(why);
    }
    const { createTelnyxControl } = await import('./control.ts');
    const { createTelnyxCarrier } = await import('./carrier.ts');
    const s = settings.settings;
    return createTelnyxCarrier(s, createTelnyxControl({ apiKey: s.apiKey, baseUrl: s.apiBaseUrl }));
  },
  describe: (env) => `telnyx (${env.TELNYX_API_BASE_URL ?? 'api.telnyx.com'})`,
});
