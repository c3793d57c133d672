// OpenAI chat completions (streaming, function calling), selected when OPENAI_API_KEY is set.
import { z } from 'zod';
import { defineProvider, required } from '../entry.ts';
import { num, optStr } from '../../env-parsers.ts';

export const openAiLlm = defineProvider({
  kind: 'llm',
  name: 'openai',
  env: {
    OPENAI_API_KEY: optStr,
    OPENAI_BASE_URL: optStr,
    OPENAI_MODEL: z.string().default('gpt-4o-mini'),
    /** Also the LLM understanding's deadline before it falls back to the local rules. */
    LLM_FIRST_TOKEN_TIMEOUT_MS: num(800),
  },
  requires: ['OPENAI_API_KEY'],
  async create(env) {
    const { createOpenAiLlm } = await import('./openai.ts');
    return createOpenAiLlm({
      apiKey: required(env.OPENAI_API_KEY, 'OPENAI_API_KEY'),
      ...(env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : {}),
      model: env.OPENAI_MODEL,
      firstTokenTimeoutMs: env.LLM_FIRST_TOKEN_TIMEOUT_MS,
    });
  },
  describe: (env) => `openai (${env.OPENAI_MODEL})`,
});
