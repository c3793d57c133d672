// Runs eSpeak NG (WebAssembly) off the main thread and hands back 8 kHz μ-law: synthesis and
// resampling are synchronous CPU work that would otherwise stall every call's audio.
//
// The build is a command-line program whose start-up (unpacking its voice data into a file
// system) costs ~100 ms, many times the synthesis of a sentence. So each worker starts it once,
// keeps a copy of its memory as it stands ready, and runs `main` again for every utterance on
// that copy: every C global (option parsing, heap, stdio) starts as fresh as a new instance.
import ESpeakNg from 'espeak-ng';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readPcmWav } from '../../audio/wav.ts';
import { resample } from '../../audio/resample.ts';
import { pcmToMulaw } from '../../audio/mulaw.ts';

declare const self: Worker;

interface EspeakModule {
  FS: { readFile(path: string): Uint8Array; unlink(path: string): void };
}
type Factory = (opts: Record<string, unknown>) => Promise<EspeakModule>;

interface EspeakExports {
  memory: WebAssembly.Memory;
  __main_argc_argv(argc: number, argv: number): number;
  stackSave(): number;
  stackRestore(sp: number): void;
  stackAlloc(bytes: number): number;
}

interface Engine {
  module: EspeakModule;
  exports: EspeakExports;
  /** Linear memory as it was before `main` first ran, up to its last non-zero byte (the rest is zero). */
  ready: Uint8Array;
}

export interface EspeakRequest {
  id: number;
  text: string;
  voice: string;
  wordsPerMinute: number;
}

/** The utterance as the phone line carries it: 8 kHz μ-law. */
export type EspeakReply = { id: number; ok: true; mulaw: Uint8Array } | { id: number; ok: false; error: string };

const require = createRequire(import.meta.url);
const compiled = WebAssembly.compile(readFileSync(require.resolve('espeak-ng/dist/espeak-ng.wasm')));
const OUT = '/out.wav';
const utf8 = new TextEncoder();

let engine: Promise<Engine> | null = null;

async function start(): Promise<Engine> {
  const mod = await compiled;
  let instance: WebAssembly.Instance | null = null;
  const module = await (ESpeakNg as Factory)({
    noInitialRun: true,
    instantiateWasm(imports: WebAssembly.Imports, done: (i: WebAssembly.Instance, m: WebAssembly.Module) => void) {
      void WebAssembly.instantiate(mod, imports).then((inst) => {
        instance = inst;
        done(inst, mod);
      });
      return {};
    },
    print: () => undefined,
    printErr: () => undefined,
  });
  if (!instance) throw new Error('espeak-ng did not instantiate');
  const exports = (instance as WebAssembly.Instance).exports as unknown as EspeakExports;
  const memory = new Uint8Array(exports.memory.buffer);
  let end = memory.length;
  while (end > 0 && memory[end - 1] === 0) end--;
  return { module, exports, ready: memory.slice(0, end) };
}

class EngineBroken extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

function synthesize(e: Engine, args: string[]): Uint8Array {
  const { exports: x, ready } = e;
  const heap = new Uint8Array(x.memory.buffer);
  heap.set(ready);
  // Everything past the copy was zero when the engine was ready, including memory grown since
  // (the allocator trusts fresh memory to be zero).
  heap.fill(0, ready.length);
  const sp = x.stackSave();
  try {
    const argv = ['espeak-ng', ...args].map((a) => {
      const bytes = utf8.encode(`${a}\0`);
      const p = x.stackAlloc(bytes.length);
      new Uint8Array(x.memory.buffer).set(bytes, p);
      return p;
    });
    const table = x.stackAlloc((argv.length + 1) * 4);
    const slots = new Uint32Array(x.memory.buffer, table, argv.length + 1);
    argv.forEach((p, i) => {
      slots[i] = p;
    });
    slots[argv.length] = 0;
    let status: number;
    try {
      status = x.__main_argc_argv(argv.length, table);
    } catch (err) {
      // exit() unwinds as an ExitStatus; anything else (a trap) leaves the engine unusable.
      const exit = err as { name?: unknown; status?: unknown } | null;
      if (exit?.name !== 'ExitStatus') throw new EngineBroken(err);
      status = typeof exit.status === 'number' ? exit.status : 1;
    }
    if (status !== 0) throw new Error(`espeak-ng exited with status ${status} (voice ${args[1]})`);
  } finally {
    x.stackRestore(sp);
  }
  const wav = e.module.FS.readFile(OUT);
  e.module.FS.unlink(OUT);
  return wav;
}

self.onmessage = async (ev: MessageEvent<EspeakRequest>) => {
  const { id, text, voice, wordsPerMinute } = ev.data;
  try {
    engine ??= start().catch((err) => {
      // Never started: the next utterance tries again.
      engine = null;
      throw err;
    });
    const e = await engine;
    const wav = synthesize(e, ['-v', voice, '-s', String(wordsPerMinute), '-w', OUT, '--', text]);
    // Resampling is CPU work too: done here, it never holds up the calls on the main thread.
    const { sampleRate, pcm } = readPcmWav(wav);
    const mulaw = pcmToMulaw(resample(pcm, sampleRate, 8000));
    self.postMessage({ id, ok: true, mulaw } satisfies EspeakReply, [mulaw.buffer]);
  } catch (err) {
    // A broken engine is started afresh for the next utterance; a refused one (exit status) is fine.
    if (err instanceof EngineBroken) engine = null;
    self.postMessage({ id, ok: false, error: err instanceof Error ? err.message : String(err) } satisfies EspeakReply);
  }
};
