// Telnyx settings from the environment, validated once. Shaped as a provider-registry entry's env
// schema: the carrier is available when TELNYX_API_KEY and TELNYX_PUBLIC_KEY are both set.
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_API_BASE_URL } from './control.ts';
import { DEFAULT_TOLERANCE_SECONDS, parseTelnyxPublicKey } from './signature.ts';

const optStr = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));

export const TelnyxEnvSchema = z.object({
  /** Call Control API key (Bearer). Never logged. */
  TELNYX_API_KEY: optStr,
  /** Account Ed25519 public key, base64, as shown in the portal; verifies webhook signatures. */
  TELNYX_PUBLIC_KEY: optStr,
  TELNYX_API_BASE_URL: optStr.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), 'must be an http(s) URL'),
  TELNYX_WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(3600).default(DEFAULT_TOLERANCE_SECONDS),
});

export type TelnyxEnv = z.infer<typeof TelnyxEnvSchema>;

export interface TelnyxSettings {
  apiKey: string;
  publicKey: KeyObject;
  apiBaseUrl: string;
  toleranceSeconds: number;
}

export type TelnyxSettingsResult =
  | { ok: true; settings: TelnyxSettings }
  | { ok: false; reason: 'not_configured' }
  | { ok: false; reason: 'invalid'; message: string };

/** Telnyx is off unless both secrets are set; one without the other, or a bad key, is an error. */
export function telnyxSettings(source: Record<string, string | undefined>): TelnyxSettingsResult {
  const parsed = TelnyxEnvSchema.safeParse(source);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return { ok: false, reason: 'invalid', message };
  }
  const env = parsed.data;
  if (!env.TELNYX_API_KEY && !env.TELNYX_PUBLIC_KEY) return { ok: false, reason: 'not_configured' };
  if (!env.TELNYX_API_KEY || !env.TELNYX_PUBLIC_KEY) {
    return { ok: false, reason: 'invalid', message: 'TELNYX_API_KEY and TELNYX_PUBLIC_KEY must be set together' };
  }
  let publicKey: KeyObject;
  try {
    publicKey = parseTelnyxPublicKey(env.TELNYX_PUBLIC_KEY);
  } catch (e) {
    return { ok: false, reason: 'invalid', message: e instanceof Error ? e.message : 'TELNYX_PUBLIC_KEY is invalid' };
  }
  return {
    ok: true,
    settings: {
      apiKey: env.TELNYX_API_KEY,
      publicKey,
      apiBaseUrl: env.TELNYX_API_BASE_URL ?? DEFAULT_API_BASE_URL,
      toleranceSeconds: env.TELNYX_WEBHOOK_TOLERANCE_SECONDS,
    },
  };
}
