// bun run call [--template hvac] [--name "Polar Air"] [--play FILE.wav]
// Be the caller: type what you'd say, read what the receptionist says. Runs the real server on the
// embedded defaults in this process; your words reach it through the local Deepgram-compatible fake.
import { createInterface } from 'node:readline/promises';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { asc, eq } from 'drizzle-orm';
import { startSimEnv } from '../src/sim/sim-env.ts';
import { placeCall, randomSid } from '../src/sim/twilio-caller.ts';
import { speechAudio, silence } from '../src/sim/caller-audio.ts';
import { createOrganization } from '../src/orgs/create-org.ts';
import { callTurns } from '../src/db/schema.ts';
import { mulawWav } from '../src/audio/wav.ts';

const { values } = parseArgs({
  options: {
    template: { type: 'string', default: 'hvac' },
    name: { type: 'string', default: 'Polar Air' },
    timezone: { type: 'string', default: 'America/Chicago' },
    play: { type: 'string' },
  },
});

const env = await startSimEnv();
const db = env.app.rt.db.db;
const org = await createOrganization(db, {
  template: values.template!,
  name: values.name!,
  phoneNumber: `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
  timezone: values.timezone!,
});
const callSid = randomSid('CA');
let spoken = 0;
const { stream, answer } = await placeCall({
  serverUrl: env.serverUrl,
  to: org.phoneNumber,
  callSid,
  timeScale: env.timeScale,
});
const callId = answer.parameters.callId!;
// The ASR session is tagged with our call id.
env.deepgram.setScript(callId, []);
let shown = 0;

/** False once the call has ended; a reply that never finishes still lets the caller speak. */
async function waitReply(): Promise<boolean> {
  return (await stream.waitForReplyEnd(60_000)) !== 'closed';
}

async function printNewTurns(): Promise<void> {
  await env.app.rt.writes.flush(3);
  const turns = await db.select().from(callTurns).where(eq(callTurns.callId, callId)).orderBy(asc(callTurns.index));
  for (const t of turns.slice(shown)) {
    const ms = t.callerText && t.latencyMs !== null ? `  [${t.latencyMs.toFixed(0)} ms]` : '';
    process.stdout.write(`receptionist> ${t.assistantText ?? ''}${ms}\n`);
  }
  shown = turns.length;
}

process.stdout.write(`Calling ${org.name} (${values.template}). Type what you'd say; an empty line hangs up.\n`);
let open = await waitReply();
await printNewTurns();
// The prompt is written by hand (rl.prompt() throws once the input has ended); set it too so a
// terminal redraw shows the same one.
const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: 'you> ' });
// The iterator keeps lines typed (or piped) while a reply plays, and ends with the input: the end
// of input hangs up like an empty line.
const lines = rl[Symbol.asyncIterator]();
while (open) {
  process.stdout.write('you> ');
  const next = await lines.next();
  const said = next.done ? '' : String(next.value).trim();
  if (!said) break;
  env.deepgram.appendScript(callId, [said]);
  stream.sendAudio(speechAudio(said, ++spoken));
  stream.sendAudio(silence(1300));
  open = await waitReply();
  await printNewTurns();
}
rl.close();
if (!stream.isClosed) {
  stream.stop();
  await stream.waitClosed();
}
await printNewTurns();
if (values.play) {
  writeFileSync(values.play, mulawWav(stream.audio()));
  process.stdout.write(`saved the receptionist's audio to ${values.play}\n`);
}
await env.close();
