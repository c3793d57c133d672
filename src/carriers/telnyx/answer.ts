// Answering a Telnyx call with a bidirectional media stream, and reading our stream parameters
// back when the stream opens.
//
// Confirmed (telnyx-node `ActionAnswerParams`; Telnyx "Streaming start" and media-streaming pages):
// - `POST /calls/{call_control_id}/actions/answer` takes `stream_url`, `stream_track`
//   (`inbound_track` | `outbound_track` | `both_tracks`), `stream_codec` (PCMU, PCMA, G722, OPUS,
//   AMR-WB, L16, default; transcoding only between PCMU and PCMA), `stream_bidirectional_mode`
//   (`mp3` | `rtp`), `stream_bidirectional_codec` (PCMU default), `client_state` (base64; echoed on
//   every later webhook) and `command_id` (duplicates with the same id are ignored);
// - without `stream_bidirectional_mode: "rtp"` the stream is one-way: audio we send is dropped;
// - the stream's `start` frame carries `client_state` and `custom_parameters`.
// Not confirmed: that the answer command's `client_state` is the one the `start` frame carries
// (`custom_parameters` and `stream_auth_token` are documented on `streaming_start` only), and
// whether Telnyx keeps a query string on `stream_url`. So the parameters travel both ways and
// `streamParametersFrom` reads whichever arrives, client_state first.
// TeXML equivalent, for reference (attributes confirmed on the TeXML <Stream> page):
// `<Stream url=… track="inbound_track" codec="PCMU" bidirectionalMode="rtp" bidirectionalCodec="PCMU">`.
import { randomUUID } from 'node:crypto';

/** A Call Control command: POSTed to `${TELNYX_API_BASE_URL}${path}` with a JSON body. */
export interface ControlCommand {
  path: string;
  body: Record<string, unknown>;
}

export interface AnswerInput {
  callControlId: string;
  /** wss:// URL of our media endpoint, without query. */
  streamUrl: string;
  /** Small string map (call id, single-use stream token…) we need back when the stream opens. */
  parameters: Record<string, string>;
  /** Idempotency key; reuse it when retrying the same answer. */
  commandId?: string;
}

/** client_state is echoed on every webhook of the call, so it stays small. */
const MAX_CLIENT_STATE_BYTES = 2048;

export function actionPath(callControlId: string, action: 'answer' | 'hangup' | 'transfer'): string {
  return `/calls/${encodeURIComponent(callControlId)}/actions/${action}`;
}

export function answerCommand(input: AnswerInput): ControlCommand {
  const url = new URL(input.streamUrl);
  if (url.protocol !== 'wss:' && url.protocol !== 'ws:') throw new Error('stream URL must be ws(s)://');
  for (const [k, v] of Object.entries(input.parameters)) url.searchParams.set(k, v);
  const clientState = encodeClientState(input.parameters);
  return {
    path: actionPath(input.callControlId, 'answer'),
    body: {
      stream_url: url.toString(),
      stream_track: 'inbound_track',
      // Inbound transcoded to μ-law if the call is A-law; our side speaks μ-law 8 kHz back.
      stream_codec: 'PCMU',
      stream_bidirectional_mode: 'rtp',
      stream_bidirectional_codec: 'PCMU',
      client_state: clientState,
      command_id: input.commandId ?? randomUUID(),
    },
  };
}

export function encodeClientState(parameters: Record<string, string>): string {
  const encoded = Buffer.from(JSON.stringify(parameters), 'utf8').toString('base64');
  if (encoded.length > MAX_CLIENT_STATE_BYTES) throw new Error('stream parameters too large for client_state');
  return encoded;
}

/** The parameters we put in client_state, or null if it is not ours (absent, not base64 JSON of strings). */
export function decodeClientState(clientState: string | null | undefined): Record<string, string> | null {
  if (!clientState || clientState.length > MAX_CLIENT_STATE_BYTES) return null;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(clientState)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(clientState, 'base64').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') return null;
    out[k] = v;
  }
  return out;
}

export interface StreamStartInfo {
  clientState: string | null;
  customParameters: Record<string, string>;
}

/**
 * Our parameters for a stream that just started: from client_state if it decodes, else the
 * start frame's custom_parameters, else the query of the URL the WebSocket was opened on.
 * The caller still checks the token: any of these could have been written by anyone.
 */
export function streamParametersFrom(start: StreamStartInfo, upgradeUrl?: string): Record<string, string> {
  const fromState = decodeClientState(start.clientState);
  if (fromState && Object.keys(fromState).length > 0) return fromState;
  if (Object.keys(start.customParameters).length > 0) return { ...start.customParameters };
  if (upgradeUrl) {
    try {
      return Object.fromEntries(new URL(upgradeUrl).searchParams);
    } catch {
      return {};
    }
  }
  return {};
}
