// The KPIs split by the language calls ended in: a Spanish call should book as often and answer
// as fast as an English one, and this is where an operator sees whether it does.
import { computeKpis, type KpiCall, type KpiTurn, type LatencyStats } from './kpis.ts';

export interface LanguageKpis {
  callsTotal: number;
  bookedCalls: number;
  bookingSuccessRate: number | null;
  turnLatency: LatencyStats;
  phraseCache: { turns: number; hits: number; hitRate: number | null };
}

type Input = Omit<Parameters<typeof computeKpis>[0], 'calls' | 'turns'> & {
  calls: ReadonlyArray<KpiCall & { language: string }>;
  turns: ReadonlyArray<KpiTurn & { language: string }>;
};

/** One entry per language that has calls in the range. */
export function kpisByLanguage(input: Input): Record<string, LanguageKpis> {
  const out: Record<string, LanguageKpis> = {};
  for (const lang of [...new Set(input.calls.map((c) => c.language))].sort()) {
    const k = computeKpis({
      ...input,
      calls: input.calls.filter((c) => c.language === lang),
      turns: input.turns.filter((t) => t.language === lang),
    });
    out[lang] = {
      callsTotal: k.callsTotal,
      bookedCalls: k.bookedCalls,
      bookingSuccessRate: k.bookingSuccessRate,
      turnLatency: k.turnLatency,
      phraseCache: k.phraseCache,
    };
  }
  return out;
}
