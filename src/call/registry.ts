// Calls our webhook answered whose media stream has not started yet, and calls in progress.
// The stream token is single-use: a start message must carry the one the webhook issued.
import { randomBytes, timingSafeEqual } from 'node:crypto';

export interface AnsweredCall {
  callId: string;
  callSid: string;
  orgId: string;
  callerPhone: string | null;
  token: string;
  answeredAt: number;
  /** Simulated calls only: the instant the call's clock starts at. */
  simulatedNow?: number;
}

const TOKEN_TTL_MS = 5 * 60_000;

export class CallRegistry {
  private answered = new Map<string, AnsweredCall>();
  private live = new Map<string, { end: () => Promise<void> }>();

  issue(call: Omit<AnsweredCall, 'token' | 'answeredAt'>, now: number): AnsweredCall {
    this.sweep(now);
    const entry: AnsweredCall = { ...call, token: randomBytes(18).toString('base64url'), answeredAt: now };
    this.answered.set(call.callSid, entry);
    return entry;
  }

  /** Consumes the token: a second stream for the same call is refused. */
  claim(callSid: string, token: string | undefined, now: number): AnsweredCall | null {
    const entry = this.answered.get(callSid);
    if (!entry || !token || now - entry.answeredAt > TOKEN_TTL_MS) return null;
    const a = Buffer.from(entry.token);
    const b = Buffer.from(token);
    if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
    this.answered.delete(callSid);
    return entry;
  }

  addLive(callSid: string, handle: { end: () => Promise<void> }): void {
    this.live.set(callSid, handle);
  }

  removeLive(callSid: string): void {
    this.live.delete(callSid);
  }

  get liveCount(): number {
    return this.live.size;
  }

  liveHandles(): Array<{ end: () => Promise<void> }> {
    return [...this.live.values()];
  }

  private sweep(now: number): void {
    for (const [sid, e] of this.answered) if (now - e.answeredAt > TOKEN_TTL_MS) this.answered.delete(sid);
  }
}
