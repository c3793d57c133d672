// A simulation environment: the real server, in this process, on the embedded defaults — except
// that callers are heard through the Deepgram fake, which turns each caller's script into timed
// transcripts (the simulator supplies caller text in place of real speech recognition).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config.ts';
import { createRuntime, type App } from '../bootstrap.ts';
import type { RunningServer } from '../server.ts';
import { configureLog, createLogger } from '../log.ts';
import { startFakeDeepgram, type FakeDeepgram } from './deepgram.ts';
import type { LatencyProfile } from './latency-profile.ts';
import { startFakeTelnyxRest, type FakeTelnyxRest } from './telnyx-rest.ts';
import { createTelnyxSigner, type TelnyxSigner } from './telnyx-caller.ts';

/** The simulated Telnyx account: its REST API and the key pair its webhooks are signed with. */
export interface SimTelnyx {
  rest: FakeTelnyxRest;
  signer: TelnyxSigner;
}

/** How a transfer's dial ended, as the simulated Twilio account reports it. */
export interface SimDial {
  to: string;
  callerId: string | null;
  whisper: string | null;
  status: string;
  /** Our TwiML answer to the Dial action. */
  actionTwiml: string | null;
}

/** A simulated Twilio account (REST API with calls.update and the Dial action round trip). */
export interface SimTwilioAccount {
  url: string;
  accountSid: string;
  authToken: string;
  setDialStatus(to: string, status: 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled'): void;
  waitForDial(callSid: string, ms?: number): Promise<SimDial | null>;
}

export interface SimEnv {
  app: App;
  server: RunningServer;
  deepgram: FakeDeepgram;
  /** Set when the environment was started with Telnyx beside Twilio. */
  telnyx: SimTelnyx | null;
  /** Set when started with a Twilio account: webhooks are signed and calls can be transferred. */
  twilio: SimTwilioAccount | null;
  serverUrl: string;
  /** Playback speed of the simulated Twilio buffer (Infinity = instant). */
  timeScale: number;
  close(): Promise<void>;
}

export interface SimEnvOptions {
  /** Extra environment (e.g. OPENAI_BASE_URL of a fake, feature switches). */
  env?: Record<string, string>;
  /** Database URL; a fresh temp file when omitted. */
  databaseUrl?: string;
  /** Real-time playout (benchmarks) instead of compressed. */
  realtime?: boolean;
  deepgramProfile?: Partial<LatencyProfile>;
  quiet?: boolean;
  /** Also run Telnyx, against a simulated Telnyx account. */
  telnyx?: boolean;
  /** Take the LLM, TTS and feature settings from this process's environment (OPENAI_API_KEY…). */
  inheritEnv?: boolean;
  /** A Twilio account to run against (e.g. the REST fake): signed webhooks, REST call control. */
  twilio?: SimTwilioAccount;
}

/** Settings a simulated call may take from the environment: everything but ASR, DB and carriers. */
const INHERITED = /^(OPENAI|AWS|POLLY|TTS|LLM|NLU|FEATURE)_/;

function inherited(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && INHERITED.test(k)) out[k] = v;
  return out;
}

const SIM_TELNYX_KEY = 'KEY-simulated-telnyx';

export async function startSimEnv(opts: SimEnvOptions = {}): Promise<SimEnv> {
  if (opts.quiet !== false) configureLog({ level: 'error' });
  const deepgram = await startFakeDeepgram({ ...(opts.deepgramProfile ? { profile: opts.deepgramProfile } : {}) });
  const telnyx: SimTelnyx | null = opts.telnyx
    ? { rest: await startFakeTelnyxRest({ apiKey: SIM_TELNYX_KEY }), signer: createTelnyxSigner() }
    : null;
  let tmp: string | null = null;
  let databaseUrl = opts.databaseUrl;
  if (!databaseUrl) {
    tmp = mkdtempSync(join(tmpdir(), 'infinioffice-sim-'));
    databaseUrl = `file:${join(tmp, 'sim.db')}`;
  }
  const config = loadConfig({
    ...(opts.inheritEnv ? inherited() : {}),
    DATABASE_URL: databaseUrl,
    REGION: 'sim',
    LOG_LEVEL: 'error',
    DEEPGRAM_API_KEY: 'simulated-caller',
    DEEPGRAM_URL: deepgram.url,
    ALLOW_SIMULATED_CLOCK: 'true',
    PLAYOUT_TIME_SCALE: opts.realtime ? '1' : '1000',
    // The simulated caller sends its audio as fast as the socket takes it (compressed time), far
    // above Twilio's 50 frames a second; the per-socket flood guard would otherwise drop it.
    ...(opts.realtime ? {} : { WS_MAX_MESSAGES_PER_SECOND: '1000000' }),
    ...(opts.twilio
      ? {
          TWILIO_ACCOUNT_SID: opts.twilio.accountSid,
          TWILIO_AUTH_TOKEN: opts.twilio.authToken,
          TWILIO_API_BASE_URL: opts.twilio.url,
        }
      : {}),
    ...(telnyx
      ? {
          TELNYX_API_KEY: SIM_TELNYX_KEY,
          TELNYX_PUBLIC_KEY: telnyx.signer.publicKeyBase64,
          TELNYX_API_BASE_URL: telnyx.rest.url,
        }
      : {}),
    ...opts.env,
  });
  const app = await createRuntime(config, { log: createLogger({ component: 'sim' }) });
  const server = app.listen({ port: 0, hostname: '127.0.0.1' });
  return {
    app,
    server,
    deepgram,
    telnyx,
    twilio: opts.twilio ?? null,
    serverUrl: server.url,
    timeScale: opts.realtime ? 1 : Number.POSITIVE_INFINITY,
    async close() {
      await server.stop();
      await app.close();
      await deepgram.close();
      await telnyx?.rest.close();
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    },
  };
}
