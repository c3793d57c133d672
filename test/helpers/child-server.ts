// `bun src/main.ts` as a real child process: started with the given environment, ready once it
// logs "listening", its logs kept draining so it never blocks on a full pipe.
import type { Subprocess } from 'bun';

export interface ChildServer {
  proc: Subprocess<'ignore', 'pipe', 'pipe'>;
  url: string;
  /** Everything the server has logged so far. */
  log(): string;
}

export async function startChildServer(env: Record<string, string>): Promise<ChildServer> {
  const proc = Bun.spawn(['bun', 'src/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const reader = proc.stdout.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited early: ${text}`);
    text += decoder.decode(value);
    const m = /"msg":"listening".*?"url":"(http:\/\/[^"]+)"/.exec(text);
    if (m) {
      void (async () => {
        for (;;) {
          const r = await reader.read().catch(() => ({ done: true, value: undefined }));
          if (r.done) return;
          text += decoder.decode(r.value);
        }
      })();
      return { proc, url: m[1]!, log: () => text };
    }
  }
}
