// Dependency-free SVG charts for the benchmark results: latency distributions (as empirical CDFs,
// which compare modes honestly at every percentile) and a stacked stage waterfall.

const COLORS = ['#d1495b', '#2e86ab', '#66a182', '#edae49', '#8d6a9f', '#00798c', '#30638e'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface Series {
  label: string;
  values: number[];
}

/** Empirical CDF of each series on one chart (x: ms, y: fraction of turns). */
export function cdfChart(
  title: string,
  series: Series[],
  opts: { x: number; y: number; w: number; h: number },
): string {
  const { x, y, w, h } = opts;
  const maxMs = Math.max(1, ...series.flatMap((s) => s.values));
  const xMax = niceCeil(maxMs);
  const px = (ms: number) => x + 50 + (ms / xMax) * (w - 70);
  const py = (f: number) => y + h - 30 - f * (h - 60);
  let out = `<text x="${x + w / 2}" y="${y + 16}" text-anchor="middle" font-weight="bold">${esc(title)}</text>`;
  out += axes(x, y, w, h, xMax, 'turn latency (ms)', 'fraction of turns', (t) => t.toFixed(1));
  series.forEach((s, i) => {
    const sorted = [...s.values].sort((a, b) => a - b);
    const pts = sorted.map((v, k) => `${px(v).toFixed(1)},${py((k + 1) / sorted.length).toFixed(1)}`);
    const color = COLORS[i % COLORS.length]!;
    if (pts.length)
      out += `<polyline fill="none" stroke="${color}" stroke-width="2" points="${px(0)},${py(0)} ${pts.join(' ')}"/>`;
    out += `<rect x="${x + w - 190}" y="${y + 30 + i * 18}" width="12" height="12" fill="${color}"/><text x="${x + w - 172}" y="${y + 40 + i * 18}">${esc(s.label)}</text>`;
  });
  return out;
}

export interface WaterfallRow {
  label: string;
  /** Consecutive segments in ms, drawn left to right. */
  segments: Array<{ stage: string; ms: number }>;
}

/** One horizontal stacked bar per row: where a turn's time goes, stage by stage. */
export function waterfallChart(
  title: string,
  rows: WaterfallRow[],
  opts: { x: number; y: number; w: number; h: number },
): string {
  const { x, y, w, h } = opts;
  const total = Math.max(1, ...rows.map((r) => r.segments.reduce((a, s) => a + Math.max(0, s.ms), 0)));
  const xMax = niceCeil(total);
  const stages = [...new Set(rows.flatMap((r) => r.segments.map((s) => s.stage)))];
  const color = (stage: string) => COLORS[stages.indexOf(stage) % COLORS.length]!;
  const barH = Math.min(28, (h - 80) / Math.max(1, rows.length) - 6);
  let out = `<text x="${x + w / 2}" y="${y + 16}" text-anchor="middle" font-weight="bold">${esc(title)}</text>`;
  const left = x + 150;
  const scale = (ms: number) => (ms / xMax) * (w - 170);
  rows.forEach((r, i) => {
    const by = y + 30 + i * (barH + 6);
    out += `<text x="${left - 6}" y="${by + barH / 2 + 4}" text-anchor="end">${esc(r.label)}</text>`;
    let cx = left;
    for (const s of r.segments) {
      const sw = scale(Math.max(0, s.ms));
      out += `<rect x="${cx.toFixed(1)}" y="${by}" width="${sw.toFixed(1)}" height="${barH}" fill="${color(s.stage)}"><title>${esc(`${s.stage}: ${s.ms.toFixed(0)} ms`)}</title></rect>`;
      cx += sw;
    }
    out += `<text x="${cx + 4}" y="${by + barH / 2 + 4}">${r.segments.reduce((a, s) => a + Math.max(0, s.ms), 0).toFixed(0)} ms</text>`;
  });
  const ly = y + h - 24;
  stages.forEach((st, i) => {
    out += `<rect x="${left + i * 120}" y="${ly}" width="12" height="12" fill="${color(st)}"/><text x="${left + i * 120 + 16}" y="${ly + 10}">${esc(st)}</text>`;
  });
  return out;
}

export function svgDocument(w: number, h: number, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="12"><rect width="100%" height="100%" fill="white"/>${body}</svg>\n`;
}

function axes(
  x: number,
  y: number,
  w: number,
  h: number,
  xMax: number,
  xLabel: string,
  yLabel: string,
  yFmt: (t: number) => string,
): string {
  const x0 = x + 50;
  const y0 = y + h - 30;
  let out = `<line x1="${x0}" y1="${y0}" x2="${x + w - 20}" y2="${y0}" stroke="#333"/><line x1="${x0}" y1="${y + 30}" x2="${x0}" y2="${y0}" stroke="#333"/>`;
  for (let i = 0; i <= 5; i++) {
    const ms = (xMax / 5) * i;
    const px = x0 + (ms / xMax) * (w - 70);
    out += `<text x="${px}" y="${y0 + 14}" text-anchor="middle">${Math.round(ms)}</text>`;
    const f = i / 5;
    const py = y0 - f * (h - 60);
    out += `<text x="${x0 - 4}" y="${py + 4}" text-anchor="end">${yFmt(f)}</text><line x1="${x0}" y1="${py}" x2="${x + w - 20}" y2="${py}" stroke="#eee"/>`;
  }
  out += `<text x="${x0 + (w - 70) / 2}" y="${y0 + 28}" text-anchor="middle">${esc(xLabel)}</text>`;
  out += `<text x="${x + 12}" y="${y + h / 2}" transform="rotate(-90 ${x + 12} ${y + h / 2})" text-anchor="middle">${esc(yLabel)}</text>`;
  return out;
}

function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

export interface BarGroup {
  label: string;
  bars: Array<{ name: string; value: number }>;
}

/** Grouped vertical bars (one group per x label), values in one unit. */
export function barChart(
  title: string,
  unit: string,
  groups: BarGroup[],
  opts: { x: number; y: number; w: number; h: number },
): string {
  const { x, y, w, h } = opts;
  const names = [...new Set(groups.flatMap((g) => g.bars.map((b) => b.name)))];
  const max = niceCeil(
    Math.max(1, ...groups.flatMap((g) => g.bars.map((b) => (Number.isFinite(b.value) ? b.value : 0)))),
  );
  const x0 = x + 50;
  const y0 = y + h - 40;
  const plotH = h - 80;
  const gw = (w - 70) / Math.max(1, groups.length);
  const bw = Math.max(4, (gw - 16) / Math.max(1, names.length));
  let out = `<text x="${x + w / 2}" y="${y + 16}" text-anchor="middle" font-weight="bold">${esc(title)}</text>`;
  out += `<line x1="${x0}" y1="${y0}" x2="${x + w - 20}" y2="${y0}" stroke="#333"/>`;
  for (let i = 0; i <= 4; i++) {
    const v = (max / 4) * i;
    const py = y0 - (v / max) * plotH;
    out += `<text x="${x0 - 4}" y="${py + 4}" text-anchor="end">${Math.round(v)}</text><line x1="${x0}" y1="${py}" x2="${x + w - 20}" y2="${py}" stroke="#eee"/>`;
  }
  out += `<text x="${x + 12}" y="${y + h / 2}" transform="rotate(-90 ${x + 12} ${y + h / 2})" text-anchor="middle">${esc(unit)}</text>`;
  groups.forEach((g, gi) => {
    const gx = x0 + gi * gw + 8;
    g.bars.forEach((b) => {
      const v = Number.isFinite(b.value) ? b.value : 0;
      const bh = (v / max) * plotH;
      const bx = gx + names.indexOf(b.name) * bw;
      out += `<rect x="${bx.toFixed(1)}" y="${(y0 - bh).toFixed(1)}" width="${(bw - 2).toFixed(1)}" height="${bh.toFixed(1)}" fill="${COLORS[names.indexOf(b.name) % COLORS.length]}"><title>${esc(`${b.name}: ${v}`)}</title></rect>`;
    });
    out += `<text x="${gx + (gw - 16) / 2}" y="${y0 + 14}" text-anchor="middle">${esc(g.label)}</text>`;
  });
  names.forEach((n, i) => {
    out += `<rect x="${x0 + i * 150}" y="${y + h - 18}" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/><text x="${x0 + i * 150 + 16}" y="${y + h - 8}">${esc(n)}</text>`;
  });
  return out;
}
