// bun run demo [--server URL] [--lang es] — one scripted call: prints the conversation, each turn's
// latency and the booking, and saves the call's audio, both sides, as data/demo-call.wav (with
// --lang es: a Spanish-speaking caller and business, data/demo-call-es.wav).
// Without --server it runs on the embedded defaults in this process (no keys, no network; LLM and
// TTS settings are taken from the environment). With --server the call goes to a running server
// through its webhook and media stream; start that server with
// DEEPGRAM_API_KEY=simulated-caller DEEPGRAM_URL=http://127.0.0.1:8089 and ADMIN_API_KEY set here too.
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { asc, eq } from 'drizzle-orm';
import { startSimEnv } from '../src/sim/sim-env.ts';
import { bookings, callTurns, calls } from '../src/db/schema.ts';
import { createOrganization } from '../src/orgs/create-org.ts';
import { mulawWav } from '../src/audio/wav.ts';
import { DEFAULT_ASR_FAKE_PORT, dialServer, feedOf, openScriptFeed } from '../src/sim/remote-call.ts';
import { callTurns as apiTurns, createOrg, endedCall, type TurnRef } from '../src/sim/server-api.ts';

const { values } = parseArgs({
  options: {
    server: { type: 'string' },
    'asr-port': { type: 'string', default: String(DEFAULT_ASR_FAKE_PORT) },
    'time-scale': { type: 'string', default: '1' },
    lang: { type: 'string', default: 'en' },
  },
});
const spanish = values.lang === 'es';
const ENGLISH_LINES = [
  'Hi, my furnace is banging, can someone come look at it?',
  'Maria Gonzalez',
  'Thursday at 1 pm',
  '12 Oak Street',
  'yes',
  'no, that is all, thanks',
];
const SPANISH_LINES = [
  'Hola, la calefacción hace mucho ruido, ¿pueden venir a revisarla?',
  'Me llamo María González',
  'el jueves a la una de la tarde',
  'calle Roble 12',
  'sí',
  'no, eso es todo, gracias',
];
const LINES = spanish ? SPANISH_LINES : ENGLISH_LINES;
const ORG = {
  template: 'hvac',
  name: 'Polar Air',
  timezone: 'America/Chicago',
  ...(spanish ? { settings: { languages: ['es'] as Array<'en' | 'es'> } } : {}),
};
const WAV = spanish ? 'data/demo-call-es.wav' : 'data/demo-call.wav';
const NOW = '2026-11-23T10:00:00-06:00';

const remote = values.server?.replace(/\/+$/, '');
const adminKey = process.env.ADMIN_API_KEY;
if (remote && !adminKey) {
  process.stderr.write('set ADMIN_API_KEY to the server’s admin key (the demo creates its business)\n');
  process.exit(2);
}
const env = remote ? null : await startSimEnv({ inheritEnv: true });
const feed = env ? feedOf(env.deepgram, false) : await openScriptFeed(Number(values['asr-port']));
try {
  const serverUrl = remote ?? env!.serverUrl;
  const target = { serverUrl, key: adminKey ?? '' };
  const phone = env
    ? (await createOrganization(env.app.rt.db.db, { ...ORG, phoneNumber: '+15555550100' })).phoneNumber
    : (await createOrg(target, ORG)).phoneNumber;
  process.stdout.write(`Calling ${ORG.name} (${ORG.template}) at ${remote ?? NOW}\n`);
  process.stdout.write(
    'The caller is simulated: its lines are spoken by the embedded voice, and its words reach the server\n' +
      `through a Deepgram-compatible fake${remote ? ` (start the server with DEEPGRAM_URL=${feed.url})` : ''}.\n\n`,
  );
  const call = await dialServer({
    serverUrl,
    to: phone,
    feed,
    timeScale: env ? env.timeScale : Number(values['time-scale']),
    lang: values.lang ?? 'en',
    // In-process the call's clock starts at a fixed Monday, so the demo always books the same slot.
    ...(env ? { extraForm: { SimulatedNow: NOW } } : {}),
    ...(remote && process.env.TWILIO_AUTH_TOKEN ? { authToken: process.env.TWILIO_AUTH_TOKEN } : {}),
  });
  let open = await call.listen();
  for (const line of LINES) if (open) open = await call.say(line);
  await call.hangUp();

  let turns: TurnRef[];
  let outcome: string | null;
  let booked: string[];
  if (env) {
    await env.app.rt.writes.flush(3);
    const db = env.app.rt.db.db;
    turns = await db.select().from(callTurns).where(eq(callTurns.callId, call.callId)).orderBy(asc(callTurns.index));
    outcome = (await db.select().from(calls).where(eq(calls.id, call.callId)))[0]?.outcome ?? null;
    booked = (await db.select().from(bookings).where(eq(bookings.callId, call.callId))).map(
      (b) => `${b.customerName} — ${b.serviceType} at ${b.appointmentTime.toISOString()} (${b.status})`,
    );
  } else {
    const s = await endedCall(target, call.callId);
    turns = await apiTurns(target, call.callId);
    outcome = s.outcome;
    booked = s.booking ? [`${s.booking.customerName} — ${s.booking.serviceType} at ${s.booking.appointmentTime}`] : [];
  }
  for (const t of turns) {
    if (t.callerText) process.stdout.write(`  Caller:       ${t.callerText}\n`);
    const latency = t.callerText && t.latencyMs !== null ? `  [${t.latencyMs.toFixed(1)} ms]` : '';
    process.stdout.write(`  Receptionist: ${t.assistantText ?? ''}${latency}\n`);
  }
  process.stdout.write(`\nOutcome: ${outcome ?? 'none'}\n`);
  for (const b of booked) process.stdout.write(`Booking: ${b}\n`);
  const audio = call.recording();
  mkdirSync('data', { recursive: true });
  writeFileSync(WAV, mulawWav(audio));
  process.stdout.write(`Audio (both sides): ${WAV} (${(audio.length / 8000).toFixed(1)} s)\n`);
  if (remote) process.stdout.write(`Dashboard: ${serverUrl}/dashboard (call ${call.callId})\n`);
  if (outcome !== 'booked') {
    process.stdout.write('\nThe demo call did not end in a booking.\n');
    process.exitCode = 1;
  }
} finally {
  await feed.close();
  await env?.close();
}
