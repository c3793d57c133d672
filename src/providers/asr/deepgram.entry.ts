// Deepgram live transcription, selected when DEEPGRAM_API_KEY is set.
import { z } from 'zod';
import { defineProvider, required } from '../entry.ts';
import { num, optStr } from '../../env-parsers.ts';
import { DEFAULT_CHUNK_MS, DEFAULT_QUIET_CHUNK_MS } from './audio-chunker.ts';

export const deepgramAsr = defineProvider({
  kind: 'asr',
  name: 'deepgram',
  env: {
    DEEPGRAM_API_KEY: optStr,
    DEEPGRAM_URL: optStr,
    DEEPGRAM_MODEL: z.string().default('nova-2-phonecall'),
    DEEPGRAM_ENDPOINTING_MS: num(300),
    DEEPGRAM_UTTERANCE_END_MS: num(1000),
    /** Caller audio per message to the ASR, 20–100 ms: fewer socket writes against later finals. */
    ASR_CHUNK_MS: z.coerce.number().int().min(20).max(100).default(DEFAULT_CHUNK_MS),
    /** The same while the caller is quiet and no turn waits on the recognizer (not below ASR_CHUNK_MS). */
    ASR_QUIET_CHUNK_MS: z.coerce.number().int().min(20).max(100).default(DEFAULT_QUIET_CHUNK_MS),
  },
  requires: ['DEEPGRAM_API_KEY'],
  async create(env) {
    const { createDeepgramAsr } = await import('./deepgram.ts');
    return createDeepgramAsr({
      apiKey: required(env.DEEPGRAM_API_KEY, 'DEEPGRAM_API_KEY'),
      ...(env.DEEPGRAM_URL ? { url: env.DEEPGRAM_URL } : {}),
      model: env.DEEPGRAM_MODEL,
      endpointingMs: env.DEEPGRAM_ENDPOINTING_MS,
      utteranceEndMs: env.DEEPGRAM_UTTERANCE_END_MS,
      chunkMs: env.ASR_CHUNK_MS,
      quietChunkMs: env.ASR_QUIET_CHUNK_MS,
    });
  },
  describe: (env) => `deepgram (${env.DEEPGRAM_MODEL}${env.DEEPGRAM_URL ? `, ${env.DEEPGRAM_URL}` : ''})`,
});
