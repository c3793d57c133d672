// `bun run scenario --server URL` plays scenario files as calls on a separately started server,
// through its webhook and media stream, and reads the outcome back from its API.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildServer, type ChildServer } from '../helpers/child-server.ts';

const ROOT = join(import.meta.dir, '..', '..');
const ADMIN = 'scenario-admin-key-0123456789';
let server: ChildServer;
let tmp: string;
let asrPort: number;

beforeAll(async () => {
  const probe = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  asrPort = probe.port;
  probe.stop(true);
  tmp = mkdtempSync(join(tmpdir(), 'infinioffice-scenario-server-'));
  server = await startChildServer({
    DATABASE_URL: `file:${join(tmp, 'server.db')}`,
    ADMIN_API_KEY: ADMIN,
    DEEPGRAM_API_KEY: 'simulated-caller',
    DEEPGRAM_URL: `http://127.0.0.1:${asrPort}`,
    ALLOW_SIMULATED_CLOCK: 'true',
    PLAYOUT_TIME_SCALE: '1000',
    WS_MAX_MESSAGES_PER_SECOND: '1000000',
  });
}, 60_000);

afterAll(async () => {
  server?.proc.kill();
  await server?.proc.exited;
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('a scenario passes on the running server; one that seeds a calendar is skipped', async () => {
  const proc = Bun.spawn(
    [
      'bun',
      'scripts/scenario.ts',
      '--server',
      server.url,
      '--asr-port',
      String(asrPort),
      '--time-scale',
      '1000',
      'test/scenarios/hvac-thanksgiving-closed.json',
      'test/scenarios/hvac-furnace-thursday.json',
    ],
    { cwd: ROOT, env: { ...process.env, ADMIN_API_KEY: ADMIN }, stdout: 'pipe', stderr: 'pipe' },
  );
  const [out, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
  expect(out).toContain('PASS hvac-thanksgiving-closed → booked');
  expect(out).toContain('SKIP hvac-furnace-thursday');
  expect(code).toBe(0);
}, 120_000);
