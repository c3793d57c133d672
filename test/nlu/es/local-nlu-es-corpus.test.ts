// The Spanish local NLU against the Spanish caller corpus: the same per-utterance checks as the
// English corpus (intent and the slots the dialogue acts on), held at 95% or better.
import { describe, expect, test } from 'bun:test';
import { classifyLocalEs } from '../../../src/nlu/es/local.ts';
import type { NluContext, NluResult } from '../../../src/nlu/types.ts';
import { resolveSettings } from '../../../src/templates/index.ts';
import { spanishFaqKeywords } from '../../../src/templates/es/index.ts';
import { answerFor } from '../../../src/dialogue/inquiry.ts';
import { utcToZoned, zonedToUtc } from '../../../src/time/zoned.ts';
import { NOW_LOCAL, ZONES } from '../corpus.ts';
import { CORPUS_ES, DIGITS_ES, type CorpusItemEs } from './corpus-es.ts';

const GENERIC_ANSWERS: Record<string, string> = {
  hours: 'answerHours',
  prices: 'answerPrices',
  address: 'answerAddress',
  services: 'answerServices',
};
const pad = (n: number) => String(n).padStart(2, '0');

function contextFor(item: Pick<CorpusItemEs, 'vertical' | 'expecting' | 'offered'>): NluContext {
  const tz = ZONES[item.vertical];
  const settings = resolveSettings(item.vertical, {});
  const local = (l: string) => {
    const [d, hm] = l.split('T') as [string, string];
    const [year, month, day] = d.split('-').map(Number) as [number, number, number];
    const [hour, minute] = hm.split(':').map(Number) as [number, number];
    return zonedToUtc({ year, month, day, hour, minute }, tz).toISOString();
  };
  return {
    expecting: item.expecting ?? 'intent',
    now: zonedToUtc(NOW_LOCAL, tz).getTime(),
    timezone: tz,
    services: settings.services.map((s) => ({ name: s.name, keywords: s.keywords })),
    ...(settings.staff ? { staff: settings.staff } : {}),
    ...(item.offered ? { offered: item.offered.map(local) } : {}),
  };
}

/** The org's FAQ with the Spanish keywords of the template's entries. */
function faqFor(item: CorpusItemEs): Array<{ question: string; keywords: string[] }> {
  return spanishFaqKeywords(resolveSettings(item.vertical, {}).faq);
}

function expectedAnswer(item: CorpusItemEs): string | null {
  const settings = resolveSettings(item.vertical, {});
  const topic = item.topic!;
  if (topic === null) return null;
  const faq = settings.faq.findIndex((f) => f.question === topic);
  if (faq >= 0) return `faq:${faq}`;
  const svc = settings.services.findIndex((s) => s.name === item.service);
  if (topic === 'prices' && svc >= 0) return `price:${svc}`;
  const id = GENERIC_ANSWERS[topic];
  if (!id)
    throw new Error(`corpus topic "${topic}" is neither a generic topic nor an FAQ question of ${item.vertical}`);
  return id;
}

function mismatches(item: CorpusItemEs, r: NluResult, ctx: NluContext): string[] {
  const out: string[] = [];
  const s = r.slots;
  const expecting = item.expecting ?? 'intent';
  const differ = (what: string, want: unknown, got: unknown) =>
    out.push(`${what}: want ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  if (item.intent !== undefined && r.intent !== item.intent) differ('intent', item.intent, r.intent);
  if ((s.name ?? null) !== (item.name ?? null)) differ('name', item.name, s.name);
  if (item.intent !== 'emergency' && (s.service ?? null) !== (item.service ?? null))
    differ('service', item.service, s.service);
  if ((s.emergency === true) !== (item.emergency === true))
    differ('emergency', item.emergency ?? false, s.emergency ?? false);
  if ((s.wantsHuman === true) !== (item.wantsHuman === true))
    differ('wantsHuman', item.wantsHuman ?? false, s.wantsHuman ?? false);
  if ((s.language ?? null) !== (item.language ?? null)) differ('language', item.language, s.language);
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
    const day = `${z.year}-${pad(z.month)}-${pad(z.day)}`;
    const part = s.time.partOfDay ? `, ${s.time.partOfDay}` : '';
    const got = `${day} ${pad(z.hour)}:${pad(z.minute)}${s.time.hasTime ? '' : ` (no clock time${part})`}`;
    const ok =
      (want.date === undefined || want.date === day) &&
      (want.hour === undefined
        ? !s.time.hasTime
        : s.time.hasTime && z.hour === want.hour && z.minute === (want.minute ?? 0)) &&
      (want.part === undefined || s.time.partOfDay === want.part);
    if (!ok) differ('time', want, got);
  }
  if (item.topic !== undefined) {
    const wantId = expectedAnswer(item);
    const gotId = answerFor(resolveSettings(item.vertical, {}), s.topic, item.text, s.service)?.id ?? null;
    if (gotId !== wantId) differ('answer', wantId, `${gotId} (topic ${JSON.stringify(s.topic)})`);
  }
  return out;
}

describe('Spanish local NLU on the caller corpus', () => {
  test('the corpus is broad: 200+ utterances over all four verticals and every kind of turn', () => {
    expect(CORPUS_ES.length).toBeGreaterThanOrEqual(200);
    const by = (f: (i: CorpusItemEs) => unknown) => new Set(CORPUS_ES.map(f).filter((x) => x !== undefined));
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
    for (const i of CORPUS_ES) if (i.topic !== undefined) expectedAnswer(i);
  });

  test('at least 95% of utterances are understood correctly', () => {
    const failures: string[] = [];
    for (const item of CORPUS_ES) {
      const ctx = contextFor(item);
      const r = classifyLocalEs(item.text, ctx, { faq: faqFor(item) });
      expect(r.source).toBe('local');
      const m = mismatches(item, r, ctx);
      if (m.length > 0)
        failures.push(`  [${item.vertical}/${item.expecting ?? 'intent'}] "${item.text}"\n      ${m.join('\n      ')}`);
    }
    const accuracy = (CORPUS_ES.length - failures.length) / CORPUS_ES.length;
    const correct = CORPUS_ES.length - failures.length;
    console.log(`Spanish local NLU corpus: ${correct}/${CORPUS_ES.length} correct (${(accuracy * 100).toFixed(1)}%)`);
    if (failures.length > 0) console.log(`failures:\n${failures.join('\n')}`);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });

  test('the last four digits read out in Spanish', () => {
    for (const d of DIGITS_ES) {
      const r = classifyLocalEs(d.text, contextFor({ vertical: d.vertical, expecting: 'digits' }));
      expect(r.slots.lastFour).toBe(d.lastFour);
      expect(r.confidence).toBeGreaterThan(0.8);
    }
    // Asked for something else, a number is not taken for digits.
    expect(
      classifyLocalEs('cinco cinco uno dos', contextFor({ vertical: 'hvac', expecting: 'time' })).slots.lastFour,
    ).toBeUndefined();
  });
});
