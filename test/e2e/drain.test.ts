import { expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Starts `bun src/main.ts` as a real child process and waits for its "listening" line. */
async function startChild(env: Record<string, string>) {
  const proc = Bun.spawn(['bun', 'src/main.ts'], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env }, stdout: 'pipe', stderr: 'pipe' });
  const reader = proc.stdout.getReader();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited early: ${text}`);
    text += new TextDecoder().decode(value);
    const m = /"msg":"listening".*?"url":"(http:\/\/[^"]+)"/.exec(text);
    if (m) return { proc, url: m[1]!, reader, log: () => text };
  }
}

test('SIGTERM drains: new calls are refused politely, then the process exits 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'drain-'));
  try {
    const { proc, url } = await startChild({ DATABASE_URL: `file:${join(dir, 'd.db')}`, DRAIN_SECONDS: '1' });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    proc.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 20_000);
