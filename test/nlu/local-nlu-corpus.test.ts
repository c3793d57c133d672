// The local NLU against the caller corpus: per-utterance correctness on the intent and the slots
// the dialogue acts on, with the overall accuracy printed and held at 95% or better.
import { describe, expect, test } from 'bun:test';
import { classifyLocal } from '../../src/nlu/local.ts';
import type { NluContext, NluResult } from '../../src/nlu/types.ts';
import { resolveSettings } from '../../src/templates/index.ts';
import { answerFor } from '../../src/dialogue/inquiry.ts';
import { utcToZoned, zonedToUtc } from '../../src/time/zoned.ts';
import { CORPUS, NOW_LOCAL, ZONES, type CorpusItem } from './corpus.ts';

const GENERIC_ANSWERS: Record<string, string> = {
  hours: 'answerHours',
  prices: 'answerPrices',
  address: 'answerAddress',
  services: 'answerServices',
};

function contextFor(item: CorpusItem): NluContext {
  const tz = ZONES[item.vertical];
  const settings = resolveSettings(item.vertical, {});
  return {
    expecting: item.expecting ?? 'intent',
    now: zonedToUtc(NOW_LOCAL, tz).getTime(),
    timezone: tz,
    services: settings.services.map((s) => ({ name: s.name, keywords: s.keywords })),
    ...(settings.staff ? { staff: settings.staff } : {}),
    ...(item.offered
      ? {
          offered: item.offered.map((l) => {
            const [d, hm] = l.split('T') as [string, string];
            const [year, month, day] = d.split('-').map(Number) as [number, number, number];
            const [hour, minute] = hm.split(':').map(Number) as [number, number];
            return zonedToUtc({ year, month, day, hour, minute }, tz).toISOString();
          }),
        }
      : {}),
  };
}

/** The settings answer the corpus expects for an inquiry, by phrase id; null when none applies. */
function expectedAnswer(item: CorpusItem): string | null {
  const settings = resolveSettings(item.vertical, {});
  const topic = item.topic!;
  if (topic === null) return null;
  const faq = settings.faq.findIndex((f) => f.question === topic);
  if (faq >= 0) return `faq:${faq}`;
  const svc = settings.services.findIndex((s) => s.name === item.service);
  if ((topic === 'prices' || topic === 'duration') && svc >= 0) return `price:${svc}`;
  const id = GENERIC_ANSWERS[topic];
  if (!id)
    throw new Error(`corpus topic "${topic}" is neither a generic topic nor an FAQ question of ${item.vertical}`);
  return id;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Every way the result differs from what the corpus expects; empty when it is right. */
export function mismatches(item: CorpusItem, r: NluResult, ctx: NluContext): string[] {
  const out: string[] = [];
  const s = r.slots;
  const expecting = item.expecting ?? 'intent';
  const differ = (what: string, want: unknown, got: unknown) =>
    out.push(`${what}: want ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);

  if (item.intent !== undefined && r.intent !== item.intent) differ('intent', item.intent, r.intent);
  // Slots that move the call on are checked both ways: a wrong extra one misleads the dialogue.
  if ((s.name ?? null) !== (item.name ?? null)) differ('name', item.name, s.name);
  if (item.intent !== 'emergency' && (s.service ?? null) !== (item.service ?? null))
    differ('service', item.service, s.service);
  if ((s.emergency === true) !== (item.emergency === true))
    differ('emergency', item.emergency ?? false, s.emergency ?? false);
  if ((s.wantsHuman === true) !== (item.wantsHuman === true))
    differ('wantsHuman', item.wantsHuman ?? false, s.wantsHuman ?? false);
  const yesNoStrict = expecting === 'confirm' || expecting === 'callback';
  if ((item.yesNo !== undefined || yesNoStrict) && (s.yesNo ?? null) !== (item.yesNo ?? null))
    differ('yesNo', item.yesNo, s.yesNo);
  if (item.stylist !== undefined && s.stylist !== item.stylist) differ('stylist', item.stylist, s.stylist);
  if (item.vehicle !== undefined && s.vehicle?.toLowerCase() !== item.vehicle.toLowerCase())
    differ('vehicle', item.vehicle, s.vehicle);
  if (item.choice !== undefined && s.choice !== item.choice) differ('choice', item.choice, s.choice);

  const want = item.time;
  if (!want && s.time) differ('time', undefined, s.time.text);
  if (want && !s.time) differ('time', want, undefined);
  if (want && s.time) {
    const z = utcToZoned(new Date(s.time.start), ctx.timezone);
    const got = `${z.year}-${pad(z.month)}-${pad(z.day)} ${pad(z.hour)}:${pad(z.minute)}${s.time.hasTime ? '' : ` (no clock time${s.time.partOfDay ? `, ${s.time.partOfDay}` : ''})`}`;
    const ok =
      (want.date === undefined || want.date === `${z.year}-${pad(z.month)}-${pad(z.day)}`) &&
      (want.hour === undefined
        ? !s.time.hasTime
        : s.time.hasTime && z.hour === want.hour && z.minute === (want.minute ?? 0)) &&
      (want.part === undefined || s.time.partOfDay === want.part);
    if (!ok) differ('time', want, got);
  }

  if (item.topic !== undefined) {
    const settings = resolveSettings(item.vertical, {});
    const wantId = expectedAnswer(item);
    const gotId = answerFor(settings, s.topic, item.text, s.service)?.id ?? null;
    if (gotId !== wantId) differ('answer', wantId, `${gotId} (topic ${JSON.stringify(s.topic)})`);
  }
  return out;
}

describe('local NLU on the caller corpus', () => {
  test('the corpus is broad: 170+ utterances over all four verticals and every kind of turn', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(170);
    const by = (f: (i: CorpusItem) => unknown) => new Set(CORPUS.map(f).filter((x) => x !== undefined));
    expect([...by((i) => i.vertical)].sort()).toEqual(['automotive', 'dental', 'hvac', 'salon']);
    expect([...by((i) => i.intent)].sort()).toEqual([
      'booking',
      'cancel',
      'complex',
      'emergency',
      'inquiry',
      'reschedule',
    ]);
    for (const e of [
      'intent',
      'name',
      'time',
      'service',
      'vehicle',
      'stylist',
      'confirm',
      'callback',
      'anything_else',
      'alternative',
    ]) {
      expect(by((i) => i.expecting ?? 'intent').has(e)).toBe(true);
    }
    // Every inquiry topic names something real in its vertical's settings.
    for (const i of CORPUS) if (i.topic !== undefined) expectedAnswer(i);
  });

  test('at least 95% of utterances are understood correctly', () => {
    const failures: string[] = [];
    for (const item of CORPUS) {
      const ctx = contextFor(item);
      const r = classifyLocal(item.text, ctx);
      expect(r.source).toBe('local');
      const m = mismatches(item, r, ctx);
      if (m.length > 0)
        failures.push(`  [${item.vertical}/${item.expecting ?? 'intent'}] "${item.text}"\n      ${m.join('\n      ')}`);
    }
    const accuracy = (CORPUS.length - failures.length) / CORPUS.length;
    console.log(
      `local NLU corpus: ${CORPUS.length - failures.length}/${CORPUS.length} correct (${(accuracy * 100).toFixed(1)}%)`,
    );
    if (failures.length > 0) console.log(`failures:\n${failures.join('\n')}`);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });
});
