// Builds the providers configuration chose (config.providers, from the registry) and composes what
// sits above them: provider metrics, the NLU (local / llm / local-first), the notification outbox
// and per-org calendar routing. Nothing here names a vendor: entries live in providers/registry.ts.
import type { AsrProvider } from './providers/asr/types.ts';
import type { LlmProvider } from './providers/llm/types.ts';
import type { TtsProvider } from './providers/tts/types.ts';
import type { CalendarProvider } from './providers/calendar/types.ts';
import type { NotifyProvider } from './providers/notify/types.ts';
import type { ProviderDeps, ProviderKind, ProviderKinds } from './providers/entry.ts';
import { describeKind, type KindSelection } from './providers/registry.ts';
import { createOutboxNotify } from './providers/notify/outbox.ts';
import type { Nlu } from './nlu/types.ts';
import type { Config } from './config.ts';
import { createLocalNlu } from './nlu/local.ts';
import { createLlmNlu } from './nlu/llm.ts';
import { createLocalFirstNlu } from './nlu/local-first.ts';
import { instrumentAsr, instrumentLlm, instrumentTts } from './metrics/instrument.ts';
import type { Metrics } from './metrics/registry.ts';

type OrgRef = { settings: Record<string, unknown> };

export interface Providers {
  /** null: no ASR configured; callers can only be heard through a Deepgram-compatible endpoint. */
  asr: AsrProvider | null;
  llm: LlmProvider | null;
  nlu: Nlu;
  /** Spanish understanding around a call's local Spanish rules (the LLM path, when one is configured). */
  nluEs?: (local: Nlu) => Nlu;
  tts: TtsProvider;
  /** Fallback speech when the main TTS fails (the embedded engine). */
  fallbackTts: TtsProvider;
  calendarFor(org: OrgRef): CalendarProvider;
  notify: NotifyProvider;
  /** stage → provider name, for the start-up log. */
  describe(): Record<string, string>;
}

type Built<K extends ProviderKind> = {
  active: Array<{ provider: ProviderKinds[K]; serves?: (org: OrgRef) => boolean }>;
  fallback: ProviderKinds[K] | null;
};

async function build<K extends ProviderKind>(
  chosen: KindSelection<K>,
  config: Config,
  deps: ProviderDeps,
): Promise<Built<K>> {
  const active = await Promise.all(
    chosen.active.map(async (e) => ({
      provider: await e.create(config.env, deps),
      ...(e.serves ? { serves: e.serves } : {}),
    })),
  );
  return { active, fallback: chosen.fallback ? await chosen.fallback.create(config.env, deps) : null };
}

export async function selectProviders(
  config: Config,
  deps: ProviderDeps & { metrics?: Pick<Metrics, 'providerLatency' | 'providerErrors'> },
): Promise<Providers> {
  const env = config.env;
  const chosen = config.providers;
  // Provider latency and errors are counted at the adapter, so the NLU's LLM calls count too.
  const m = deps.metrics;
  const names: Record<string, string> = {};
  names.asr = describeKind('asr', chosen.asr, env);
  names.llm = describeKind('llm', chosen.llm, env);

  const [asrs, llms, ttss, calendars, notifiers] = await Promise.all([
    build(chosen.asr, config, deps),
    build(chosen.llm, config, deps),
    build(chosen.tts, config, deps),
    build(chosen.calendar, config, deps),
    build(chosen.notify, config, deps),
  ]);

  const rawAsr = asrs.active[0]?.provider ?? null;
  const asr = rawAsr && m ? instrumentAsr(rawAsr, m) : rawAsr;
  const rawLlm = llms.active[0]?.provider ?? null;
  const llm = rawLlm && m ? instrumentLlm(rawLlm, m) : rawLlm;

  const localNlu = createLocalNlu();
  const llmNlu = llm ? createLlmNlu(llm, { timeoutMs: env.LLM_FIRST_TOKEN_TIMEOUT_MS, fallback: localNlu }) : null;
  const nlu =
    llmNlu && env.FEATURE_LOCAL_FIRST_NLU
      ? createLocalFirstNlu(localNlu, llmNlu, { minConfidence: env.LOCAL_FIRST_MIN_CONFIDENCE })
      : (llmNlu ?? localNlu);
  names.nlu = llm
    ? env.FEATURE_LOCAL_FIRST_NLU
      ? 'local rules when sure, else llm (function calling)'
      : 'llm (function calling, local fallback)'
    : 'local (rules + dates)';
  const nluEs = (local: Nlu): Nlu => {
    const model = llm ? createLlmNlu(llm, { timeoutMs: env.LLM_FIRST_TOKEN_TIMEOUT_MS, fallback: local }) : null;
    if (!model) return local;
    return env.FEATURE_LOCAL_FIRST_NLU
      ? createLocalFirstNlu(local, model, { minConfidence: env.LOCAL_FIRST_MIN_CONFIDENCE })
      : model;
  };
  names.tts = describeKind('tts', chosen.tts, env);
  names.calendar = describeKind('calendar', chosen.calendar, env);

  const withTtsMetrics = (p: TtsProvider) => (m ? instrumentTts(p, m) : p);
  const fallbackTts = withTtsMetrics(fallbackOf(ttss, 'tts'));
  const mainTts = ttss.active[0]?.provider;
  const tts = mainTts ? withTtsMetrics(mainTts) : fallbackTts;

  const localCalendar = fallbackOf(calendars, 'calendar');
  const calendarFor = (org: OrgRef): CalendarProvider =>
    calendars.active.find((c) => c.serves?.(org) ?? true)?.provider ?? localCalendar;

  // Every message is recorded in the outbox; a configured sender also sends it.
  const sender = notifiers.active[0]?.provider;
  const notify = createOutboxNotify(deps.db, { ...(sender ? { delegate: sender } : {}), log: deps.log });
  const senderEntry = chosen.notify.active[0];
  names.notify = senderEntry ? `${senderEntry.describe(env)} (recorded in the outbox)` : 'outbox (database + log)';

  return { asr, llm, nlu, nluEs, tts, fallbackTts, calendarFor, notify, describe: () => ({ ...names }) };
}

function fallbackOf<K extends ProviderKind>(built: Built<K>, kind: K): ProviderKinds[K] {
  if (built.fallback === null) throw new Error(`${kind}: no fallback provider registered`);
  return built.fallback;
}
