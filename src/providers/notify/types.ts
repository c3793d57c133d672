// Notifications seam: a text message to the business or the caller.

export interface OutgoingMessage {
  orgId?: string;
  callId?: string;
  to: string;
  body: string;
}

export interface NotifyResult {
  id: string;
  status: 'sent' | 'queued' | 'stored' | 'failed';
}

export interface NotifyProvider {
  readonly name: string;
  send(msg: OutgoingMessage, signal?: AbortSignal): Promise<NotifyResult>;
}
