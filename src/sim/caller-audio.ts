// Caller audio for simulated calls: a voiced, syllable-paced signal as long as the line would take
// to say. The Deepgram fake hears speech by energy and supplies the words from the script, so what
// matters is realistic timing and level, not intelligibility.
import { pcmToMulaw } from '../audio/mulaw.ts';

const RATE = 8000;
export const MS_PER_WORD = 300;

/** ms of speech for a line of text. */
export function speechMs(text: string): number {
  const words = text.trim().split(/\s+/).filter(Boolean).length;
  return Math.max(1, words) * MS_PER_WORD;
}

export function speechAudio(text: string, seed = 1): Uint8Array {
  const ms = speechMs(text);
  const n = Math.round((ms / 1000) * RATE);
  const pcm = new Int16Array(n);
  const f0 = 110 + (seed % 7) * 12; // a voice's pitch
  const syllableHz = 4;
  for (let i = 0; i < n; i++) {
    const t = i / RATE;
    // Syllable envelope that never drops to silence mid-line (the VAD would split the utterance).
    const env = 0.55 + 0.45 * Math.abs(Math.sin(Math.PI * syllableHz * t));
    const v =
      Math.sin(2 * Math.PI * f0 * t) +
      0.5 * Math.sin(2 * Math.PI * 2 * f0 * t + 0.3) +
      0.25 * Math.sin(2 * Math.PI * 3.1 * f0 * t + 1.1);
    pcm[i] = Math.round(6000 * env * v);
  }
  return pcmToMulaw(pcm);
}

export function silence(ms: number): Uint8Array {
  return new Uint8Array(Math.round((ms / 1000) * RATE)).fill(0xff);
}
