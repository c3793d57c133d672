// One turn's clock: when each stage happened, measured on the monotonic clock in ms.
// Turn latency = the caller's last audio frame of the utterance → our first audio frame sent.

export type Stage =
  | 'lastCallerAudio'
  | 'speculationStart'
  | 'asrFinal'
  | 'endpoint'
  | 'nluDone'
  | 'llmFirstToken'
  | 'firstSentence'
  | 'ttsFirstByte'
  | 'firstFrameOut';

export interface TurnLatency {
  /** Stage → ms after lastCallerAudio (negative when it happened before the caller stopped). */
  stages: Partial<Record<Stage, number>>;
  totalMs: number | null;
  kind: 'template' | 'generative';
  speculationHit: boolean;
  adaptiveEndpoint: boolean;
  cacheHit: boolean;
}

export class TurnTimer {
  private readonly at: Partial<Record<Stage, number>> = {};
  kind: 'template' | 'generative' = 'template';
  speculationHit = false;
  adaptiveEndpoint = false;
  cacheHit = false;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Records a stage the first time it happens; later marks of the same stage are ignored. */
  mark(stage: Stage, at: number = this.now()): void {
    if (this.at[stage] === undefined) this.at[stage] = at;
  }

  has(stage: Stage): boolean {
    return this.at[stage] !== undefined;
  }

  get(stage: Stage): number | undefined {
    return this.at[stage];
  }

  summary(): TurnLatency {
    const base = this.at.lastCallerAudio ?? this.at.endpoint ?? this.at.asrFinal;
    const stages: Partial<Record<Stage, number>> = {};
    if (base !== undefined) {
      for (const [k, v] of Object.entries(this.at) as Array<[Stage, number]>) stages[k] = round(v - base);
    }
    const out = this.at.firstFrameOut;
    return {
      stages,
      totalMs: base !== undefined && out !== undefined ? round(out - base) : null,
      kind: this.kind,
      speculationHit: this.speculationHit,
      adaptiveEndpoint: this.adaptiveEndpoint,
      cacheHit: this.cacheHit,
    };
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;
