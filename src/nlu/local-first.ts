// Local-first understanding: the rules answer in microseconds and are right when they are sure
// (a "yes" to a confirmation, a name when a name was asked, a full date and time). Only what
// they are unsure of goes to the model, which costs a round trip and tokens on every turn.
import type { Nlu } from './types.ts';

export function createLocalFirstNlu(local: Nlu, model: Nlu, opts: { minConfidence: number }): Nlu {
  return {
    name: `local-first(${model.name})`,
    async classify(text, ctx, signal) {
      const fast = await local.classify(text, ctx, signal);
      // The local confidence reaches 0.85 only when what was asked for was answered.
      if (fast.confidence >= opts.minConfidence) return fast;
      return model.classify(text, ctx, signal);
    },
  };
}
