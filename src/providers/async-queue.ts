// A push → AsyncIterable bridge for callback-driven sources (sockets). One consumer; pushes never
// block. Ending or failing is final; values pushed before the end are still delivered.

export interface AsyncQueue<T> extends AsyncIterable<T> {
  push(value: T): void;
  /** Iteration finishes after the values already queued. */
  end(): void;
  /** Iteration throws `error` after the values already queued. */
  fail(error: unknown): void;
  readonly ended: boolean;
}

export function createAsyncQueue<T>(): AsyncQueue<T> {
  const items: T[] = [];
  let head = 0;
  let done = false;
  let failure: { error: unknown } | null = null;
  let wake: (() => void) | null = null;

  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };

  return {
    push(value) {
      if (done) return;
      items.push(value);
      notify();
    },
    end() {
      done = true;
      notify();
    },
    fail(error) {
      if (done) return;
      failure = { error };
      done = true;
      notify();
    },
    get ended() {
      return done;
    },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (head < items.length) {
          const v = items[head] as T;
          head++;
          // Compact occasionally so a long call does not keep every event alive.
          if (head > 1024 && head * 2 > items.length) {
            items.splice(0, head);
            head = 0;
          }
          yield v;
          continue;
        }
        if (done) {
          if (failure) throw failure.error;
          return;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    },
  };
}
