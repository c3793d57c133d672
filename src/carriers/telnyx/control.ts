// Telnyx Call Control REST: answer, hang up, transfer. Plain fetch against a configurable base URL
// (TELNYX_API_BASE_URL, default https://api.telnyx.com/v2) so tests point it at the fake.
//
// Confirmed (telnyx-node `src/resources/calls/actions.ts`; Telnyx call-command reference):
// - `POST {base}/calls/{call_control_id}/actions/{answer|hangup|transfer}` with
//   `Authorization: Bearer <API key>` and a JSON body; success is `{ "data": { "result": "ok" } }`;
// - `hangup` takes `command_id`, `client_state`; `transfer` requires `to` (E.164 or SIP URI) and
//   takes `from`, `command_id`; Telnyx ignores a repeated `command_id` for the same call, which is
//   what makes retrying a command safe;
// - errors are `{ "errors": [{ "code", "title", "detail" }] }`; code 90018 ("Call has already
//   ended", HTTP 422) is what a hang-up of a finished call gets (Pipecat's Telnyx serializer).
// Closing the media WebSocket does not end a Call Control call: ending it takes `hangup`.
import { randomUUID } from 'node:crypto';
import { actionPath, answerCommand, type AnswerInput, type ControlCommand } from './answer.ts';

export const DEFAULT_API_BASE_URL = 'https://api.telnyx.com/v2';
const CALL_ALREADY_ENDED = '90018';

export interface TelnyxControlOptions {
  apiKey: string;
  baseUrl?: string;
  /** Per attempt. */
  timeoutMs?: number;
  /** Extra attempts after a network error, 429 or 5xx; the command_id stays the same. */
  retries?: number;
  fetch?: typeof fetch;
}

export type ControlResult =
  | { ok: true; alreadyEnded: boolean }
  | {
      ok: false;
      /** 0 when no HTTP answer came back (network error, timeout, abort). */
      status: number;
      code: string | null;
      message: string;
      retryable: boolean;
    };

export interface TelnyxControl {
  answer(input: AnswerInput, signal?: AbortSignal): Promise<ControlResult>;
  hangup(callControlId: string, signal?: AbortSignal): Promise<ControlResult>;
  transfer(
    callControlId: string,
    to: string,
    opts?: { from?: string; timeoutSeconds?: number; signal?: AbortSignal },
  ): Promise<ControlResult>;
}

interface ErrorBody {
  errors?: Array<{ code?: unknown; title?: unknown; detail?: unknown }>;
}

async function readError(res: Response): Promise<{ code: string | null; message: string }> {
  let body: ErrorBody = {};
  try {
    body = (await res.json()) as ErrorBody;
  } catch {
    // Non-JSON error bodies (proxies, load balancers) are described by the status alone.
  }
  const first = Array.isArray(body.errors) ? body.errors[0] : undefined;
  const code = first?.code === undefined || first.code === null ? null : String(first.code);
  const title = typeof first?.title === 'string' ? first.title : '';
  const detail = typeof first?.detail === 'string' ? first.detail : '';
  return { code, message: [title, detail].filter(Boolean).join(': ').slice(0, 300) || `HTTP ${res.status}` };
}

export function createTelnyxControl(opts: TelnyxControlOptions): TelnyxControl {
  const base = (opts.baseUrl ?? DEFAULT_API_BASE_URL).replace(/\/+$/, '');
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 5000;
  const retries = opts.retries ?? 1;

  async function once(cmd: ControlCommand, signal: AbortSignal | undefined): Promise<ControlResult> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let res: Response;
    try {
      res = await doFetch(`${base}${cmd.path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${opts.apiKey}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify(cmd.body),
        signal: combined,
      });
    } catch (e) {
      const aborted = signal?.aborted === true;
      const message = aborted ? 'aborted' : String(e).slice(0, 200);
      return { ok: false, status: 0, code: null, message, retryable: !aborted };
    }
    if (res.ok) {
      await res.body?.cancel();
      return { ok: true, alreadyEnded: false };
    }
    const { code, message } = await readError(res);
    return { ok: false, status: res.status, code, message, retryable: res.status === 429 || res.status >= 500 };
  }

  async function send(cmd: ControlCommand, signal: AbortSignal | undefined): Promise<ControlResult> {
    let result = await once(cmd, signal);
    for (let i = 0; i < retries && !result.ok && result.retryable && !signal?.aborted; i++) {
      result = await once(cmd, signal);
    }
    return result;
  }

  return {
    answer(input, signal) {
      return send(answerCommand(input), signal);
    },
    async hangup(callControlId, signal) {
      const cmd = { path: actionPath(callControlId, 'hangup'), body: { command_id: randomUUID() } };
      const result = await send(cmd, signal);
      // The caller hung up first: the call is over, which is what we wanted.
      if (!result.ok && result.code === CALL_ALREADY_ENDED) return { ok: true, alreadyEnded: true };
      return result;
    },
    transfer(callControlId, to, o = {}) {
      const body: Record<string, unknown> = { to, command_id: randomUUID() };
      if (o.from) body.from = o.from;
      if (o.timeoutSeconds) body.timeout_secs = o.timeoutSeconds;
      return send({ path: actionPath(callControlId, 'transfer'), body }, o.signal);
    },
  };
}
