// Twilio's voice webhooks: form-encoded, signed with X-Twilio-Signature over the public URL and
// the form fields. The incoming call and the status callback, parsed into carrier-neutral events.
import { z } from 'zod';
import type { WebhookEvent, WebhookRead, WebhookRequest } from '../types.ts';
import { isValidTwilioSignature } from './signature.ts';

const Sid = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `must be ${prefix} followed by 32 hex digits`);
const Phone = z.string().min(1).max(64);

const IncomingCall = z.object({
  CallSid: Sid('CA'),
  AccountSid: Sid('AC').optional(),
  From: Phone.optional(),
  To: Phone,
  CallStatus: z.string().max(32).optional(),
  Direction: z.string().max(32).optional(),
});

const StatusCallback = z.object({
  CallSid: Sid('CA'),
  CallStatus: z.enum(['queued', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled']),
  CallDuration: z
    .string()
    .regex(/^\d{1,7}$/)
    .optional(),
});

export const INCOMING_PATH = '/voice/incoming';
export const STATUS_PATH = '/voice/status';
/** The Dial action of a transfer: how the dialled leg ended. */
export const DIAL_ACTION_PATH = '/voice/dial-action';
/** A warm transfer's whisper, fetched for the answering person's leg (`?parent=` the caller's CallSid). */
export const WHISPER_PATH = '/voice/whisper';

const DialAction = z.object({
  CallSid: Sid('CA'),
  DialCallStatus: z.enum(['completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled']),
});

const issues = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');

const refusal = (status: number, code: string, message: string): WebhookRead => ({
  ok: false,
  response: Response.json({ error: { code, message } }, { status }),
});

/** Only string fields count (Twilio sends no files). */
function formOf(body: Uint8Array): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(new TextDecoder().decode(body))) params[k] = v;
  return params;
}

export function readTwilioWebhook(req: WebhookRequest, authToken: string | undefined): WebhookRead {
  if (!req.contentType.startsWith('application/x-www-form-urlencoded')) {
    return refusal(415, 'bad_request', 'expected application/x-www-form-urlencoded');
  }
  const params = formOf(req.body);
  if (!authToken) {
    // Unsigned is a local-development convenience; start-up warns when the server is reachable.
    if (req.requireSignatures) return refusal(403, 'forbidden', 'signatures are required and none can be verified');
  } else {
    const signature = req.headers.get('x-twilio-signature');
    if (!isValidTwilioSignature({ authToken, signature, url: req.publicUrl, params })) {
      return refusal(403, 'forbidden', 'invalid X-Twilio-Signature');
    }
  }
  if (req.path === STATUS_PATH) return statusEvent(params);
  if (req.path === DIAL_ACTION_PATH) return dialEvent(params);
  if (req.path === WHISPER_PATH) return whisperEvent(req.publicUrl);
  return incomingEvent(params, req.allowSimulatedClock);
}

function dialEvent(params: Record<string, string>): WebhookRead {
  const parsed = DialAction.safeParse(params);
  if (!parsed.success) return refusal(400, 'bad_request', issues(parsed.error));
  const { CallSid, DialCallStatus } = parsed.data;
  // 'completed': the person answered and the conversation is over; 'answered' is its alias.
  const answered = DialCallStatus === 'completed' || DialCallStatus === 'answered';
  return { ok: true, event: { kind: 'dialEnded', carrierCallId: CallSid, answered, status: DialCallStatus } };
}

function whisperEvent(publicUrl: string): WebhookRead {
  const parent = new URL(publicUrl).searchParams.get('parent') ?? '';
  if (!/^CA[0-9a-fA-F]{32}$/.test(parent)) return refusal(400, 'bad_request', 'parent: must be a CallSid');
  return { ok: true, event: { kind: 'whisper', carrierCallId: parent } };
}

function incomingEvent(params: Record<string, string>, allowSimulatedClock: boolean): WebhookRead {
  const parsed = IncomingCall.safeParse(params);
  if (!parsed.success) return refusal(400, 'bad_request', issues(parsed.error));
  const { CallSid, From, To } = parsed.data;
  const simulatedNow = allowSimulatedClock && params.SimulatedNow ? Date.parse(params.SimulatedNow) : Number.NaN;
  const event: WebhookEvent = {
    kind: 'incoming',
    call: {
      carrierCallId: CallSid,
      from: From ?? null,
      to: To,
      ...(Number.isFinite(simulatedNow) ? { simulatedNow } : {}),
    },
  };
  return { ok: true, event };
}

function statusEvent(params: Record<string, string>): WebhookRead {
  const parsed = StatusCallback.safeParse(params);
  if (!parsed.success) return refusal(400, 'bad_request', issues(parsed.error));
  const d = parsed.data;
  const update = {
    carrierCallId: d.CallSid,
    status: d.CallStatus,
    durationSeconds: d.CallDuration ? Number(d.CallDuration) : null,
  };
  return { ok: true, event: { kind: 'status', update } };
}
