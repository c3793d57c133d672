// A Spanish call on the LLM path, against the OpenAI fake: the classification request and the
// generated answer both carry the caller's language, and the Spanish answer is what is spoken.
// Without an LLM, an answer that exists only in English is never read to a Spanish caller.
import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { randomUUID } from 'node:crypto';
import { openDb, type DbHandle } from '../../src/db/client.ts';
import { createOrganization } from '../../src/orgs/create-org.ts';
import { resolveSettings } from '../../src/templates/index.ts';
import { createLocalCalendar } from '../../src/providers/calendar/local.ts';
import { createOutboxNotify } from '../../src/providers/notify/outbox.ts';
import { createLocalNlu } from '../../src/nlu/local.ts';
import { createSpanishNlu } from '../../src/nlu/es/local.ts';
import { createLlmNlu } from '../../src/nlu/llm.ts';
import { createLanguageNlu } from '../../src/nlu/by-language.ts';
import { createOpenAiLlm } from '../../src/providers/llm/openai.ts';
import { manualClock } from '../../src/clock.ts';
import { createConversation, type Conversation } from '../../src/dialogue/conversation.ts';
import type { ReplyPart } from '../../src/dialogue/types.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai.ts';

const NOW = Date.parse('2026-11-23T16:00:00Z');
const GIFT_CARDS = {
  question: 'Do you sell gift cards?',
  answer: 'Yes, gift cards are sold at the front desk.',
  keywords: ['gift card', 'tarjeta de regalo', 'tarjetas de regalo'],
};
const settings = resolveSettings('hvac', { languages: ['es'], faq: [GIFT_CARDS] });

let db: DbHandle;
let orgId: string;
let fake: FakeOpenAi | null = null;
beforeEach(async () => {
  db = await openDb({ url: ':memory:' });
  const org = await createOrganization(db.db, { template: 'hvac', name: 'Polar Air', phoneNumber: '+15125550100' });
  orgId = org.id;
});
afterEach(async () => {
  db.close();
  await fake?.close();
  fake = null;
});

function call(withLlm: boolean): Conversation {
  const llm = withLlm && fake ? createOpenAiLlm({ apiKey: 'sk-test', baseURL: fake.url, maxRetries: 0 }) : null;
  const es = createSpanishNlu();
  const nlu = createLanguageNlu({
    en: createLocalNlu(),
    es: llm ? createLlmNlu(llm, { timeoutMs: 5000, fallback: es }) : es,
  });
  return createConversation({
    db: db.db,
    org: { id: orgId, name: 'Polar Air', timezone: 'America/Chicago', vertical: 'hvac', settings },
    callId: randomUUID(),
    callerPhone: '+15125550123',
    clock: manualClock(NOW),
    nlu,
    calendar: createLocalCalendar(db.db),
    notify: createOutboxNotify(db.db),
    ...(llm ? { llm } : {}),
  });
}

async function spoken(parts: AsyncIterable<ReplyPart>): Promise<string> {
  let out = '';
  for await (const p of parts) if (p.type === 'text' || p.type === 'phrase' || p.type === 'llm-delta') out += p.text;
  return out;
}

const question = '¿Venden tarjetas de regalo?';

describe('a Spanish turn on the LLM path', () => {
  test('both requests say the caller speaks Spanish, and the Spanish answer is spoken', async () => {
    fake = await startFakeOpenAi();
    fake.setResponder((req) =>
      req.body.tools?.length
        ? {
            toolCalls: [
              { name: 'classify_intent', arguments: JSON.stringify({ intent: 'inquiry', topic: 'gift cards' }) },
            ],
          }
        : { text: 'Sí, vendemos tarjetas de regalo en la recepción.' },
    );
    const c = call(true);
    await spoken(c.begin());
    const reply = await spoken(c.handleUtterance(question));
    expect(reply).toContain('Sí, vendemos tarjetas de regalo en la recepción.');
    const system = (i: number) => String(fake!.requests[i]!.body.messages[0]!.content);
    expect(fake.requests).toHaveLength(2);
    expect(system(0)).toContain('The caller speaks Spanish');
    expect(system(1)).toContain('answer in Spanish');
    // The facts go in as written: the model translates them.
    expect(system(1)).toContain(GIFT_CARDS.answer);
  });
});

describe('without an LLM', () => {
  test('an answer that exists only in English is not read out: the Spanish caller is offered a call back', async () => {
    const c = call(false);
    await spoken(c.begin());
    const reply = await spoken(c.handleUtterance(question));
    expect(reply).not.toContain(GIFT_CARDS.answer);
    expect(reply).toContain('puedo pedir que alguien le llame');
  });
});
