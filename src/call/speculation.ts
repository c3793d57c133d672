// Speculative understanding on interim transcripts. When an interim holds still for a moment we
// classify it; if the final transcript says the same, the turn starts with understanding done.
// When the words would get a generated answer, its request starts too: kept when the final says
// the same, dropped (aborted, never said) when it does not or a newer interim replaces it.
import type { Expectation, Nlu, NluContext, NluResult } from '../nlu/types.ts';
import type { EarlyAnswer } from '../dialogue/generated-answer.ts';
import { realCallTimers, type CallTimers } from './call-timers.ts';

export interface Speculation {
  text: string;
  startedAt: number;
  result: Promise<NluResult>;
  /** The generated answer started on these words, if they get one. */
  answer: EarlyAnswer | null;
}

export interface Speculator {
  interim(text: string, ctx: NluContext): void;
  /** The speculation for this final transcript, if it agrees; clears state either way. */
  take(finalText: string): Speculation | null;
  /**
   * A finished, confident speculation that fully answers what was asked, if any. Asked after every
   * quiet caller frame, so what is expected is read only when there is a speculation to judge.
   */
  confidentFor(expecting: () => Expectation): (Speculation & { result: Promise<NluResult> }) | null;
  /** The caller went quiet: a generated answer held back while words were still coming may start. */
  quiet(): void;
  /** Drops whatever is still speculative (the call ended). */
  clear(): void;
  readonly stats: { started: number; hits: number; misses: number };
}

export function normalizeUtterance(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9' ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Does this result answer the question completely enough to act before the ASR endpoints? */
export function answersExpectation(expecting: Expectation, r: NluResult): boolean {
  if (r.confidence < 0.75) return false;
  switch (expecting) {
    case 'confirm':
    case 'callback':
    case 'anything_else':
      return r.slots.yesNo === 'yes' || r.slots.yesNo === 'no';
    case 'name':
      return Boolean(r.slots.name);
    case 'time':
      return Boolean(r.slots.time?.hasTime);
    default:
      return false;
  }
}

export function createSpeculator(deps: {
  nlu: Nlu;
  stableMs: number;
  now: () => number;
  timers?: CallTimers;
  /** Starts the generated answer these understood words would get, if any. */
  startAnswer?: (text: string, result: NluResult) => EarlyAnswer | null;
  /**
   * The caller has stopped talking. An answer costs tokens, so it waits for this: interims of words
   * still coming would mostly be wasted guesses. Without it, an answer starts when understood.
   */
  callerQuiet?: () => boolean;
}): Speculator {
  const timers = deps.timers ?? realCallTimers;
  let current: (Speculation & { norm: string; settled: NluResult | null; answerTried: boolean }) | null = null;
  let pendingText = '';
  let timer: unknown = null;
  const stats = { started: 0, hits: 0, misses: 0 };

  const discard = (spec: Speculation | null) => {
    spec?.answer?.drop();
  };

  /** Starts the answer for the latest understood guess (not replaced, not taken by a final), once. */
  const tryAnswer = () => {
    const spec = current;
    if (!spec?.settled || spec.answerTried || !deps.startAnswer) return;
    spec.answerTried = true;
    spec.answer = deps.startAnswer(spec.text, spec.settled);
  };

  const start = (text: string, ctx: NluContext) => {
    const norm = normalizeUtterance(text);
    if (!norm || current?.norm === norm) return;
    stats.started++;
    const spec = {
      text,
      norm,
      startedAt: deps.now(),
      settled: null as NluResult | null,
      result: deps.nlu.classify(text, ctx),
      answer: null as EarlyAnswer | null,
      answerTried: false,
    };
    spec.result.then(
      (r) => {
        spec.settled = r;
        if (deps.callerQuiet?.() ?? true) tryAnswer();
      },
      () => undefined,
    );
    discard(current);
    current = spec;
  };

  return {
    stats,
    interim(text, ctx) {
      if (text === pendingText) return;
      pendingText = text;
      if (timer !== null) timers.clearTimeout(timer);
      timer = timers.setTimeout(() => {
        timer = null;
        start(text, ctx);
      }, deps.stableMs);
    },
    take(finalText) {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      pendingText = '';
      const spec = current;
      current = null;
      if (!spec) return null;
      if (spec.norm === normalizeUtterance(finalText)) {
        stats.hits++;
        return spec;
      }
      stats.misses++;
      discard(spec);
      return null;
    },
    confidentFor(expecting) {
      const spec = current;
      if (!spec?.settled || !answersExpectation(expecting(), spec.settled)) return null;
      current = null;
      pendingText = '';
      stats.hits++;
      return spec;
    },
    quiet: tryAnswer,
    clear() {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      pendingText = '';
      discard(current);
      current = null;
    },
  };
}
