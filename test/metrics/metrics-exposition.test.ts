import { describe, expect, test } from 'bun:test';
import { createMetrics, TURN_STAGES } from '../../src/metrics/registry.ts';
import { createMetricsApp } from '../../src/metrics/app.ts';
import { parseProm, sampleValue } from './prom-parse.ts';
import { manualTimers } from '../helpers/manual-timers.ts';

describe('prometheus exposition', () => {
  test('render parses as strict Prometheus text and every sample carries the region label', async () => {
    const m = createMetrics({ region: 'us-east' });
    m.callsTotal.inc({ outcome: 'booked' });
    m.wsMalformedMessages.inc({ reason: 'bad "json"\n' });
    m.providerLatency.observe({ provider: 'deepgram', op: 'connect' }, 0.12);
    const families = parseProm(await m.render());
    expect(families.get('infinioffice_turn_latency_seconds')?.type).toBe('histogram');
    expect(families.get('infinioffice_calls_active')?.type).toBe('gauge');
    for (const name of [
      'calls_total',
      'provider_errors_total',
      'phrase_cache_hits_total',
      'phrase_cache_misses_total',
      'speculation_hits_total',
      'speculation_misses_total',
      'frames_sent_late_total',
      'playout_gaps_total',
      'ws_malformed_messages_total',
    ]) {
      expect(families.get(`infinioffice_${name}`)?.type).toBe('counter');
    }
    const samples = [...families.values()].flatMap((f) => f.samples);
    expect(samples.length).toBeGreaterThan(10);
    for (const s of samples) expect(s.labels.region).toBe('us-east');
    // Escaped label values survive the round trip.
    expect(sampleValue(families, 'infinioffice_ws_malformed_messages_total', { reason: 'bad "json"\n' })).toBe(1);
  });

  test('counters and gauges move when the runtime records events', async () => {
    const m = createMetrics();
    const before = parseProm(await m.render());
    expect(sampleValue(before, 'infinioffice_phrase_cache_hits_total')).toBe(0);
    m.phraseCacheHits.inc();
    m.phraseCacheHits.inc();
    m.speculationMisses.inc();
    m.callsActive.inc();
    m.callsActive.inc();
    m.callsActive.dec();
    m.callsTotal.inc({ outcome: 'booked' });
    m.callsTotal.inc({ outcome: 'booked' });
    m.callsTotal.inc({ outcome: 'failed' });
    m.providerErrors.inc({ provider: 'openai', kind: 'timeout' });
    const after = parseProm(await m.render());
    expect(sampleValue(after, 'infinioffice_phrase_cache_hits_total')).toBe(2);
    expect(sampleValue(after, 'infinioffice_speculation_misses_total')).toBe(1);
    expect(sampleValue(after, 'infinioffice_calls_active')).toBe(1);
    expect(sampleValue(after, 'infinioffice_calls_total', { outcome: 'booked' })).toBe(2);
    expect(sampleValue(after, 'infinioffice_calls_total', { outcome: 'failed' })).toBe(1);
    expect(sampleValue(after, 'infinioffice_provider_errors_total', { provider: 'openai', kind: 'timeout' })).toBe(1);
  });

  test('two metric sets do not share counters', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.framesSentLate.inc(5);
    expect(sampleValue(parseProm(await b.render()), 'infinioffice_frames_sent_late_total')).toBe(0);
    expect(sampleValue(parseProm(await a.render()), 'infinioffice_frames_sent_late_total')).toBe(5);
  });

  test('observeTurn records each stage in seconds under the turn kind', async () => {
    const m = createMetrics();
    m.observeTurn({
      kind: 'generative',
      totalMs: 820,
      stages: {
        endpoint: 150,
        nluDone: -40,
        llmFirstToken: 400,
        firstSentence: 600,
        ttsFirstByte: 750,
        firstFrameOut: 820,
      },
    });
    m.observeTurn({ kind: 'template', totalMs: null, stages: { endpoint: 90 } });
    const f = parseProm(await m.render());
    const count = (stage: string, kind: string) =>
      sampleValue(f, 'infinioffice_turn_latency_seconds_count', { stage, kind });
    const sum = (stage: string, kind: string) =>
      sampleValue(f, 'infinioffice_turn_latency_seconds_sum', { stage, kind });
    for (const stage of TURN_STAGES) expect(count(stage, 'generative')).toBe(1);
    expect(sum('total', 'generative')).toBeCloseTo(0.82, 6);
    expect(sum('classify', 'generative')).toBe(0); // speculation finished before the caller stopped
    expect(count('endpoint', 'template')).toBe(1);
    expect(count('total', 'template')).toBeUndefined();
    // 0.82 s falls in the 1 s bucket, not the 0.75 s one.
    expect(
      sampleValue(f, 'infinioffice_turn_latency_seconds_bucket', { stage: 'total', kind: 'generative', le: '0.75' }),
    ).toBe(0);
    expect(
      sampleValue(f, 'infinioffice_turn_latency_seconds_bucket', { stage: 'total', kind: 'generative', le: '1' }),
    ).toBe(1);
  });

  test('event-loop sampler records how late its timer fired, until stopped', async () => {
    const m = createMetrics();
    const wheel = manualTimers(1000);
    // The wheel fires exactly on time; `skew` makes the clock read later, as a blocked loop would.
    let skew = 0;
    const timers = { ...wheel, now: () => wheel.now() + skew };
    const stop = m.startEventLoopSampler({ intervalMs: 100, timers });
    wheel.advance(100); // on time: lag 0
    skew = 30;
    wheel.advance(100); // 30 ms late
    stop();
    expect(wheel.pending()).toBe(0);
    wheel.advance(1000);
    const f = parseProm(await m.render());
    expect(sampleValue(f, 'infinioffice_event_loop_lag_seconds_count')).toBe(2);
    expect(sampleValue(f, 'infinioffice_event_loop_lag_seconds_sum')).toBeCloseTo(0.03, 6);
    expect(sampleValue(f, 'infinioffice_event_loop_lag_seconds_bucket', { le: '0.025' })).toBe(1);
  });

  test('GET /metrics serves the exposition with the Prometheus content type', async () => {
    const m = createMetrics({ region: 'eu' });
    m.playoutGaps.inc();
    const res = await createMetricsApp(m).request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(sampleValue(parseProm(await res.text()), 'infinioffice_playout_gaps_total', { region: 'eu' })).toBe(1);
  });
});

describe('the exposition parser is strict', () => {
  test('rejects samples without a TYPE, bad values, bad escapes and non-cumulative histograms', () => {
    expect(() => parseProm('x 1\n')).toThrow('no # TYPE');
    expect(() => parseProm('# TYPE x counter\nx abc\n')).toThrow('bad value');
    expect(() => parseProm('# TYPE x counter\nx{a="\\q"} 1\n')).toThrow('bad escape');
    expect(() => parseProm('# TYPE x counter\nx{a="1" 1\n')).toThrow();
    expect(() => parseProm('# TYPE x counter\nx 1')).toThrow('newline');
    const h = (b1: number, inf: number, count: number) =>
      `# TYPE h histogram\nh_bucket{le="1"} ${b1}\nh_bucket{le="+Inf"} ${inf}\nh_sum 1\nh_count ${count}\n`;
    expect(() => parseProm(h(1, 2, 2))).not.toThrow();
    expect(() => parseProm(h(3, 2, 2))).toThrow('cumulative');
    expect(() => parseProm(h(1, 2, 3))).toThrow('count');
  });
});
