// Out of the box the server is for the machine it runs on; anywhere reachable it says so at
// start, and production (or REQUIRE_SIGNATURES) refuses what Twilio did not sign.
import { describe, expect, test } from 'bun:test';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { createRuntime } from '../../src/bootstrap.ts';
import { exposureOf } from '../../src/http/exposure.ts';
import type { Logger, LogFields } from '../../src/log.ts';
import { postWebhook, randomSid, signTwilio, TwilioMediaStream } from '../../src/sim/twilio-caller.ts';
import { startTestServer } from '../helpers/server.ts';

const AUTH_TOKEN = 'defaults-auth-token-0123456789abcdef';
const ADMIN_KEY = 'defaults-admin-key-0123456789abcdef';

function recordingLog(lines: Array<{ level: string; msg: string } & LogFields>): Logger {
  const at =
    (level: string) =>
    (msg: string, fields: LogFields = {}) =>
      void lines.push({ level, msg, ...fields });
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger;
}

describe('defaults', () => {
  test('with no environment the server binds to loopback on 8080 and accepts unsigned local calls', () => {
    const c = loadConfig({});
    expect(c.env.HOST).toBe('127.0.0.1');
    expect(c.env.PORT).toBe(8080);
    expect(c.requireSignatures).toBe(false);
    expect(exposureOf(c, c.env.HOST)).toEqual({ reachable: false, warnings: [] });
  });

  test('a non-loopback bind or a proxy in front makes the server reachable, and unsigned is flagged', () => {
    const open = exposureOf(loadConfig({}), '0.0.0.0');
    expect(open.reachable).toBe(true);
    expect(open.warnings.map((w) => w.msg).join(' ')).toContain('unsigned');
    expect(exposureOf(loadConfig({ TRUST_PROXY: '10.0.0.0/8' }), '127.0.0.1').reachable).toBe(true);
    const hardened = loadConfig({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, METRICS_TOKEN: 'm' });
    expect(exposureOf(hardened, '0.0.0.0').warnings).toEqual([]);
  });

  test('production or REQUIRE_SIGNATURES without TWILIO_AUTH_TOKEN is a start-up error', async () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ REQUIRE_SIGNATURES: 'true' })).toThrow(/TWILIO_AUTH_TOKEN/);
    const prod = { NODE_ENV: 'production', TWILIO_AUTH_TOKEN: AUTH_TOKEN, STREAM_TOKEN_SECRET: 'stream-secret' };
    expect(loadConfig(prod).requireSignatures).toBe(true);
    // Stream tokens signed with a per-process key would refuse streams reaching another instance.
    expect(() => loadConfig({ ...prod, STREAM_TOKEN_SECRET: undefined })).toThrow(/STREAM_TOKEN_SECRET/);
    const proc = Bun.spawn(['bun', 'src/main.ts'], {
      env: { ...process.env, NODE_ENV: 'production', TWILIO_AUTH_TOKEN: '', PORT: '0' },
      stdout: 'pipe',
      stderr: 'pipe',
    });
    expect(await proc.exited).toBe(2);
    expect(await new Response(proc.stderr).text()).toContain('TWILIO_AUTH_TOKEN');
  });
});

describe('a reachable server', () => {
  test('warns at start-up when it takes unsigned calls', async () => {
    const lines: Array<{ level: string; msg: string } & LogFields> = [];
    const app = await createRuntime(loadConfig({ DATABASE_URL: ':memory:', TRUST_PROXY: '127.0.0.1' }), {
      log: recordingLog(lines),
      precomputePhrases: false,
    });
    const server = app.listen({ port: 0, hostname: '127.0.0.1' });
    try {
      const warning = lines.find((l) => l.level === 'warn' && l.security === true && l.msg.includes('unsigned'));
      expect(warning).toBeDefined();
      expect(String(warning!.fix)).toContain('TWILIO_AUTH_TOKEN');
    } finally {
      await server.stop();
      await app.close();
    }
  });

  test('/metrics needs a token; on loopback it stays open for local use', async () => {
    const reachable = await startTestServer({
      TRUST_PROXY: '127.0.0.1',
      ADMIN_API_KEY: ADMIN_KEY,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    });
    const local = await startTestServer();
    try {
      expect((await fetch(`${reachable.url}/metrics`)).status).toBe(401);
      const wrong = await fetch(`${reachable.url}/metrics`, { headers: { authorization: 'Bearer nope' } });
      expect(wrong.status).toBe(401);
      const admin = await fetch(`${reachable.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
      expect(admin.status).toBe(200);
      expect(await admin.text()).toContain('infinioffice_');
      expect((await fetch(`${local.url}/metrics`)).status).toBe(200);
    } finally {
      await reachable.close();
      await local.close();
    }
  });
});

describe('REQUIRE_SIGNATURES', () => {
  test('an unsigned media stream upgrade is refused; a signed one carries the call', async () => {
    const ts = await startTestServer({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, REQUIRE_SIGNATURES: 'true' });
    try {
      const wsUrl = `${ts.url.replace('http', 'ws')}/media-stream`;
      expect((await fetch(`${ts.url}/media-stream`)).status).toBe(403);
      const forged = await fetch(`${ts.url}/media-stream`, { headers: { 'x-twilio-signature': 'bm9wZQ==' } });
      expect(forged.status).toBe(403);
      const unsignedHook = await postWebhook({ serverUrl: ts.url, to: '+15125550100' });
      expect(unsignedHook.status).toBe(403);

      const org = await ts.createOrg();
      const callSid = randomSid('CA');
      const answer = await postWebhook({ serverUrl: ts.url, to: org.phoneNumber, callSid, authToken: AUTH_TOKEN });
      const stream = new TwilioMediaStream(callSid);
      const signature = signTwilio(AUTH_TOKEN, wsUrl, {});
      await stream.open(wsUrl, answer.parameters, { headers: { 'x-twilio-signature': signature } });
      await stream.waitForMark('t0.end');
      stream.stop();
      await stream.waitClosed();
    } finally {
      await ts.close();
    }
  });
});
