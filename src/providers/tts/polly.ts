// Amazon Polly: SynthesizeSpeech as 8 kHz PCM, converted to μ-law as the bytes arrive.
import { PollyClient, SynthesizeSpeechCommand, type Engine, type VoiceId } from '@aws-sdk/client-polly';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Agent } from 'node:https';
import { Agent as HttpAgent } from 'node:http';
import type { TtsProvider, TtsRequest } from './types.ts';
import { pcmToMulaw } from '../../audio/mulaw.ts';
import { escapeSsml, speak } from './ssml.ts';

export interface PollyTtsOptions {
  region: string;
  endpoint?: string;
  voice?: string;
  engine?: 'neural' | 'standard';
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** Polly bills at most 3000 characters per request. */
const MAX_BILLED = 3000;

export function createPollyTts(opts: PollyTtsOptions): TtsProvider {
  const engine = opts.engine ?? 'neural';
  // HTTP/1.1 with keep-alive: one warm connection pool per process (the SDK's default is HTTP/2,
  // which plain HTTP endpoints — a local fake or a proxy — do not speak).
  const client = new PollyClient({
    region: opts.region,
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    maxAttempts: 2,
    requestHandler: new NodeHttpHandler({
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 256 }),
      httpsAgent: new Agent({ keepAlive: true, maxSockets: 256 }),
      connectionTimeout: 2000,
    }),
  });
  const defaultVoice = opts.voice ?? 'Joanna';
  return {
    name: 'polly',
    engine: `polly-${engine}`,
    defaultVoice,
    async *synthesize(req: TtsRequest) {
      const text = req.ssml ? req.text : speak(escapeSsml(req.text));
      if (text.replace(/<[^>]+>/g, '').length > MAX_BILLED)
        throw new Error(`text too long for one Polly request (${text.length} characters)`);
      const out = await client.send(
        new SynthesizeSpeechCommand({
          Text: text,
          TextType: 'ssml',
          OutputFormat: 'pcm',
          SampleRate: '8000',
          VoiceId: (req.voice ?? defaultVoice) as VoiceId,
          Engine: engine as Engine,
        }),
        req.signal ? { abortSignal: req.signal } : {},
      );
      if (out.RequestCharacters !== undefined) req.onUsage?.({ characters: out.RequestCharacters });
      const body = out.AudioStream as unknown as AsyncIterable<Uint8Array> | undefined;
      if (!body) return;
      let carry: number | null = null;
      for await (const chunk of body) {
        if (req.signal?.aborted) return;
        // PCM16 little-endian; an odd byte waits for its partner in the next chunk.
        let bytes = chunk;
        if (carry !== null) {
          const joined = new Uint8Array(bytes.length + 1);
          joined[0] = carry;
          joined.set(bytes, 1);
          bytes = joined;
          carry = null;
        }
        if (bytes.length % 2 === 1) {
          carry = bytes[bytes.length - 1]!;
          bytes = bytes.subarray(0, bytes.length - 1);
        }
        if (bytes.length === 0) continue;
        const samples = new Int16Array(bytes.length / 2);
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(i * 2, true);
        yield pcmToMulaw(samples);
      }
    },
  };
}
