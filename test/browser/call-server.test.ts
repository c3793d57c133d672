// The Quick start's last step, for real: a server started as the operator would (its own
// process and database, ADMIN_API_KEY set, speech recognition pointed at the Deepgram fake),
// `bun run call --server URL` placing a call through its webhook and media stream, and the call
// and its booking on that server's dashboard, times in the business's zone.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, hasChromium, launchBrowser } from '../helpers/browser.ts';
import { startChildServer, type ChildServer } from '../helpers/child-server.ts';

const ADMIN = 'quickstart-admin-key-0123456789';
const ROOT = join(import.meta.dir, '..', '..');

/** A port nothing listens on right now, for the speech fake the call tool starts. */
function freePort(): number {
  const s = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  const port = s.port;
  s.stop(true);
  return port;
}

describe.skipIf(!hasChromium)('call --server on an operator’s running server', () => {
  let server: ChildServer;
  let browser: Browser;
  let tmp: string;
  const asrPort = freePort();

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'infinioffice-quickstart-'));
    server = await startChildServer({
      DATABASE_URL: `file:${join(tmp, 'server.db')}`,
      ADMIN_API_KEY: ADMIN,
      DEEPGRAM_API_KEY: 'simulated-caller',
      DEEPGRAM_URL: `http://127.0.0.1:${asrPort}`,
      // Compressed line time on both ends, so the call does not take real seconds per reply.
      PLAYOUT_TIME_SCALE: '1000',
      WS_MAX_MESSAGES_PER_SECOND: '1000000',
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.proc.kill();
    await server?.proc.exited;
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test('the start-up log names the dashboard', () => {
    expect(server.log()).toContain(`"dashboard":"${server.url}/dashboard"`);
  });

  test('the call reaches the server and shows on its dashboard', async () => {
    const proc = Bun.spawn(
      ['bun', 'scripts/call.ts', '--server', server.url, '--asr-port', String(asrPort), '--time-scale', '1000'],
      {
        cwd: ROOT,
        env: { ...process.env, ADMIN_API_KEY: ADMIN },
        stdin: new TextEncoder().encode(
          'my furnace is banging\nMaria Gonzalez\nnext Tuesday at 1 pm\n12 Oak Street\nyes\n',
        ),
        stdout: 'pipe',
        stderr: 'pipe',
      },
    );
    const [out, err, code] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
      proc.exited,
    ]);
    expect(err).not.toContain('error');
    expect(code).toBe(0);
    const replies = out.split('\n').filter((l) => l.includes('receptionist> '));
    expect(replies[0]).toContain('Thanks for calling Polar Air');
    expect(replies[1]).toContain('name');
    const callId = /\(call ([0-9a-f-]{36})\)/.exec(out)?.[1];
    expect(callId).toBeDefined();

    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
    await page.goto(`${server.url}/dashboard`);
    // Signed out: the filters are hidden, not merely empty.
    expect(await page.locator('#controls').isVisible()).toBe(false);
    expect(await page.locator('#signed-in').isVisible()).toBe(false);
    await page.fill('#api-key', ADMIN);
    await page.click('#key-form button[type=submit]');
    await page.waitForSelector('body[data-ready="overview"]');
    expect(await page.locator('#controls').isVisible()).toBe(true);
    const row = page.locator(`#calls tr[data-call-id="${callId}"]`);
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain('Polar Air');
    // The booking's time as the caller heard it, in the business's zone and labelled.
    const booking = page.locator('#bookings tbody tr[data-booking-id]');
    expect(await booking.count()).toBe(1);
    expect(await booking.textContent()).toMatch(/1:00\s?PM C[SD]T/);
    expect(await page.locator('#notifications tbody tr[data-notification-id]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'call-server-dashboard.png'), fullPage: true });

    await row.click();
    await page.waitForSelector('body[data-ready="call"]');
    expect(await page.locator('#call-booking-time').textContent()).toMatch(/1:00\s?PM C[SD]T/);
  }, 120_000);

  test('demo --server places its scripted call on the same server, and the dashboard shows it', async () => {
    const proc = Bun.spawn(
      ['bun', 'scripts/demo.ts', '--server', server.url, '--asr-port', String(asrPort), '--time-scale', '1000'],
      { cwd: ROOT, env: { ...process.env, ADMIN_API_KEY: ADMIN }, stdout: 'pipe', stderr: 'pipe' },
    );
    const [out, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
    expect(out).toContain('Outcome: booked');
    expect(code).toBe(0);
    const callId = new RegExp(`Dashboard: ${server.url}/dashboard \\(call ([0-9a-f-]{36})\\)`).exec(out)?.[1];
    expect(callId).toBeDefined();

    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
    await page.goto(`${server.url}/dashboard`);
    await page.fill('#api-key', ADMIN);
    await page.click('#key-form button[type=submit]');
    await page.waitForSelector('body[data-ready="overview"]');
    const row = page.locator(`#calls tr[data-call-id="${callId}"]`);
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain('booked');
    await page.screenshot({ path: join(ARTIFACTS, 'demo-server-dashboard.png'), fullPage: true });
  }, 120_000);
});
