// The provider table: every adapter the server can run, by kind. Configuration validates each
// entry's variables (config.ts composes them into the environment schema) and decides here which
// entries run; start-up builds exactly those (select-providers.ts). A new provider is one
// `<vendor>.entry.ts` file and one line in `providerTable`.
import { z } from 'zod';
import type { ProviderEntry, ProviderKind } from './entry.ts';
import { deepgramAsr } from './asr/deepgram.entry.ts';
import { openAiLlm } from './llm/openai.entry.ts';
import { pollyTts } from './tts/polly.entry.ts';
import { embeddedTts } from './tts/embedded.entry.ts';
import { googleCalendar } from './calendar/google.entry.ts';
import { localCalendar } from './calendar/local.entry.ts';
import { twilioSms } from './notify/twilio-sms.entry.ts';
import { telnyxCarrier } from '../carriers/telnyx/telnyx.entry.ts';
import { twilioCarrier } from '../carriers/twilio/twilio.entry.ts';

export type ProviderTable = { readonly [K in ProviderKind]: ReadonlyArray<ProviderEntry<K>> };

/** In preference order: with `<KIND>_PROVIDER=auto` the first configured entry runs. */
export const providerTable = {
  asr: [deepgramAsr],
  llm: [openAiLlm],
  tts: [pollyTts, embeddedTts],
  calendar: [googleCalendar, localCalendar],
  notify: [twilioSms],
  carrier: [telnyxCarrier, twilioCarrier],
} as const satisfies ProviderTable;

interface KindRule {
  /** Always available and used when no other entry is selected; null: the stage can be off. */
  fallback: string | null;
  /** Every configured entry runs and each org is served by the first that `serves` it. */
  perOrg?: boolean;
  /** What an absent stage means, for the start-up log. */
  off?: string;
}

const kindRules: { readonly [K in ProviderKind]: KindRule } = {
  asr: { fallback: null, off: 'callers can only be simulated (bun run demo / scenario)' },
  llm: { fallback: null, off: 'replies come from templates' },
  tts: { fallback: 'embedded' },
  calendar: { fallback: 'local', perOrg: true },
  notify: { fallback: null, off: 'messages are only recorded in the outbox' },
  // Twilio always answers; every other configured carrier runs beside it.
  carrier: { fallback: 'twilio', perOrg: true },
};

export const kinds = Object.keys(kindRules) as ProviderKind[];

export interface KindSelection<K extends ProviderKind> {
  /** Entries that run, in table order (at most one unless the kind is per-org). */
  active: ReadonlyArray<ProviderEntry<K>>;
  /** The always-available entry, or null when the stage can be off. */
  fallback: ProviderEntry<K> | null;
  /** Every entry of the kind, for the hint when the stage is off. */
  registered: ReadonlyArray<ProviderEntry<K>>;
}

export type ProviderSelection = { readonly [K in ProviderKind]: KindSelection<K> };

/** `<KIND>_PROVIDER`: auto, a registered name, or (for a stage that can be off) none. */
export const selectorVar = (kind: ProviderKind): string => `${kind.toUpperCase()}_PROVIDER`;

type SelectorShape = { [K in ProviderKind as `${Uppercase<K>}_PROVIDER`]: z.ZodType<string, string | undefined> };
type ShapeOf<E> = E extends ProviderEntry<ProviderKind, infer S> ? S : never;
type Intersect<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
/** Every entry's variables plus the selectors, as one zod shape (types follow the table). */
export type ProviderEnvShape<T extends ProviderTable> = Intersect<ShapeOf<T[ProviderKind][number]>> & SelectorShape;

export interface ProviderRegistry<Shape extends z.ZodRawShape = z.ZodRawShape> {
  readonly envShape: Shape;
  /** Who declares a variable ("asr deepgram"), for configuration errors. */
  ownerOf(variable: string): string | undefined;
  /** Which entries run for a parsed environment, or why the environment cannot run. */
  choose(env: Readonly<Record<string, unknown>>): { selection: ProviderSelection; problems: string[] };
}

export function createRegistry<T extends ProviderTable>(table: T): ProviderRegistry<ProviderEnvShape<T>> {
  const all: ProviderTable = table;
  const shape: Record<string, z.core.$ZodType> = {};
  const owners = new Map<string, string>();
  for (const kind of kinds) {
    const entries: ReadonlyArray<ProviderEntry> = all[kind];
    const names = entries.map((e) => e.name);
    const fallback = kindRules[kind].fallback;
    if (new Set(names).size !== names.length) {
      throw new Error(`${kind}: two providers are named alike (${names.join(', ')})`);
    }
    if (fallback !== null && !names.includes(fallback)) {
      throw new Error(`${kind}: the fallback '${fallback}' is not registered`);
    }
    const values = ['auto', ...(fallback === null ? ['none'] : []), ...names] as [string, ...string[]];
    shape[selectorVar(kind)] = z.enum(values).default('auto');
    owners.set(selectorVar(kind), `${kind} selection`);
    for (const e of entries) {
      for (const [key, schema] of Object.entries(e.env)) {
        // One variable, one meaning: an entry may share another's variable only by reusing its schema.
        if (key in shape && shape[key] !== schema) {
          throw new Error(`${key} is declared differently by ${owners.get(key)} and ${kind} ${e.name}`);
        }
        shape[key] = schema;
        if (!owners.has(key)) owners.set(key, `${kind} ${e.name}`);
      }
    }
  }

  function chooseKind<K extends ProviderKind>(
    kind: K,
    env: Readonly<Record<string, unknown>>,
    problems: string[],
  ): KindSelection<K> {
    const entries: ReadonlyArray<ProviderEntry<K>> = all[kind];
    const rule = kindRules[kind];
    const fallback = entries.find((e) => e.name === rule.fallback) ?? null;
    const others = entries.filter((e) => e !== fallback);
    const choice = String(env[selectorVar(kind)] ?? 'auto');
    const none = { active: [], fallback, registered: entries };
    if (choice === 'none') return none;
    if (choice !== 'auto') {
      const entry = entries.find((e) => e.name === choice);
      if (!entry) throw new Error(`${selectorVar(kind)}=${choice} is not registered`);
      const missing = entry.requires.filter((key) => env[key] === undefined);
      if (missing.length > 0) problems.push(`${selectorVar(kind)}=${choice} needs ${missing.join(', ')}`);
      return { ...none, active: entry === fallback ? [] : [entry] };
    }
    const configured = others.filter((e) =>
      e.isConfigured ? e.isConfigured(env) : e.requires.length > 0 && e.requires.every((key) => env[key] !== undefined),
    );
    return { ...none, active: rule.perOrg ? configured : configured.slice(0, 1) };
  }

  return {
    envShape: shape as ProviderEnvShape<T>,
    ownerOf: (variable) => owners.get(variable),
    choose(env) {
      const problems: string[] = [];
      const selection = Object.fromEntries(kinds.map((kind) => [kind, chooseKind(kind, env, problems)]));
      return { selection: selection as ProviderSelection, problems };
    },
  };
}

/** What a stage runs, in one line for the start-up log and /healthz (never a secret). */
export function describeKind<K extends ProviderKind>(
  kind: K,
  chosen: KindSelection<K>,
  env: Readonly<Record<string, unknown>>,
): string {
  const rule = kindRules[kind];
  const active = chosen.active.map((e) => e.describe(env));
  if (chosen.fallback) {
    const fallback = chosen.fallback.describe(env);
    if (active.length === 0) return fallback;
    return rule.perOrg ? `${active.join(', ')}, ${fallback} otherwise` : active[0]!;
  }
  if (active.length > 0) return active[0]!;
  const needs = chosen.registered.map((e) =>
    e.requires.length > 0 ? e.requires.join(' + ') : `${selectorVar(kind)}=${e.name}`,
  );
  return `none — set ${needs.join(' or ')}; without it ${rule.off ?? 'the stage is off'}`;
}

export const providerRegistry = createRegistry(providerTable);
