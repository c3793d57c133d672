// Row → JSON shapes of the API. Instants are ISO 8601 strings.
import type { Booking, Call, CallTurn, Notification, Organization } from '../db/schema.ts';
import { resolveSettings } from '../templates/index.ts';
import { publicSettings } from './settings-schema.ts';
import { iso } from './time-query.ts';

export function orgJson(o: Organization) {
  return {
    id: o.id,
    name: o.name,
    phoneNumber: o.phoneNumber,
    timezone: o.timezone,
    template: o.vertical,
    disabled: o.disabledAt !== null,
    disabledAt: iso(o.disabledAt),
    createdAt: iso(o.createdAt),
    updatedAt: iso(o.updatedAt),
    settings: publicSettings(resolveSettings(o.vertical, o.settings)),
  };
}

export function callSummaryJson(c: Call) {
  return {
    id: c.id,
    orgId: c.orgId,
    callSid: c.carrierCallId,
    callerPhone: c.callerPhone,
    status: c.status,
    outcome: c.outcome,
    region: c.region,
    startedAt: iso(c.startedAt),
    endedAt: iso(c.endedAt),
    durationSeconds: c.durationSeconds,
    bookingCreated: c.bookingCreated,
    cost: c.cost,
    /** Some sentence of the assistant produced no audio: the caller may have heard silence. */
    noAudio: c.noAudioSentences > 0,
    hasRecording: c.recordingPath !== null,
    summary: c.summary,
    language: c.language,
  };
}

export function turnJson(t: CallTurn) {
  const { kind, speculationHit, adaptiveEndpoint, cacheHit, bargedIn, ...stages } = t.latency ?? {};
  return {
    index: t.index,
    callerText: t.callerText,
    assistantText: t.assistantText,
    startedAt: iso(t.startedAt),
    endedAt: iso(t.endedAt),
    latencyMs: t.latencyMs,
    /** Stage → ms after the caller's last audio frame (the waterfall). */
    stages: Object.fromEntries(Object.entries(stages).filter((e): e is [string, number] => typeof e[1] === 'number')),
    kind: typeof kind === 'string' ? kind : null,
    speculationHit: speculationHit === true,
    cacheHit: cacheHit === true,
    adaptiveEndpoint: adaptiveEndpoint === true,
    bargedIn: bargedIn === true,
    noAudioSentences: t.noAudioSentences,
  };
}

export function bookingJson(b: Booking) {
  return {
    id: b.id,
    orgId: b.orgId,
    callId: b.callId,
    customerName: b.customerName,
    customerPhone: b.customerPhone,
    serviceType: b.serviceType,
    appointmentTime: iso(b.appointmentTime),
    durationMinutes: b.durationMinutes,
    status: b.status,
    externalEventId: b.externalEventId,
    details: b.details,
    createdAt: iso(b.createdAt),
    updatedAt: iso(b.updatedAt),
  };
}

export function notificationJson(n: Notification) {
  return {
    id: n.id,
    orgId: n.orgId,
    callId: n.callId,
    channel: n.channel,
    recipient: n.recipient,
    body: n.body,
    status: n.status,
    error: n.error,
    createdAt: iso(n.createdAt),
    sentAt: iso(n.sentAt),
  };
}
