// bun run demo [--lang es] — one scripted call on the embedded defaults (no keys, no network): prints the
// conversation, each turn's latency and the booking, and saves the call's audio as a WAV file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { startSimEnv } from '../src/sim/sim-env.ts';
import { runScenario, Scenario } from '../src/sim/scenario.ts';
import { bookings } from '../src/db/schema.ts';
import { mulawWav } from '../src/audio/wav.ts';
import { spanishDemo } from './lib/demo-es.ts';

const spanish =
  process.argv
    .slice(2)
    .join(' ')
    .match(/--lang[= ]es\b/) !== null;

const scenario = Scenario.parse(
  spanish
    ? spanishDemo
    : {
        name: 'demo: furnace repair at Polar Air',
        org: { template: 'hvac', name: 'Polar Air', timezone: 'America/Chicago' },
        now: '2026-11-23T10:00:00-06:00',
        callerPhone: '+15125550123',
        calendar: { busy: [{ start: '2026-11-26T10:00:00-06:00', end: '2026-11-26T12:00:00-06:00' }] },
        turns: [
          'Hi, my furnace is banging, can someone come look at it?',
          'Maria Gonzalez',
          'Thursday at 1 pm',
          'yes',
          'no, that is all, thanks',
        ],
        expect: {
          outcome: 'booked',
          booking: { customerName: 'Maria Gonzalez', service: 'Heating Repair', start: '2026-11-26T13:00:00-06:00' },
        },
      },
);

const env = await startSimEnv();
try {
  process.stdout.write(`Calling ${scenario.org.name} (${scenario.org.template}) at ${scenario.now}\n`);
  process.stdout.write(
    'Caller speech is simulated: its words reach the server through a local Deepgram-compatible fake.\n\n',
  );
  const r = await runScenario(env, scenario, { keepAudio: true });
  for (const t of r.turns) {
    if (t.caller) process.stdout.write(`  Caller:       ${t.caller}\n`);
    const latency = t.caller && t.latencyMs !== null ? `  [${t.latencyMs.toFixed(1)} ms]` : '';
    process.stdout.write(`  Receptionist: ${t.assistant}${latency}\n`);
  }
  const rows = r.callId ? await env.app.rt.db.db.select().from(bookings).where(eq(bookings.callId, r.callId)) : [];
  process.stdout.write(`\nOutcome: ${r.outcome ?? 'none'}\n`);
  for (const b of rows) {
    process.stdout.write(
      `Booking: ${b.customerName} — ${b.serviceType} at ${b.appointmentTime.toISOString()} (${b.durationMinutes} min, ${b.status})\n`,
    );
  }
  if (r.audio) {
    mkdirSync('data', { recursive: true });
    const wav = spanish ? 'data/demo-call-es.wav' : 'data/demo-call.wav';
    writeFileSync(wav, mulawWav(r.audio));
    process.stdout.write(`Audio: ${wav} (${(r.audio.length / 8000).toFixed(1)} s)\n`);
  }
  if (!r.pass) {
    process.stdout.write(`\nThe demo call did not go as expected: ${r.reason}\n`);
    process.exitCode = 1;
  }
} finally {
  await env.close();
}
