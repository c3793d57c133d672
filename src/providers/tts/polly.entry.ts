// Amazon Polly, selected when AWS_REGION is set; credentials come from the AWS SDK's standard chain.
import { z } from 'zod';
import { defineProvider } from '../entry.ts';
import { optStr } from '../../env-parsers.ts';

export const pollyTts = defineProvider({
  kind: 'tts',
  name: 'polly',
  env: {
    AWS_REGION: optStr,
    POLLY_ENDPOINT: optStr,
    POLLY_VOICE: z.string().default('Joanna'),
    POLLY_ENGINE: z.enum(['neural', 'standard']).default('neural'),
  },
  // TTS_PROVIDER=polly without a region runs in us-east-1.
  requires: [],
  isConfigured: (env) => Boolean(env.AWS_REGION),
  async create(env) {
    const { createPollyTts } = await import('./polly.ts');
    return createPollyTts({
      region: env.AWS_REGION ?? 'us-east-1',
      ...(env.POLLY_ENDPOINT ? { endpoint: env.POLLY_ENDPOINT } : {}),
      voice: env.POLLY_VOICE,
      engine: env.POLLY_ENGINE,
    });
  },
  describe: (env) => `polly (${env.POLLY_ENGINE}, ${env.POLLY_VOICE})`,
});
