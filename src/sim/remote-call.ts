// A simulated call placed on a running server (ours in this process, or an operator's own) through
// its real voice webhook and media stream. The caller's words reach the server's speech
// recognition through the Deepgram fake the server is configured with (DEEPGRAM_URL); its lines are
// spoken by the embedded engine, so the call's recording holds both sides in turn.
import { placeCall, randomSid, type TwilioMediaStream } from './twilio-caller.ts';
import { startFakeDeepgram, type FakeDeepgram } from './deepgram.ts';
import { callerSpeech } from './spoken-caller.ts';
import { silence } from './caller-audio.ts';

/** Where the caller's script goes: the fake's own object, or its HTTP control route. */
export interface ScriptFeed {
  readonly url: string;
  append(callId: string, lines: string[]): Promise<void>;
  close(): Promise<void>;
}

/** The fake's default port for calls on an operator's server: start the server with this URL. */
export const DEFAULT_ASR_FAKE_PORT = 8089;

export function feedOf(fake: FakeDeepgram, owned: boolean): ScriptFeed {
  return {
    url: fake.url,
    append: async (callId, lines) => fake.appendScript(callId, lines),
    close: async () => {
      if (owned) await fake.close();
    },
  };
}

/**
 * Starts the Deepgram fake on the port, or, when one already listens there (another call, or one
 * started by hand), feeds that one through its control route.
 */
export async function openScriptFeed(port = DEFAULT_ASR_FAKE_PORT): Promise<ScriptFeed> {
  try {
    return feedOf(await startFakeDeepgram({ port, idleTimeoutMs: 600_000 }), true);
  } catch {
    const url = `http://127.0.0.1:${port}`;
    return {
      url,
      async append(callId, lines) {
        const res = await fetch(`${url}/__control/script`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ tag: callId, lines, append: true }),
        });
        if (!res.ok) throw new Error(`the speech fake at ${url} refused the script: ${res.status}`);
      },
      close: async () => undefined,
    };
  }
}

export interface DialOptions {
  serverUrl: string;
  /** The organization's phone number. */
  to: string;
  from?: string;
  feed: ScriptFeed;
  /** Signs the webhook as Twilio would (the server's TWILIO_AUTH_TOKEN). */
  authToken?: string;
  /** Caller audio pace and Twilio's playback speed: 1 is real time (an operator's server). */
  timeScale?: number;
  extraForm?: Record<string, string>;
  /** How long one reply may take before the caller speaks anyway. */
  replyTimeoutMs?: number;
  /** The language the caller speaks (its voice). Default 'en'. */
  lang?: string;
}

export interface LiveCall {
  callId: string;
  /** Waits for the greeting; false if the call ended. */
  listen(): Promise<boolean>;
  /** Says a line and waits for the reply; false once the call has ended. */
  say(text: string): Promise<boolean>;
  hangUp(): Promise<void>;
  /** Both sides in turn: each reply, then what the caller said to it. */
  recording(): Uint8Array;
  readonly stream: TwilioMediaStream;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function dialServer(o: DialOptions): Promise<LiveCall> {
  const scale = o.timeScale ?? 1;
  const { stream, answer } = await placeCall({
    serverUrl: o.serverUrl,
    to: o.to,
    ...(o.from ? { from: o.from } : {}),
    callSid: randomSid('CA'),
    timeScale: scale,
    ...(o.authToken ? { authToken: o.authToken } : {}),
    ...(o.extraForm ? { extraForm: o.extraForm } : {}),
  });
  const callId = answer.parameters.callId;
  if (answer.status !== 200 || !callId) {
    throw new Error(`the server did not answer the call (HTTP ${answer.status}): ${answer.twiml.slice(0, 300)}`);
  }
  const parts: Uint8Array[] = [];
  let heard = 0;
  const takeReply = () => {
    parts.push(...stream.received.slice(heard));
    heard = stream.received.length;
  };
  const wait = async () => (await stream.waitForReplyEnd(o.replyTimeoutMs ?? 60_000)) !== 'closed';

  /** Sends audio at the line's pace (20 ms a frame, compressed by the time scale). */
  async function send(mulaw: Uint8Array): Promise<void> {
    const burst = 160 * 10; // 200 ms of audio at a time
    for (let i = 0; i < mulaw.length; i += burst) {
      if (stream.isClosed) return;
      stream.sendAudio(mulaw.subarray(i, i + burst));
      if (Number.isFinite(scale)) await sleep(200 / scale);
    }
  }

  return {
    callId,
    stream,
    async listen() {
      const open = await wait();
      takeReply();
      return open;
    },
    async say(text) {
      await o.feed.append(callId, [text]);
      const voice = await callerSpeech(text, o.lang);
      parts.push(voice);
      await send(voice);
      await send(silence(1300));
      const open = await wait();
      takeReply();
      return open;
    },
    async hangUp() {
      if (!stream.isClosed) {
        stream.stop();
        await stream.waitClosed();
      }
      takeReply();
    },
    recording() {
      const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        out.set(p, at);
        at += p.length;
      }
      return out;
    },
  };
}
