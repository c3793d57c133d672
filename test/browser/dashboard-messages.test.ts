// The dashboard in a real headless Chromium against a server holding calls made by the simulator:
// a call that ended in a message (from an org that records its calls) shows its outcome pill, its
// summary and its recording player; the message is listed and can be marked handled; a
// transferred call shows its pill.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, hasChromium, launchBrowser } from '../helpers/browser.ts';
import { Scenario, runScenario } from '../../src/sim/scenario.ts';
import { startSimEnv, type SimEnv } from '../../src/sim/sim-env.ts';
import { calls, messages } from '../../src/db/schema.ts';
import { startFakeTwilioRest, type FakeTwilioRest } from '../../src/sim/twilio-rest.ts';

const ADMIN = 'dashboard-messages-admin-key-0123456789';

function scenario(name: string, settings: Record<string, unknown> = {}) {
  const raw = JSON.parse(readFileSync(join(import.meta.dir, '..', 'scenarios', `${name}.json`), 'utf8'));
  raw.org.settings = { ...raw.org.settings, ...settings };
  return Scenario.parse(raw);
}

const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe.skipIf(!hasChromium)('messages, outcomes, summary and recording on the dashboard', () => {
  let env: SimEnv;
  let twilioRest: FakeTwilioRest;
  let dir: string;
  let browser: Browser;
  let page: Page;
  let messageCallId: string;
  let transferCallId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dashboard-recordings-'));
    // A Twilio account (the REST fake), so the emergency call is transferred through calls.update.
    const account = { accountSid: `AC${'7'.repeat(32)}`, authToken: 'dashboard-auth-token' };
    twilioRest = await startFakeTwilioRest(account);
    env = await startSimEnv({
      env: { ADMIN_API_KEY: ADMIN, RECORDINGS_DIR: dir },
      twilio: { ...account, ...twilioRest, url: twilioRest.url },
    });
    // The caller wants a person out of transfer hours: a message is taken, and the call recorded.
    const message = await runScenario(
      env,
      scenario('auto-handoff-person-out-of-hours', { recording: { enabled: true } }),
    );
    if (!message.pass || !message.callId) throw new Error(`message call did not pass: ${message.reason}`);
    messageCallId = message.callId;
    const transfer = await runScenario(env, scenario('hvac-handoff-gas-emergency'));
    if (!transfer.pass || !transfer.callId) throw new Error(`transfer call did not pass: ${transfer.reason}`);
    transferCallId = transfer.callId;
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
    await twilioRest?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the overview shows the outcome pills and the message, and the message can be marked handled', async () => {
    const db = env.app.rt.db.db;
    const rows = await db.select().from(calls);
    const starts = rows.map((c) => c.startedAt.getTime());
    const range = `from=${utcDate(Math.min(...starts) - 86_400_000)}&to=${utcDate(Math.max(...starts) + 86_400_000)}`;
    const [msg] = await db.select().from(messages).where(eq(messages.callId, messageCallId));
    expect(msg).toBeDefined();

    await page.goto(`${env.serverUrl}/dashboard?${range}`);
    await page.fill('#api-key', ADMIN);
    await page.click('#key-form button[type=submit]');
    await page.waitForSelector('body[data-ready=overview]', { timeout: 15_000 });

    expect(await page.textContent(`#calls tr[data-call-id="${messageCallId}"] .pill.message`)).toBe('message');
    expect(await page.textContent(`#calls tr[data-call-id="${transferCallId}"] .pill.transferred`)).toBe('transferred');

    const row = page.locator(`#messages tr[data-message-id="${msg!.id}"]`);
    expect(await row.locator('.msg-name').textContent()).toBe('Sam Lee');
    expect(await row.locator('.msg-phone').textContent()).toBe('+15125550123');
    expect(await row.locator('.msg-body').textContent()).toBe(msg!.body!);
    expect(msg!.body).toContain('quote for my brakes');
    expect(await row.locator('.pill').textContent()).toBe('new');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-messages.png'), fullPage: true });

    await page.evaluate(() => document.body.removeAttribute('data-ready'));
    await row.locator('button[data-action=handled]').click();
    await page.waitForSelector('body[data-ready=overview]', { timeout: 15_000 });
    const after = page.locator(`#messages tr[data-message-id="${msg!.id}"]`);
    expect(await after.locator('.pill').textContent()).toBe('handled');
    expect(await after.locator('button[data-action=handled]').count()).toBe(0);
    const [stored] = await db.select().from(messages).where(eq(messages.id, msg!.id));
    expect(stored!.handledAt).not.toBeNull();
  }, 60_000);

  test("the call's page shows its outcome, summary and a playable recording", async () => {
    const [call] = await env.app.rt.db.db.select().from(calls).where(eq(calls.id, messageCallId));
    expect(call!.summary).toContain('Sam Lee left a message');
    expect(call!.recordingPath).not.toBeNull();

    await page.click(`#calls tr[data-call-id="${messageCallId}"] a`);
    await page.waitForSelector('body[data-ready=call]', { timeout: 15_000 });
    expect(await page.textContent('#call-outcome .pill')).toBe('message');
    expect(await page.textContent('#call-summary-text')).toBe(call!.summary!);
    // The player gets the WAV fetched with the key, as a blob URL it can play.
    const audio = page.locator('audio#call-recording');
    expect(await audio.count()).toBe(1);
    await page.waitForFunction(
      () => (document.querySelector('audio#call-recording') as HTMLAudioElement | null)?.src.startsWith('blob:'),
      undefined,
      { timeout: 15_000 },
    );
    const duration = await page.evaluate(async () => {
      const a = document.querySelector('audio#call-recording') as HTMLAudioElement;
      a.preload = 'metadata';
      a.load();
      await new Promise((r) => (a.readyState >= 1 ? r(null) : a.addEventListener('loadedmetadata', r, { once: true })));
      return a.duration;
    });
    expect(duration).toBeGreaterThan(1);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-message-call.png'), fullPage: true });
  }, 60_000);
});
