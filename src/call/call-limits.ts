// Per-call bounds: how long a caller may stay silent, how long a call may last, how many turns it
// may take and how keypad digits are grouped. Environment defaults, narrowed per organization.
import { z } from 'zod';

export interface CallLimits {
  /** Silence after the assistant's audio has played before "Are you still there?"; 0 = never. */
  silencePromptAfterMs: number;
  /** Prompts before the goodbye and hang-up. */
  silenceMaxPrompts: number;
  /** Longest call; 0 = unbounded. */
  maxCallMs: number;
  /** Most caller turns (speech or keypad) in one call; 0 = unbounded. */
  maxTurns: number;
  /** Digits pressed within this window of the first are one input. */
  dtmfWindowMs: number;
  /** Digits kept per input; more are dropped. */
  dtmfMaxDigits: number;
}

export interface CallLimitEnv {
  SILENCE_PROMPT_AFTER_SECONDS: number;
  SILENCE_MAX_PROMPTS: number;
  MAX_CALL_SECONDS: number;
  MAX_TURNS_PER_CALL: number;
  DTMF_COALESCE_MS: number;
  DTMF_MAX_DIGITS: number;
}

/** The per-organization part of the settings (`silence`, `maxCallSeconds`), as the API accepts it. */
export const CallLimitSettings = z.object({
  silence: z
    .object({
      promptAfterSeconds: z.number().min(2).max(120),
      maxPrompts: z.number().int().min(0).max(3),
    })
    .strict()
    .partial(),
  maxCallSeconds: z
    .number()
    .int()
    .min(60)
    .max(4 * 3600),
});

const Stored = CallLimitSettings.partial();

/**
 * An org may shorten the call limit but never lengthen it past the platform's (the limit bounds
 * the work one call can cost the server). Unreadable stored values fall back to the defaults.
 */
export function resolveCallLimits(env: CallLimitEnv, stored: Record<string, unknown> | null | undefined): CallLimits {
  const parsed = Stored.safeParse({ silence: stored?.silence, maxCallSeconds: stored?.maxCallSeconds });
  const org = parsed.success ? parsed.data : {};
  const platformMaxMs = env.MAX_CALL_SECONDS * 1000;
  const orgMaxMs = org.maxCallSeconds !== undefined ? org.maxCallSeconds * 1000 : null;
  return {
    silencePromptAfterMs: (org.silence?.promptAfterSeconds ?? env.SILENCE_PROMPT_AFTER_SECONDS) * 1000,
    silenceMaxPrompts: org.silence?.maxPrompts ?? env.SILENCE_MAX_PROMPTS,
    maxCallMs: orgMaxMs === null ? platformMaxMs : platformMaxMs > 0 ? Math.min(orgMaxMs, platformMaxMs) : orgMaxMs,
    maxTurns: env.MAX_TURNS_PER_CALL,
    dtmfWindowMs: env.DTMF_COALESCE_MS,
    dtmfMaxDigits: Math.max(1, env.DTMF_MAX_DIGITS),
  };
}

/** What the assistant says when a bound ends the call, and the outcome it records. */
export const LIMIT_CLOSINGS = {
  timeLimit: {
    outcome: 'time_limit',
    text:
      'I’m sorry, we’ve reached the time limit for this call. ' +
      'Please call us back, or ask for a callback, and we’ll take care of you. Goodbye!',
  },
  turnLimit: {
    outcome: 'turn_limit',
    text: 'I’m sorry, I can’t continue this call. Please call us back any time, or ask for a callback. Goodbye!',
  },
} as const;

/** The same closings for a call that is in Spanish. */
export const LIMIT_CLOSINGS_ES = {
  timeLimit: {
    outcome: 'time_limit',
    text:
      'Lo siento, llegamos al tiempo máximo de esta llamada. ' +
      'Vuelva a llamarnos o pida que le devolvamos la llamada y con gusto le atendemos. ¡Hasta luego!',
  },
  turnLimit: {
    outcome: 'turn_limit',
    text: 'Lo siento, no puedo continuar con esta llamada. Vuelva a llamarnos cuando guste o pida que le llamemos. ¡Hasta luego!',
  },
} as const;
