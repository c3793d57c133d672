// Fake Telnyx Call Control REST API: `POST /v2/calls/{call_control_id}/actions/{answer|hangup|
// transfer}` with `Authorization: Bearer <key>` and a JSON body, answered `200 {"data":{"result":
// "ok"}}` or Telnyx's error JSON `{"errors":[{code,title,detail}]}`. Commands are recorded; a
// repeated command_id for the same call is accepted and not executed twice, as Telnyx documents.
// Error code 90018 (call already ended, 422) is Telnyx's; the other codes here stand in for ones
// not confirmed. Listeners let the simulated caller react the way the carrier would (open the
// media stream after `answer`, stop it after `hangup` or `transfer`).
import {
  createFakeControl,
  handleControlRequest,
  sleep,
  waitUntil,
  type FakeControl,
  type LatencyProfile,
} from './latency-profile.ts';

export type TelnyxAction = 'answer' | 'hangup' | 'transfer';

export interface FakeTelnyxCommand {
  action: TelnyxAction;
  callControlId: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: Record<string, unknown>;
  status: number;
  /** False when its command_id repeated an earlier one (acknowledged, not executed). */
  executed: boolean;
}

type CallState = 'parked' | 'answered' | 'transferred' | 'ended';

export interface FakeTelnyxRestOptions {
  apiKey: string;
  profile?: Partial<LatencyProfile>;
  port?: number;
}

export interface FakeTelnyxRest extends AsyncDisposable {
  /** Value for TELNYX_API_BASE_URL (ends in /v2). */
  readonly url: string;
  readonly control: FakeControl;
  readonly commands: readonly FakeTelnyxCommand[];
  /** A call Telnyx is offering us (call.initiated sent), so commands for it are accepted. */
  registerCall(callControlId: string): void;
  /** The caller hung up: later commands get 90018. */
  endCall(callControlId: string): void;
  stateOf(callControlId: string): CallState | undefined;
  /** Called after each executed command, in order. */
  onCommand(listener: (cmd: FakeTelnyxCommand) => void): () => void;
  waitForCommand(test: (cmd: FakeTelnyxCommand) => boolean, ms?: number): Promise<FakeTelnyxCommand | null>;
  failNext(times: number, status?: number): void;
  hang(on: boolean): void;
  close(): Promise<void>;
}

const telnyxError = (status: number, code: string, title: string, detail: string): Response =>
  Response.json({ errors: [{ code, title, detail }] }, { status });

const TRACKS = ['inbound_track', 'outbound_track', 'both_tracks'];
const CODECS = ['PCMU', 'PCMA', 'G722', 'OPUS', 'AMR-WB', 'L16'];
const E164_OR_SIP = /^(\+[1-9]\d{6,14}|sips?:[^\s]+)$/;

/** Body checks for an executed command; null when acceptable. */
function invalidBody(action: TelnyxAction, body: Record<string, unknown>): string | null {
  const isStr = (v: unknown): v is string => typeof v === 'string';
  if (body.command_id !== undefined && !isStr(body.command_id)) return 'command_id must be a string';
  const state = body.client_state;
  if (state !== undefined && (!isStr(state) || !/^[A-Za-z0-9+/]*={0,2}$/.test(state))) {
    return 'client_state must be a valid Base-64 encoded string';
  }
  if (action === 'answer') {
    if (body.stream_url !== undefined && (!isStr(body.stream_url) || !/^wss?:\/\//.test(body.stream_url))) {
      return 'stream_url must be a ws:// or wss:// URL';
    }
    if (body.stream_track !== undefined && !TRACKS.includes(String(body.stream_track))) return 'invalid stream_track';
    const mode = body.stream_bidirectional_mode;
    if (mode !== undefined && !['mp3', 'rtp'].includes(String(mode))) return 'invalid stream_bidirectional_mode';
    if (body.stream_bidirectional_codec !== undefined && !CODECS.includes(String(body.stream_bidirectional_codec))) {
      return 'invalid stream_bidirectional_codec';
    }
    const codec = body.stream_codec;
    if (codec !== undefined && ![...CODECS, 'default'].includes(String(codec))) return 'invalid stream_codec';
  }
  if (action === 'transfer' && (!isStr(body.to) || !E164_OR_SIP.test(body.to))) {
    return 'to must be an E.164 number or SIP URI';
  }
  return null;
}

export async function startFakeTelnyxRest(opts: FakeTelnyxRestOptions): Promise<FakeTelnyxRest> {
  const control = createFakeControl(opts.profile);
  const commands: FakeTelnyxCommand[] = [];
  const calls = new Map<string, CallState>();
  const seenCommandIds = new Map<string, Set<string>>();
  const listeners = new Set<(cmd: FakeTelnyxCommand) => void>();
  const waiters = new Set<() => void>();
  const failures: number[] = [];
  let hanging = false;

  async function execute(req: Request, action: TelnyxAction, callControlId: string): Promise<Response> {
    const headers: Record<string, string> = {};
    req.headers.forEach((v, k) => {
      headers[k] = v;
    });
    let body: Record<string, unknown> = {};
    const raw = await req.text();
    if (raw) {
      try {
        const parsed: unknown = JSON.parse(raw);
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
        body = parsed as Record<string, unknown>;
      } catch {
        return telnyxError(400, '10015', 'Bad Request', 'The request body is not a JSON object.');
      }
    }
    const record = (status: number, executed: boolean): FakeTelnyxCommand => {
      const cmd: FakeTelnyxCommand = { action, callControlId, headers, body, status, executed };
      commands.push(cmd);
      for (const w of [...waiters]) w();
      return cmd;
    };
    if (headers.authorization !== `Bearer ${opts.apiKey}`) {
      record(401, false);
      return telnyxError(401, '10009', 'Authentication failed', 'The API key is missing or invalid.');
    }
    const failStatus = failures.shift() ?? control.take('http5xx')?.status;
    if (failStatus !== undefined) {
      record(failStatus, false);
      const code = failStatus === 429 ? '10011' : '10007';
      return telnyxError(failStatus, code, 'Service unavailable', 'Injected failure.');
    }
    if (hanging || control.take('stall')) {
      await new Promise<void>((resolve) => req.signal.addEventListener('abort', () => resolve(), { once: true }));
      record(499, false);
      return new Response(null, { status: 499 });
    }
    await sleep(control.firstByteDelayMs(), req.signal);

    const state = calls.get(callControlId);
    if (state === undefined) {
      record(404, false);
      return telnyxError(404, '10005', 'Resource not found', `Call ${callControlId} is not known.`);
    }
    const problem = invalidBody(action, body);
    if (problem) {
      record(422, false);
      return telnyxError(422, '10015', 'Invalid parameter', problem);
    }
    const commandId = typeof body.command_id === 'string' ? body.command_id : null;
    const seen = seenCommandIds.get(callControlId) ?? new Set<string>();
    seenCommandIds.set(callControlId, seen);
    if (commandId && seen.has(commandId)) {
      record(200, false);
      return Response.json({ data: { result: 'ok' } });
    }
    if (state === 'ended' || state === 'transferred') {
      record(422, false);
      return telnyxError(422, '90018', 'Call has already ended', 'This call is no longer active.');
    }
    if (action === 'answer' && state !== 'parked') {
      record(422, false);
      return telnyxError(422, '90034', 'Call already answered', 'An answered call cannot be answered again.');
    }
    if (commandId) seen.add(commandId);
    calls.set(callControlId, action === 'answer' ? 'answered' : action === 'hangup' ? 'ended' : 'transferred');
    const cmd = record(200, true);
    for (const l of [...listeners]) l(cmd);
    return Response.json({ data: { result: 'ok' } });
  }

  const server = Bun.serve({
    port: opts.port ?? 0,
    hostname: '127.0.0.1',
    idleTimeout: 0,
    async fetch(req) {
      const url = new URL(req.url);
      if (url.pathname.startsWith('/__control/')) {
        const shared = await handleControlRequest(control, req, url.pathname, {
          failNext: (times, status) => api.failNext(times, status),
          hang: (on) => api.hang(on),
        });
        if (shared) return shared;
        if (url.pathname === '/__control/commands' && req.method === 'GET') return Response.json({ commands });
        return Response.json({ error: 'unknown control route' }, { status: 404 });
      }
      const m = /^\/v2\/calls\/([^/]+)\/actions\/(answer|hangup|transfer)$/.exec(url.pathname);
      if (!m) return telnyxError(404, '10005', 'Resource not found', `No route for ${url.pathname}.`);
      if (req.method !== 'POST') return telnyxError(405, '10006', 'Method not allowed', 'Use POST.');
      return execute(req, m[2] as TelnyxAction, decodeURIComponent(m[1]!));
    },
  });

  const port = server.port as number;
  const api: FakeTelnyxRest = {
    url: `http://127.0.0.1:${port}/v2`,
    control,
    commands,
    registerCall(id) {
      calls.set(id, 'parked');
    },
    endCall(id) {
      if (calls.has(id)) calls.set(id, 'ended');
    },
    stateOf(id) {
      return calls.get(id);
    },
    onCommand(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async waitForCommand(test, ms = 2000) {
      const found = (): FakeTelnyxCommand | undefined => commands.find(test);
      const ok = await waitUntil(() => found() !== undefined, waiters, ms);
      return ok ? (found() ?? null) : null;
    },
    failNext(times, status = 500) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    hang(on) {
      hanging = on;
    },
    async close() {
      hanging = false;
      await server.stop(true);
    },
    [Symbol.asyncDispose]() {
      return api.close();
    },
  };
  return api;
}
