// Turn latency, naive vs optimized, in the same run: scripted calls in real time through the real
// server, the real Deepgram, OpenAI and Polly SDKs and the wire-faithful fakes.
//
//   bun run bench:latency [--calls N] [--profile cloud|zero] [--concurrency C] [--ablate] [--json FILE] [--lang es]
//
// Turn latency = the caller's last speech frame sent → our first reply frame received, measured on
// the caller's side; the per-stage breakdown comes from the timings the server stored per turn.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inArray } from 'drizzle-orm';
import { startSimEnv, type SimEnv } from '../src/sim/sim-env.ts';
import { calls as callRows } from '../src/db/schema.ts';
import { type Scenario, readScenario } from '../src/sim/scenario.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../test/fakes/openai.ts';
import { startFakePolly, type FakePolly } from '../test/fakes/polly.ts';
import type { LatencyProfile } from '../src/sim/latency-profile.ts';
import { benchModel } from './lib/model.ts';
import { loadStoredTurns, pool, runBenchCall, type BenchCallResult } from './lib/bench-call.ts';
import { machine, mean, numArg, parseArgs, pcts, r1, type Pcts } from './lib/stats.ts';
import { interleave, scenarioLanguage, spanishScripts } from './lib/languages.ts';
import { cdfChart, svgDocument, waterfallChart, type WaterfallRow } from './lib/svg.ts';

const FEATURES = [
  'FEATURE_SENTENCE_STREAMING',
  'FEATURE_PHRASE_CACHE',
  'FEATURE_SPECULATION',
  'FEATURE_ADAPTIVE_ENDPOINT',
  'FEATURE_LOCAL_FIRST_NLU',
] as const;
type Feature = (typeof FEATURES)[number];

/** Provider latencies of each profile; bench/README.md gives their sources. */
const PROFILES: Record<
  'cloud' | 'zero',
  { deepgram: Partial<LatencyProfile>; openai: Partial<LatencyProfile>; polly: Partial<LatencyProfile> }
> = {
  cloud: {
    deepgram: { ttfbMs: 20, jitterMs: 10 },
    openai: { ttfbMs: 350, tokensPerSec: 50, jitterMs: 60 },
    // 16 000 B/s is real time for 8 kHz PCM16; Polly streams a few times faster than that.
    polly: { ttfbMs: 150, throughputBytesPerSec: 64_000, jitterMs: 30 },
  },
  zero: { deepgram: {}, openai: {}, polly: {} },
};

/** Scripted callers: bookings across the verticals plus open questions only the LLM can answer. */
const SCRIPTS = [
  'hvac-furnace-thursday',
  'auto-check-engine',
  'dental-new-patients',
  'salon-haircut-jessica',
  'hvac-tuneup-lowercase',
];

function loadScripts(): Scenario[] {
  const dir = join(import.meta.dir, '..', 'test', 'scenarios');
  const have = new Set(readdirSync(dir));
  const out = SCRIPTS.filter((n) => have.has(`${n}.json`)).map((n) => readScenario(join(dir, `${n}.json`)));
  const base = out[0]!;
  out.push({
    ...base,
    name: 'hvac-parking-question',
    turns: ['do you have parking', 'no thanks'],
    expect: { outcome: 'answered' },
  });
  out.push({
    ...base,
    name: 'hvac-question-then-book',
    turns: [
      'do you have parking',
      'yes i need a furnace repair',
      'my name is ann baker',
      'thursday at 10',
      'yes',
      'no thanks',
    ],
    expect: { outcome: 'booked' },
  });
  return out;
}

interface ModeResult {
  mode: string;
  calls: BenchCallResult[];
  all: number[];
  template: number[];
  generative: number[];
  /** Our own time per turn: ASR final (or our early endpoint) → first frame, minus provider waits. */
  overhead: number[];
  stages: Record<string, number[]>;
  cacheHitRate: number;
  speculationHitRate: number;
  adaptiveFired: number;
  adaptiveWrong: number;
  failedCalls: number;
  /** Generated answers started on the speculative interim, and how many were dropped. */
  earlyGenerations: number;
  earlyWasted: number;
  earlyWastedTokens: number;
  /** Template and generated turn latencies per call language. */
  byLanguage: Record<string, { template: number[]; generative: number[] }>;
  /** Each call's language, in `calls` order. */
  callLanguages: string[];
}

async function runMode(
  mode: string,
  features: Record<Feature, boolean>,
  o: {
    calls: number;
    concurrency: number;
    profile: 'cloud' | 'zero';
    tts: 'polly' | 'embedded';
    openai: FakeOpenAi;
    polly: FakePolly;
    spanish: boolean;
  },
): Promise<ModeResult> {
  const env: SimEnv = await startSimEnv({
    realtime: true,
    deepgramProfile: PROFILES[o.profile].deepgram,
    env: {
      OPENAI_API_KEY: 'bench-key',
      OPENAI_BASE_URL: o.openai.url,
      ...(o.tts === 'polly' ? { AWS_REGION: 'us-east-1', POLLY_ENDPOINT: o.polly.url } : { TTS_PROVIDER: 'embedded' }),
      ...Object.fromEntries(FEATURES.map((f) => [f, String(features[f])])),
    },
  });
  let adaptiveWrong = 0;
  try {
    const scripts = o.spanish ? interleave(loadScripts(), spanishScripts()) : loadScripts();
    const jobs = Array.from({ length: o.calls }, (_, i) => scripts[i % scripts.length]!);
    const calls = await pool(jobs, o.concurrency, (s) =>
      runBenchCall(env, s, { precompute: features.FEATURE_PHRASE_CACHE }),
    );
    for (let i = 0; i < 200 && env.app.rt.registry.liveCount > 0; i++) await Bun.sleep(10);
    await env.app.rt.writes.flush(3);
    for (const c of calls) await loadStoredTurns(env, c);
    const ids = calls.map((c) => c.callId).filter((id): id is string => id !== null);
    const usages = ids.length
      ? await env.app.rt.db.db.select({ usage: callRows.usage }).from(callRows).where(inArray(callRows.id, ids))
      : [];
    const usageSum = (k: string) => usages.reduce((n, u) => n + (u.usage?.[k] ?? 0), 0);
    const r: ModeResult = {
      mode,
      calls,
      all: [],
      template: [],
      generative: [],
      overhead: [],
      stages: {},
      cacheHitRate: 0,
      speculationHitRate: 0,
      adaptiveFired: 0,
      adaptiveWrong: 0,
      failedCalls: 0,
      earlyGenerations: usageSum('llmEarlyRequests'),
      earlyWasted: usageSum('llmEarlyWasted'),
      earlyWastedTokens: usageSum('llmEarlyWastedTokens'),
      byLanguage: {},
      callLanguages: jobs.map(scenarioLanguage),
    };
    let turns = 0;
    let cacheHits = 0;
    let specHits = 0;
    for (const [n, c] of calls.entries()) {
      const lang = scenarioLanguage(jobs[n]!);
      r.byLanguage[lang] ??= { template: [], generative: [] };
      const byLang = r.byLanguage[lang]!;
      if (!c.completed || c.error) r.failedCalls++;
      c.turns.forEach((t, i) => {
        const probe = c.probes[i];
        const ms = probe?.firstReplyAt != null ? probe.firstReplyAt - probe.lastSpeechAt : null;
        if (ms === null) return;
        turns++;
        r.all.push(ms);
        (t.kind === 'generative' ? r.generative : r.template).push(ms);
        (t.kind === 'generative' ? byLang.generative : byLang.template).push(ms);
        if (t.cacheHit) cacheHits++;
        if (t.speculationHit) specHits++;
        if (t.adaptiveEndpoint) r.adaptiveFired++;
        // An early turn end was wrong when the caller kept talking and our reply was dropped.
        if (t.adaptiveEndpoint && t.bargedIn) adaptiveWrong++;
        for (const [k, v] of Object.entries(t.stages)) {
          r.stages[k] ??= [];
          r.stages[k].push(v);
        }
        const start = t.adaptiveEndpoint ? t.stages.endpoint : t.stages.asrFinal;
        const out = t.stages.firstFrameOut;
        if (start !== undefined && out !== undefined) {
          // Provider waits inside the turn: LLM to its first token (when NLU waited on it) and TTS to first byte.
          const llmWait =
            t.stages.nluDone !== undefined && !t.speculationHit ? Math.max(0, t.stages.nluDone - start) : 0;
          const ttsWait =
            t.stages.ttsFirstByte !== undefined && t.stages.firstSentence !== undefined
              ? Math.max(0, t.stages.ttsFirstByte - t.stages.firstSentence)
              : 0;
          const genWait =
            t.stages.llmFirstToken !== undefined && t.stages.nluDone !== undefined
              ? Math.max(0, t.stages.llmFirstToken - t.stages.nluDone)
              : 0;
          r.overhead.push(Math.max(0, out - start - llmWait - ttsWait - genWait));
        }
      });
    }
    r.cacheHitRate = turns ? cacheHits / turns : 0;
    r.speculationHitRate = turns ? specHits / turns : 0;
    r.adaptiveWrong = adaptiveWrong;
    return r;
  } finally {
    await env.close();
  }
}

const STAGE_ORDER = [
  'speculationStart',
  'endpoint',
  'asrFinal',
  'nluDone',
  'llmFirstToken',
  'firstSentence',
  'ttsFirstByte',
  'firstFrameOut',
];

/** Median time of each stage after the caller stopped, as consecutive segments. */
function waterfall(r: ModeResult): WaterfallRow {
  const med = (k: string) => (r.stages[k]?.length ? pcts(r.stages[k]!.map((v) => Math.max(0, v))).p50 : undefined);
  const segments: WaterfallRow['segments'] = [];
  let prev = 0;
  for (const k of STAGE_ORDER) {
    const v = med(k);
    if (v === undefined || v < prev) continue;
    segments.push({ stage: k, ms: v - prev });
    prev = v;
  }
  return { label: r.mode, segments };
}

/** Early generations dropped (their request aborted) over those started. */
function wasteRate(r: ModeResult): number {
  return r.earlyGenerations ? r.earlyWasted / r.earlyGenerations : 0;
}

/** Tokens the dropped early generations cost, per call. */
function extraTokens(r: ModeResult): number {
  return r.calls.length ? r1(r.earlyWastedTokens / r.calls.length) : 0;
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

function line(label: string, p: Pcts): string {
  return `${label.padEnd(28)} p50 ${String(p.p50).padStart(7)}  p95 ${String(p.p95).padStart(7)}  p99 ${String(p.p99).padStart(7)}  (n=${p.n})`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const calls = numArg(args, 'calls', 14);
  const concurrency = numArg(args, 'concurrency', 7);
  const profile = args.get('profile') === 'zero' ? 'zero' : 'cloud';
  const ablate = args.has('ablate');
  const jsonFile = args.get('json');
  const tts = args.get('tts') === 'embedded' ? 'embedded' : 'polly';
  const spanish = args.get('lang') === 'es';
  // Credentials for the AWS SDK's default chain; the Polly fake checks their shape only.
  process.env.AWS_ACCESS_KEY_ID ??= 'AKIDBENCHMARK0000000';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'benchmark-secret';

  const openai = await startFakeOpenAi({ profile: PROFILES[profile].openai });
  openai.setResponder(benchModel());
  const polly = await startFakePolly({ profile: PROFILES[profile].polly });
  const on = Object.fromEntries(FEATURES.map((f) => [f, true])) as Record<Feature, boolean>;
  const off = Object.fromEntries(FEATURES.map((f) => [f, false])) as Record<Feature, boolean>;
  const plan: Array<[string, Record<Feature, boolean>]> = [
    ['naive', off],
    ['optimized', on],
  ];
  if (ablate)
    for (const f of FEATURES)
      plan.push([`optimized − ${f.replace('FEATURE_', '').toLowerCase()}`, { ...on, [f]: false }]);

  console.log(`bench:latency profile=${profile} tts=${tts} calls=${calls} concurrency=${concurrency} on ${machine()}`);
  const results: ModeResult[] = [];
  for (const [mode, features] of plan) {
    const t0 = performance.now();
    const r = await runMode(mode, features, { calls, concurrency, profile, tts, openai, polly, spanish });
    results.push(r);
    for (const e of new Set(r.calls.map((c) => c.error).filter(Boolean))) console.log(`  ${mode}: ${e}`);
    console.log(
      `  ${mode}: ${r.all.length} turns in ${((performance.now() - t0) / 1000).toFixed(1)} s${r.failedCalls ? `, ${r.failedCalls} calls did not complete` : ''}`,
    );
  }
  await openai.close();
  await polly.close();

  const naive = results[0]!;
  const opt = results[1]!;
  const ratio = Number((pcts(opt.all).p50 / pcts(naive.all).p50).toFixed(3));
  // Spanish against English in the optimized mode: p50 and p95 of each turn kind, es ÷ en.
  const langRatios = (kind: 'template' | 'generative') => {
    const es = opt.byLanguage.es?.[kind] ?? [];
    const en = opt.byLanguage.en?.[kind] ?? [];
    if (es.length === 0 || en.length === 0) return null;
    const [a, b] = [pcts(es), pcts(en)];
    return { p50: Number((a.p50 / b.p50).toFixed(3)), p95: Number((a.p95 / b.p95).toFixed(3)), es: a.n, en: b.n };
  };
  const spanishVsEnglish = spanish ? { template: langRatios('template'), generative: langRatios('generative') } : null;
  console.log('\nturn latency, ms (last caller speech frame → first reply frame, caller side)');
  for (const r of results) {
    console.log(line(`${r.mode}`, pcts(r.all)));
    console.log(line('  template turns', pcts(r.template)));
    if (r.generative.length) {
      const g = pcts(r.generative);
      console.log(
        `  generated p50/p95 ${g.p50}/${g.p95} ms (n=${g.n})  speculation waste rate ${pct(wasteRate(r))}` +
          ` (${r.earlyWasted} of ${r.earlyGenerations} early generations)  extra tokens per call ${extraTokens(r)}`,
      );
    }
    console.log(line('  runtime overhead', pcts(r.overhead)));
    if (spanish)
      for (const [lang, l] of Object.entries(r.byLanguage)) {
        console.log(line(`  ${lang} template turns`, pcts(l.template)));
        if (l.generative.length) console.log(line(`  ${lang} generated turns`, pcts(l.generative)));
      }
    console.log(
      `  cache hit ${(r.cacheHitRate * 100).toFixed(0)}%  speculation hit ${(r.speculationHitRate * 100).toFixed(0)}%  adaptive endpoint fired ${r.adaptiveFired} (wrong ${r.adaptiveWrong})`,
    );
  }
  console.log(`\noptimized/naive p50 ratio: ${ratio}`);
  if (spanishVsEnglish)
    for (const [kind, r] of Object.entries(spanishVsEnglish))
      console.log(
        r
          ? `es/en ${kind} turns (optimized): p50 ×${r.p50}  p95 ×${r.p95}  (n=${r.es} es, ${r.en} en)`
          : `es/en ${kind} turns (optimized): not enough turns of both languages`,
      );
  if (ablate) {
    console.log('\nwhat each technique buys (p50 with it switched off − optimized p50):');
    for (const r of results.slice(2))
      console.log(
        `  ${r.mode.padEnd(40)} +${r1(pcts(r.all).p50 - pcts(opt.all).p50)} ms p50, +${r1(pcts(r.all).p95 - pcts(opt.all).p95)} ms p95`,
      );
  }
  console.log('\nslowest optimized turns:');
  const slow = opt.calls.flatMap((c, n) =>
    c.turns.map((t, i) => {
      const p = c.probes[i];
      const ms = p?.firstReplyAt != null ? p.firstReplyAt - p.lastSpeechAt : -1;
      return { ms, lang: opt.callLanguages[n] ?? 'en', t };
    }),
  );
  for (const { ms, lang, t } of slow.sort((a, b) => b.ms - a.ms).slice(0, 5))
    console.log(
      `  ${r1(ms)} ms [${lang}] ${t.kind}${t.cacheHit ? ' cached' : ''} "${t.callerText.slice(0, 40)}" → "${t.replyText.slice(0, 60)}"`,
    );
  console.log('\nmedian stage times after the caller stopped (server side):');
  for (const r of results.slice(0, 2))
    console.log(
      `  ${r.mode}: ${waterfall(r)
        .segments.map((s) => `${s.stage} +${r1(s.ms)}`)
        .join(' → ')}`,
    );

  const dir = join(import.meta.dir, 'results');
  mkdirSync(dir, { recursive: true });
  const svgPath = join(dir, `latency-${profile}.svg`);
  const w = 900;
  const body =
    cdfChart(
      `Turn latency (${profile} profile)`,
      results.map((r) => ({ label: r.mode, values: r.all })),
      { x: 0, y: 0, w, h: 340 },
    ) +
    waterfallChart('Median stage times after the caller stopped (ms)', results.slice(0, 2).map(waterfall), {
      x: 0,
      y: 350,
      w,
      h: 180,
    });
  writeFileSync(svgPath, svgDocument(w, 540, body));
  console.log(`\nchart: ${svgPath}`);

  const summary = {
    profile,
    calls,
    turns: opt.all.length,
    machine: machine(),
    modes: Object.fromEntries(results.map((r) => [r.mode, pcts(r.all)])),
    ratioP50: ratio,
    ...(spanishVsEnglish ? { spanishVsEnglish } : {}),
    templateP50Ms: pcts(opt.template).p50,
    templateP95Ms: pcts(opt.template).p95,
    generativeP50Ms: pcts(opt.generative).p50,
    generativeP95Ms: pcts(opt.generative).p95,
    speculationWasteRate: r1(wasteRate(opt) * 1000) / 1000,
    earlyGenerations: opt.earlyGenerations,
    extraTokensPerCall: extraTokens(opt),
    naiveTemplateP50Ms: pcts(naive.template).p50,
    naiveGenerativeP50Ms: pcts(naive.generative).p50,
    overheadP50Ms: pcts(opt.overhead).p50,
    overheadP99Ms: pcts(opt.overhead).p99,
    cacheHitRate: r1(opt.cacheHitRate * 1000) / 1000,
    speculationHitRate: r1(opt.speculationHitRate * 1000) / 1000,
    adaptiveEndpointFired: opt.adaptiveFired,
    adaptiveEndpointWrong: opt.adaptiveWrong,
    meanTurnMs: Object.fromEntries(results.map((r) => [r.mode, r1(mean(r.all))])),
    failedCalls: Object.fromEntries(results.map((r) => [r.mode, r.failedCalls])),
  };
  if (typeof jsonFile === 'string') {
    writeFileSync(jsonFile, `${JSON.stringify(summary, null, 2)}\n`);
    console.log(`json: ${jsonFile}`);
  }
  process.exit(0);
}

await main();
