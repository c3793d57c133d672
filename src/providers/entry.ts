// What a provider contributes to the registry: its name, the environment variables it reads (and
// nothing else), when it counts as configured, and how it is built. One entry per adapter, in a
// `<vendor>.entry.ts` file beside it; vendor SDK adapters are imported only when their entry is built.
import type { z } from 'zod';
import type { AsrProvider } from './asr/types.ts';
import type { LlmProvider } from './llm/types.ts';
import type { TtsProvider } from './tts/types.ts';
import type { CalendarProvider } from './calendar/types.ts';
import type { NotifyProvider } from './notify/types.ts';
import type { Carrier } from '../carriers/types.ts';
import type { Db } from '../db/client.ts';
import type { Logger } from '../log.ts';

/** Provider kind → what an entry of that kind builds. A new kind is one line here plus its rule in registry.ts. */
export interface ProviderKinds {
  asr: AsrProvider;
  llm: LlmProvider;
  tts: TtsProvider;
  calendar: CalendarProvider;
  notify: NotifyProvider;
  carrier: Carrier;
}

export type ProviderKind = keyof ProviderKinds;

export interface ProviderDeps {
  db: Db;
  log: Logger;
}

export interface ProviderEntry<K extends ProviderKind = ProviderKind, S extends z.ZodRawShape = z.ZodRawShape> {
  kind: K;
  /** Selection value (`<KIND>_PROVIDER=<name>`), metrics label and log name. */
  name: string;
  /** The variables this provider reads. A variable two entries share must be the same schema object. */
  env: S;
  /** Variables without which it cannot run: explicit selection without them is a configuration error. */
  requires: readonly string[];
  /** Selected by `auto` when this holds (default: every `requires` variable is set). */
  isConfigured?(env: z.output<z.ZodObject<S>>): boolean;
  create(env: z.output<z.ZodObject<S>>, deps: ProviderDeps): ProviderKinds[K] | Promise<ProviderKinds[K]>;
  /** One line for the start-up log and /healthz: never a secret. */
  describe(env: z.output<z.ZodObject<S>>): string;
  /** Per-org kinds (calendar): whether this provider serves the org (its stored settings carry credentials). */
  serves?(org: { settings: Readonly<Record<string, unknown>> }): boolean;
}

/** Keeps an entry's variable types flowing into its own methods. */
export function defineProvider<K extends ProviderKind, S extends z.ZodRawShape>(
  entry: ProviderEntry<K, S> & { requires: ReadonlyArray<keyof S & string> },
): ProviderEntry<K, S> & { requires: ReadonlyArray<keyof S & string> } {
  return entry;
}

/** A `requires` variable, read after selection has checked it is set. */
export function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
}
