// What the container image costs, without a Docker engine: the Dockerfile's layers are rebuilt in
// a temporary directory exactly as its steps say (a production install from the lockfile, then
// package.json, bun.lock, tsconfig.json, src and scripts), and from there we measure
//   - the size of what the image adds on top of the Bun base image (dependencies + our files),
//   - start-up: `bun src/main.ts` spawned from the staged tree until /healthz answers,
//   - the server's RSS once healthy (what the dependencies cost in memory at import).
// Usage: bun run bench:image [--runs N] [--json FILE] [--root DIR]
// (--root stages another checkout, e.g. an older commit's worktree, to compare in one session.)
import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { numArg, parseArgs, pcts } from './lib/stats.ts';

const args = parseArgs(process.argv.slice(2));
const runs = numArg(args, 'runs', 10);
const jsonArg = args.get('json');
const jsonOut = typeof jsonArg === 'string' ? jsonArg : undefined;
const rootArg = args.get('root');
const root = typeof rootArg === 'string' ? rootArg : join(import.meta.dir, '..');

async function duBytes(path: string): Promise<number> {
  const s = await stat(path);
  if (!s.isDirectory()) return s.size;
  let total = 0;
  for (const entry of await readdir(path)) total += await duBytes(join(path, entry));
  return total;
}

async function run(cmd: string[], cwd: string): Promise<void> {
  const p = Bun.spawn(cmd, { cwd, stdout: 'ignore', stderr: 'pipe' });
  const code = await p.exited;
  if (code !== 0) throw new Error(`${cmd.join(' ')} failed (${code}): ${await new Response(p.stderr).text()}`);
}

async function stage(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'infinioffice-image-'));
  for (const f of ['package.json', 'bun.lock']) await cp(join(root, f), join(dir, f));
  await run(['bun', 'install', '--frozen-lockfile', '--production'], dir);
  await cp(join(root, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  await cp(join(root, 'src'), join(dir, 'src'), { recursive: true });
  await cp(join(root, 'scripts'), join(dir, 'scripts'), { recursive: true });
  return dir;
}

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) : Number.NaN;
}

/** Spawns the server from the staged tree and times it to its first healthy answer. */
async function startOnce(dir: string, port: number): Promise<{ ms: number; rssMB: number }> {
  const dataDir = join(dir, 'data-run');
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  const t0 = performance.now();
  const proc = Bun.spawn(['bun', 'src/main.ts'], {
    cwd: dir,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${dataDir}/db.sqlite`,
      LOG_LEVEL: 'error',
    },
    stdout: 'ignore',
    stderr: 'ignore',
  });
  try {
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await Bun.sleep(5);
    }
    const ms = performance.now() - t0;
    return { ms, rssMB: rssKb(proc.pid) / 1024 };
  } finally {
    proc.kill();
    await proc.exited;
  }
}

/** Time and memory to import the Google Calendar adapter (only loaded when an org uses Google). */
async function importGoogleOnce(dir: string): Promise<{ ms: number; rssMB: number }> {
  const code =
    "const t=performance.now();await import('./src/providers/calendar/google.ts');" +
    'console.log(JSON.stringify({ms:performance.now()-t,rssMB:process.memoryUsage().rss/1048576}))';
  const p = Bun.spawn(['bun', '-e', code], { cwd: dir, stdout: 'pipe', stderr: 'ignore' });
  const out = await new Response(p.stdout).text();
  await p.exited;
  return JSON.parse(out) as { ms: number; rssMB: number };
}

/** `bun run demo` as the image's CMD would run it (production dependencies only): its WAV, in seconds. */
async function demoInStage(dir: string): Promise<number> {
  await mkdir(join(dir, 'data'), { recursive: true });
  // The image's own environment (Dockerfile ENV): production mode, as `docker run … bun run demo` sees it.
  const env = { ...process.env, NODE_ENV: 'production', HOST: '0.0.0.0', REGION: 'local' };
  const p = Bun.spawn(['bun', 'run', 'demo'], { cwd: dir, env, stdout: 'pipe', stderr: 'pipe' });
  const [out, err] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text()]);
  if ((await p.exited) !== 0) throw new Error(`demo failed in the staged image:\n${out}\n${err}`);
  const wav = await stat(join(dir, 'data', 'demo-call.wav'));
  return (wav.size - 44) / 8000;
}

const dir = await stage();
try {
  const depsBytes = await duBytes(join(dir, 'node_modules'));
  const appBytes = (await duBytes(join(dir, 'src'))) + (await duBytes(join(dir, 'scripts')));
  const starts: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await startOnce(dir, 18_500 + (i % 50));
    starts.push(r.ms);
    rss.push(r.rssMB);
  }
  const demoSeconds = await demoInStage(dir);
  const gImport: number[] = [];
  const gRss: number[] = [];
  for (let i = 0; i < runs; i++) {
    const g = await importGoogleOnce(dir);
    gImport.push(g.ms);
    gRss.push(g.rssMB);
  }
  const gi = pcts(gImport);
  const gr = pcts(gRss);
  const s = pcts(starts);
  const r = pcts(rss);
  const mb = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;
  const result = {
    dependenciesMB: mb(depsBytes),
    appMB: mb(appBytes),
    addedToBaseImageMB: mb(depsBytes + appBytes),
    startupMs: { p50: s.p50, p95: s.p95 },
    rssAtStartMB: { p50: r.p50, p95: r.p95 },
    googleCalendarImport: { ms: gi.p50, rssMB: gr.p50 },
    demoWavSeconds: Math.round(demoSeconds * 10) / 10,
    runs,
  };
  console.log(
    `image layers on top of oven/bun:1.4.5-slim: dependencies ${result.dependenciesMB} MB, app ${result.appMB} MB`,
  );
  console.log(`start-up to healthy (${runs} runs): p50 ${s.p50.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms`);
  console.log(`RSS once healthy: p50 ${r.p50.toFixed(1)} MB`);
  console.log(`bun run demo in the staged image: ok, ${result.demoWavSeconds} s of call audio`);
  console.log(`Google Calendar adapter import: p50 ${gi.p50.toFixed(0)} ms, process RSS ${gr.p50.toFixed(1)} MB`);
  if (jsonOut) await writeFile(jsonOut, `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
