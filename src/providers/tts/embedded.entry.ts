// The embedded engine (eSpeak NG): the default voice, and the fallback when another TTS fails.
import { z } from 'zod';
import { defineProvider } from '../entry.ts';
import { createEmbeddedTts } from './embedded.ts';

export const embeddedTts = defineProvider({
  kind: 'tts',
  name: 'embedded',
  env: {
    /** Worker threads of the engine; 0 = one per CPU core (concurrent calls synthesize in parallel). */
    EMBEDDED_TTS_WORKERS: z.coerce.number().int().min(0).max(256).default(0),
  },
  requires: [],
  create: (env) => createEmbeddedTts(env.EMBEDDED_TTS_WORKERS > 0 ? { workers: env.EMBEDDED_TTS_WORKERS } : {}),
  describe: () => 'embedded (eSpeak NG)',
});
