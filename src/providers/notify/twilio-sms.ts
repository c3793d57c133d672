// Text messages through Twilio's Messages API.
import twilio from 'twilio';
import type { NotifyProvider, NotifyResult, OutgoingMessage } from './types.ts';

export function createTwilioSms(opts: {
  accountSid: string;
  authToken: string;
  from: string;
  baseUrl?: string;
}): NotifyProvider {
  const client = twilio(opts.accountSid, opts.authToken);
  // The SDK has no base-URL option; its API domain's baseUrl is read at request time.
  if (opts.baseUrl) (client.api as unknown as { baseUrl: string }).baseUrl = opts.baseUrl;
  return {
    name: 'twilio-sms',
    async send(msg: OutgoingMessage): Promise<NotifyResult> {
      const m = await client.messages.create({ to: msg.to, from: opts.from, body: msg.body.slice(0, 1600) });
      return { id: m.sid, status: m.status === 'failed' || m.status === 'undelivered' ? 'failed' : 'sent' };
    },
  };
}
