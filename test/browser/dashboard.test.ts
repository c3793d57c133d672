// The dashboard in a real headless Chromium against a server holding calls made by the simulator:
// the KPI cards and a call's latency waterfall show the numbers the database holds.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, hasChromium, launchBrowser } from '../helpers/browser.ts';
import { runScenario, readScenario } from '../../src/sim/scenario.ts';
import { startSimEnv, type SimEnv } from '../../src/sim/sim-env.ts';
import { calls, callTurns } from '../../src/db/schema.ts';

const ADMIN = 'dashboard-admin-key-0123456789';
const SCENARIOS = ['hvac-furnace-thursday', 'hvac-hours-inquiry', 'dental-cleaning'];
const STAGE_KEYS = [
  'endpoint',
  'asrFinal',
  'nluDone',
  'llmFirstToken',
  'firstSentence',
  'ttsFirstByte',
  'firstFrameOut',
];

// The dashboard's display formats, applied here to numbers computed from the database.
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const ms = (x: number) => `${Math.round(x)} ms`;
const usd = (x: number) => `$${x.toFixed(4)}`;
const nearestRank = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length))) - 1]!;
const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe.skipIf(!hasChromium)('operator dashboard in Chromium', () => {
  let env: SimEnv;
  let browser: Browser;
  let page: Page;
  const callIds: Record<string, string> = {};

  beforeAll(async () => {
    env = await startSimEnv({ env: { ADMIN_API_KEY: ADMIN } });
    for (const name of SCENARIOS) {
      const scenario = readScenario(join(import.meta.dir, '..', 'scenarios', `${name}.json`));
      const r = await runScenario(env, scenario);
      if (!r.pass || !r.callId) throw new Error(`scenario ${name} did not pass: ${r.reason}`);
      callIds[name] = r.callId;
    }
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  test('KPIs and the call list show what the database holds', async () => {
    const db = env.app.rt.db.db;
    const rows = await db.select().from(calls);
    expect(rows.length).toBe(SCENARIOS.length);
    const turns = (await db.select().from(callTurns)).filter((t) => t.latencyMs !== null);
    expect(turns.length).toBeGreaterThan(5);

    // The KPI definitions, from the rows (docs in src/api/kpis.ts).
    const eligible = rows.filter(
      (c) =>
        c.status === 'completed' &&
        (c.bookingCreated || c.bookingWanted || !['answered', 'rescheduled', 'cancelled'].includes(c.outcome ?? '')),
    );
    const bookedRate = eligible.filter((c) => c.bookingCreated).length / eligible.length;
    const latencies = turns.map((t) => t.latencyMs!).sort((a, b) => a - b);
    const costs = rows.map((c) => c.cost);
    for (const c of costs) expect(c).toBeGreaterThan(0);
    const perCall = costs.reduce((s: number, c) => s + c!, 0) / costs.length;
    const cacheHits = turns.filter((t) => t.latency?.cacheHit === true).length;

    const starts = rows.map((c) => c.startedAt.getTime());
    const from = utcDate(Math.min(...starts) - 86_400_000);
    const to = utcDate(Math.max(...starts) + 86_400_000);
    await page.goto(`${env.serverUrl}/dashboard?from=${from}&to=${to}`);
    await page.fill('#api-key', ADMIN);
    await page.click('#key-form button[type=submit]');
    await page.waitForSelector('body[data-ready=overview]', { timeout: 15_000 });

    const kpi = (id: string) => page.textContent(`[data-kpi=${id}] .value`);
    expect(await kpi('callsHandled')).toBe(String(rows.length));
    expect(await kpi('bookingSuccessRate')).toBe(pct(Math.round(bookedRate * 10_000) / 10_000));
    expect(await kpi('p50TurnLatency')).toBe(ms(nearestRank(latencies, 0.5)));
    expect(await kpi('p95TurnLatency')).toBe(ms(nearestRank(latencies, 0.95)));
    // The API rounds the average to 0.1 ms before the page rounds it to whole ms.
    expect(await kpi('avgTurnLatency')).toBe(
      ms(Math.round((latencies.reduce((s, v) => s + v, 0) / latencies.length) * 10) / 10),
    );
    expect(await kpi('cacheHitRate')).toBe(pct(Math.round((cacheHits / turns.length) * 10_000) / 10_000));
    expect(await kpi('costPerCall')).toBe(usd(perCall));

    // One row per call, each with its stored cost.
    for (const c of rows) {
      expect(await page.textContent(`#calls tr[data-call-id="${c.id}"] td.cost`)).toBe(usd(c.cost!));
    }
    // Charts drew something from the series.
    expect(await page.locator('#charts svg rect').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-overview.png'), fullPage: true });
  }, 60_000);

  test("a call's page shows its latency waterfall, cost, booking and transcript", async () => {
    const db = env.app.rt.db.db;
    const id = callIds['hvac-furnace-thursday']!;
    const [call] = await db.select().from(calls).where(eq(calls.id, id));
    const turns = await db.select().from(callTurns).where(eq(callTurns.callId, id)).orderBy(asc(callTurns.index));

    await page.click(`#calls tr[data-call-id="${id}"] a`);
    await page.waitForSelector('body[data-ready=call]', { timeout: 15_000 });
    expect(await page.textContent('#call-cost')).toBe(usd(call!.cost!));
    expect(await page.textContent('#call-booking')).toContain('Maria Gonzalez');
    expect(await page.textContent('#transcript')).toContain('Maria Gonzalez');

    const timed = turns.filter((t) => STAGE_KEYS.some((k) => typeof t.latency?.[k] === 'number'));
    expect(await page.locator('#waterfall .wf-row').count()).toBe(timed.length);
    for (const t of timed) {
      const row = page.locator(`#waterfall .wf-row[data-turn-index="${t.index}"]`);
      if (t.latencyMs !== null) expect(await row.locator('.wf-total').textContent()).toBe(ms(t.latencyMs));
      const stages = STAGE_KEYS.filter((k) => typeof t.latency?.[k] === 'number');
      const segs = row.locator('.wf-seg');
      expect(await segs.count()).toBe(stages.length);
      for (const k of stages) {
        expect(Number(await row.locator(`.wf-seg[data-stage=${k}]`).getAttribute('data-ms'))).toBe(
          t.latency![k] as number,
        );
      }
    }
    // The bars are drawn to scale: first audio out ends at its share of the slowest turn's track.
    const scale = Math.max(
      1,
      ...timed.flatMap((t) => [
        t.latencyMs ?? 0,
        ...STAGE_KEYS.map((k) => t.latency?.[k]).filter((v): v is number => typeof v === 'number'),
      ]),
    );
    let drawn = 0;
    for (const t of timed) {
      const out = t.latency?.firstFrameOut;
      if (typeof out !== 'number') continue;
      const row = page.locator(`#waterfall .wf-row[data-turn-index="${t.index}"]`);
      const track = (await row.locator('.wf-track').boundingBox())!;
      const seg = (await row.locator('.wf-seg[data-stage=firstFrameOut]').boundingBox())!;
      expect(Math.abs((seg.x + seg.width - track.x) / track.width - Math.max(0, out) / scale)).toBeLessThan(0.02);
      drawn++;
    }
    expect(drawn).toBeGreaterThan(3);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-call.png'), fullPage: true });
  }, 60_000);

  test('a HIPAA-mode call shows no transcript', async () => {
    await page.goto(`${env.serverUrl}/dashboard#/calls/${callIds['dental-cleaning']}`);
    await page.waitForSelector('body[data-ready=call]', { timeout: 15_000 });
    expect(await page.textContent('#transcript')).toContain('No transcript stored');
    expect(await page.locator('#waterfall .wf-row').count()).toBeGreaterThan(0);
  }, 30_000);

  test('choosing an organization narrows the KPIs and calls; an org key sees only its own', async () => {
    const db = env.app.rt.db.db;
    const [dental] = await db.select().from(calls).where(eq(calls.id, callIds['dental-cleaning']!));
    const starts = (await db.select().from(calls)).map((c) => c.startedAt.getTime());
    const range = `from=${utcDate(Math.min(...starts) - 86_400_000)}&to=${utcDate(Math.max(...starts) + 86_400_000)}`;

    await page.goto(`${env.serverUrl}/dashboard?${range}`);
    await page.waitForSelector('body[data-ready=overview]', { timeout: 15_000 });
    await page.evaluate(() => document.body.removeAttribute('data-ready'));
    await page.selectOption('#org-select', dental!.orgId);
    await page.waitForSelector('body[data-ready=overview]', { timeout: 15_000 });
    expect(await page.textContent('[data-kpi=callsHandled] .value')).toBe('1');
    expect(await page.locator('#calls tbody tr[data-call-id]').count()).toBe(1);
    expect(await page.getAttribute('#calls tbody tr[data-call-id]', 'data-call-id')).toBe(dental!.id);

    // An organization key, issued through the API, signs the page in for that org alone.
    const res = await fetch(`${env.serverUrl}/api/orgs/${dental!.orgId}/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'front desk' }),
    });
    const { key } = (await res.json()) as { key: string };
    const orgPage = await browser.newPage();
    await orgPage.goto(`${env.serverUrl}/dashboard?${range}`);
    await orgPage.fill('#api-key', key);
    await orgPage.click('#key-form button[type=submit]');
    await orgPage.waitForSelector('body[data-ready=overview]', { timeout: 15_000 });
    expect(await orgPage.textContent('#principal')).toContain('Bright Smiles Dental');
    expect(await orgPage.textContent('[data-kpi=callsHandled] .value')).toBe('1');
    expect(await orgPage.locator('#calls tbody tr[data-call-id]').count()).toBe(1);
    expect(await orgPage.locator('#bookings tbody tr[data-booking-id]').count()).toBe(1);
    await orgPage.close();
  }, 60_000);

  test('a wrong key is refused with the API message and no data', async () => {
    const fresh = await browser.newPage();
    await fresh.goto(`${env.serverUrl}/dashboard`);
    await fresh.fill('#api-key', 'not-a-key');
    await fresh.click('#key-form button[type=submit]');
    await fresh.waitForSelector('#status.error', { timeout: 15_000 });
    expect(await fresh.textContent('#status')).toContain('invalid or revoked');
    expect(await fresh.locator('#kpis').count()).toBe(0);
    await fresh.close();
  }, 30_000);
});
