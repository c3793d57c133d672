// TwiML answers, built with the twilio package so escaping and structure are Twilio's own.
import twilio from 'twilio';

const { VoiceResponse } = twilio.twiml;

export interface StreamTwimlInput {
  streamUrl: string;
  parameters: Record<string, string>;
  statusCallback?: string;
}

/** Bidirectional stream: Twilio holds the call on our WebSocket until we close it. */
export function connectStreamTwiml(input: StreamTwimlInput): string {
  const response = new VoiceResponse();
  const connect = response.connect();
  const stream = connect.stream({
    url: input.streamUrl,
    ...(input.statusCallback ? { statusCallback: input.statusCallback } : {}),
  });
  for (const [name, value] of Object.entries(input.parameters)) stream.parameter({ name, value });
  return response.toString();
}

/** A polite spoken message, then hang up (unknown number, draining, errors). */
export function sayAndHangupTwiml(message: string): string {
  const response = new VoiceResponse();
  response.say({ voice: 'Polly.Joanna' }, message);
  response.hangup();
  return response.toString();
}

export interface DialInput {
  to: string;
  callerId: string;
  timeoutSeconds: number;
  /** Twilio posts DialCallStatus here when the dialled leg ends; its answer continues the call. */
  actionUrl: string;
  /** Warm transfer: TwiML played to the person answering before the bridge. */
  whisperUrl?: string;
}

/** Hands the call to another number (a transfer replaces the call's TwiML with this). */
export function dialTwiml(d: DialInput): string {
  const response = new VoiceResponse();
  const dial = response.dial({ callerId: d.callerId, timeout: d.timeoutSeconds, action: d.actionUrl, method: 'POST' });
  dial.number(d.whisperUrl ? { url: d.whisperUrl, method: 'POST' } : {}, d.to);
  return response.toString();
}

/** What the person answering a warm transfer hears; the caller is connected when it ends. */
export function whisperTwiml(text: string): string {
  const response = new VoiceResponse();
  response.say({ voice: 'Polly.Joanna' }, text);
  return response.toString();
}

/** An empty answer: nothing more to do, the call ends. */
export function endTwiml(): string {
  return new VoiceResponse().toString();
}
