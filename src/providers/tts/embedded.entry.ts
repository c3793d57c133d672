// The embedded engine (eSpeak NG): the default voice, and the fallback when another TTS fails.
import { defineProvider } from '../entry.ts';
import { createEmbeddedTts } from './embedded.ts';

export const embeddedTts = defineProvider({
  kind: 'tts',
  name: 'embedded',
  env: {},
  requires: [],
  create: () => createEmbeddedTts(),
  describe: () => 'embedded (eSpeak NG)',
});
