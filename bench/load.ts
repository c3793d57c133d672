// Many concurrent calls in real time against one server process.
//
//   bun run bench:load [--max N] [--start N0] [--step K] [--seconds S] [--arrivals R] [--unloaded-seconds U]
//                      [--asr-chunk-ms MS] [--media-out-chunk-ms MS] [--cpu-prof] [--json FILE]
//   bun run bench:load --sweep-asr-chunk 20,40,60,100 [--calls N] [--seconds S] [--json FILE]
//
// The server runs as its own process (bun src/main.ts) pinned to core 1 (`taskset -c 1`); this
// process (the Twilio side) and the provider fakes run pinned to core 0 (`taskset -c 0`), so the
// server's CPU is its own. Without taskset, or on one core, nothing is pinned and the report says
// so. Each caller sends 50 μ-law frames a second for the whole call, plays what it receives at
// 8 kHz, echoes marks as their audio plays out and honours clear; all callers share one 20 ms
// tick and send pre-encoded frames. A level's calls arrive at R a second (default 50, over two
// seconds at least: a region holding 1,000 three-minute calls sees about 6 a second), then run S
// seconds at full strength, each caller placing call after call (~8 s each, so far more call
// set-ups than in life). The number of concurrent calls ramps (N0, then ×2 or +K, up to N) until
// a level fails: any playout gap, any lost frame, an incomplete call, or server inbound
// lag p99 > 20 ms. Reported per level and for the run: server CPU ms per call-second (utime+stime
// of the server process over the level / the seconds calls were connected), RSS per call,
// the largest level held, playout gaps, lost frames, inbound lag p99, turn latency.
// --sweep-asr-chunk runs one level per ASR_CHUNK_MS value, each on a fresh server, and reports
// CPU and turn latency side by side.
import { spawn, type Subprocess } from 'bun';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeFrames, placeCall, randomSid, type TwilioMediaStream } from '../src/sim/twilio-caller.ts';
import { speechAudio } from '../src/sim/caller-audio.ts';
import { parseProm, type Family } from '../test/metrics/prom-parse.ts';
import { PacedCaller } from './lib/paced-caller.ts';
import { lineClock } from './lib/line-clock.ts';
import { harnessCore, pinHarness, serverCommand } from './lib/pinning.ts';
import { machine, numArg, parseArgs, pcts, r1 } from './lib/stats.ts';
import { barChart, svgDocument } from './lib/svg.ts';

const SCRIPT = ['what are your hours', 'do you offer a warranty', 'how much is a tune up', "no that's all"];
const NOW = '2026-11-23T10:00:00-06:00';
const ADMIN_KEY = 'bench-admin-key-0000000000000000';

interface Fakes {
  deepgram: string;
  polly: string;
  control: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startFakes(): Promise<{ proc: Subprocess; urls: Fakes }> {
  const proc = spawn(['bun', join(import.meta.dir, 'lib', 'fakes-process.ts')], { stdout: 'pipe', stderr: 'inherit' });
  const reader = (proc.stdout as ReadableStream<Uint8Array>).getReader();
  let text = '';
  while (!text.includes('\n')) {
    const { value, done } = await reader.read();
    if (done) throw new Error('fakes process exited');
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return { proc, urls: JSON.parse(text.split('\n')[0]!) as Fakes };
}

async function startServer(
  fakes: Fakes,
  dir: string,
  cpuProf: boolean,
  extraEnv: Record<string, string>,
): Promise<{ proc: Subprocess; url: string }> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  // --cpu-prof: the server writes a CPU profile (and a markdown summary) to bench/results on exit.
  const prof = cpuProf ? ['--cpu-prof', '--cpu-prof-md', `--cpu-prof-dir=${join(import.meta.dir, 'results')}`] : [];
  const proc = spawn(serverCommand(['bun', ...prof, join(import.meta.dir, '..', 'src', 'main.ts')]), {
    env: {
      ...process.env,
      PORT: String(port),
      // A fresh database per server (the sweep starts one per setting).
      DATABASE_URL: `file:${join(dir, `load-${port}.db`)}`,
      REGION: 'bench',
      LOG_LEVEL: 'error',
      ADMIN_API_KEY: ADMIN_KEY,
      DEEPGRAM_API_KEY: 'bench-key',
      DEEPGRAM_URL: fakes.deepgram,
      AWS_REGION: 'us-east-1',
      POLLY_ENDPOINT: fakes.polly,
      AWS_ACCESS_KEY_ID: 'AKIDBENCHMARK0000000',
      AWS_SECRET_ACCESS_KEY: 'benchmark-secret',
      ALLOW_SIMULATED_CLOCK: 'true',
      MAX_CONNECTIONS_PER_IP: '100000',
      MAX_PREAUTH_SOCKETS: '100000',
      ...extraEnv,
    },
    stdout: 'ignore',
    stderr: 'inherit',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { proc, url };
    await sleep(100);
  }
  throw new Error('server did not become healthy');
}

/** /proc readings of the server process: CPU jiffies (user+system, 1/100 s) and resident memory. */
function procStat(pid: number): { cpuTicks: number; rssMB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuTicks = Number(fields[11]) + Number(fields[12]);
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return { cpuTicks, rssMB: rssKb / 1024 };
}

/** Quantile from the difference of two cumulative histogram snapshots (upper bucket bound). */
function histQuantile(before: Map<string, Family>, after: Map<string, Family>, name: string, q: number): number {
  const buckets = (m: Map<string, Family>) =>
    (m.get(name)?.samples ?? [])
      .filter((s) => s.name === `${name}_bucket`)
      .map((s) => ({ le: s.labels.le === '+Inf' ? Infinity : Number(s.labels.le), v: s.value }));
  const a = buckets(after);
  const b = new Map(buckets(before).map((x) => [x.le, x.v]));
  const diffs = a.map((x) => ({ le: x.le, v: x.v - (b.get(x.le) ?? 0) })).sort((x, y) => x.le - y.le);
  const total = diffs.at(-1)?.v ?? 0;
  if (total <= 0) return Number.NaN;
  const hit = diffs.find((d) => d.v >= q * total);
  return hit ? hit.le : Number.NaN;
}

interface CallerTally {
  calls: number;
  /** Seconds the calls' media streams were connected, summed over calls. */
  callSeconds: number;
  turns: number[];
  framesSent: number;
  senderLate: number;
  gaps: number;
  gapMs: number;
  incomplete: number;
}

/** Each line's frames, encoded once per voice (speechAudio varies the pitch by seed % 7). */
const speechFrames = new Map<string, readonly string[]>();
function framesFor(line: string, seed: number): readonly string[] {
  const key = `${seed % 7}|${line}`;
  let f = speechFrames.get(key);
  if (!f) {
    f = encodeFrames(speechAudio(line, seed));
    speechFrames.set(key, f);
  }
  return f;
}

/** One caller slot: back-to-back calls until the deadline. */
async function callerLoop(
  serverUrl: string,
  fakes: Fakes,
  phone: string,
  deadline: number,
  tally: CallerTally,
  seed: number,
): Promise<void> {
  while (performance.now() < deadline) {
    const callSid = randomSid('CA');
    await fetch(`${fakes.control}/script`, { method: 'POST', body: JSON.stringify({ tag: callSid, lines: SCRIPT }) });
    let stream: TwilioMediaStream;
    try {
      ({ stream } = await placeCall({
        serverUrl,
        to: phone,
        from: '+15125550123',
        callSid,
        timeScale: 1,
        extraForm: { SimulatedNow: NOW },
        tick: lineClock,
      }));
    } catch {
      tally.incomplete++;
      await sleep(500);
      continue;
    }
    const openedAt = performance.now();
    const caller = new PacedCaller(stream);
    caller.start();
    const replyEnd = () => stream.waitForReplyEnd(20_000);
    let state = await replyEnd();
    for (const line of SCRIPT) {
      if (state !== 'end') break;
      await sleep(250);
      const next = replyEnd();
      await caller.say(framesFor(line, seed++));
      state = await next;
    }
    caller.stop();
    if (!stream.isClosed) {
      stream.stop();
      await Promise.race([stream.waitClosed(), sleep(2000)]);
    }
    tally.calls++;
    tally.callSeconds += (performance.now() - openedAt) / 1000;
    if (state === 'timeout') tally.incomplete++;
    for (const p of caller.probes) if (p.firstReplyAt !== null) tally.turns.push(p.firstReplyAt - p.lastSpeechAt);
    tally.framesSent += caller.stats.framesSent;
    tally.senderLate += caller.stats.lateFrames;
    tally.gaps += stream.stats.gaps;
    tally.gapMs += stream.stats.gapMs;
  }
}

interface Level {
  calls: number;
  seconds: number;
  callsCompleted: number;
  incomplete: number;
  playoutGaps: number;
  playoutGapMs: number;
  lostFrames: number;
  inboundLagP50Ms: number;
  inboundLagP99Ms: number;
  turnP50Ms: number;
  turnP99Ms: number;
  eventLoopLagP99Ms: number;
  cpuPercent: number;
  callSeconds: number;
  serverCpuMsPerCallSecond: number;
  rssMB: number;
  rssPerCallMB: number;
  callerLateFrames: number;
  harnessLateTicks: number;
  held: boolean;
}

async function runLevel(
  n: number,
  seconds: number,
  ctx: {
    server: { proc: Subprocess; url: string };
    fakes: Fakes;
    phone: string;
    baselineRssMB: number;
    unloadedP50: number;
    arrivalsPerSecond: number;
  },
): Promise<Level> {
  const metrics = async () => parseProm(await (await fetch(`${ctx.server.url}/metrics`)).text());
  const fakeStats = async () =>
    (await (await fetch(`${ctx.fakes.control}/stats`)).json()) as { deepgram: { bytesReceived: number } };
  const m0 = await metrics();
  const f0 = await fakeStats();
  const p0 = procStat(ctx.server.proc.pid);
  const t0 = performance.now();
  const tally: CallerTally = {
    calls: 0,
    callSeconds: 0,
    turns: [],
    framesSent: 0,
    senderLate: 0,
    gaps: 0,
    gapMs: 0,
    incomplete: 0,
  };
  const lateTicks0 = lineClock.lateTicks;
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, procStat(ctx.server.proc.pid).rssMB)), 1000);
  // The level's calls arrive at `arrivalsPerSecond` (over two seconds at least), then each caller
  // places call after call until the level's seconds at full strength are over.
  const rampMs = Math.max(2000, (n / ctx.arrivalsPerSecond) * 1000);
  const deadline = t0 + rampMs + seconds * 1000;
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      sleep((i / n) * rampMs).then(() => callerLoop(ctx.server.url, ctx.fakes, ctx.phone, deadline, tally, i * 7)),
    ),
  );
  clearInterval(sampler);
  const elapsed = (performance.now() - t0) / 1000;
  await sleep(500);
  const m1 = await metrics();
  const f1 = await fakeStats();
  const p1 = procStat(ctx.server.proc.pid);
  const lost = Math.max(0, tally.framesSent - (f1.deepgram.bytesReceived - f0.deepgram.bytesReceived) / 160);
  const turn = pcts(tally.turns);
  const level: Level = {
    calls: n,
    seconds: r1(elapsed),
    callsCompleted: tally.calls,
    incomplete: tally.incomplete,
    playoutGaps: tally.gaps,
    playoutGapMs: r1(tally.gapMs),
    lostFrames: Math.round(lost),
    inboundLagP50Ms: r1(histQuantile(m0, m1, 'infinioffice_inbound_audio_lag_seconds', 0.5) * 1000),
    inboundLagP99Ms: r1(histQuantile(m0, m1, 'infinioffice_inbound_audio_lag_seconds', 0.99) * 1000),
    turnP50Ms: turn.p50,
    turnP99Ms: turn.p99,
    eventLoopLagP99Ms: r1(histQuantile(m0, m1, 'infinioffice_event_loop_lag_seconds', 0.99) * 1000),
    cpuPercent: r1(((p1.cpuTicks - p0.cpuTicks) / 100 / elapsed) * 100),
    callSeconds: r1(tally.callSeconds),
    serverCpuMsPerCallSecond:
      tally.callSeconds > 0
        ? Math.round(((p1.cpuTicks - p0.cpuTicks) * 10 * 1000) / tally.callSeconds) / 1000
        : Number.NaN,
    rssMB: r1(peakRss),
    rssPerCallMB: Math.round(((peakRss - ctx.baselineRssMB) / n) * 1000) / 1000,
    callerLateFrames: tally.senderLate,
    harnessLateTicks: lineClock.lateTicks - lateTicks0,
    held: false,
  };
  // Turn latency against the unloaded run is reported, not a bound: ASR_CHUNK_MS moves it by design.
  level.held =
    level.playoutGaps === 0 && level.lostFrames === 0 && level.incomplete === 0 && level.inboundLagP99Ms <= 20;
  return level;
}

const PHONE = '+15125550177';

/** A fresh server with the business set up and its phrases synthesized, as long before its calls. */
async function prepareServer(
  fakes: Fakes,
  dir: string,
  cpuProf: boolean,
  extraEnv: Record<string, string>,
): Promise<{ proc: Subprocess; url: string }> {
  const server = await startServer(fakes, dir, cpuProf, extraEnv);
  const res = await fetch(`${server.url}/api/orgs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ template: 'hvac', name: 'Polar Air', phoneNumber: PHONE, timezone: 'America/Chicago' }),
  });
  if (res.status !== 201) {
    const why = `could not create the org: ${res.status} ${await res.text()}`;
    await stopServer(server);
    throw new Error(why);
  }
  let last = '';
  for (let i = 0; i < 120; i++) {
    await sleep(1000);
    const s = await (
      await fetch(`${server.url}/api/phrases/status`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })
    ).text();
    if (s === last) break;
    last = s;
  }
  return server;
}

async function stopServer(server: { proc: Subprocess }): Promise<void> {
  server.proc.kill('SIGTERM');
  await Promise.race([server.proc.exited, sleep(15_000)]);
}

function levelLine(l: Level): string {
  return (
    `${String(l.calls).padStart(5)} calls: ${l.held ? 'held  ' : 'FAILED'} server CPU ${l.serverCpuMsPerCallSecond} ms/call-s ` +
    `(${l.cpuPercent}% of a core), RSS ${l.rssMB} MB (${l.rssPerCallMB} MB/call), gaps ${l.playoutGaps} (${l.playoutGapMs} ms), ` +
    `lost frames ${l.lostFrames}, inbound lag p50/p99 ${l.inboundLagP50Ms}/${l.inboundLagP99Ms} ms, ` +
    `turn p50/p99 ${l.turnP50Ms}/${l.turnP99Ms} ms, loop lag p99 ${l.eventLoopLagP99Ms} ms, ${l.callsCompleted} calls, ` +
    `${l.incomplete} incomplete, harness late frames ${l.callerLateFrames}, late ticks ${l.harnessLateTicks}`
  );
}

/** New calls a second while a level ramps up (--arrivals). */
function arrivals(args: Map<string, string | true>): number {
  return Math.max(1, numArg(args, 'arrivals', 50));
}

function serverEnv(args: Map<string, string | true>): Record<string, string> {
  const env: Record<string, string> = {};
  const asr = args.get('asr-chunk-ms');
  const out = args.get('media-out-chunk-ms');
  if (typeof asr === 'string') env.ASR_CHUNK_MS = asr;
  if (typeof out === 'string') env.MEDIA_OUT_CHUNK_MS = out;
  return env;
}

/** One level per ASR_CHUNK_MS value, each on a fresh server: CPU and turn latency side by side. */
async function sweep(args: Map<string, string | true>, values: number[], fakes: Fakes, dir: string): Promise<void> {
  const n = numArg(args, 'calls', 50);
  const seconds = numArg(args, 'seconds', 30);
  console.log(`bench:load ASR_CHUNK_MS sweep ${values.join(', ')} at ${n} calls, ${seconds} s each, on ${machine()}`);
  console.log(harnessCore());
  const rows: Array<Level & { asrChunkMs: number }> = [];
  for (const v of values) {
    const server = await prepareServer(fakes, dir, false, { ...serverEnv(args), ASR_CHUNK_MS: String(v) });
    try {
      const baselineRssMB = procStat(server.proc.pid).rssMB;
      const l = await runLevel(n, seconds, {
        server,
        fakes,
        phone: PHONE,
        baselineRssMB,
        unloadedP50: Infinity,
        arrivalsPerSecond: arrivals(args),
      });
      rows.push({ ...l, asrChunkMs: v });
      console.log(`ASR_CHUNK_MS=${String(v).padStart(3)}: ${levelLine(l)}`);
    } finally {
      await stopServer(server);
    }
  }
  console.log('\n| ASR_CHUNK_MS | server CPU ms/call-s | turn p50 | turn p99 | inbound lag p99 | gaps | lost | held |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|:---:|');
  for (const r of rows)
    console.log(
      `| ${r.asrChunkMs} | ${r.serverCpuMsPerCallSecond} | ${r.turnP50Ms} | ${r.turnP99Ms} | ${r.inboundLagP99Ms} | ${r.playoutGaps} | ${r.lostFrames} | ${r.held ? 'yes' : 'no'} |`,
    );
  const jsonFile = args.get('json');
  if (typeof jsonFile === 'string')
    writeFileSync(
      jsonFile,
      `${JSON.stringify({ calls: n, seconds, machine: machine(), separation: harnessCore(), sweep: rows }, null, 2)}\n`,
    );
}

async function main(): Promise<void> {
  await pinHarness();
  const args = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'infinioffice-load-'));
  const fakes = await startFakes();
  try {
    const sweepArg = args.get('sweep-asr-chunk');
    if (typeof sweepArg === 'string') {
      const values = sweepArg.split(',').map((v) => Number(v.trim()));
      if (values.some((v) => !Number.isInteger(v) || v < 20 || v > 100))
        throw new Error('--sweep-asr-chunk takes ms values from 20 to 100, e.g. 20,40,60,100');
      await sweep(args, values, fakes.urls, dir);
    } else await ramp(args, fakes.urls, dir);
  } finally {
    fakes.proc.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(0);
}

async function ramp(args: Map<string, string | true>, fakes: Fakes, dir: string): Promise<void> {
  const maxCalls = numArg(args, 'max', numArg(args, 'calls', 1000));
  const seconds = numArg(args, 'seconds', 30);
  const start = Math.min(maxCalls, numArg(args, 'start', 25));
  const step = args.has('step') ? numArg(args, 'step', 100) : null;
  const jsonFile = args.get('json');
  const server = await prepareServer(fakes, dir, args.has('cpu-prof'), serverEnv(args));
  try {
    console.log(
      `bench:load up to ${maxCalls} calls, arriving at ${arrivals(args)} a second, then ${seconds} s per level, on ${machine()}`,
    );
    console.log(harnessCore());
    const idleRssMB = procStat(server.proc.pid).rssMB;
    const unloaded = await runLevel(1, numArg(args, 'unloaded-seconds', 45), {
      server,
      fakes,
      phone: PHONE,
      baselineRssMB: idleRssMB,
      unloadedP50: Infinity,
      arrivalsPerSecond: arrivals(args),
    });
    // The baseline for RSS per call is the server warmed by the unloaded calls (JIT, caches,
    // engine workers), so a level's figure is what its calls add.
    await sleep(1000);
    const baselineRssMB = procStat(server.proc.pid).rssMB;
    console.log(
      `unloaded: turn p50 ${unloaded.turnP50Ms} ms, p99 ${unloaded.turnP99Ms} ms (${unloaded.callsCompleted} calls); server RSS ${r1(baselineRssMB)} MB`,
    );
    const levels: Level[] = [];
    for (let n = start; ; n = Math.min(maxCalls, step ? n + step : n * 2)) {
      const l = await runLevel(n, seconds, {
        server,
        fakes,
        phone: PHONE,
        baselineRssMB,
        unloadedP50: unloaded.turnP50Ms,
        arrivalsPerSecond: arrivals(args),
      });
      levels.push(l);
      console.log(levelLine(l));
      if (!l.held || n >= maxCalls) break;
    }
    const held = levels.filter((l) => l.held);
    // The figures of the largest level held (or of the first, failed, level when none held).
    const top = held.at(-1) ?? levels[0]!;
    const summary = {
      maxCallsHeld: held.length ? top.calls : 0,
      serverCpuMsPerCallSecond: top.serverCpuMsPerCallSecond,
      rssPerCallMB: top.rssPerCallMB,
      playoutGaps: top.playoutGaps,
      lostFrames: top.lostFrames,
      inboundLagP99Ms: top.inboundLagP99Ms,
      calls: top.calls,
      seconds,
      arrivalsPerSecond: arrivals(args),
      machine: machine(),
      separation: harnessCore(),
      playoutGapMs: top.playoutGapMs,
      inboundLagP50Ms: top.inboundLagP50Ms,
      turnP50Ms: top.turnP50Ms,
      turnP99Ms: top.turnP99Ms,
      unloadedTurnP50Ms: unloaded.turnP50Ms,
      eventLoopLagP99Ms: top.eventLoopLagP99Ms,
      cpuPercent: top.cpuPercent,
      firstFailedLevel: levels.find((l) => !l.held) ?? null,
      levels,
    };
    console.log(
      `maxCallsHeld ${summary.maxCallsHeld}; at that level: serverCpuMsPerCallSecond ${summary.serverCpuMsPerCallSecond}, ` +
        `rssPerCallMB ${summary.rssPerCallMB}, playoutGaps ${summary.playoutGaps}, lostFrames ${summary.lostFrames}, ` +
        `inboundLagP99Ms ${summary.inboundLagP99Ms}`,
    );
    const resultsDir = join(import.meta.dir, 'results');
    mkdirSync(resultsDir, { recursive: true });
    const all = [{ ...unloaded, calls: 1 }, ...levels];
    const w = 900;
    const body =
      barChart(
        'Turn latency by concurrent calls',
        'ms',
        all.map((l) => ({
          label: `${l.calls}${l === unloaded ? ' (unloaded)' : l.held ? '' : ' ✗'}`,
          bars: [
            { name: 'turn p50', value: l.turnP50Ms },
            { name: 'turn p99', value: l.turnP99Ms },
          ],
        })),
        { x: 0, y: 0, w, h: 300 },
      ) +
      barChart(
        'Lag by concurrent calls (bucket upper bounds)',
        'ms',
        levels.map((l) => ({
          label: String(l.calls),
          bars: [
            { name: 'inbound lag p99', value: l.inboundLagP99Ms },
            { name: 'event-loop lag p99', value: l.eventLoopLagP99Ms },
          ],
        })),
        { x: 0, y: 310, w, h: 300 },
      );
    const svgPath = join(resultsDir, 'load.svg');
    writeFileSync(svgPath, svgDocument(w, 620, body));
    console.log(`chart: ${svgPath}`);
    if (typeof jsonFile === 'string') writeFileSync(jsonFile, `${JSON.stringify(summary, null, 2)}\n`);
  } finally {
    await stopServer(server);
  }
}

await main();
