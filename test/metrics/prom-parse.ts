// A strict parser for the Prometheus text exposition format (0.0.4): enough to prove that what
// /metrics serves is well formed, and to read sample values back in tests.

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: MetricType;
  help: string;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set<MetricType>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function fail(lineNo: number, msg: string): never {
  throw new Error(`line ${lineNo}: ${msg}`);
}

function parseValue(s: string, lineNo: number): number {
  if (s === '+Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  if (s === 'NaN') return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) fail(lineNo, `bad value ${JSON.stringify(s)}`);
  return Number(s);
}

/** Parses `{a="x",b="y"}` starting at `i` (the brace); returns labels and the index after `}`. */
function parseLabels(line: string, i: number, lineNo: number): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  i++;
  for (;;) {
    if (line[i] === '}') return { labels, end: i + 1 };
    const eq = line.indexOf('=', i);
    if (eq < 0) fail(lineNo, 'label without =');
    const key = line.slice(i, eq);
    if (!LABEL.test(key)) fail(lineNo, `bad label name ${JSON.stringify(key)}`);
    if (key in labels) fail(lineNo, `duplicate label ${key}`);
    if (line[eq + 1] !== '"') fail(lineNo, 'label value must be quoted');
    let j = eq + 2;
    let value = '';
    for (;;) {
      const ch = line[j];
      if (ch === undefined) fail(lineNo, 'unterminated label value');
      if (ch === '"') break;
      if (ch === '\\') {
        const next = line[j + 1];
        if (next === 'n') value += '\n';
        else if (next === '\\' || next === '"') value += next;
        else fail(lineNo, `bad escape \\${next ?? ''}`);
        j += 2;
      } else {
        value += ch;
        j++;
      }
    }
    labels[key] = value;
    i = j + 1;
    if (line[i] === ',') i++;
    else if (line[i] !== '}') fail(lineNo, 'expected , or } after label value');
  }
}

function familyOf(sample: string, families: Map<string, Family>): Family | undefined {
  const direct = families.get(sample);
  if (direct) return direct;
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (!sample.endsWith(suffix)) continue;
    const f = families.get(sample.slice(0, -suffix.length));
    if (f && (f.type === 'histogram' || (f.type === 'summary' && suffix !== '_bucket'))) return f;
  }
  return undefined;
}

function checkHistograms(families: Map<string, Family>): void {
  for (const f of families.values()) {
    if (f.type !== 'histogram') continue;
    const series = new Map<string, { buckets: Array<[number, number]>; count?: number }>();
    for (const s of f.samples) {
      const { le, ...rest } = s.labels;
      const key = JSON.stringify(Object.entries(rest).sort());
      const entry = series.get(key) ?? { buckets: [] };
      series.set(key, entry);
      if (s.name === `${f.name}_bucket`) {
        if (le === undefined) throw new Error(`${f.name}: bucket without le`);
        entry.buckets.push([parseValue(le, 0), s.value]);
      } else if (s.name === `${f.name}_count`) entry.count = s.value;
    }
    for (const [key, e] of series) {
      const last = e.buckets[e.buckets.length - 1];
      if (!last || last[0] !== Infinity) throw new Error(`${f.name}${key}: no +Inf bucket`);
      for (let k = 1; k < e.buckets.length; k++) {
        const [prevLe, prevV] = e.buckets[k - 1]!;
        const [le, v] = e.buckets[k]!;
        if (le <= prevLe || v < prevV) throw new Error(`${f.name}${key}: buckets not cumulative`);
      }
      if (e.count !== last[1]) throw new Error(`${f.name}${key}: +Inf bucket ${last[1]} != count ${e.count}`);
    }
  }
}

export function parseProm(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  if (text.length > 0 && !text.endsWith('\n')) throw new Error('exposition must end with a newline');
  const lines = text.split('\n');
  lines.pop();
  lines.forEach((line, idx) => {
    const lineNo = idx + 1;
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!m) return; // plain comment
      const [, kind, name, rest] = m as unknown as [string, 'HELP' | 'TYPE', string, string];
      if (!NAME.test(name)) fail(lineNo, `bad metric name ${name}`);
      const f = families.get(name) ?? { name, type: 'untyped' as MetricType, help: '', samples: [] };
      if (kind === 'TYPE') {
        if (!TYPES.has(rest as MetricType)) fail(lineNo, `unknown type ${rest}`);
        if (f.samples.length > 0) fail(lineNo, 'TYPE after samples');
        f.type = rest as MetricType;
      } else f.help = rest;
      families.set(name, f);
      return;
    }
    const nameEnd = line.search(/[{ ]/);
    if (nameEnd <= 0) fail(lineNo, 'sample without value');
    const name = line.slice(0, nameEnd);
    if (!NAME.test(name)) fail(lineNo, `bad metric name ${name}`);
    let labels: Record<string, string> = {};
    let i = nameEnd;
    if (line[i] === '{') ({ labels, end: i } = parseLabels(line, i, lineNo));
    if (line[i] !== ' ') fail(lineNo, 'expected a space before the value');
    const parts = line.slice(i + 1).split(' ');
    if (parts.length < 1 || parts.length > 2 || parts[0] === '') fail(lineNo, 'expected value [timestamp]');
    if (parts[1] !== undefined && !/^-?\d+$/.test(parts[1])) fail(lineNo, 'bad timestamp');
    const family = familyOf(name, families);
    if (!family) fail(lineNo, `sample ${name} has no # TYPE`);
    family.samples.push({ name, labels, value: parseValue(parts[0]!, lineNo) });
  });
  checkHistograms(families);
  return families;
}

/** The value of the one sample named `name` whose labels include `labels`. */
export function sampleValue(
  families: Map<string, Family>,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const f of families.values()) {
    for (const s of f.samples) {
      if (s.name !== name) continue;
      if (Object.entries(labels).every(([k, v]) => s.labels[k] === v)) return s.value;
    }
  }
  return undefined;
}
