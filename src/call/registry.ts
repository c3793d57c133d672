// Calls this instance is serving, whichever carrier brought them, so a drain can end them. Which
// calls exist and whether a stream may start is the database's business (the call row and its
// stream claim), so any instance can answer a webhook and any other take its stream.
//
// Transfers are the exception: a transfer under way and the stream that brings an unanswered
// call back are held by the instance that placed the transfer, which the carrier's report (the
// Dial action) reaches when the load balancer sends it there; elsewhere the call ends politely.
import { randomBytes } from 'node:crypto';
import { safeEqual } from '../safe-equal.ts';

/** A call as its carrier names it. */
export interface CarrierCallRef {
  /** The carrier's name (`twilio`, `telnyx`). */
  carrier: string;
  /** The carrier's id for the call: Twilio's CallSid, Telnyx's call_control_id. */
  carrierCallId: string;
}

/** A call whose stream this instance admitted. */
export interface AnsweredCall extends CarrierCallRef {
  callId: string;
  orgId: string;
  callerPhone: string | null;
  /** Simulated calls only: the instant the call's clock starts at. */
  simulatedNow?: number;
  /** Origin the carrier reached us on (for a transfer's callback URLs). */
  publicOrigin?: string;
  /** Set on a stream that brings the call back from an unanswered transfer: its leg number (2…). */
  returned?: { leg: number; name?: string };
}

/** A transfer under way: what its whisper says and who the caller is, until the dial reports back. */
export interface PendingTransfer {
  whisper: string | null;
  callerName?: string;
}

/** The call back from an unanswered transfer, and the single-use token its new stream must carry. */
export interface ReturnLeg {
  call: AnsweredCall;
  token: string;
}

/** A dial rings for at most a couple of minutes; a return stream starts within seconds. */
const TRANSFER_TTL_MS = 10 * 60_000;
const RETURN_TTL_MS = 5 * 60_000;

const keyOf = (ref: CarrierCallRef): string => `${ref.carrier}\u0000${ref.carrierCallId}`;

export class CallRegistry {
  /** By carrier call id: a live call is ended (drain) through its handle. */
  private live = new Map<string, { end: () => Promise<void> }>();
  private transfers = new Map<string, { call: AnsweredCall; transfer: PendingTransfer; at: number }>();
  private returns = new Map<string, ReturnLeg & { at: number }>();
  /** Work a call leaves behind (its LLM summary, a message to the business), still writing. */
  private trailing = new Set<Promise<unknown>>();

  addLive(carrierCallId: string, handle: { end: () => Promise<void> }): void {
    this.live.set(carrierCallId, handle);
  }

  removeLive(carrierCallId: string): void {
    this.live.delete(carrierCallId);
  }

  get liveCount(): number {
    return this.live.size;
  }

  liveHandles(): Array<{ end: () => Promise<void> }> {
    return [...this.live.values()];
  }

  /** Keeps `work` in view until it settles, so shutdown can let it finish writing. */
  trail(work: Promise<unknown>): void {
    const done: Promise<unknown> = work.then(
      () => this.trailing.delete(done),
      () => this.trailing.delete(done),
    );
    this.trailing.add(done);
  }

  /** Resolves once every piece of trailing work has settled (each is bounded by its own timeout). */
  async trailingSettled(): Promise<void> {
    while (this.trailing.size > 0) await Promise.allSettled([...this.trailing]);
  }

  /** The call is being transferred; the dial's report comes back to `transferOf`/`returnFromTransfer`. */
  noteTransfer(call: AnsweredCall, t: PendingTransfer, now: number): void {
    this.sweep(now);
    this.transfers.set(keyOf(call), { call, transfer: t, at: now });
  }

  transferOf(ref: CarrierCallRef): PendingTransfer | null {
    return this.transfers.get(keyOf(ref))?.transfer ?? null;
  }

  /** The transfer was answered (or refused): nothing more comes back. */
  transferDone(ref: CarrierCallRef): void {
    this.transfers.delete(keyOf(ref));
  }

  /**
   * Nobody answered: the call comes back on a new stream with a new single-use token. Only a call
   * with a transfer under way comes back, and only once per transfer.
   */
  returnFromTransfer(ref: CarrierCallRef, now: number): ReturnLeg | null {
    this.sweep(now);
    const key = keyOf(ref);
    const pending = this.transfers.get(key);
    if (!pending) return null;
    this.transfers.delete(key);
    const leg = (pending.call.returned?.leg ?? 1) + 1;
    const name = pending.transfer.callerName;
    const call: AnsweredCall = { ...pending.call, returned: { leg, ...(name ? { name } : {}) } };
    const back = { call, token: `r.${randomBytes(18).toString('base64url')}`, at: now };
    this.returns.set(key, back);
    return { call, token: back.token };
  }

  /** Spends a return stream's token: only the first stream that carries it is the call's next leg. */
  claimReturn(ref: CarrierCallRef, token: string | undefined, now: number): AnsweredCall | null {
    const key = keyOf(ref);
    const back = this.returns.get(key);
    if (!back || !token || now - back.at > RETURN_TTL_MS || !safeEqual(back.token, token)) return null;
    this.returns.delete(key);
    return back.call;
  }

  private sweep(now: number): void {
    for (const [k, t] of this.transfers) if (now - t.at > TRANSFER_TTL_MS) this.transfers.delete(k);
    for (const [k, r] of this.returns) if (now - r.at > RETURN_TTL_MS) this.returns.delete(k);
  }
}
