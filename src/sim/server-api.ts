// What the call tools need from a running server's operator API: a business to call, and the
// call's turns as the server recorded them.
export interface ApiTarget {
  serverUrl: string;
  /** ADMIN_API_KEY (or an org key, to read turns only). */
  key: string;
}

async function api<T>(t: ApiTarget, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${t.serverUrl}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${t.key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await res.json().catch(() => null)) as T & { error?: { message?: string } };
  if (!res.ok) throw new Error(`${method} /api${path}: HTTP ${res.status} ${json?.error?.message ?? ''}`.trim());
  return json;
}

export interface OrgRef {
  id: string;
  name: string;
  phoneNumber: string;
}

/** A new organization from a template, on a random 555 number (admin key). */
export function createOrg(t: ApiTarget, o: { template: string; name: string; timezone: string }): Promise<OrgRef> {
  const phoneNumber = `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  return api<OrgRef>(t, 'POST', '/orgs', { ...o, phoneNumber });
}

export interface TurnRef {
  index: number;
  callerText: string | null;
  assistantText: string | null;
  latencyMs: number | null;
}

export async function callTurns(t: ApiTarget, callId: string): Promise<TurnRef[]> {
  return (await api<{ turns: TurnRef[] }>(t, 'GET', `/calls/${callId}`)).turns;
}

export interface CallSummary {
  outcome: string | null;
  endedAt: string | null;
  booking: { customerName: string; serviceType: string; appointmentTime: string } | null;
}

export function callSummary(t: ApiTarget, callId: string): Promise<CallSummary> {
  return api<CallSummary>(t, 'GET', `/calls/${callId}`);
}

/** The call once the server has written its end (rows are written off the call's path), or as it is after `timeoutMs`. */
export async function endedCall(t: ApiTarget, callId: string, timeoutMs = 10_000): Promise<CallSummary> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await callSummary(t, callId);
    if (s.endedAt !== null || Date.now() > deadline) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
}
