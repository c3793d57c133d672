// Notifications outbox: every message to a business or caller is recorded in the database (an
// operator can read it); with a delegate (Twilio SMS) it is also sent, and the result recorded.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { notifications } from '../../db/schema.ts';
import type { NotifyProvider, NotifyResult, OutgoingMessage } from './types.ts';
import { log as rootLog, maskPhone, type Logger } from '../../log.ts';

export function createOutboxNotify(db: Db, opts: { delegate?: NotifyProvider; log?: Logger } = {}): NotifyProvider {
  const log = opts.log ?? rootLog;
  const delegate = opts.delegate;
  return {
    name: delegate ? `outbox+${delegate.name}` : 'outbox',
    async send(msg: OutgoingMessage, signal?: AbortSignal): Promise<NotifyResult> {
      const id = randomUUID();
      let result: NotifyResult = { id, status: 'stored' };
      let error: string | null = null;
      if (delegate) {
        try {
          result = await delegate.send(msg, signal);
        } catch (e) {
          // A failed SMS must never fail the caller's turn: it is recorded for the operator.
          error = e instanceof Error ? e.message.slice(0, 300) : String(e);
          result = { id, status: 'failed' };
        }
      }
      await db.insert(notifications).values({
        id,
        orgId: msg.orgId ?? null,
        callId: msg.callId ?? null,
        channel: delegate ? 'sms' : 'outbox',
        recipient: msg.to,
        body: msg.body,
        status: result.status,
        providerId: delegate && result.status !== 'failed' ? result.id : null,
        error,
        sentAt: result.status === 'sent' || result.status === 'queued' ? new Date() : null,
      });
      log.info('notification', {
        to: maskPhone(msg.to),
        status: result.status,
        channel: delegate ? 'sms' : 'outbox',
        orgId: msg.orgId,
      });
      return { id, status: result.status };
    },
  };
}
