// The simulated caller's voice: its lines spoken by the embedded engine (a different voice from
// the receptionist's), so a recorded call has both sides audibly. A quiet noise floor under the
// line keeps word gaps from reading as the end of the utterance to an energy-based endpointer.
import { createEmbeddedTts } from '../providers/tts/embedded.ts';
import type { TtsProvider } from '../providers/tts/types.ts';
import { mulawToPcm, pcmToMulaw } from '../audio/mulaw.ts';

/** Per language, a voice unlike the receptionist's default. */
const CALLER_VOICES: Record<string, string> = { en: 'en-gb', es: 'es' };
/** Mean |sample| of the floor: above the fake's speech threshold (200), about -44 dBFS. */
const FLOOR = 320;

let engine: TtsProvider | null = null;

export async function callerSpeech(text: string, lang = 'en'): Promise<Uint8Array> {
  const voice = CALLER_VOICES[lang] ?? 'en-gb';
  engine ??= createEmbeddedTts({ voice });
  // Commas and dashes make pauses long enough to split one answer into two.
  const line = text.replace(/[,;:—–-]+/g, ' ');
  const chunks: Uint8Array[] = [];
  for await (const c of engine.synthesize({ text: line, voice })) chunks.push(c);
  const mulaw = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    mulaw.set(c, o);
    o += c.length;
  }
  const pcm = mulawToPcm(mulaw);
  let seed = 12345;
  for (let i = 0; i < pcm.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const noise = ((seed / 0x7fffffff) * 2 - 1) * FLOOR * 2;
    const s = pcm[i]!;
    // Only where the voice is quieter than the floor: speech itself is left as synthesized.
    pcm[i] = Math.abs(s) < FLOOR ? Math.round(noise) : s;
  }
  return pcmToMulaw(pcm);
}
