// Whole-turn guard: when a reply has not produced its first words by the deadline (a slow model,
// a slow lookup), a short cached filler goes out first so the caller never hears dead air. A reply
// that opens with words still to be synthesized (a read-back with names and dates) gets a short
// cached acknowledgement first instead, so the caller hears us at once while the speech engine works.
import type { ReplyPart } from './reply-player.ts';
import { realCallTimers, type CallTimers } from './call-timers.ts';

export interface FillerOptions {
  /** ms after which the filler is said if the reply has produced nothing yet (from `sinceMs`). */
  afterMs: number;
  /** The fixed phrase to say. */
  phrase: { id: string; text: string };
  /** Cached acknowledgements ("Okay.", "Let me see."); `variant` picks one so they do not repeat. */
  acks?: ReadonlyArray<{ id: string; text: string }>;
}

/**
 * Passes `parts` through; if the first part is not ready `afterMs` after `startedAt` (on the
 * `now` clock), yields the filler phrase before it.
 */
export async function* withFiller(
  parts: AsyncIterable<ReplyPart>,
  opts: FillerOptions & {
    startedAt: number;
    now: () => number;
    signal: AbortSignal;
    onFiller?: () => void;
    timers?: CallTimers;
    /** Picks the acknowledgement's wording (e.g. the turn's index). */
    variant?: number;
  },
): AsyncGenerator<ReplyPart> {
  const timers = opts.timers ?? realCallTimers;
  const it = parts[Symbol.asyncIterator]();
  try {
    const first = it.next();
    const waitMs = Math.max(0, opts.afterMs - (opts.now() - opts.startedAt));
    let timer: unknown;
    const late = new Promise<'late'>((r) => (timer = timers.setTimeout(() => r('late'), waitMs)));
    const won = await Promise.race([first, late]);
    timers.clearTimeout(timer);
    if (won === 'late' && !opts.signal.aborted) {
      opts.onFiller?.();
      yield { type: 'phrase', id: opts.phrase.id, text: opts.phrase.text };
    }
    let r = won === 'late' ? await first : won;
    const ack = opts.acks?.length ? opts.acks[(opts.variant ?? 0) % opts.acks.length] : undefined;
    if (won !== 'late' && ack && !r.done && r.value.type === 'text' && !opts.signal.aborted) {
      yield { type: 'phrase', id: ack.id, text: ack.text };
    }
    while (!r.done) {
      yield r.value;
      r = await it.next();
    }
  } finally {
    await it.return?.();
  }
}
