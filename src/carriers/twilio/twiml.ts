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

/** Hands the call to another number (a transfer replaces the call's TwiML with this). */
export function dialTwiml(to: string): string {
  const response = new VoiceResponse();
  response.dial(to);
  return response.toString();
}
