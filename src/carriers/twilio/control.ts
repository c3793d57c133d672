// Twilio's REST control of a live call, through the twilio SDK: hang up (Status=completed) and
// transfer (new TwiML that dials the number), both by updating the Call resource. The API base URL
// is configurable (TWILIO_API_BASE_URL) so tests point it at the fake.
import twilio from 'twilio';
import type { ControlResult, TransferRequest } from '../types.ts';
import { dialTwiml } from './twiml.ts';

export interface TwilioControlOptions {
  accountSid: string;
  authToken: string;
  baseUrl?: string;
}

export interface TwilioControl {
  hangup(callSid: string): Promise<ControlResult>;
  transfer(callSid: string, req: TransferRequest): Promise<ControlResult>;
}

/** Twilio's answer when the call has already ended: what a hang-up wanted anyway. */
const CALL_NOT_IN_PROGRESS = 21220;

function failure(e: unknown): ControlResult {
  const err = e as { status?: unknown; code?: unknown; message?: unknown };
  const status = typeof err.status === 'number' ? err.status : 0;
  const message = typeof err.message === 'string' ? err.message.slice(0, 300) : 'request failed';
  return { ok: false, message, retryable: status === 0 || status === 429 || status >= 500 };
}

export function createTwilioControl(opts: TwilioControlOptions): TwilioControl {
  const client = twilio(opts.accountSid, opts.authToken);
  // The SDK has no base-URL option; its API domain's baseUrl is read at request time.
  if (opts.baseUrl) (client.api as unknown as { baseUrl: string }).baseUrl = opts.baseUrl;
  return {
    async hangup(callSid) {
      try {
        await client.calls(callSid).update({ status: 'completed' });
        return { ok: true };
      } catch (e) {
        if ((e as { code?: unknown }).code === CALL_NOT_IN_PROGRESS) return { ok: true };
        return failure(e);
      }
    },
    async transfer(callSid, req) {
      try {
        await client.calls(callSid).update({ twiml: dialTwiml(req) });
        return { ok: true };
      } catch (e) {
        return failure(e);
      }
    },
  };
}
