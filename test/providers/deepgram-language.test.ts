// Calls that may be in Spanish ask Deepgram for a model that speaks it, and a multilingual
// result's language tag reaches the call.
import { afterEach, describe, expect, test } from 'bun:test';
import { createDeepgramAsr, languageParams } from '../../src/providers/asr/deepgram.ts';
import type { AsrEvent, AsrStream } from '../../src/providers/asr/types.ts';
import { startFakeDeepgram, type FakeDeepgram } from '../../src/sim/deepgram.ts';
import { push, silence, speech } from '../helpers/asr-audio.ts';

async function firstFinal(stream: AsrStream): Promise<Extract<AsrEvent, { type: 'final' }>> {
  for await (const e of stream) if (e.type === 'final' && e.text) return e;
  throw new Error('no final');
}

let fake: FakeDeepgram;
afterEach(async () => {
  await fake?.close();
});

const asr = () => createDeepgramAsr({ apiKey: 'dg-test-key', url: fake.url, reconnectDelayMs: 1 });

describe('deepgram per language', () => {
  test('English keeps the phone-call model; Spanish gets nova-3 es; both get nova-3 multi', () => {
    expect(languageParams({ model: 'nova-2-phonecall' }, ['en'])).toEqual({ model: 'nova-2-phonecall' });
    expect(languageParams({ model: 'nova-2-phonecall' }, ['es'])).toEqual({ model: 'nova-3', language: 'es' });
    expect(languageParams({ model: 'nova-2-phonecall' }, ['en', 'es'])).toEqual({
      model: 'nova-3',
      language: 'multi',
    });
  });

  test('a Spanish-only call opens nova-3 with language=es and Spanish keyterms', async () => {
    fake = await startFakeDeepgram();
    const stream = asr().open({ callId: 'CA-es', keywords: ['calefacción'], languages: ['es'] });
    await push(stream, silence(60));
    await stream.close();
    const q = fake.connections[0]!.query;
    expect(q.get('model')).toBe('nova-3');
    expect(q.get('language')).toBe('es');
    expect(q.getAll('keyterm')).toEqual(['calefacción']);
  });

  test('a bilingual call asks for multi, and each final carries the language heard', async () => {
    fake = await startFakeDeepgram();
    fake.setScript('CA-multi', ['Quiero una cita para mañana por la tarde.']);
    const stream = asr().open({ callId: 'CA-multi', languages: ['en', 'es'] });
    const final = firstFinal(stream);
    await push(stream, silence(200), speech(1200), silence(1200));
    const ev = await final;
    expect(fake.connections[0]!.query.get('language')).toBe('multi');
    expect(ev.language).toBe('es');
    await stream.close();
  });
});
