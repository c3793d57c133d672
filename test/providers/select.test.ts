// Provider selection through a real runtime (temp database, real logger with a captured sink):
// with no keys every stage runs on its embedded default; with keys and fake endpoints every stage
// uses its real adapter, proven by traffic arriving at each fake; the start-up log names the
// provider of every stage and never carries a secret.
import { afterEach, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { createRuntime, type App } from '../../src/bootstrap.ts';
import { configureLog, createLogger, flushLog } from '../../src/log.ts';
import { createOrganization } from '../../src/orgs/create-org.ts';
import { startFakeDeepgram, type FakeDeepgram } from '../../src/sim/deepgram.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai.ts';
import { startFakePolly, type FakePolly } from '../fakes/polly.ts';
import { startFakeGoogleCalendar, type FakeGoogleCalendar } from '../fakes/google-calendar.ts';
import { startFakeTwilioRest, type FakeTwilioRest } from '../../src/sim/twilio-rest.ts';

const STAGES = ['asr', 'llm', 'nlu', 'tts', 'calendar', 'notify'];
const SECRETS = {
  deepgram: 'dg-secret-key-123',
  openai: 'sk-secret-key-456',
  awsId: 'AKIDSELECTTEST',
  awsSecret: 'aws-secret-key-789',
  twilioSid: 'AC11111111111111111111111111111111',
  twilioToken: 'twilio-secret-token-000',
  googleSecret: 'google-client-secret-xyz',
};

interface Started {
  app: App;
  lines: Array<Record<string, unknown>>;
  text: string;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  configureLog({
    level: (process.env.LOG_LEVEL as 'info' | undefined) ?? 'info',
    sink: process.env.TEST_LOGS === '1' ? (c) => process.stdout.write(c) : () => undefined,
  });
});

async function startRuntime(env: Record<string, string>): Promise<Started> {
  const chunks: string[] = [];
  configureLog({ level: 'info', sink: (c) => chunks.push(c) });
  const dir = mkdtempSync(join(tmpdir(), 'infinioffice-select-'));
  const config = loadConfig({ DATABASE_URL: `file:${join(dir, 'test.db')}`, REGION: 'test', ...env });
  const app = await createRuntime(config, {
    log: createLogger(),
    precomputePhrases: false,
    calendarSyncIntervalMs: 60_000,
  });
  cleanups.push(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
  flushLog();
  const text = chunks.join('');
  const lines = text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { app, lines, text };
}

function providerLog(lines: Array<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of lines) if (l.msg === 'provider') out[String(l.stage)] = String(l.provider);
  return out;
}

async function until(pred: () => boolean, ms = 3000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}

describe('provider selection', () => {
  test('no keys: embedded defaults for every stage, each named in the start-up log', async () => {
    const { app, lines } = await startRuntime({});
    const p = app.rt.providers;
    expect(p.asr).toBeNull();
    expect(p.llm).toBeNull();
    expect(p.tts.name).toBe('embedded');
    expect(p.fallbackTts.name).toBe('embedded');
    expect(p.notify.name).toBe('outbox');
    // Even an org with Google settings uses the local calendar when Google is not configured.
    expect(p.calendarFor({ settings: { googleCalendar: { calendarId: 'x', accessToken: 'y' } } }).name).toBe('local');

    const named = providerLog(lines);
    expect(Object.keys(named).sort()).toEqual([...STAGES].sort());
    expect(named).toEqual(p.describe());
    expect(named.tts).toContain('embedded');
    expect(named.calendar).toBe('local');
    expect(named.notify).toContain('outbox');
    expect(named.nlu).toContain('local');
    expect(p.nlu.name).toBe('local');
    expect(named.asr).toContain('none');
    expect(named.llm).toContain('none');
  }, 60_000);

  test('keys and endpoints set: every stage uses its real adapter, and traffic reaches each fake', async () => {
    const deepgram: FakeDeepgram = await startFakeDeepgram({ apiKey: SECRETS.deepgram });
    const openai: FakeOpenAi = await startFakeOpenAi({ apiKey: SECRETS.openai });
    const polly: FakePolly = await startFakePolly({
      credentials: { accessKeyId: SECRETS.awsId, secretAccessKey: SECRETS.awsSecret },
    });
    const google: FakeGoogleCalendar = await startFakeGoogleCalendar({
      calendars: ['shop@example.com'],
      clients: [{ clientId: 'client.apps', clientSecret: SECRETS.googleSecret, refreshTokens: ['1//refresh'] }],
    });
    const twilio: FakeTwilioRest = await startFakeTwilioRest({
      accountSid: SECRETS.twilioSid,
      authToken: SECRETS.twilioToken,
      numbers: ['+15125550100'],
    });
    cleanups.push(
      () => deepgram.close(),
      () => openai.close(),
      () => polly.close(),
      () => google.close(),
      () => twilio.close(),
    );
    // The AWS SDK reads credentials from the process environment (standard chain).
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = SECRETS.awsId;
    process.env.AWS_SECRET_ACCESS_KEY = SECRETS.awsSecret;
    cleanups.push(() => {
      if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
      else process.env.AWS_ACCESS_KEY_ID = saved.id;
      if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
      else process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
    });

    const { app, lines, text } = await startRuntime({
      DEEPGRAM_API_KEY: SECRETS.deepgram,
      DEEPGRAM_URL: deepgram.url,
      OPENAI_API_KEY: SECRETS.openai,
      OPENAI_BASE_URL: openai.url,
      AWS_REGION: 'us-east-1',
      POLLY_ENDPOINT: polly.url,
      POLLY_VOICE: 'Matthew',
      GOOGLE_API_ROOT: google.url,
      GOOGLE_TOKEN_URL: google.tokenUrl,
      GOOGLE_CLIENT_ID: 'client.apps',
      GOOGLE_CLIENT_SECRET: SECRETS.googleSecret,
      TWILIO_ACCOUNT_SID: SECRETS.twilioSid,
      TWILIO_AUTH_TOKEN: SECRETS.twilioToken,
      TWILIO_FROM: '+15125550100',
      TWILIO_API_BASE_URL: twilio.url,
    });
    const p = app.rt.providers;

    const named = providerLog(lines);
    expect(Object.keys(named).sort()).toEqual([...STAGES].sort());
    expect(named).toEqual(p.describe());
    expect(named.asr).toContain('deepgram');
    expect(named.asr).toContain(deepgram.url);
    expect(named.llm).toBe('openai (gpt-4o-mini)');
    expect(named.nlu).toContain('llm');
    expect(p.nlu.name).toBe('local-first(llm)');
    expect(named.tts).toBe('polly (neural, Matthew)');
    expect(named.calendar).toContain('google');
    expect(named.notify).toContain('twilio');
    // The log names providers, never credentials.
    for (const s of Object.values(SECRETS))
      if (s !== SECRETS.awsId && s !== SECRETS.twilioSid) expect(text).not.toContain(s);

    // ASR: a stream opens a socket on the Deepgram fake with the key.
    const stream = p.asr!.open({ callId: 'CA00000000000000000000000000000001' });
    expect(await until(() => deepgram.connections.length > 0)).toBe(true);
    expect(deepgram.connections[0]!.query.get('model')).toBe('nova-2-phonecall');
    await stream.close();

    // LLM: a streamed completion from the OpenAI fake.
    let reply = '';
    for await (const e of p.llm!.stream({ messages: [{ role: 'user', content: 'When are you open?' }] }))
      if (e.type === 'text') reply += e.delta;
    expect(reply.length).toBeGreaterThan(0);
    expect(openai.requests).toHaveLength(1);

    // TTS: Polly, signed with the environment's credentials, voice from configuration.
    const audio: Uint8Array[] = [];
    for await (const c of p.tts.synthesize({ text: 'Hello there.' })) audio.push(c);
    expect(polly.requests).toHaveLength(1);
    expect(polly.requests[0]!.status).toBe(200);
    expect(polly.requests[0]!.body?.VoiceId).toBe('Matthew');
    expect(audio.reduce((n, c) => n + c.length, 0)).toBe(polly.requests[0]!.bytesSent / 2);
    // The embedded engine stays as the fallback.
    expect(p.fallbackTts.name).toBe('embedded');

    // Calendar: Google for an org with credentials (refresh token exchanged at the fake), local otherwise.
    const withGoogle = await createOrganization(app.rt.db.db, {
      template: 'hvac',
      name: 'Polar Air',
      phoneNumber: '+15125550111',
      settings: { googleCalendar: { calendarId: 'shop@example.com', refreshToken: '1//refresh' } },
    });
    const withoutGoogle = await createOrganization(app.rt.db.db, {
      template: 'hvac',
      name: 'Local Air',
      phoneNumber: '+15125550112',
    });
    const gcal = p.calendarFor({ settings: withGoogle.settings as Record<string, unknown> });
    expect(gcal.name).toBe('google');
    await gcal.freeBusy(
      { id: withGoogle.id, timezone: withGoogle.timezone, settings: withGoogle.settings as Record<string, unknown> },
      { start: new Date('2026-03-02T00:00:00Z'), end: new Date('2026-03-03T00:00:00Z') },
    );
    expect(google.requests.map((r) => r.path)).toEqual(['/token', '/calendar/v3/freeBusy']);
    expect(p.calendarFor({ settings: withoutGoogle.settings as Record<string, unknown> }).name).toBe('local');

    // Notify: the SMS reaches the Twilio fake and is recorded in the outbox.
    expect(p.notify.name).toBe('outbox+twilio-sms');
    const sent = await p.notify.send({ to: '+15125550123', body: 'New booking: Tue 9:00 AM' });
    expect(sent.status).toBe('sent');
    expect(twilio.messages.map((m) => m.body)).toEqual(['New booking: Tue 9:00 AM']);
  }, 60_000);

  test('partial configuration: only what is fully configured switches over', async () => {
    const { app, lines } = await startRuntime({
      OPENAI_API_KEY: 'sk-only-openai',
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
      // Polly is available but explicitly turned off; SMS lacks its sender; Google is forced off.
      AWS_REGION: 'us-east-1',
      TTS_PROVIDER: 'embedded',
      TWILIO_ACCOUNT_SID: SECRETS.twilioSid,
      TWILIO_AUTH_TOKEN: SECRETS.twilioToken,
      GOOGLE_API_ROOT: 'http://127.0.0.1:9/',
      CALENDAR_PROVIDER: 'local',
    });
    const p = app.rt.providers;
    const named = providerLog(lines);
    expect(Object.keys(named).sort()).toEqual([...STAGES].sort());
    expect(p.asr).toBeNull();
    expect(p.llm?.name).toBe('openai');
    expect(named.nlu).toContain('llm');
    expect(p.tts.name).toBe('embedded');
    expect(named.tts).toContain('embedded');
    expect(p.notify.name).toBe('outbox');
    expect(named.calendar).toBe('local');
    expect(p.calendarFor({ settings: { googleCalendar: { calendarId: 'x', accessToken: 'y' } } }).name).toBe('local');
  }, 60_000);
});
