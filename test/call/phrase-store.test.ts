// Stored phrase audio is bounded: an edited phrase replaces its audio (the old is deleted), a
// server starts without reading the whole table, and rebuilds are rate-limited — counted as
// synthesis requests at the Polly fake.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, like } from 'drizzle-orm';
import { openDb, type DbHandle } from '../../src/db/client.ts';
import { organizations, orgPhraseAudio, phraseAudio, type Organization } from '../../src/db/schema.ts';
import { createOrganization } from '../../src/orgs/create-org.ts';
import { PhraseCache, phraseKey } from '../../src/call/phrase-cache.ts';
import { precomputeOrgPhrases } from '../../src/call/phrase-precompute.ts';
import { createRebuildScheduler } from '../../src/call/rebuild-scheduler.ts';
import { createPollyTts } from '../../src/providers/tts/polly.ts';
import { createEmbeddedTts } from '../../src/providers/tts/embedded.ts';
import { loadConfig } from '../../src/config.ts';
import { createRuntime } from '../../src/bootstrap.ts';
import { startFakePolly, type FakePolly } from '../fakes/polly.ts';
import { manualTimers } from '../helpers/manual-timers.ts';

const CREDS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const MB = 1024 * 1024;

let polly: FakePolly;
let dir: string;
let db: DbHandle;
let n = 0;

beforeAll(async () => {
  polly = await startFakePolly({ credentials: CREDS });
});
afterAll(async () => {
  await polly.close();
});
beforeEach(async () => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = mkdtempSync(join(tmpdir(), 'infinioffice-phrases-'));
  db = await openDb({ url: `file:${join(dir, 'p.db')}` });
});

const tts = () => createPollyTts({ region: 'us-east-1', endpoint: polly.url, credentials: CREDS });

async function newOrg(): Promise<Organization> {
  const phoneNumber = `+1512555${String(++n).padStart(4, '0')}`;
  return createOrganization(db.db, {
    template: 'hvac',
    name: 'Polar Air',
    phoneNumber,
    timezone: 'America/Chicago',
    settings: {},
  });
}

async function setGreeting(org: Organization, greeting: string): Promise<Organization> {
  const settings = { ...org.settings, greeting };
  await db.db.update(organizations).set({ settings }).where(eq(organizations.id, org.id));
  return { ...org, settings };
}

describe('stored phrase audio', () => {
  test('ten greeting edits leave one stored greeting audio, and each edit re-synthesizes only it', async () => {
    const cache = new PhraseCache(db.db, { maxBytes: 64 * MB });
    const engine = tts();
    let org = await newOrg();
    const first = await precomputeOrgPhrases(cache, engine, org);
    expect(first.failed).toBe(0);
    const phrases = first.total;
    const before = polly.requests.length;
    for (let i = 0; i < 10; i++) {
      org = await setGreeting(org, `Welcome to {business}, edit number ${i}. How can I help?`);
      const r = await precomputeOrgPhrases(cache, engine, org);
      expect(r.synthesized).toBe(1);
    }
    expect(polly.requests.length - before).toBe(10);
    const greetings = await db.db
      .select({ text: phraseAudio.text })
      .from(phraseAudio)
      .where(like(phraseAudio.text, 'Welcome to Polar Air%'));
    expect(greetings.map((g) => g.text)).toEqual(['Welcome to Polar Air, edit number 9. How can I help?']);
    // Nothing but this org's current phrases is stored, once each.
    const rows = await db.db.select({ key: phraseAudio.key }).from(phraseAudio);
    const mapped = await db.db.select().from(orgPhraseAudio).where(eq(orgPhraseAudio.orgId, org.id));
    expect(new Set(mapped.map((m) => m.key)).size).toBe(rows.length);
    expect(mapped.length).toBeLessThanOrEqual(phrases);
    // The replaced audio left memory too.
    const voice = engine.defaultVoice;
    expect(cache.has(engine.engine, voice, 'Welcome to Polar Air, edit number 8. How can I help?')).toBe(false);
    expect(cache.has(engine.engine, voice, 'Welcome to Polar Air, edit number 9. How can I help?')).toBe(true);
  });

  test('audio two orgs share stays while either uses it', async () => {
    const cache = new PhraseCache(db.db, { maxBytes: 64 * MB });
    const engine = tts();
    const a = await newOrg();
    const b = await newOrg();
    await precomputeOrgPhrases(cache, engine, a);
    await precomputeOrgPhrases(cache, engine, b);
    const shared = phraseKey(engine.engine, engine.defaultVoice, 'Thanks for calling Polar Air. Have a great day!');
    const stored = () => db.db.select({ key: phraseAudio.key }).from(phraseAudio).where(eq(phraseAudio.key, shared));
    await precomputeOrgPhrases(cache, engine, { ...a, name: 'Polar Air North' });
    expect(await stored()).toHaveLength(1);
    await precomputeOrgPhrases(cache, engine, { ...b, name: 'Polar Air South' });
    expect(await stored()).toHaveLength(0);
  });

  test('a restarted cache uses the stored audio: no synthesis', async () => {
    const org = await newOrg();
    await precomputeOrgPhrases(new PhraseCache(db.db, { maxBytes: 64 * MB }), tts(), org);
    const before = polly.requests.length;
    const fresh = new PhraseCache(db.db, { maxBytes: 64 * MB });
    expect(fresh.entries).toBe(0);
    const r = await precomputeOrgPhrases(fresh, tts(), org);
    expect(r.synthesized).toBe(0);
    expect(r.alreadyCached).toBe(r.total);
    expect(polly.requests.length).toBe(before);
  });

  test('an org’s stored audio stops at its cap; the rest is left to live synthesis', async () => {
    const cache = new PhraseCache(db.db, { maxBytes: 64 * MB, maxOrgBytes: 64 * 1024 });
    const org = await newOrg();
    const r = await precomputeOrgPhrases(cache, tts(), org);
    expect(r.overBudget).toBeGreaterThan(0);
    const stored = await cache.storedFor(org.id);
    expect(stored.phrases).toBe(r.total - r.overBudget);
    // Past the cap by at most the phrase that crossed it.
    expect(stored.bytes).toBeLessThan(64 * 1024 + 200 * 1024);
  });

  test('ten edits in a minute cost two rebuilds, not ten', async () => {
    const cache = new PhraseCache(db.db, { maxBytes: 64 * MB });
    const engine = tts();
    let org = await newOrg();
    const timers = manualTimers();
    const running: Array<Promise<unknown>> = [];
    const jobs = createRebuildScheduler({
      minIntervalMs: 60_000,
      timers,
      run: async (orgId) => {
        const [row] = await db.db.select().from(organizations).where(eq(organizations.id, orgId));
        const p = precomputeOrgPhrases(cache, engine, row!);
        running.push(p);
        await p;
      },
    });
    const idle = async () => {
      for (let i = 0; i < running.length; i++) await running[i];
      await new Promise<void>((r) => setImmediate(r));
    };
    jobs.request(org.id); // created
    await new Promise<void>((r) => setImmediate(r));
    await idle();
    const afterCreate = polly.requests.length;
    for (let i = 0; i < 10; i++) {
      org = await setGreeting(org, `Welcome to {business}, version ${i}.`);
      jobs.request(org.id);
      timers.advance(5000);
    }
    await idle();
    expect(polly.requests.length).toBe(afterCreate);
    timers.advance(10_000);
    await new Promise<void>((r) => setImmediate(r));
    await idle();
    // One coalesced rebuild: the last greeting only.
    expect(polly.requests.length).toBe(afterCreate + 1);
    expect(polly.requests.at(-1)!.rawBody).toContain('version 9');
    jobs.stop();
  });
});

describe('start-up', () => {
  test('the server does not load the phrase table into memory at start', async () => {
    const engine = createEmbeddedTts().engine;
    for (let i = 0; i < 20; i++) {
      const audio = Buffer.alloc(8000, 0x7f);
      await db.db.insert(phraseAudio).values({ key: `k${i}`, engine, voice: 'default', text: `phrase ${i}`, audio });
    }
    const url = `file:${join(dir, 'p.db')}`;
    db.close();
    const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'error' });
    const app = await createRuntime(config, { precomputePhrases: false });
    try {
      expect(app.rt.phraseCache.entries).toBe(0);
    } finally {
      await app.close();
    }
    db = await openDb({ url });
  });
});
