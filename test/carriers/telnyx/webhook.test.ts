import { describe, expect, test } from 'bun:test';
import { MAX_WEBHOOK_BYTES, parseTelnyxWebhook } from '../../../src/carriers/telnyx/webhook.ts';
import { callHangupBody, callInitiatedBody, randomCallControlId } from '../../../src/sim/telnyx-caller.ts';

const ID = 'v3:2EC-70CTEjlUq3tDM0CxKXIt5-5N4iP4wo7_-PfH-qub97Sk4EqO5w';

const envelope = (eventType: string, payload: Record<string, unknown>) =>
  JSON.stringify({
    data: { record_type: 'event', event_type: eventType, id: 'evt-1', occurred_at: 'x', payload },
    meta: {},
  });
const initiated = (payload: Record<string, unknown>) =>
  envelope('call.initiated', { call_control_id: ID, direction: 'incoming', to: '+1555', ...payload });

describe('Telnyx call webhook', () => {
  test('an incoming call.initiated becomes a carrier-neutral incoming call', () => {
    const r = parseTelnyxWebhook(callInitiatedBody({ callControlId: ID, from: '+15125550123', to: '+15125550100' }));
    expect(r.ok).toBe(true);
    if (!r.ok || r.event.kind !== 'incoming') throw new Error('expected incoming');
    expect(r.event.call).toEqual({ carrierCallId: ID, from: '+15125550123', to: '+15125550100' });
    expect(r.event.callSessionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('a withheld or blank caller number is null, not an empty string', () => {
    for (const from of [null, '', '  ']) {
      const r = parseTelnyxWebhook(initiated({ from }));
      if (!r.ok || r.event.kind !== 'incoming') throw new Error('expected incoming');
      expect(r.event.call.from).toBeNull();
    }
    const absent = parseTelnyxWebhook(initiated({}));
    if (!absent.ok || absent.event.kind !== 'incoming') throw new Error('expected incoming');
    expect(absent.event.call.from).toBeNull();
  });

  test('SIP URIs pass through as the parties', () => {
    const r = parseTelnyxWebhook(initiated({ from: 'sip:alice@example.test', to: 'sip:desk@example.test' }));
    if (!r.ok || r.event.kind !== 'incoming') throw new Error('expected incoming');
    expect(r.event.call.from).toBe('sip:alice@example.test');
  });

  test('the outgoing leg a transfer creates is ignored, never answered', () => {
    const leg = { callControlId: randomCallControlId(), from: '+1555', to: '+1666', direction: 'outgoing' as const };
    const r = parseTelnyxWebhook(callInitiatedBody(leg));
    expect(r.ok && r.event.kind).toBe('ignored');
  });

  test('call.hangup carries the cause', () => {
    const r = parseTelnyxWebhook(callHangupBody(ID, 'user_busy'));
    const hangup = { kind: 'hangup' as const, eventId: expect.any(String), carrierCallId: ID, cause: 'user_busy' };
    expect(r.ok && r.event).toEqual(hangup);
  });

  test('streaming.failed carries the reason', () => {
    const payload = { call_control_id: ID, failure_reason: 'connection_failed', stream_id: 's' };
    const r = parseTelnyxWebhook(envelope('streaming.failed', payload));
    const failed = { kind: 'stream_failed' as const, eventId: 'evt-1', carrierCallId: ID, reason: 'connection_failed' };
    expect(r.ok && r.event).toEqual(failed);
  });

  test('other event types are ignored with their name', () => {
    const r = parseTelnyxWebhook(envelope('call.answered', { call_control_id: ID }));
    expect(r.ok && r.event).toEqual({ kind: 'ignored', eventId: 'evt-1', eventType: 'call.answered' });
  });

  test.each([
    ['not JSON', '{nope', 'bad_json'],
    ['a JSON array', '[]', 'invalid'],
    ['no data', '{"meta":{}}', 'invalid'],
    [
      'a record_type other than event',
      JSON.stringify({ data: { record_type: 'call', event_type: 'x', id: '1', payload: {} } }),
      'invalid',
    ],
    ['no event id', JSON.stringify({ data: { record_type: 'event', event_type: 'x', payload: {} } }), 'invalid'],
    [
      'a payload that is not an object',
      JSON.stringify({ data: { record_type: 'event', event_type: 'x', id: '1', payload: [] } }),
      'invalid',
    ],
    ['no call_control_id', envelope('call.initiated', { direction: 'incoming', to: '+1555' }), 'invalid'],
    [
      'a call_control_id with a slash',
      envelope('call.initiated', { call_control_id: 'v3:a/b', direction: 'incoming', to: '+1' }),
      'invalid',
    ],
    ['no to', envelope('call.initiated', { call_control_id: ID, direction: 'incoming' }), 'invalid'],
    [
      'an unknown direction',
      envelope('call.initiated', { call_control_id: ID, direction: 'sideways', to: '+1' }),
      'invalid',
    ],
    [
      'a numeric from',
      envelope('call.initiated', { call_control_id: ID, direction: 'incoming', from: 15125550123, to: '+1' }),
      'invalid',
    ],
    ['a hangup without id', envelope('call.hangup', { hangup_cause: 'x' }), 'invalid'],
    ['a body over the limit', ' '.repeat(MAX_WEBHOOK_BYTES + 1), 'too_large'],
  ])('refuses %s with a clear error', (_name, body, error) => {
    const r = parseTelnyxWebhook(body);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBe(error as typeof r.error);
    expect(r.message.length).toBeGreaterThan(0);
  });

  test('errors name the offending field', () => {
    const r = parseTelnyxWebhook(envelope('call.initiated', { call_control_id: ID, direction: 'incoming' }));
    expect(!r.ok && r.message).toMatch(/^data\.payload\.to: /);
    const noData = parseTelnyxWebhook('{"meta":{}}');
    expect(!noData.ok && noData.message).toMatch(/^data: /);
  });
});
