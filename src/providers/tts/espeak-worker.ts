// Runs eSpeak NG (WebAssembly) off the main thread: synthesis is synchronous CPU work that would
// otherwise stall every call's audio for the ~100 ms it takes.
import ESpeakNg from 'espeak-ng';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

declare const self: Worker;

interface EspeakModule {
  FS: { readFile(path: string): Uint8Array };
}
type Factory = (opts: Record<string, unknown>) => Promise<EspeakModule>;

const require = createRequire(import.meta.url);
// Compiled once per worker; each utterance instantiates it afresh (the build runs main() once).
const compiled = WebAssembly.compile(readFileSync(require.resolve('espeak-ng/dist/espeak-ng.wasm')));

export interface EspeakRequest {
  id: number;
  text: string;
  voice: string;
  wordsPerMinute: number;
}

export type EspeakReply = { id: number; ok: true; wav: Uint8Array } | { id: number; ok: false; error: string };

self.onmessage = async (ev: MessageEvent<EspeakRequest>) => {
  const { id, text, voice, wordsPerMinute } = ev.data;
  try {
    const mod = await compiled;
    const es = await (ESpeakNg as Factory)({
      arguments: ['-v', voice, '-s', String(wordsPerMinute), '-w', '/out.wav', '--', text],
      instantiateWasm(imports: WebAssembly.Imports, done: (i: WebAssembly.Instance, m: WebAssembly.Module) => void) {
        void WebAssembly.instantiate(mod, imports).then((inst) => done(inst, mod));
        return {};
      },
      print: () => undefined,
      printErr: () => undefined,
    });
    const wav = es.FS.readFile('/out.wav');
    self.postMessage({ id, ok: true, wav } satisfies EspeakReply);
  } catch (e) {
    self.postMessage({ id, ok: false, error: e instanceof Error ? e.message : String(e) } satisfies EspeakReply);
  }
};
