// Band-limited resampling between telephony and TTS rates (8, 16, 22.05, 24 kHz).
// Windowed-sinc interpolation (Blackman window) with the cutoff at 0.9 × the lower Nyquist, so
// going down to 8 kHz removes what a phone line cannot carry instead of folding it back as noise.

const ZERO_CROSSINGS = 16;
const TABLE_RES = 512; // kernel samples per unit of input time

interface Kernel {
  /** Half-width of the filter in input samples. */
  half: number;
  /** Cutoff as a fraction of the input rate's Nyquist (≤ 1). */
  scale: number;
  table: Float32Array;
  gain: number;
}

const kernels = new Map<string, Kernel>();

function kernelFor(fromRate: number, toRate: number): Kernel {
  const key = `${fromRate}:${toRate}`;
  const hit = kernels.get(key);
  if (hit) return hit;
  const scale = Math.min(1, toRate / fromRate) * 0.9;
  const half = Math.ceil(ZERO_CROSSINGS / scale);
  const table = new Float32Array(half * TABLE_RES + 2);
  for (let i = 0; i < table.length; i++) {
    const d = i / TABLE_RES; // distance in input samples
    const x = d * scale;
    const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    const w = d >= half ? 0 : 0.42 + 0.5 * Math.cos((Math.PI * d) / half) + 0.08 * Math.cos((2 * Math.PI * d) / half);
    table[i] = sinc * w;
  }
  const k = { half, scale, table, gain: scale };
  kernels.set(key, k);
  return k;
}

function tap(k: Kernel, d: number): number {
  const pos = Math.abs(d) * TABLE_RES;
  const i = pos | 0;
  if (i >= k.table.length - 1) return 0;
  const frac = pos - i;
  return k.table[i]! + (k.table[i + 1]! - k.table[i]!) * frac;
}

function clamp16(v: number): number {
  return v > 32767 ? 32767 : v < -32768 ? -32768 : Math.round(v);
}

export interface Resampler {
  push(chunk: Int16Array): Int16Array;
  /** Emits the tail (the filter's look-ahead), as if silence followed. */
  flush(): Int16Array;
}

/** Streaming resampler: output of chunked input equals the one-shot result. */
export function createResampler(fromRate: number, toRate: number): Resampler {
  if (fromRate === toRate) return { push: (c) => c.slice(), flush: () => new Int16Array(0) };
  const k = kernelFor(fromRate, toRate);
  const step = fromRate / toRate; // input samples per output sample
  // Input kept: samples from index `base` on. `t` = next output's position in input samples.
  let buf = new Float32Array(0);
  let base = 0;
  let t = 0;
  let total = 0;

  const append = (chunk: Int16Array) => {
    const next = new Float32Array(buf.length + chunk.length);
    next.set(buf, 0);
    for (let i = 0; i < chunk.length; i++) next[buf.length + i] = chunk[i]!;
    buf = next;
    total += chunk.length;
  };

  const produce = (final: boolean): Int16Array => {
    const out: number[] = [];
    // Each output needs `half` samples of look-ahead, unless the input has ended.
    const limit = final ? total : total - k.half;
    while (t < limit) {
      const centre = Math.floor(t);
      let acc = 0;
      for (let j = centre - k.half + 1; j <= centre + k.half; j++) {
        if (j < 0 || j >= total) continue;
        const idx = j - base;
        if (idx < 0) continue;
        acc += buf[idx]! * tap(k, t - j);
      }
      out.push(clamp16(acc * k.gain));
      t += step;
    }
    // Drop input no future output can reach.
    const keepFrom = Math.max(base, Math.floor(t) - k.half);
    if (keepFrom > base) {
      buf = buf.slice(keepFrom - base);
      base = keepFrom;
    }
    return Int16Array.from(out);
  };

  return {
    push(chunk) {
      append(chunk);
      return produce(false);
    },
    flush() {
      return produce(true);
    },
  };
}

export function resample(pcm: Int16Array, fromRate: number, toRate: number): Int16Array {
  const r = createResampler(fromRate, toRate);
  const a = r.push(pcm);
  const b = r.flush();
  const out = new Int16Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
