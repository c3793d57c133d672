// WAV containers for saving call audio: G.711 μ-law as stored (format 7) or 16-bit PCM.

function header(
  dataBytes: number,
  format: 1 | 7,
  sampleRate: number,
  bitsPerSample: number,
  extra: number,
  channels = 1,
): Buffer {
  const fmtSize = 16 + extra;
  const h = Buffer.alloc(20 + fmtSize + 8);
  h.write('RIFF', 0);
  h.writeUInt32LE(4 + (8 + fmtSize) + (8 + dataBytes), 4);
  h.write('WAVE', 8);
  h.write('fmt ', 12);
  h.writeUInt32LE(fmtSize, 16);
  h.writeUInt16LE(format, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE((sampleRate * channels * bitsPerSample) / 8, 28);
  h.writeUInt16LE((channels * bitsPerSample) / 8, 32);
  h.writeUInt16LE(bitsPerSample, 34);
  if (extra) h.writeUInt16LE(0, 36); // cbSize for non-PCM formats
  h.write('data', 20 + fmtSize);
  h.writeUInt32LE(dataBytes, 24 + fmtSize);
  return h;
}

export function mulawWav(mulaw: Uint8Array, sampleRate = 8000): Buffer {
  return Buffer.concat([header(mulaw.length, 7, sampleRate, 8, 2), Buffer.from(mulaw)]);
}

export function pcmWav(pcm: Int16Array, sampleRate: number): Buffer {
  const data = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  return Buffer.concat([header(data.length, 1, sampleRate, 16, 0), data]);
}

/** The 44-byte header of a 16-bit PCM WAV with `channels` interleaved channels. */
export function pcmWavHeader(dataBytes: number, sampleRate: number, channels: number): Buffer {
  return header(dataBytes, 1, sampleRate, 16, 0, channels);
}

/** Reads the samples of a 16-bit PCM mono WAV (as the embedded engine writes it). */
export function readPcmWav(wav: Uint8Array): { sampleRate: number; pcm: Int16Array } {
  const b = Buffer.from(wav.buffer, wav.byteOffset, wav.byteLength);
  if (b.toString('ascii', 0, 4) !== 'RIFF' || b.toString('ascii', 8, 12) !== 'WAVE') throw new Error('not a WAV file');
  let o = 12;
  let sampleRate = 0;
  let bits = 0;
  while (o + 8 <= b.length) {
    const id = b.toString('ascii', o, o + 4);
    const size = b.readUInt32LE(o + 4);
    if (id === 'fmt ') {
      sampleRate = b.readUInt32LE(o + 12);
      bits = b.readUInt16LE(o + 22);
    } else if (id === 'data') {
      if (bits !== 16) throw new Error(`expected 16-bit PCM, got ${bits}-bit`);
      // Streaming writers leave the size as 0 or 0xFFFFFFFF: take what is there.
      const end = size === 0 || size === 0xffffffff ? b.length : Math.min(b.length, o + 8 + size);
      const bytes = b.subarray(o + 8, end - ((end - o - 8) % 2));
      const pcm = new Int16Array(bytes.length / 2);
      for (let i = 0; i < pcm.length; i++) pcm[i] = bytes.readInt16LE(i * 2);
      return { sampleRate, pcm };
    }
    o += 8 + size + (size % 2);
  }
  throw new Error('WAV without a data chunk');
}
