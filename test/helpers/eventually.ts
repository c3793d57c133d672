// Waits for a condition that another task or process makes true (a row written by a background
// job, a child server's database). It re-checks as the event loop turns and has no deadline of its
// own: a condition that never holds is caught by the test's timeout, so a busy machine only makes
// the wait longer, never the test red.
type Holds<T> = Exclude<T, false | null | undefined>;

export async function eventually<T>(probe: () => T | Promise<T>, everyMs = 10): Promise<Holds<T>> {
  for (;;) {
    const v = await probe();
    if (v !== null && v !== undefined && v !== false) return v as Holds<T>;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
