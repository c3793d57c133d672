import { startSimEnv } from '../src/sim/sim-env.ts';
import { spanishScripts } from './lib/languages.ts';
import { startFakeOpenAi } from '../test/fakes/openai.ts';
import { startFakePolly } from '../test/fakes/polly.ts';
import { prepareScenario } from '../src/sim/scenario.ts';
import { placeCall, randomSid } from '../src/sim/twilio-caller.ts';
import { PacedCaller } from './lib/paced-caller.ts';
import { speechAudio } from '../src/sim/caller-audio.ts';
const openai = await startFakeOpenAi({});
const polly = await startFakePolly();
const env = await startSimEnv({
  realtime: true,
  env: {
    OPENAI_API_KEY: 'k',
    OPENAI_BASE_URL: openai.url,
    AWS_REGION: 'us-east-1',
    POLLY_ENDPOINT: polly.url,
    AWS_ACCESS_KEY_ID: 'AKIDTESTTEST00000000',
    AWS_SECRET_ACCESS_KEY: 'x',
    ...(process.argv[3] === 'naive'
      ? {
          FEATURE_SENTENCE_STREAMING: 'false',
          FEATURE_PHRASE_CACHE: 'false',
          FEATURE_SPECULATION: 'false',
          FEATURE_ADAPTIVE_ENDPOINT: 'false',
          FEATURE_EARLY_GENERATION: 'false',
        }
      : {}),
  },
});
const s = spanishScripts()[Number(process.argv[2] ?? 0)]!;
const T0 = performance.now();
const t = () => ((performance.now() - T0) / 1000).toFixed(2);
const { phone } = await prepareScenario(env, s);
const lines = s.turns.filter((x): x is string => typeof x === 'string');
const { stream, answer } = await placeCall({
  serverUrl: env.serverUrl,
  to: phone,
  from: s.callerPhone,
  callSid: randomSid('CA'),
  timeScale: 1,
  extraForm: { SimulatedNow: s.now },
});
env.deepgram.setScript(answer.parameters.callId!, lines);
const caller = new PacedCaller(stream);
caller.start();
let st = await stream.waitForReplyEnd(60_000);
console.log(t(), 'greeting', st, stream.marks.slice(-3).join(','));
let seed = 0;
for (const line of lines) {
  if (st !== 'end') break;
  const ended = stream.waitForReplyEnd(60_000);
  console.log(t(), 'say', line);
  await caller.say(speechAudio(line, seed++));
  console.log(t(), 'said');
  st = await ended;
  console.log(t(), 'reply', st, stream.marks.slice(-3).join(','));
}
caller.stop();
process.exit(0);
