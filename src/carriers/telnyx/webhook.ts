// Telnyx Call Control webhooks → carrier-neutral call events.
//
// Confirmed (telnyx-node `src/resources/webhooks.ts` types; Telnyx callback reference pages; a
// captured `call.initiated` delivery in a public repository):
// - JSON POST `{ data: { record_type: "event", event_type, id, occurred_at, payload }, meta }`;
// - `call.initiated` payload: `call_control_id` (e.g. `v3:…`, the id every command is sent to),
//   `call_leg_id`, `call_session_id`, `connection_id`, `from`, `to`, `direction`
//   (`incoming` | `outgoing`), `state` (`parked` for a new inbound call), `client_state`;
// - `call.hangup` carries `hangup_cause`; `streaming.failed` carries `failure_reason`, `stream_id`.
// A transfer makes Telnyx dial a new leg that also reports `call.initiated`, with direction
// `outgoing`: only `incoming` ones are calls for us to answer.
import { z } from 'zod';

/** Twice the largest real delivery seen (custom SIP headers can make them a few KB). */
export const MAX_WEBHOOK_BYTES = 32 * 1024;

/** Base64url-ish ids (`v3:…`, UUIDs): safe to place in a REST path once URI-encoded. */
const CallControlId = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9:_.=-]+$/, 'must be a Telnyx call control id');
/** E.164, a SIP URI or a withheld-number word: carried as given, bounded. */
const Party = z.string().max(256);

const Envelope = z.object({
  data: z.object({
    record_type: z.literal('event'),
    event_type: z.string().min(1).max(64),
    id: z.string().min(1).max(128),
    occurred_at: z.string().max(64).optional(),
    payload: z.record(z.string(), z.unknown()),
  }),
});

const CallInitiated = z.object({
  call_control_id: CallControlId,
  call_session_id: z.string().max(128).optional(),
  direction: z.enum(['incoming', 'outgoing']),
  from: Party.nullish(),
  to: Party.min(1),
  client_state: z.string().max(4096).nullish(),
});

const CallHangup = z.object({
  call_control_id: CallControlId,
  hangup_cause: z.string().max(64).nullish(),
  client_state: z.string().max(4096).nullish(),
});

const StreamingFailed = z.object({
  call_control_id: CallControlId,
  failure_reason: z.string().max(256).nullish(),
  stream_id: z.string().max(128).nullish(),
});

/** What the call layer needs from an incoming call, whichever carrier brought it. */
export interface IncomingCall {
  carrierCallId: string;
  /** Null when the caller's number is withheld or absent. */
  from: string | null;
  to: string;
}

export type TelnyxCallEvent =
  | { kind: 'incoming'; eventId: string; call: IncomingCall; callSessionId: string | null }
  | { kind: 'hangup'; eventId: string; carrierCallId: string; cause: string | null }
  | { kind: 'stream_failed'; eventId: string; carrierCallId: string; reason: string | null }
  /** A well-formed event we have no use for (call.answered, an outgoing leg's call.initiated…). */
  | { kind: 'ignored'; eventId: string; eventType: string };

export type WebhookError = 'too_large' | 'bad_json' | 'invalid';

export type WebhookResult = { ok: true; event: TelnyxCallEvent } | { ok: false; error: WebhookError; message: string };

const issues = (e: z.ZodError, prefix: string): string =>
  e.issues.map((i) => `${[prefix, ...i.path.map(String)].filter(Boolean).join('.')}: ${i.message}`).join('; ');

const invalid = (message: string): WebhookResult => ({ ok: false, error: 'invalid', message });

/** Parses one webhook body (already signature-checked). Never throws. */
export function parseTelnyxWebhook(rawBody: string): WebhookResult {
  if (rawBody.length > MAX_WEBHOOK_BYTES) return { ok: false, error: 'too_large', message: `${rawBody.length} bytes` };
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { ok: false, error: 'bad_json', message: 'body is not JSON' };
  }
  const env = Envelope.safeParse(json);
  if (!env.success) return invalid(issues(env.error, ''));
  const { event_type: type, id: eventId, payload } = env.data.data;

  switch (type) {
    case 'call.initiated': {
      const p = CallInitiated.safeParse(payload);
      if (!p.success) return invalid(issues(p.error, 'data.payload'));
      if (p.data.direction !== 'incoming') return { ok: true, event: { kind: 'ignored', eventId, eventType: type } };
      const from = p.data.from?.trim() ? p.data.from.trim() : null;
      return {
        ok: true,
        event: {
          kind: 'incoming',
          eventId,
          call: { carrierCallId: p.data.call_control_id, from, to: p.data.to },
          callSessionId: p.data.call_session_id ?? null,
        },
      };
    }
    case 'call.hangup': {
      const p = CallHangup.safeParse(payload);
      if (!p.success) return invalid(issues(p.error, 'data.payload'));
      const cause = p.data.hangup_cause ?? null;
      return { ok: true, event: { kind: 'hangup', eventId, carrierCallId: p.data.call_control_id, cause } };
    }
    case 'streaming.failed': {
      const p = StreamingFailed.safeParse(payload);
      if (!p.success) return invalid(issues(p.error, 'data.payload'));
      const reason = p.data.failure_reason ?? null;
      return { ok: true, event: { kind: 'stream_failed', eventId, carrierCallId: p.data.call_control_id, reason } };
    }
    default:
      return { ok: true, event: { kind: 'ignored', eventId, eventType: type } };
  }
}
