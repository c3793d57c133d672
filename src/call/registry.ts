// Calls our webhook answered, and calls in progress. The stream token is single-use: a start
// message must carry the one the webhook issued, and only the first such stream is accepted.
// Twilio may post the webhook for one CallSid more than once (retries, fallback URLs): every
// repeat gets the same call id and token, so there is never a second call for one CallSid.
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

interface Entry {
  call: AnsweredCall;
  /** When its stream started (the token is spent), or null while it may still start. */
  claimedAt: number | null;
  /** The call ended; the entry stays a while to answer late repeats the same way. */
  ended: boolean;
  /** First sweep that saw it ended (the registry is told of ends without a clock reading). */
  endedAt: number | null;
}

const TOKEN_TTL_MS = 5 * 60_000;

/** A call answered elsewhere: its id, and its token unless its stream has started. */
export interface KnownCall {
  callId: string;
  token: string | null;
}

export interface Issued {
  call: AnsweredCall;
  /** True when this CallSid was answered before: nothing new may be created for it. */
  repeat: boolean;
  /** The stream has already started (or ended): the token will not open another. */
  claimed: boolean;
}

export class CallRegistry {
  private answered = new Map<string, Entry>();
  private live = new Map<string, { end: () => Promise<void> }>();

  /**
   * Answers a call: the entry already held for this CallSid if there is one, else `known` (a
   * call another process answered, read back from the database), else a new call and token.
   */
  issue(call: Omit<AnsweredCall, 'token' | 'answeredAt'>, now: number, known?: KnownCall): Issued {
    this.sweep(now);
    const held = this.answered.get(call.callSid);
    if (held) return { call: held.call, repeat: true, claimed: held.claimedAt !== null };
    // A known call whose token is spent gets one nobody holds: it can never open a stream here.
    const token = known?.token ?? randomBytes(18).toString('base64url');
    const entry: AnsweredCall = { ...call, ...(known ? { callId: known.callId } : {}), token, answeredAt: now };
    const claimedAt = known && known.token === null ? now : null;
    this.answered.set(call.callSid, { call: entry, claimedAt, ended: claimedAt !== null, endedAt: null });
    return { call: entry, repeat: known !== undefined, claimed: claimedAt !== null };
  }

  /** Whether this process holds an answer for the CallSid (else the database may). */
  has(callSid: string): boolean {
    return this.answered.has(callSid);
  }

  /** Spends the token: a second stream for the same call is refused. */
  claim(callSid: string, token: string | undefined, now: number): AnsweredCall | null {
    const entry = this.answered.get(callSid);
    if (!entry || entry.claimedAt !== null || !token || now - entry.call.answeredAt > TOKEN_TTL_MS) return null;
    const a = Buffer.from(entry.call.token);
    const b = Buffer.from(token);
    if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
    entry.claimedAt = now;
    return entry.call;
  }

  addLive(callSid: string, handle: { end: () => Promise<void> }): void {
    this.live.set(callSid, handle);
  }

  removeLive(callSid: string): void {
    this.live.delete(callSid);
    const entry = this.answered.get(callSid);
    if (entry) entry.ended = true;
  }

  get liveCount(): number {
    return this.live.size;
  }

  liveHandles(): Array<{ end: () => Promise<void> }> {
    return [...this.live.values()];
  }

  private sweep(now: number): void {
    for (const [sid, e] of this.answered) {
      if (this.live.has(sid)) continue;
      if (e.ended && e.endedAt === null) e.endedAt = now;
      const since = e.endedAt ?? e.claimedAt ?? e.call.answeredAt;
      if (now - since > TOKEN_TTL_MS) this.answered.delete(sid);
    }
  }
}
