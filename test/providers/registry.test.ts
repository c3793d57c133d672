// The provider registry: each entry's variables are validated with the entry named in the error;
// `<KIND>_PROVIDER` picks among registered entries; an entry registered here (a TTS and a per-org
// calendar that the product does not ship) is validated, selected, built, instrumented and
// described without any change to the selection code.
import { afterEach, describe, expect, test } from 'bun:test';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { selectProviders } from '../../src/select-providers.ts';
import {
  createRegistry,
  providerRegistry,
  providerTable,
  selectorVar,
  type ProviderRegistry,
} from '../../src/providers/registry.ts';
import { defineProvider, type ProviderEntry } from '../../src/providers/entry.ts';
import type { CalendarProvider } from '../../src/providers/calendar/types.ts';
import { openDb, type DbHandle } from '../../src/db/client.ts';
import { createLogger } from '../../src/log.ts';
import { createMetrics, type Metrics } from '../../src/metrics/registry.ts';
import { parseProm, sampleValue } from '../metrics/prom-parse.ts';

const optStr = z.string().optional();

/** A TTS vendor the product does not ship: one second of μ-law silence per request. */
const toneTts = defineProvider({
  kind: 'tts',
  name: 'tone',
  env: { TONE_API_KEY: optStr, TONE_VOICE: z.string().default('alto') },
  requires: ['TONE_API_KEY'],
  create: (env) => ({
    name: 'tone',
    engine: 'tone',
    defaultVoice: env.TONE_VOICE,
    async *synthesize() {
      yield new Uint8Array(8000).fill(0xff);
    },
  }),
  describe: (env) => `tone (${env.TONE_VOICE})`,
});

/** A per-org calendar the product does not ship: serves orgs whose settings carry `memoCalendar`. */
const memoCalendar = () =>
  defineProvider({
    kind: 'calendar',
    name: 'memo',
    env: { MEMO_CALENDAR_URL: optStr },
    requires: ['MEMO_CALENDAR_URL'],
    create: (): CalendarProvider => ({
      name: 'memo',
      freeBusy: async () => [],
      createEvent: async () => ({ id: 'memo-1' }),
      moveEvent: async () => undefined,
      cancelEvent: async () => undefined,
    }),
    describe: () => 'memo (orgs with a memo calendar)',
    serves: (org) => Boolean(org.settings.memoCalendar),
  });

const extended = createRegistry({
  ...providerTable,
  tts: [toneTts, ...providerTable.tts],
  calendar: [memoCalendar(), ...providerTable.calendar],
});

let db: DbHandle | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

async function build(env: Record<string, string>, registry: ProviderRegistry = extended, metrics?: Metrics) {
  db = await openDb({ url: ':memory:' });
  const config = loadConfig(env, registry);
  const log = createLogger({ component: 'test' });
  return selectProviders(config, { db: db.db, log, ...(metrics ? { metrics } : {}) });
}

function configError(env: Record<string, string>, registry: ProviderRegistry = providerRegistry): string {
  try {
    loadConfig(env, registry);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('configuration was accepted');
}

describe('provider registry: validation', () => {
  test("an entry's invalid variable is reported with the variable and the entry that reads it", () => {
    expect(configError({ DEEPGRAM_ENDPOINTING_MS: 'soon' })).toContain('DEEPGRAM_ENDPOINTING_MS (asr deepgram):');
    expect(configError({ POLLY_ENGINE: 'fast' })).toContain('POLLY_ENGINE (tts polly):');
    expect(configError({ LLM_FIRST_TOKEN_TIMEOUT_MS: '-1' })).toContain('LLM_FIRST_TOKEN_TIMEOUT_MS (llm openai):');
    // Core variables keep their plain form.
    expect(configError({ PORT: 'http' })).toMatch(/\n {2}PORT: /);
  });

  test('a selector accepts only registered names, and lists them', () => {
    const msg = configError({ TTS_PROVIDER: 'tone' });
    expect(msg).toContain('TTS_PROVIDER (tts selection):');
    for (const name of ['auto', 'polly', 'embedded']) expect(msg).toContain(name);
    // Once registered, the same value is valid.
    expect(() => loadConfig({ TTS_PROVIDER: 'tone', TONE_API_KEY: 'k' }, extended)).not.toThrow();
    // A stage that can be off accepts none; one with an embedded default does not.
    expect(() => loadConfig({ LLM_PROVIDER: 'none', OPENAI_API_KEY: 'sk' })).not.toThrow();
    expect(configError({ CALENDAR_PROVIDER: 'none' })).toContain('CALENDAR_PROVIDER');
  });

  test('every entry chosen explicitly without its required variables names what is missing', () => {
    let checked = 0;
    for (const entries of Object.values(providerTable)) {
      for (const e of entries as ReadonlyArray<ProviderEntry>) {
        if (e.requires.length === 0) continue;
        const msg = configError({ [selectorVar(e.kind)]: e.name });
        expect(msg).toContain(`${selectorVar(e.kind)}=${e.name} needs ${e.requires.join(', ')}`);
        checked++;
      }
    }
    expect(checked).toBe(4); // deepgram, openai, twilio-sms, telnyx
    expect(configError({ TWILIO_ACCOUNT_SID: 'AC1', NOTIFY_PROVIDER: 'twilio-sms' })).toContain(
      'NOTIFY_PROVIDER=twilio-sms needs TWILIO_AUTH_TOKEN, TWILIO_FROM',
    );
  });

  test('a variable declared twice must be one schema; a provider variable may not shadow a core one', () => {
    const clash = defineProvider({
      ...toneTts,
      name: 'tone2',
      env: { TONE_API_KEY: z.string().optional() },
      requires: ['TONE_API_KEY'],
    });
    expect(() => createRegistry({ ...providerTable, tts: [toneTts, clash, ...providerTable.tts] })).toThrow(
      'TONE_API_KEY is declared differently by tts tone and tts tone2',
    );
    // Sharing the very same schema (the Twilio account, for SMS and the carrier) is allowed.
    const shared = defineProvider({ ...toneTts, name: 'tone2' });
    expect(() => createRegistry({ ...providerTable, tts: [toneTts, shared, ...providerTable.tts] })).not.toThrow();

    const shadow = defineProvider({
      kind: 'tts',
      name: 'shadow',
      env: { PORT: optStr },
      requires: [],
      create: () => Promise.reject(new Error('never built')),
      describe: () => 'shadow',
    });
    const registry = createRegistry({ ...providerTable, tts: [shadow, ...providerTable.tts] });
    expect(configError({}, registry)).toContain('provider variables shadow core ones: PORT');
  });
});

describe('provider registry: selection', () => {
  test('a registered TTS runs when configured, instrumented, with the embedded engine as fallback', async () => {
    const metrics = createMetrics();
    const p = await build({ TONE_API_KEY: 'k', TONE_VOICE: 'tenor' }, extended, metrics);
    expect(p.tts.name).toBe('tone');
    expect(p.tts.defaultVoice).toBe('tenor');
    expect(p.fallbackTts.name).toBe('embedded');
    expect(p.describe().tts).toBe('tone (tenor)');

    let bytes = 0;
    for await (const c of p.tts.synthesize({ text: 'Hello.' })) bytes += c.length;
    expect(bytes).toBe(8000);
    const samples = parseProm(await metrics.render());
    const firstBytes = { provider: 'tone', op: 'first_byte' };
    expect(sampleValue(samples, 'infinioffice_provider_latency_seconds_count', firstBytes)).toBe(1);
  });

  test('a registered TTS is skipped when unconfigured or turned off, and auto keeps table order', async () => {
    expect((await build({})).tts.name).toBe('embedded');
    expect((await build({ TONE_API_KEY: 'k', TTS_PROVIDER: 'embedded' })).tts.name).toBe('embedded');
    // Both configured: the earlier entry wins under auto; the selector can pick the later one.
    expect((await build({ TONE_API_KEY: 'k', AWS_REGION: 'us-east-1' })).tts.name).toBe('tone');
    const polly = await build({ TONE_API_KEY: 'k', AWS_REGION: 'us-east-1', TTS_PROVIDER: 'polly' });
    expect(polly.tts.name).toBe('polly');
    expect(polly.describe().tts).toBe('polly (neural, Joanna)');
  });

  test('per-org calendars: each org is served by the first calendar that claims it, local otherwise', async () => {
    const p = await build({ MEMO_CALENDAR_URL: 'http://127.0.0.1:9/', GOOGLE_CLIENT_ID: 'client.apps' });
    expect(p.calendarFor({ settings: { memoCalendar: { id: 'x' } } }).name).toBe('memo');
    const googleOrg = { settings: { googleCalendar: { calendarId: 'x', refreshToken: 'r' } } };
    expect(p.calendarFor(googleOrg).name).toBe('google');
    expect(p.calendarFor({ settings: {} }).name).toBe('local');
    expect(p.describe().calendar).toBe(
      'memo (orgs with a memo calendar), google (orgs with credentials), local otherwise',
    );

    const forced = await build({ MEMO_CALENDAR_URL: 'http://127.0.0.1:9/', CALENDAR_PROVIDER: 'local' });
    expect(forced.calendarFor({ settings: { memoCalendar: { id: 'x' } } }).name).toBe('local');
  });

  test('describe(): one line per stage; an absent stage names every way to turn it on', async () => {
    const p = await build({});
    expect(p.describe()).toEqual({
      asr: 'none — set DEEPGRAM_API_KEY; without it callers can only be simulated (bun run demo / scenario)',
      llm: 'none — set OPENAI_API_KEY; without it replies come from templates',
      nlu: 'local (rules + dates)',
      tts: 'embedded (eSpeak NG)',
      calendar: 'local',
      notify: 'outbox (database + log)',
    });
    const withOther = createRegistry({
      ...providerTable,
      asr: [
        ...providerTable.asr,
        defineProvider({ ...toneTts, kind: 'asr', create: () => Promise.reject(new Error('never built')) }),
      ],
    });
    expect((await build({}, withOther)).describe().asr).toStartWith('none — set DEEPGRAM_API_KEY or TONE_API_KEY;');
  });

  test('an LLM turned off by its selector leaves understanding to the local rules', async () => {
    const p = await build({ OPENAI_API_KEY: 'sk-x', LLM_PROVIDER: 'none' });
    expect(p.llm).toBeNull();
    expect(p.nlu.name).toBe('local');
    expect(p.describe().llm).toStartWith('none');
  });
});
