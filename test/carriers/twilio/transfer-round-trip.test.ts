// A live transfer through the real twilio SDK against the REST fake: calls.update carries the
// <Dial>, the fake posts the signed Dial action back, and an unanswered dial returns the call to
// the assistant. Forged Dial actions and whispers are refused.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { Scenario, runScenario } from '../../../src/sim/scenario.ts';
import { startSimEnv, type SimEnv } from '../../../src/sim/sim-env.ts';
import { randomSid, signTwilio } from '../../../src/sim/twilio-caller.ts';
import { startFakeTwilioRest, type FakeTwilioRest } from '../../../src/sim/twilio-rest.ts';

const ACCOUNT = { accountSid: `AC${'7'.repeat(32)}`, authToken: 'round-trip-token' };
const MAIN = '+15125550100';

let env: SimEnv;
let rest: FakeTwilioRest;

beforeAll(async () => {
  rest = await startFakeTwilioRest(ACCOUNT);
  env = await startSimEnv({ twilio: { ...ACCOUNT, ...rest, url: rest.url } });
});
afterAll(async () => {
  await env.close();
  await rest.close();
});

const scenario = (answer: 'completed' | 'no-answer', turns: string[]) =>
  Scenario.parse({
    name: `round trip ${answer}`,
    carriers: ['twilio'],
    transferAnswer: answer,
    org: {
      template: 'hvac',
      name: 'Polar Air',
      settings: { transfer: { main: MAIN, mode: 'warm', timeoutSeconds: 25 } },
    },
    now: '2026-11-23T10:00:00-06:00',
    turns,
    expect: { outcome: answer === 'completed' ? 'transferred' : 'message' },
  });

describe('Twilio transfer round trip', () => {
  test('calls.update carries a Dial with the business caller ID, timeout, action and whisper', async () => {
    const r = await runScenario(env, scenario('completed', ['Can I talk to a real person please']));
    expect(r.reason).toBe('');
    const update = rest.callUpdates.at(-1)!;
    expect(update.twiml).toContain(`timeout="25"`);
    expect(update.twiml).toMatch(/callerId="\+1555\d{7}"/);
    expect(update.twiml).toContain('action="http://127.0.0.1:');
    expect(update.twiml).toMatch(
      /<Number url="[^"]+\/voice\/whisper\?parent=CA[0-9a-f]{32}"[^>]*>\+15125550100<\/Number>/,
    );
    const dial = rest.dials.at(-1)!;
    expect(dial.whisper).toBe('Call from a caller at 512 555 0123, asking to speak with someone. Connecting you now.');
    // Answered: the action's answer ends the call.
    expect(dial.actionStatus).toBe(200);
    expect(dial.actionTwiml).not.toContain('<Stream');
    expect(r.outcome).toBe('transferred');
  });

  test('an unanswered dial comes back as a new stream and a message is taken', async () => {
    const r = await runScenario(
      env,
      scenario('no-answer', ['Can I talk to a real person please', 'Dana Smith', 'yes', 'Call me about the furnace']),
    );
    expect(r.reason).toBe('');
    const dial = rest.dials.at(-1)!;
    expect(dial.status).toBe('no-answer');
    expect(dial.actionTwiml).toContain('<Connect><Stream');
    expect(r.outcome).toBe('message');
    // Both legs' turns are kept, in order.
    expect(r.turns.map((t) => t.caller).filter(Boolean)).toEqual([
      'Can I talk to a real person please',
      'Dana Smith',
      'yes',
      'Call me about the furnace',
    ]);
  });

  test('a Dial action or whisper with a forged signature is refused', async () => {
    const params = { AccountSid: ACCOUNT.accountSid, CallSid: randomSid('CA'), DialCallStatus: 'no-answer' };
    for (const path of ['/voice/dial-action', `/voice/whisper?parent=${params.CallSid}`]) {
      const url = `${env.serverUrl}${path}`;
      const forged = signTwilio('not-the-token', url, params);
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': forged },
        body: new URLSearchParams(params).toString(),
      });
      expect(res.status).toBe(403);
    }
  });

  test('a correctly signed Dial action for a call with no transfer under way never opens a stream', async () => {
    const params = { AccountSid: ACCOUNT.accountSid, CallSid: randomSid('CA'), DialCallStatus: 'busy' };
    const url = `${env.serverUrl}/voice/dial-action`;
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signTwilio(ACCOUNT.authToken, url, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain('<Stream');
  });
});
