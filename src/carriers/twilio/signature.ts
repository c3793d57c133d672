// X-Twilio-Signature verification. The URL Twilio signed is the public one it called, which
// differs from what we see behind a proxy, so PUBLIC_URL (or forwarded headers) rebuilds it
// (http/public-url.ts).
import twilio from 'twilio';

export interface SignatureInput {
  authToken: string;
  signature: string | null | undefined;
  /** The URL exactly as Twilio called it. */
  url: string;
  params: Record<string, string>;
}

export function isValidTwilioSignature(input: SignatureInput): boolean {
  if (!input.signature) return false;
  try {
    return twilio.validateRequest(input.authToken, input.signature, input.url, input.params);
  } catch {
    return false;
  }
}
