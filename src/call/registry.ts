// Calls our webhooks answered, and calls in progress, whichever carrier brought them. The stream
// token is single-use: a stream's start must carry the one the webhook issued, for the same
// carrier, and only the first such stream is accepted. A carrier may post the webhook for one call
// more than once (retries, fallback URLs): every repeat gets the same call id and token, so there
// is never a second call for one carrier call id.
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A call as its carrier names it. */
export interface CarrierCallRef {
  /** The carrier's name (`twilio`, `telnyx`). */
  carrier: string;
  /** The carrier's id for the call: Twilio's CallSid, Telnyx's call_control_id. */
  carrierCallId: string;
}

export interface AnsweredCall extends CarrierCallRef {
  callId: string;
  orgId: string;
  callerPhone: string | null;
  token: string;
  answeredAt: number;
  /** Simulated calls only: the instant the call's clock starts at. */
  simulatedNow?: number;
  /** Origin the carrier reached us on (for the transfer's callback URLs). */
  publicOrigin?: string;
  /** Set on a stream that brings the call back from an unanswered transfer: its leg number (2…). */
  returned?: { leg: number; name?: string };
}

/** A transfer under way: what its whisper says and who the caller is, until the dial reports back. */
export interface PendingTransfer {
  whisper: string | null;
  callerName?: string;
}

interface Entry {
  call: AnsweredCall;
  /** When its stream started (the token is spent), or null while it may still start. */
  claimedAt: number | null;
  transfer?: PendingTransfer;
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
  /** True when this call was answered before: nothing new may be created for it. */
  repeat: boolean;
  /** The stream has already started (or ended): the token will not open another. */
  claimed: boolean;
}

const keyOf = (ref: CarrierCallRef): string => `${ref.carrier}\u0000${ref.carrierCallId}`;

export class CallRegistry {
  private answered = new Map<string, Entry>();
  /** By carrier call id: a live call is ended (drain) through its handle. */
  private live = new Map<string, { end: () => Promise<void> }>();

  /**
   * Answers a call: the entry already held for this carrier call if there is one, else `known` (a
   * call another process answered, read back from the database), else a new call and token.
   */
  issue(call: Omit<AnsweredCall, 'token' | 'answeredAt'>, now: number, known?: KnownCall): Issued {
    this.sweep(now);
    const key = keyOf(call);
    const held = this.answered.get(key);
    if (held) return { call: held.call, repeat: true, claimed: held.claimedAt !== null };
    // A known call whose token is spent gets one nobody holds: it can never open a stream here.
    const token = known?.token ?? randomBytes(18).toString('base64url');
    const entry: AnsweredCall = { ...call, ...(known ? { callId: known.callId } : {}), token, answeredAt: now };
    const claimedAt = known && known.token === null ? now : null;
    this.answered.set(key, { call: entry, claimedAt, ended: claimedAt !== null, endedAt: null });
    return { call: entry, repeat: known !== undefined, claimed: claimedAt !== null };
  }

  /** Whether this process holds an answer for the call (else the database may). */
  has(ref: CarrierCallRef): boolean {
    return this.answered.has(keyOf(ref));
  }

  /** Spends the token: a second stream for the same call is refused. */
  claim(ref: CarrierCallRef, token: string | undefined, now: number): AnsweredCall | null {
    const entry = this.answered.get(keyOf(ref));
    if (!entry || entry.claimedAt !== null || !token || now - entry.call.answeredAt > TOKEN_TTL_MS) return null;
    const a = Buffer.from(entry.call.token);
    const b = Buffer.from(token);
    if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
    entry.claimedAt = now;
    return entry.call;
  }

  /** The call is being transferred; the dial's report comes back to `transferOf`/`returnFromTransfer`. */
  noteTransfer(ref: CarrierCallRef, t: PendingTransfer): void {
    const entry = this.answered.get(keyOf(ref));
    if (entry) entry.transfer = t;
  }

  transferOf(ref: CarrierCallRef): PendingTransfer | null {
    return this.answered.get(keyOf(ref))?.transfer ?? null;
  }

  /** The transfer was answered: nothing more comes back. */
  transferDone(ref: CarrierCallRef): void {
    const entry = this.answered.get(keyOf(ref));
    if (entry) delete entry.transfer;
  }

  /**
   * Nobody answered: the call comes back on a new stream with a new single-use token. Only a call
   * with a transfer under way comes back, and only once per transfer.
   */
  returnFromTransfer(ref: CarrierCallRef, now: number): AnsweredCall | null {
    const entry = this.answered.get(keyOf(ref));
    if (!entry?.transfer) return null;
    const leg = (entry.call.returned?.leg ?? 1) + 1;
    const name = entry.transfer.callerName;
    const call: AnsweredCall = {
      ...entry.call,
      token: randomBytes(18).toString('base64url'),
      answeredAt: now,
      returned: { leg, ...(name ? { name } : {}) },
    };
    this.answered.set(keyOf(ref), { call, claimedAt: null, ended: false, endedAt: null });
    return call;
  }

  addLive(carrierCallId: string, handle: { end: () => Promise<void> }): void {
    this.live.set(carrierCallId, handle);
  }

  removeLive(carrierCallId: string): void {
    this.live.delete(carrierCallId);
    for (const entry of this.answered.values()) {
      if (entry.call.carrierCallId === carrierCallId) entry.ended = true;
    }
  }

  get liveCount(): number {
    return this.live.size;
  }

  liveHandles(): Array<{ end: () => Promise<void> }> {
    return [...this.live.values()];
  }

  private sweep(now: number): void {
    for (const [key, e] of this.answered) {
      if (this.live.has(e.call.carrierCallId)) continue;
      if (e.ended && e.endedAt === null) e.endedAt = now;
      const since = e.endedAt ?? e.claimedAt ?? e.call.answeredAt;
      if (now - since > TOKEN_TTL_MS) this.answered.delete(key);
    }
  }
}
