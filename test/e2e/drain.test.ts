import { expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildServer as startChild } from '../helpers/child-server.ts';

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
