// A Telnyx call through the real server: signed call.initiated → our answer command on the REST
// fake → the media stream with its single-use token → a booking → our hang-up over REST. Also what
// Telnyx must never get past the edge: forged or unsigned webhooks and replayed stream tokens.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { join } from 'node:path';
import { bookings, calls } from '../../src/db/schema.ts';
import { decodeClientState } from '../../src/carriers/telnyx/answer.ts';
import { prepareScenario, runScenario, readScenario } from '../../src/sim/scenario.ts';
import { startSimEnv, type SimEnv } from '../../src/sim/sim-env.ts';
import {
  TelnyxMediaStream,
  callInitiatedBody,
  createTelnyxSigner,
  placeTelnyxCall,
  postTelnyxWebhook,
  randomCallControlId,
} from '../../src/sim/telnyx-caller.ts';
import { TwilioMediaStream } from '../../src/sim/twilio-caller.ts';

let env: SimEnv;
const scenarioFile = join(import.meta.dir, '..', 'scenarios', 'hvac-furnace-thursday.json');
const furnace = readScenario(scenarioFile);

beforeAll(async () => {
  env = await startSimEnv({ telnyx: true });
});
afterAll(() => env.close());

const telnyx = () => env.telnyx!;
const commandsFor = (id: string) => telnyx().rest.commands.filter((c) => c.callControlId === id);

describe('a Telnyx call through the server', () => {
  test('signed webhook → REST answer → stream → booking → our REST hang-up', async () => {
    const scenario = { ...furnace, expect: { ...furnace.expect, assistantHungUp: true } };
    const r = await runScenario(env, scenario, { carrier: 'telnyx' });
    expect(r.reason).toBe('');
    expect(r.pass).toBe(true);

    const [row] = await env.app.rt.db.db.select().from(calls).where(eq(calls.id, r.callId!));
    expect(row?.carrier).toBe('telnyx');
    expect(row?.carrierCallId).toStartWith('v3:');
    expect(row?.bookingCreated).toBe(true);
    const booked = await env.app.rt.db.db.select().from(bookings).where(eq(bookings.customerName, 'Maria Gonzalez'));
    expect(booked.length).toBeGreaterThan(0);

    const id = row!.carrierCallId;
    expect(await telnyx().rest.waitForCommand((c) => c.callControlId === id && c.action === 'hangup')).not.toBeNull();
    const cmds = commandsFor(id);
    expect(cmds.map((c) => [c.action, c.status, c.executed])).toEqual([
      ['answer', 200, true],
      ['hangup', 200, true],
    ]);
    const answer = cmds[0]!;
    expect(answer.headers.authorization).toBe('Bearer KEY-simulated-telnyx');
    expect(answer.body.stream_bidirectional_mode).toBe('rtp');
    expect(answer.body.stream_codec).toBe('PCMU');
    expect(new URL(String(answer.body.stream_url)).pathname).toBe('/telnyx/media-stream');
    expect(decodeClientState(String(answer.body.client_state))?.callId).toBe(r.callId!);
    expect(telnyx().rest.stateOf(row!.carrierCallId)).toBe('ended');
  }, 30_000);

  test('a forged, unsigned or stale call.initiated is refused and nothing is answered', async () => {
    const { phone } = await prepareScenario(env, furnace);
    const id = randomCallControlId();
    telnyx().rest.registerCall(id);
    const url = `${env.serverUrl}/telnyx/voice`;
    const body = callInitiatedBody({ callControlId: id, from: '+15125550123', to: phone });
    const forged = await postTelnyxWebhook(url, body, { signer: createTelnyxSigner() });
    const unsigned = await postTelnyxWebhook(url, body);
    const stale = String(Math.floor(Date.now() / 1000) - 600);
    const old = await postTelnyxWebhook(url, body, { signer: telnyx().signer, timestamp: stale });
    const tampered = await postTelnyxWebhook(url, body.replace(phone, '+15125550000'), {
      signature: telnyx().signer.sign(String(Math.floor(Date.now() / 1000)), body),
    });
    expect([forged.status, unsigned.status, old.status, tampered.status]).toEqual([403, 403, 403, 403]);
    // Give a wrongly accepted webhook's answer (sent after the response) time to show up.
    expect(await telnyx().rest.waitForCommand((c) => c.callControlId === id, 200)).toBeNull();
    await env.app.rt.writes.flush(3);
    const rows = await env.app.rt.db.db.select().from(calls).where(eq(calls.carrierCallId, id));
    expect(rows).toEqual([]);
  }, 15_000);

  test('a stream token works once: a replay, a guessed token and the other carrier are refused', async () => {
    const { phone } = await prepareScenario(env, furnace);
    const call = await placeTelnyxCall({ serverUrl: env.serverUrl, ...telnyx(), to: phone });
    await call.stream.waitForReplyEnd(10_000); // the greeting: the stream was accepted
    const clientState = String(call.answer.body.client_state);
    const params = decodeClientState(clientState)!;
    const wsUrl = `${env.serverUrl.replace(/^http/, 'ws')}/telnyx/media-stream`;
    const open = { callControlId: call.callControlId, from: null, to: phone, bidirectional: true };

    const replay = new TelnyxMediaStream(call.callControlId);
    await replay.open(wsUrl, { ...open, clientState });
    expect((await replay.waitClosed()).code).toBe(1008);

    // The same token over the stream URL's query instead of client_state: still spent.
    const viaQuery = new TelnyxMediaStream(call.callControlId);
    await viaQuery.open(`${wsUrl}?${new URLSearchParams(params)}`, { ...open, clientState: null });
    expect((await viaQuery.waitClosed()).code).toBe(1008);

    const guessed = Buffer.from(JSON.stringify({ ...params, token: 'guess' })).toString('base64');
    const other = randomCallControlId();
    const guess = new TelnyxMediaStream(other);
    await guess.open(wsUrl, { ...open, callControlId: other, clientState: guessed });
    expect((await guess.waitClosed()).code).toBe(1008);

    // A Telnyx call's id and token presented on Twilio's stream path open nothing.
    const cross = new TwilioMediaStream(call.callControlId);
    await cross.open(`${env.serverUrl.replace(/^http/, 'ws')}/media-stream`, params);
    expect((await cross.waitClosed()).code).toBe(1008);

    expect(call.stream.isClosed).toBe(false);
    call.stream.stop();
    await call.stream.waitClosed();
  }, 15_000);

  test('the stream dropping without a stop hangs the call up over REST (the socket alone would not)', async () => {
    const { phone } = await prepareScenario(env, furnace);
    const call = await placeTelnyxCall({ serverUrl: env.serverUrl, ...telnyx(), to: phone });
    await call.stream.waitForReplyEnd(10_000);
    call.stream.close();
    const isHangup = (c: { callControlId: string; action: string }) =>
      c.callControlId === call.callControlId && c.action === 'hangup';
    const hangup = await telnyx().rest.waitForCommand(isHangup, 5000);
    expect(hangup?.executed).toBe(true);
    expect(telnyx().rest.stateOf(call.callControlId)).toBe('ended');
  }, 15_000);

  test('the caller hanging up first: the stop ends our side and no hang-up is sent', async () => {
    const { phone } = await prepareScenario(env, furnace);
    const call = await placeTelnyxCall({ serverUrl: env.serverUrl, ...telnyx(), to: phone });
    await call.stream.waitForReplyEnd(10_000);
    const res = await call.hangUp();
    expect(res.status).toBeLessThan(300);
    await call.stream.waitClosed();
    for (let i = 0; i < 100 && env.app.rt.registry.liveCount > 0; i++) await Bun.sleep(10);
    expect(env.app.rt.registry.liveCount).toBe(0);
    expect(commandsFor(call.callControlId).map((c) => c.action)).toEqual(['answer']);
  }, 15_000);
});
