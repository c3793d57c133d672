// Calls this instance is serving, whichever carrier brought them, so a drain can end them. Which
// calls exist and whether a stream may start is the database's business (the call row and its
// stream claim), so any instance can answer a webhook and any other take its stream.

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
}

export class CallRegistry {
  /** By carrier call id: a live call is ended (drain) through its handle. */
  private live = new Map<string, { end: () => Promise<void> }>();

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
}
