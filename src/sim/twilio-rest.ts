// Fake Twilio REST API, Messages resource (protocols.md §7): `POST /2010-04-01/Accounts/{Sid}/
// Messages.json` with a form body and Basic auth, answered with Twilio's snake_case message JSON
// (201) or its error JSON ({code, message, more_info, status}) using the real error codes. Sent
// messages are kept so tests can assert what a business or caller was texted. Also the Call
// resource's update (`POST …/Calls/{CallSid}.json` with `Status=completed` or new `Twiml`), which
// is how a live call is hung up or transferred; an ended call answers 21220. A `<Dial>` in new
// TwiML is played out like Twilio does: the whisper URL of its `<Number>` is fetched (signed) when
// the dial is answered, and its `action` URL is posted (signed) with the DialCallStatus the test
// chose for that number; the action's TwiML answer is kept.
import { unescapeXml } from './twilio-caller.ts';
import twilio from 'twilio';
import {
  createFakeControl,
  handleControlRequest,
  serveFake,
  sleep,
  type FakeControl,
  type LatencyProfile,
  WAIT_MS,
  waitUntil,
} from './latency-profile.ts';

export interface FakeTwilioRestOptions {
  profile?: Partial<LatencyProfile>;
  port?: number;
  accountSid: string;
  authToken: string;
  /** Sender numbers the account owns. Default: any E.164 number is accepted as From. */
  numbers?: string[];
}

export interface FakeTwilioRequest {
  method: string;
  path: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Form fields; repeated keys become arrays. */
  form: Record<string, string | string[]>;
  status: number;
}

export interface FakeSms {
  sid: string;
  account_sid: string;
  messaging_service_sid: string | null;
  from: string | null;
  to: string;
  body: string;
  status: string;
  direction: 'outbound-api';
  num_segments: string;
  num_media: string;
  price: string | null;
  price_unit: string;
  error_code: number | null;
  error_message: string | null;
  api_version: '2010-04-01';
  date_created: string;
  date_updated: string;
  date_sent: string | null;
  uri: string;
  subresource_uris: { media: string };
}

/** One accepted update of a live call. */
export interface FakeCallUpdate {
  callSid: string;
  status: string | null;
  twiml: string | null;
}

export type DialCallStatus = 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';

/** A `<Dial>` the fake played out, and how it ended. */
export interface FakeDial {
  callSid: string;
  to: string;
  callerId: string | null;
  timeout: number | null;
  action: string | null;
  whisperUrl: string | null;
  /** The whisper's `<Say>` text, fetched when the dial was answered. */
  whisper: string | null;
  status: DialCallStatus;
  /** Our answer to the action request (status and TwiML), once posted. */
  actionStatus: number | null;
  actionTwiml: string | null;
}

export interface FakeTwilioRest extends AsyncDisposable {
  /** Value for the SDK's `client.api.baseUrl`. */
  readonly url: string;
  readonly port: number;
  readonly control: FakeControl;
  readonly requests: readonly FakeTwilioRequest[];
  /** Messages accepted, oldest first. */
  readonly messages: readonly FakeSms[];
  /** Call updates accepted (hang-ups, transfers), oldest first. */
  readonly callUpdates: readonly FakeCallUpdate[];
  /** Dials played out, oldest first. */
  readonly dials: readonly FakeDial[];
  /** A dial to `to` ends with this status (default 'completed': answered, talked, hung up). */
  setDialStatus(to: string, status: DialCallStatus): void;
  /** Resolves with the dial of `callSid` once its action has been answered (null on timeout). */
  waitForDial(callSid: string, ms?: number): Promise<FakeDial | null>;
  /** Messages to `to` are answered with this status (e.g. 'failed' with an error code) instead of 'queued'. */
  setStatusFor(to: string, status: string, errorCode?: number): void;
  /** The next `times` requests fail with `status` (Twilio error JSON). */
  failNext(times: number, status?: number): void;
  /** Requests are accepted and never answered until cleared (or the client hangs up). */
  hang(on: boolean): void;
  waitForRequests(n: number, ms?: number): Promise<boolean>;
  close(): Promise<void>;
}

function twilioError(status: number, code: number, message: string): Response {
  return Response.json({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, { status });
}

const E164 = /^\+[1-9]\d{6,14}$/;
// GSM 03.38 basic set (plus the escape-table characters, which take two septets).
const GSM = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà^{}\\[~\]|€]*$/;

/** SMS segments as Twilio counts them: GSM-7 160/153 septets, otherwise UCS-2 70/67 units. */
export function segmentsFor(body: string): number {
  if (GSM.test(body)) {
    const septets = [...body].reduce((n, c) => n + ('^{}\\[~]|€'.includes(c) ? 2 : 1), 0);
    return septets <= 160 ? 1 : Math.ceil(septets / 153);
  }
  return body.length <= 70 ? 1 : Math.ceil(body.length / 67);
}

const hex32 = (): string => {
  let s = '';
  for (let i = 0; i < 32; i++) s += '0123456789abcdef'[Math.floor(Math.random() * 16)];
  return s;
};

export async function startFakeTwilioRest(opts: FakeTwilioRestOptions): Promise<FakeTwilioRest> {
  const control = createFakeControl(opts.profile);
  const requests: FakeTwilioRequest[] = [];
  const messages: FakeSms[] = [];
  const callUpdates: FakeCallUpdate[] = [];
  const endedCalls = new Set<string>();
  const statusFor = new Map<string, { status: string; errorCode: number | null }>();
  const failures: number[] = [];
  const waiters = new Set<() => void>();
  let hanging = false;
  const dials: FakeDial[] = [];
  const dialStatus = new Map<string, DialCallStatus>();
  const dialWaiters = new Set<() => void>();

  /** Posts like Twilio: form body, X-Twilio-Signature over the URL and the fields. */
  async function postSigned(url: string, params: Record<string, string>): Promise<Response> {
    const signature = twilio.getExpectedTwilioSignature(opts.authToken, url, params);
    return fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params).toString(),
    });
  }

  const attr = (tag: string, name: string): string | null => {
    const v = new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
    return v === undefined ? null : unescapeXml(v);
  };

  /** Plays out a `<Dial>`: the whisper (if answered), then the action with the chosen status. */
  async function playDial(callSid: string, twiml: string): Promise<void> {
    const dialTag = /<Dial\b[^>]*>/.exec(twiml)?.[0] ?? '';
    const numberTag = /<Number\b[^>]*>/.exec(twiml)?.[0] ?? '';
    const to = unescapeXml(
      /<Number\b[^>]*>([^<]+)<\/Number>/.exec(twiml)?.[1] ?? /<Dial\b[^>]*>([^<]+)<\/Dial>/.exec(twiml)?.[1] ?? '',
    );
    const timeout = attr(dialTag, 'timeout');
    const dial: FakeDial = {
      callSid,
      to,
      callerId: attr(dialTag, 'callerId'),
      timeout: timeout === null ? null : Number(timeout),
      action: attr(dialTag, 'action'),
      whisperUrl: attr(numberTag, 'url'),
      whisper: null,
      status: dialStatus.get(to) ?? 'completed',
      actionStatus: null,
      actionTwiml: null,
    };
    dials.push(dial);
    const childSid = `CA${hex32()}`;
    try {
      if (dial.whisperUrl && dial.status === 'completed') {
        const res = await postSigned(dial.whisperUrl, {
          AccountSid: opts.accountSid,
          CallSid: childSid,
          ParentCallSid: callSid,
          CallStatus: 'in-progress',
          To: to,
        });
        const say = /<Say\b[^>]*>([^<]*)<\/Say>/.exec(await res.text())?.[1];
        dial.whisper = say === undefined ? null : unescapeXml(say);
      }
      if (dial.action) {
        const res = await postSigned(dial.action, {
          AccountSid: opts.accountSid,
          CallSid: callSid,
          CallStatus: 'in-progress',
          DialCallStatus: dial.status,
          DialCallSid: childSid,
          DialCallDuration: dial.status === 'completed' ? '42' : '0',
        });
        dial.actionStatus = res.status;
        dial.actionTwiml = await res.text();
      }
    } catch (e) {
      dial.actionStatus = 0;
      dial.actionTwiml = String(e);
    }
    if (dial.actionTwiml === null) dial.actionStatus = dial.actionStatus ?? 0;
    for (const w of [...dialWaiters]) w();
  }
  const expectedAuth = `Basic ${Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64')}`;

  async function create(req: Request, rec: FakeTwilioRequest, accountSid: string): Promise<Response> {
    if (rec.headers.authorization !== expectedAuth) return twilioError(401, 20003, 'Authenticate');
    if (accountSid !== opts.accountSid)
      return twilioError(
        404,
        20404,
        `The requested resource /2010-04-01/Accounts/${accountSid}/Messages.json was not found`,
      );
    const failStatus = failures.shift() ?? control.take('http5xx')?.status;
    if (failStatus !== undefined)
      return failStatus === 429
        ? twilioError(429, 20429, 'Too Many Requests')
        : twilioError(failStatus, 20500, 'Internal Server Error');
    if (hanging || control.take('stall')) {
      await new Promise<void>((resolve) => req.signal.addEventListener('abort', () => resolve(), { once: true }));
      return new Response(null, { status: 499 });
    }
    await sleep(control.firstByteDelayMs(), req.signal);

    const one = (k: string): string | undefined => {
      const v = rec.form[k];
      return Array.isArray(v) ? v[0] : v;
    };
    const to = one('To');
    const from = one('From');
    const service = one('MessagingServiceSid');
    const body = one('Body') ?? '';
    const media = rec.form.MediaUrl === undefined ? [] : ([] as string[]).concat(rec.form.MediaUrl);
    if (!to) return twilioError(400, 21604, "A 'To' phone number is required.");
    if (!E164.test(to)) return twilioError(400, 21211, `Invalid 'To' Phone Number: ${to.replace(/\d(?=\d{2})/g, 'X')}`);
    if (!from && !service)
      return twilioError(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message");
    if (from && (!E164.test(from) || (opts.numbers && !opts.numbers.includes(from)))) {
      return twilioError(
        400,
        21606,
        `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`,
      );
    }
    if (from && from === to) return twilioError(400, 21266, "'To' and 'From' number cannot be the same");
    if (!body && media.length === 0) return twilioError(400, 21602, 'Message body is required.');
    if (body.length > 1600)
      return twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');

    const sid = `SM${hex32()}`;
    const now = new Date().toUTCString().replace('GMT', '+0000');
    const override = statusFor.get(to);
    const msg: FakeSms = {
      sid,
      account_sid: accountSid,
      messaging_service_sid: service ?? null,
      from: from ?? null,
      to,
      body,
      status: override?.status ?? (service && !from ? 'accepted' : 'queued'),
      direction: 'outbound-api',
      num_segments: String(segmentsFor(body)),
      num_media: String(media.length),
      price: null,
      price_unit: 'USD',
      error_code: override?.errorCode ?? null,
      error_message: null,
      api_version: '2010-04-01',
      date_created: now,
      date_updated: now,
      date_sent: null,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
      subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
    };
    messages.push(msg);
    return Response.json(msg, { status: 201 });
  }

  function updateCall(rec: FakeTwilioRequest, accountSid: string, callSid: string): Response {
    if (rec.headers.authorization !== expectedAuth) return twilioError(401, 20003, 'Authenticate');
    if (accountSid !== opts.accountSid) {
      return twilioError(404, 20404, `The requested resource ${rec.path} was not found`);
    }
    const failStatus = failures.shift() ?? control.take('http5xx')?.status;
    if (failStatus !== undefined) return twilioError(failStatus, 20500, 'Internal Server Error');
    const one = (k: string): string | null => {
      const v = rec.form[k];
      return (Array.isArray(v) ? v[0] : v) ?? null;
    };
    const status = one('Status');
    const twiml = one('Twiml');
    if (status !== null && status !== 'completed' && status !== 'canceled') {
      return twilioError(400, 21218, `Invalid Status: ${status}`);
    }
    if (status === null && twiml === null && one('Url') === null) {
      return twilioError(400, 21201, 'No parameters to update were provided');
    }
    if (endedCalls.has(callSid)) return twilioError(400, 21220, 'Call is not in-progress. Cannot redirect.');
    if (status !== null) endedCalls.add(callSid);
    callUpdates.push({ callSid, status, twiml });
    // Twilio runs the new TwiML after answering the update.
    if (twiml && /<Dial\b/.test(twiml)) setTimeout(() => void playDial(callSid, twiml), 0);
    return Response.json({
      sid: callSid,
      account_sid: accountSid,
      status: status ?? 'in-progress',
      api_version: '2010-04-01',
      uri: `/2010-04-01/Accounts/${accountSid}/Calls/${callSid}.json`,
    });
  }

  async function handle(req: Request, url: URL): Promise<Response> {
    const headers: Record<string, string> = {};
    req.headers.forEach((v, k) => {
      headers[k] = v;
    });
    const raw = await req.text();
    const form: Record<string, string | string[]> = {};
    if ((headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
      for (const [k, v] of new URLSearchParams(raw)) {
        const prev = form[k];
        form[k] = prev === undefined ? v : ([] as string[]).concat(prev, v);
      }
    }
    const rec: FakeTwilioRequest = { method: req.method, path: url.pathname, headers, form, status: 0 };
    requests.push(rec);
    for (const w of [...waiters]) w();
    const m = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(url.pathname);
    const call = /^\/2010-04-01\/Accounts\/([^/]+)\/Calls\/(CA[0-9a-f]{32})\.json$/.exec(url.pathname);
    let res: Response;
    if (call && req.method === 'POST') res = updateCall(rec, decodeURIComponent(call[1]!), call[2]!);
    else if (m && req.method === 'POST') res = await create(req, rec, decodeURIComponent(m[1]!));
    else if (m) res = twilioError(405, 20004, 'Method not allowed');
    else res = twilioError(404, 20404, `The requested resource ${url.pathname} was not found`);
    rec.status = res.status;
    return res;
  }

  async function controlRoute(req: Request, path: string): Promise<Response> {
    const shared = await handleControlRequest(control, req, path, {
      failNext: (times, status) => api.failNext(times, status),
      hang: (on) => api.hang(on),
    });
    if (shared) return shared;
    if (path === '/__control/messages' && req.method === 'GET') return Response.json({ messages });
    return Response.json({ error: 'unknown control route' }, { status: 404 });
  }

  const server = serveFake({ ...(opts.port ? { port: opts.port } : {}), control: controlRoute, handle });

  const port = server.port as number;
  const api: FakeTwilioRest = {
    url: `http://127.0.0.1:${port}`,
    port,
    control,
    requests,
    messages,
    callUpdates,
    dials,
    setDialStatus(to, status) {
      dialStatus.set(to, status);
    },
    async waitForDial(callSid, ms = WAIT_MS) {
      const done = () => dials.find((d) => d.callSid === callSid && d.actionStatus !== null) ?? null;
      await waitUntil(() => done() !== null, dialWaiters, ms);
      return done();
    },
    setStatusFor(to, status, errorCode) {
      statusFor.set(to, { status, errorCode: errorCode ?? null });
    },
    failNext(times, status = 500) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    hang(on) {
      hanging = on;
    },
    waitForRequests(n, ms = WAIT_MS) {
      return waitUntil(() => requests.length >= n, waiters, ms);
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
