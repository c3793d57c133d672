import { describe, expect, test } from 'bun:test';
import {
  actionPath,
  answerCommand,
  decodeClientState,
  encodeClientState,
  streamParametersFrom,
} from '../../../src/carriers/telnyx/answer.ts';

const ID = 'v3:abc_DEF-123';
const params = { callId: 'c-1', orgId: 'o-1', token: 'tok+/=&?' };
const STREAM_URL = 'wss://voice.example.test/telnyx/media-stream';

describe('Telnyx answer command', () => {
  test('answers with a bidirectional μ-law RTP stream of the inbound track', () => {
    const cmd = answerCommand({ callControlId: ID, streamUrl: STREAM_URL, parameters: params });
    expect(cmd.path).toBe('/calls/v3%3Aabc_DEF-123/actions/answer');
    expect(cmd.body).toMatchObject({
      stream_track: 'inbound_track',
      stream_codec: 'PCMU',
      stream_bidirectional_mode: 'rtp',
      stream_bidirectional_codec: 'PCMU',
    });
    expect(typeof cmd.body.command_id).toBe('string');
  });

  test('carries our parameters both in client_state and in the stream URL query', () => {
    const cmd = answerCommand({ callControlId: ID, streamUrl: STREAM_URL, parameters: params });
    expect(decodeClientState(cmd.body.client_state as string)).toEqual(params);
    const url = new URL(cmd.body.stream_url as string);
    expect(url.pathname).toBe('/telnyx/media-stream');
    expect(Object.fromEntries(url.searchParams)).toEqual(params);
  });

  test('keeps a given command_id so a retry is the same command', () => {
    const cmd = answerCommand({ callControlId: ID, streamUrl: 'wss://h/s', parameters: {}, commandId: 'cmd-7' });
    expect(cmd.body.command_id).toBe('cmd-7');
  });

  test('refuses a stream URL that is not a WebSocket URL', () => {
    expect(() => answerCommand({ callControlId: ID, streamUrl: 'https://h/s', parameters: {} })).toThrow(/ws/);
  });

  test('refuses parameters too large for client_state', () => {
    expect(() => encodeClientState({ big: 'x'.repeat(4000) })).toThrow(/too large/);
  });

  test('action paths URI-encode the call control id', () => {
    expect(actionPath('v2:a=b', 'hangup')).toBe('/calls/v2%3Aa%3Db/actions/hangup');
  });
});

describe('client_state', () => {
  test('round-trips a string map', () => {
    expect(decodeClientState(encodeClientState(params))).toEqual(params);
  });

  test.each([
    ['absent', null],
    ['empty', ''],
    ['not base64', 'not base64!'],
    ['base64 of text that is not JSON', Buffer.from('hello').toString('base64')],
    ['base64 of a JSON array', Buffer.from('["a"]').toString('base64')],
    ['base64 of JSON with a number value', Buffer.from('{"a":1}').toString('base64')],
    ['oversized', 'A'.repeat(5000)],
  ])('is not ours when %s', (_name, value) => {
    expect(decodeClientState(value)).toBeNull();
  });
});

describe('stream parameters when the stream starts', () => {
  const state = encodeClientState(params);

  test('client_state wins', () => {
    const got = streamParametersFrom({ clientState: state, customParameters: { token: 'other' } }, 'wss://h/s?token=q');
    expect(got).toEqual(params);
  });

  test('then custom_parameters', () => {
    const got = streamParametersFrom({ clientState: null, customParameters: { token: 'cp' } }, 'wss://h/s?token=q');
    expect(got).toEqual({ token: 'cp' });
  });

  test('then the query of the URL the socket was opened on', () => {
    const got = streamParametersFrom({ clientState: 'junk', customParameters: {} }, 'ws://h/s?callId=c&token=q');
    expect(got).toEqual({ callId: 'c', token: 'q' });
  });

  test('nothing at all is an empty map', () => {
    expect(streamParametersFrom({ clientState: null, customParameters: {} })).toEqual({});
    expect(streamParametersFrom({ clientState: null, customParameters: {} }, 'not a url')).toEqual({});
  });

  test('a returned map is a copy', () => {
    const customParameters = { token: 'cp' };
    const got = streamParametersFrom({ clientState: null, customParameters });
    got.token = 'changed';
    expect(customParameters.token).toBe('cp');
  });
});
