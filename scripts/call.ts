// bun run call [--template hvac] [--name "Polar Air"] [--play FILE.wav]
// bun run call --server http://127.0.0.1:8080 [--to +15125550100] [--asr-port 8089] [--play FILE.wav]
// Be the caller: type what you'd say, read what the receptionist says.
// Without --server the real server runs in this process on the embedded defaults (LLM and TTS
// settings taken from the environment) and your words reach it through the Deepgram fake.
// With --server the call goes to a running server through its webhook and media stream. That
// server hears you through the Deepgram fake this tool runs on --asr-port: start it with
// DEEPGRAM_API_KEY=simulated-caller DEEPGRAM_URL=http://127.0.0.1:8089. ADMIN_API_KEY (to create a
// business and print the transcript) and TWILIO_AUTH_TOKEN (to sign the webhook) come from the
// environment.
import { createInterface } from 'node:readline/promises';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { asc, eq } from 'drizzle-orm';
import { startSimEnv } from '../src/sim/sim-env.ts';
import { createOrganization } from '../src/orgs/create-org.ts';
import { callTurns as turnRows } from '../src/db/schema.ts';
import { mulawWav } from '../src/audio/wav.ts';
import { DEFAULT_ASR_FAKE_PORT, dialServer, feedOf, openScriptFeed, type ScriptFeed } from '../src/sim/remote-call.ts';
import { callTurns, createOrg, type TurnRef } from '../src/sim/server-api.ts';

const { values } = parseArgs({
  options: {
    template: { type: 'string', default: 'hvac' },
    name: { type: 'string', default: 'Polar Air' },
    timezone: { type: 'string', default: 'America/Chicago' },
    play: { type: 'string' },
    server: { type: 'string' },
    to: { type: 'string' },
    'asr-port': { type: 'string', default: String(DEFAULT_ASR_FAKE_PORT) },
    'time-scale': { type: 'string', default: '1' },
  },
});

const adminKey = process.env.ADMIN_API_KEY;
const remote = values.server?.replace(/\/+$/, '');

let serverUrl: string;
let feed: ScriptFeed;
let to: string;
let orgName: string;
let timeScale: number;
let readTurns: (callId: string) => Promise<TurnRef[] | null>;
let close: () => Promise<void>;

if (remote) {
  serverUrl = remote;
  timeScale = Number(values['time-scale']);
  feed = await openScriptFeed(Number(values['asr-port']));
  if (values.to) {
    to = values.to;
    orgName = values.to;
  } else {
    if (!adminKey) {
      process.stderr.write('set ADMIN_API_KEY (to create a business to call) or pass --to with an org’s number\n');
      process.exit(2);
    }
    const org = await createOrg(
      { serverUrl, key: adminKey },
      {
        template: values.template!,
        name: values.name!,
        timezone: values.timezone!,
      },
    );
    to = org.phoneNumber;
    orgName = org.name;
  }
  readTurns = async (callId) => (adminKey ? callTurns({ serverUrl, key: adminKey }, callId) : null);
  close = () => feed.close();
  process.stdout.write(
    `The server must hear callers through the speech fake: start it with\n` +
      `  DEEPGRAM_API_KEY=simulated-caller DEEPGRAM_URL=${feed.url}\n`,
  );
} else {
  const env = await startSimEnv({ inheritEnv: true });
  const db = env.app.rt.db.db;
  const org = await createOrganization(db, {
    template: values.template!,
    name: values.name!,
    phoneNumber: `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
    timezone: values.timezone!,
  });
  serverUrl = env.serverUrl;
  timeScale = env.timeScale;
  feed = feedOf(env.deepgram, false);
  to = org.phoneNumber;
  orgName = org.name;
  readTurns = async (callId) => {
    await env.app.rt.writes.flush(3);
    const rows = await db.select().from(turnRows).where(eq(turnRows.callId, callId)).orderBy(asc(turnRows.index));
    return rows.map((t) => ({ ...t, latencyMs: t.latencyMs ?? null }));
  };
  close = () => env.close();
}

const call = await dialServer({
  serverUrl,
  to,
  feed,
  timeScale,
  ...(remote && process.env.TWILIO_AUTH_TOKEN ? { authToken: process.env.TWILIO_AUTH_TOKEN } : {}),
});
let shown = 0;

/** The turns the server has recorded since the last print (it writes them off the call's path). */
async function printNewTurns(expected: number): Promise<void> {
  let turns = await readTurns(call.callId);
  for (let i = 0; turns && turns.length < expected && i < 20; i++) {
    await new Promise((r) => setTimeout(r, 100));
    turns = await readTurns(call.callId);
  }
  if (!turns) {
    if (expected > shown) process.stdout.write('receptionist> (set ADMIN_API_KEY to read the replies here)\n');
    shown = expected;
    return;
  }
  for (const t of turns.slice(shown)) {
    const ms = t.callerText && t.latencyMs !== null ? `  [${t.latencyMs.toFixed(0)} ms]` : '';
    process.stdout.write(`receptionist> ${t.assistantText ?? ''}${ms}\n`);
  }
  shown = turns.length;
}

process.stdout.write(`Calling ${orgName} (${values.template}). Type what you'd say; an empty line hangs up.\n`);
let open = await call.listen();
let expected = 1;
await printNewTurns(expected);
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
  open = await call.say(said);
  await printNewTurns(++expected);
}
rl.close();
await call.hangUp();
await printNewTurns(shown);
if (remote) process.stdout.write(`See the call on the dashboard: ${serverUrl}/dashboard (call ${call.callId})\n`);
if (values.play) {
  writeFileSync(values.play, mulawWav(call.recording()));
  process.stdout.write(`saved the call's audio (both sides) to ${values.play}\n`);
}
await close();
