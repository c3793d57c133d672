// A scenario file played as a call on a running server, through its API and voice endpoints:
// the business is created with the admin key, the call placed with the caller's lines spoken, and
// the outcome and booking read back from the API. A scenario that seeds the calendar needs the
// server's database and runs only in process (`bun run scenario` without --server).
import type { Scenario } from './scenario.ts';
import { dialServer, type ScriptFeed } from './remote-call.ts';
import { callSummary, createOrg, type ApiTarget } from './server-api.ts';
import { silence } from './caller-audio.ts';

export interface RemoteScenarioResult {
  name: string;
  pass: boolean;
  skipped: boolean;
  outcome: string | null;
  reason: string;
  callId: string | null;
}

export async function runRemoteScenario(
  target: ApiTarget,
  feed: ScriptFeed,
  s: Scenario,
  opts: { timeScale?: number; authToken?: string } = {},
): Promise<RemoteScenarioResult> {
  const base = { name: s.name, outcome: null, callId: null };
  if (s.calendar.busy.length > 0 || s.calendar.bookings.length > 0) {
    return { ...base, pass: false, skipped: true, reason: 'seeds the calendar: run it without --server' };
  }
  const org = await createOrg(target, { template: s.org.template, name: s.org.name, timezone: s.org.timezone });
  if (Object.keys(s.org.settings).length > 0) {
    const res = await fetch(`${target.serverUrl}/api/orgs/${org.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${target.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ settings: s.org.settings }),
    });
    if (!res.ok) throw new Error(`PATCH /api/orgs/${org.id}: HTTP ${res.status}`);
  }
  const call = await dialServer({
    serverUrl: target.serverUrl,
    to: org.phoneNumber,
    from: s.callerPhone,
    feed,
    // Honoured only by a server started with ALLOW_SIMULATED_CLOCK=true; otherwise the call runs now.
    extraForm: { SimulatedNow: s.now },
    ...(opts.timeScale !== undefined ? { timeScale: opts.timeScale } : {}),
    ...(opts.authToken ? { authToken: opts.authToken } : {}),
  });
  let open = await call.listen();
  for (const turn of s.turns) {
    if (!open) break;
    if (typeof turn === 'string') open = await call.say(turn);
    else if ('text' in turn) open = await call.say(turn.text);
    else if ('dtmf' in turn) {
      call.stream.sendDtmf(turn.dtmf);
      call.stream.sendAudio(silence(1300));
      open = (await call.stream.waitForReplyEnd(60_000)) !== 'closed';
    } else call.stream.sendAudio(silence(turn.silence * 1000));
  }
  await call.hangUp();
  // The server writes the call's last rows off the call's path.
  let summary = await callSummary(target, call.callId);
  for (let i = 0; i < 20 && summary.outcome === null; i++) {
    await new Promise((r) => setTimeout(r, 100));
    summary = await callSummary(target, call.callId);
  }
  const problems: string[] = [];
  if (summary.outcome !== s.expect.outcome) problems.push(`outcome ${summary.outcome} ≠ ${s.expect.outcome}`);
  const want = s.expect.booking;
  const got = summary.booking;
  if (want && (!got || got.customerName !== want.customerName || got.serviceType !== want.service)) {
    problems.push(`no booking ${want.customerName}/${want.service}`);
  }
  if (want && got && new Date(got.appointmentTime).getTime() !== new Date(want.start).getTime()) {
    problems.push(`booking at ${got.appointmentTime}, expected ${want.start} (is ALLOW_SIMULATED_CLOCK on?)`);
  }
  return {
    name: s.name,
    pass: problems.length === 0,
    skipped: false,
    outcome: summary.outcome,
    reason: problems.join('; '),
    callId: call.callId,
  };
}
