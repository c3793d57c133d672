// Drizzle schema: camelCase keys over snake_case columns. Every instant is stored as
// epoch milliseconds (timestamp_ms) so comparisons are numeric and time-zone free.
import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const now = sql`(unixepoch('subsec') * 1000)`;
const createdAt = () => integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now);

import type { Vertical } from '../templates/types.ts';

export type { Vertical };

/** Free-form per-org settings; shape owned by src/templates (OrgSettings). */
export type SettingsJson = Record<string, unknown>;

export const organizations = sqliteTable('organizations', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  phoneNumber: text('phone_number').notNull().unique(),
  timezone: text('timezone').notNull(),
  vertical: text('vertical').$type<Vertical>().notNull(),
  settings: text('settings', { mode: 'json' }).$type<SettingsJson>().notNull().default(sql`'{}'`),
  disabledAt: integer('disabled_at', { mode: 'timestamp_ms' }),
  createdAt: createdAt(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
});

export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull().unique(),
    prefix: text('prefix').notNull(),
    createdAt: createdAt(),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('api_keys_org_idx').on(t.orgId)],
);

export type CallStatus =
  | 'ringing'
  | 'in-progress'
  | 'completed'
  | 'failed'
  | 'interrupted'
  | 'busy'
  | 'no-answer'
  | 'canceled';

export const calls = sqliteTable(
  'calls',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id),
    /** Which carrier brought the call (`twilio`, `telnyx`); rows from before carriers were named are Twilio's. */
    carrier: text('carrier').notNull().default('twilio'),
    /** The carrier's id for the call: Twilio's CallSid, Telnyx's call_control_id. */
    carrierCallId: text('carrier_call_id').notNull(),
    callerPhone: text('caller_phone'),
    status: text('status').$type<CallStatus>().notNull(),
    region: text('region'),
    /** No longer written: stream tokens are signed, never stored (rows from older versions may hold one). */
    streamToken: text('stream_token'),
    /** When the stream token stops opening a stream (ms); every answer for the call signs this expiry. */
    streamExpiresAt: integer('stream_expires_at', { mode: 'timestamp_ms' }),
    /** When a media stream claimed the call: set once, atomically, so a token opens one stream. */
    streamClaimedAt: integer('stream_claimed_at', { mode: 'timestamp_ms' }),
    /** The instance serving the call (the webhook's until the stream claims it); see `instances`. */
    instanceId: text('instance_id'),
    streamSid: text('stream_sid'),
    outcome: text('outcome'),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
    durationSeconds: real('duration_seconds'),
    transcript: text('transcript'),
    bookingCreated: integer('booking_created', { mode: 'boolean' }).notNull().default(false),
    /** The caller asked to book during the call (booking success counts it whatever the outcome). */
    bookingWanted: integer('booking_wanted', { mode: 'boolean' }).notNull().default(false),
    /** USD, computed from measured usage when the call ends. */
    cost: real('cost'),
    usage: text('usage', { mode: 'json' }).$type<Record<string, number>>(),
    /** Sentences of the assistant that produced no audio (the dashboard flags such calls). */
    noAudioSentences: integer('no_audio_sentences').notNull().default(0),
    /** The call's two-channel WAV when the org records calls; null otherwise or once purged. */
    recordingPath: text('recording_path'),
    /** One or two sentences: what the caller wanted, what was done, what is left to do. */
    summary: text('summary'),
    /** The language the call ended in (`en`, `es`); a bilingual call may switch during it. */
    language: text('language').notNull().default('en'),
  },
  (t) => [
    uniqueIndex('calls_carrier_call_idx').on(t.carrier, t.carrierCallId),
    index('calls_org_started_idx').on(t.orgId, t.startedAt),
    index('calls_status_idx').on(t.status),
    index('calls_instance_idx').on(t.instanceId),
  ],
);

/** Running server instances and their last heartbeat: calls of one gone quiet are swept. */
export const instances = sqliteTable('instances', {
  id: text('id').primaryKey(),
  region: text('region').notNull(),
  startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
  heartbeatAt: integer('heartbeat_at', { mode: 'timestamp_ms' }).notNull(),
});

export const callTurns = sqliteTable(
  'call_turns',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    callId: text('call_id')
      .notNull()
      .references(() => calls.id),
    index: integer('index').notNull(),
    callerText: text('caller_text'),
    assistantText: text('assistant_text'),
    /** Stage timestamps and durations in ms (TurnLatency). */
    latency: text('latency', { mode: 'json' }).$type<Record<string, number | boolean | string | null>>(),
    latencyMs: real('latency_ms'),
    /** Sentences of this turn's reply that produced no audio. */
    noAudioSentences: integer('no_audio_sentences').notNull().default(0),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('call_turns_call_index_uq').on(t.callId, t.index)],
);

export type BookingStatus = 'confirmed' | 'pending_sync' | 'cancelled' | 'rescheduled' | 'done';

export const bookings = sqliteTable(
  'bookings',
  {
    id: text('id').primaryKey(),
    callId: text('call_id').references(() => calls.id),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id),
    customerName: text('customer_name').notNull(),
    customerPhone: text('customer_phone'),
    serviceType: text('service_type').notNull(),
    appointmentTime: integer('appointment_time', { mode: 'timestamp_ms' }).notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    status: text('status').$type<BookingStatus>().notNull(),
    externalEventId: text('external_event_id'),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
    /** Where the job is (an intake answer), also the calendar event's location. */
    address: text('address'),
    /** Answers to the org's intake questions, by question id. */
    intake: text('intake', { mode: 'json' }).$type<Record<string, string>>(),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [
    index('bookings_org_time_idx').on(t.orgId, t.appointmentTime),
    index('bookings_phone_idx').on(t.orgId, t.customerPhone),
  ],
);

/** Busy time in the local calendar (bookings and blocked time). */
export const calendarEvents = sqliteTable(
  'calendar_events',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id),
    startAt: integer('start_at', { mode: 'timestamp_ms' }).notNull(),
    endAt: integer('end_at', { mode: 'timestamp_ms' }).notNull(),
    title: text('title').notNull(),
    description: text('description'),
    location: text('location'),
    cancelledAt: integer('cancelled_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('calendar_events_org_start_idx').on(t.orgId, t.startAt)],
);

/** Outbox of messages to the business or the caller; also the record of what the SMS provider sent. */
export const notifications = sqliteTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').references(() => organizations.id),
    callId: text('call_id'),
    channel: text('channel').$type<'sms' | 'email' | 'outbox'>().notNull(),
    recipient: text('recipient').notNull(),
    body: text('body').notNull(),
    status: text('status').$type<'queued' | 'sent' | 'failed' | 'stored'>().notNull(),
    providerId: text('provider_id'),
    error: text('error'),
    createdAt: createdAt(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('notifications_org_idx').on(t.orgId, t.createdAt)],
);

/** Durable retry queue for calendar writes that failed at booking time. */
export const syncQueue = sqliteTable(
  'sync_queue',
  {
    id: text('id').primaryKey(),
    bookingId: text('booking_id')
      .notNull()
      .references(() => bookings.id),
    op: text('op').$type<'create' | 'move' | 'cancel'>().notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    lastError: text('last_error'),
    createdAt: createdAt(),
    doneAt: integer('done_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('sync_queue_due_idx').on(t.doneAt, t.nextAttemptAt)],
);

/**
 * Who changed a platform-level decision for an organization, and from what to what: privacy
 * settings, its phone number, its enabled state, its API keys. Appended, never updated.
 */
export const auditEvents = sqliteTable(
  'audit_events',
  {
    /** Insertion order; the list pages on it. */
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id),
    actor: text('actor').$type<'admin' | 'key'>().notNull(),
    /** The API key that acted, when the actor is an org key. */
    actorKeyId: text('actor_key_id'),
    action: text('action').notNull(),
    field: text('field'),
    oldValue: text('old_value', { mode: 'json' }).$type<unknown>(),
    newValue: text('new_value', { mode: 'json' }).$type<unknown>(),
    createdAt: createdAt(),
  },
  (t) => [index('audit_events_org_idx').on(t.orgId, t.id)],
);

/** Messages callers left for the business; handled once someone has dealt with them. */
export const messages = sqliteTable(
  'messages',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id),
    callId: text('call_id').references(() => calls.id),
    callerName: text('caller_name').notNull(),
    /** Confirmed callback number (E.164). */
    callbackPhone: text('callback_phone'),
    /** The caller's own words; null in HIPAA mode. */
    body: text('body'),
    createdAt: createdAt(),
    handledAt: integer('handled_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('messages_org_idx').on(t.orgId, t.createdAt)],
);

/** Persisted phrase cache: ready μ-law audio keyed by (engine, voice, text). */
export const phraseAudio = sqliteTable('phrase_audio', {
  key: text('key').primaryKey(),
  engine: text('engine').notNull(),
  voice: text('voice').notNull(),
  text: text('text').notNull(),
  audio: blob('audio', { mode: 'buffer' }).notNull(),
  createdAt: createdAt(),
});

/**
 * The stored audio each organization's fixed phrase uses now: one row per (org, phrase id), so an
 * edited phrase replaces its audio, and audio no org uses any more can be deleted.
 */
export const orgPhraseAudio = sqliteTable(
  'org_phrase_audio',
  {
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id),
    phraseId: text('phrase_id').notNull(),
    key: text('key').notNull(),
    bytes: integer('bytes').notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.phraseId] }), index('org_phrase_audio_key_idx').on(t.key)],
);

export type Organization = typeof organizations.$inferSelect;
export type NewOrganization = typeof organizations.$inferInsert;
export type Call = typeof calls.$inferSelect;
export type NewCall = typeof calls.$inferInsert;
export type CallTurn = typeof callTurns.$inferSelect;
export type NewCallTurn = typeof callTurns.$inferInsert;
export type Booking = typeof bookings.$inferSelect;
export type NewBooking = typeof bookings.$inferInsert;
export type CalendarEvent = typeof calendarEvents.$inferSelect;
export type Notification = typeof notifications.$inferSelect;
export type SyncJob = typeof syncQueue.$inferSelect;
export type Message = typeof messages.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;
