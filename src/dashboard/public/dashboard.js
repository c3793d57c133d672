// Operator dashboard: plain browser JavaScript, no build step. Everything shown comes from /api
// with the key the operator typed; caller-provided text is only ever set as textContent.
'use strict';

const KEY_STORE = 'infinioffice.apiKey';
const DAY_MS = 86_400_000;
const STAGES = [
  ['endpoint', 'end of turn'],
  ['asrFinal', 'ASR final'],
  ['nluDone', 'understood'],
  ['llmFirstToken', 'LLM first token'],
  ['firstSentence', 'first sentence'],
  ['ttsFirstByte', 'TTS first byte'],
  ['firstFrameOut', 'first audio out'],
];

const state = {
  key: sessionStorage.getItem(KEY_STORE) || '',
  orgs: [],
  orgNames: new Map(),
  orgZones: new Map(),
  isAdmin: false,
};

const $ = (id) => document.getElementById(id);

/** Builds an element; string children become text nodes (never HTML). */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    // Through the CSSOM: the page's CSP refuses inline style attributes.
    else if (k === 'style') for (const decl of String(v).split(';')) {
      const i = decl.indexOf(':');
      if (i > 0) el.style.setProperty(decl.slice(0, i).trim(), decl.slice(i + 1).trim());
    }
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k.startsWith('data-')) el.setAttribute(k, String(v));
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function svg(tag, attrs) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  return el;
}

// Formatting shared by every view (the browser test formats API numbers the same way).
const fmt = {
  pct: (x) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`),
  ms: (x) => (x === null || x === undefined ? '–' : `${Math.round(x)} ms`),
  usd: (x) => (x === null || x === undefined ? '–' : `$${x.toFixed(4)}`),
  int: (x) => (x === null || x === undefined ? '–' : String(x)),
  dur: (s) => (s === null || s === undefined ? '–' : s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`),
  /** In the organization's own time zone, labelled (what the caller heard), else the browser's. */
  time: (iso, orgId) => {
    if (!iso) return '–';
    const tz = orgId ? state.orgZones.get(orgId) : undefined;
    const opts = { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' };
    return new Date(iso).toLocaleString('en-US', tz ? { ...opts, timeZone: tz } : opts);
  },
  uptime: (s) => (s < 3600 ? `${Math.floor(s / 60)} min` : s < 86400 ? `${(s / 3600).toFixed(1)} h` : `${(s / 86400).toFixed(1)} d`),
};

class ApiFailure extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(path, method = 'GET') {
  const res = await fetch(`/api${path}`, { method, headers: { authorization: `Bearer ${state.key}` } });
  let body = null;
  try {
    body = await res.json();
  } catch {
    // not JSON
  }
  if (!res.ok) throw new ApiFailure(res.status, (body && body.error && body.error.message) || res.statusText);
  return body;
}

function setStatus(text, isError) {
  const el = $('status');
  el.textContent = text || '';
  el.classList.toggle('error', Boolean(isError));
}

// ---- range and organization controls ------------------------------------------------------

function dateInputValue(ms) {
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The chosen range as epoch ms: from the start of the "from" day to the end of the "to" day. */
function range() {
  const now = Date.now();
  const fromV = $('range-from').value;
  const toV = $('range-to').value;
  const to = toV ? new Date(`${toV}T00:00:00`).getTime() + DAY_MS : now + 60_000;
  const from = fromV ? new Date(`${fromV}T00:00:00`).getTime() : to - 30 * DAY_MS;
  return { from, to };
}

function scopeQuery(extra) {
  const q = new URLSearchParams(extra || {});
  const orgId = $('org-select').value;
  if (orgId) q.set('orgId', orgId);
  return q;
}

// ---- overview --------------------------------------------------------------------------------

function kpiCard(id, label, value, raw, target, meets) {
  return h(
    'div',
    { class: `kpi${meets === true ? ' ok' : meets === false ? ' bad' : ''}`, 'data-kpi': id, 'data-value': raw === null || raw === undefined ? '' : raw },
    h('div', { class: 'label' }, label),
    h('div', { class: 'value' }, value),
    target ? h('div', { class: 'target' }, target) : null,
  );
}

function renderKpis(k) {
  const m = k.meetsTargets;
  return h(
    'div',
    { class: 'kpis', id: 'kpis' },
    kpiCard('callsHandled', 'Calls handled', fmt.int(k.callsHandled), k.callsHandled, `${k.callsTotal} started in range`),
    kpiCard('bookingSuccessRate', 'Booking success', fmt.pct(k.bookingSuccessRate), k.bookingSuccessRate, `target > ${fmt.pct(k.targets.bookingSuccessRate)} · ${k.bookedCalls}/${k.bookingEligibleCalls}`, m.bookingSuccessRate),
    kpiCard('avgTurnLatency', 'Avg turn latency', fmt.ms(k.turnLatency.avgMs), k.turnLatency.avgMs, `target < ${fmt.ms(k.targets.avgTurnLatencyMs)} · ${k.turnLatency.count} turns`, m.avgTurnLatency),
    kpiCard('p50TurnLatency', 'p50 turn latency', fmt.ms(k.turnLatency.p50Ms), k.turnLatency.p50Ms, null, null),
    kpiCard('p95TurnLatency', 'p95 turn latency', fmt.ms(k.turnLatency.p95Ms), k.turnLatency.p95Ms, `target < ${fmt.ms(k.targets.p95TurnLatencyMs)}`, m.p95TurnLatency),
    kpiCard('cacheHitRate', 'Phrase cache hit rate', fmt.pct(k.phraseCache ? k.phraseCache.hitRate : null), k.phraseCache ? k.phraseCache.hitRate : null, k.phraseCache ? `${k.phraseCache.hits}/${k.phraseCache.turns} turns` : null, null),
    kpiCard('costPerCall', 'Cost per call', fmt.usd(k.cost.perCall), k.cost.perCall, `target < ${fmt.usd(k.targets.costPerCall)} · total ${fmt.usd(k.cost.total)}`, m.costPerCall),
    kpiCard('failureRate', 'Failure rate', fmt.pct(k.failureRate), k.failureRate, `${k.failedCalls}/${k.endedCalls} ended calls`, null),
    kpiCard('uptime', 'Uptime', fmt.uptime(k.uptime.seconds), k.uptime.seconds, `since ${fmt.time(k.uptime.startedAt)}`, null),
  );
}

/** A small SVG chart of one or more series over the days of the range. */
function chart(title, series, lines, opts) {
  const W = 300;
  const H = 120;
  const pad = { l: 34, r: 6, t: 6, b: 16 };
  const values = series.flatMap((d) => lines.map((l) => d[l.key] ?? 0));
  const max = Math.max(opts.min || 0, ...values, 0) || 1;
  const el = svg('svg', { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': title });
  const x = (i) => pad.l + ((W - pad.l - pad.r) * (i + 0.5)) / Math.max(1, series.length);
  const y = (v) => H - pad.b - ((H - pad.t - pad.b) * v) / max;
  const bw = Math.max(1, ((W - pad.l - pad.r) / Math.max(1, series.length)) * 0.7);
  for (const v of [0, max / 2, max]) {
    el.append(svg('line', { x1: pad.l, x2: W - pad.r, y1: y(v), y2: y(v), stroke: '#e3e6eb' }));
    const t = svg('text', { x: pad.l - 3, y: y(v) + 3, 'text-anchor': 'end', class: 'axis' });
    t.textContent = opts.label(v);
    el.append(t);
  }
  for (const l of lines) {
    if (l.kind === 'bar') {
      series.forEach((d, i) => {
        const v = d[l.key] ?? 0;
        if (v > 0) el.append(svg('rect', { x: x(i) - bw / 2, y: y(v), width: bw, height: H - pad.b - y(v), fill: l.color }));
      });
    } else {
      const pts = series.map((d, i) => (d[l.key] === null || d[l.key] === undefined ? null : `${x(i)},${y(d[l.key])}`)).filter(Boolean);
      if (pts.length > 0) el.append(svg('polyline', { points: pts.join(' '), fill: 'none', stroke: l.color, 'stroke-width': 1.5 }));
      series.forEach((d, i) => {
        if (d[l.key] !== null && d[l.key] !== undefined) el.append(svg('circle', { cx: x(i), cy: y(d[l.key]), r: 2, fill: l.color }));
      });
    }
  }
  if (series.length > 0) {
    for (const [i, anchor] of [[0, 'start'], [series.length - 1, 'end']]) {
      const t = svg('text', { x: anchor === 'start' ? pad.l : W - pad.r, y: H - 3, 'text-anchor': anchor, class: 'axis' });
      t.textContent = series[i].date;
      el.append(t);
    }
  }
  const legend = h('div', { class: 'wf-legend' }, lines.map((l) => h('span', {}, h('i', { class: 'chip', style: `background:${l.color}` }), l.label)));
  return h('div', { class: 'chart' }, h('h3', {}, title), el, legend);
}

function renderCharts(k) {
  const s = k.series;
  return h(
    'div',
    { class: 'charts', id: 'charts' },
    chart('Calls per day', s, [{ key: 'calls', label: 'calls', color: '#98a2b3', kind: 'bar' }, { key: 'booked', label: 'booked', color: '#12b76a', kind: 'bar' }], { label: (v) => String(Math.round(v)) }),
    chart('Turn latency per day', s, [{ key: 'latencyP50Ms', label: 'p50', color: '#2e90fa' }, { key: 'latencyP95Ms', label: 'p95', color: '#f79009' }], { label: (v) => `${Math.round(v)}`, min: 100 }),
    chart('Cost per day', s, [{ key: 'cost', label: 'USD', color: '#7a5af8', kind: 'bar' }], { label: (v) => `$${v.toFixed(3)}` }),
  );
}

function pill(text) {
  return text ? h('span', { class: `pill ${text}` }, text) : '–';
}

function callRow(c) {
  return h(
    'tr',
    { class: 'clickable', 'data-call-id': c.id, onclick: () => (location.hash = `#/calls/${encodeURIComponent(c.id)}`) },
    h('td', {}, h('a', { href: `#/calls/${encodeURIComponent(c.id)}` }, fmt.time(c.startedAt, c.orgId))),
    h('td', {}, state.orgNames.get(c.orgId) || c.orgId),
    h('td', {}, c.callerPhone || '–'),
    h('td', {}, pill(c.status)),
    h('td', {}, pill(c.outcome), c.noAudio ? noAudioBadge() : null),
    h('td', {}, fmt.dur(c.durationSeconds)),
    h('td', { class: 'cost' }, fmt.usd(c.cost)),
    h('td', {}, c.bookingCreated ? 'yes' : 'no'),
    h('td', {}, c.language || 'en'),
  );
}

function tableOf(id, headers, rows) {
  return h('table', { id }, h('thead', {}, h('tr', {}, headers.map((x) => h('th', {}, x)))), h('tbody', {}, rows));
}

async function renderCallList(container) {
  const { from, to } = range();
  const body = h('tbody', {});
  const table = h('table', { id: 'calls' }, h('thead', {}, h('tr', {}, ['Started', 'Organization', 'Caller', 'Status', 'Outcome', 'Duration', 'Cost', 'Booked', 'Language'].map((x) => h('th', {}, x)))), body);
  const more = h('button', { type: 'button', class: 'secondary more', hidden: true }, 'Load more');
  const language = h(
    'select',
    { id: 'language-filter', 'aria-label': 'Language' },
    h('option', { value: '' }, 'All languages'),
    h('option', { value: 'en' }, 'English'),
    h('option', { value: 'es' }, 'Spanish'),
  );
  language.value = state.callLanguage || '';
  container.append(h('label', {}, 'Language ', language), table, more);
  let cursor = null;
  language.addEventListener('change', () => {
    state.callLanguage = language.value;
    body.replaceChildren();
    cursor = null;
    void load().catch(showError);
  });
  const load = async () => {
    const q = scopeQuery({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), limit: '50' });
    const caller = $('caller-search').value.replace(/\D/g, '');
    if (caller) q.set('caller', caller);
    if (state.callLanguage) q.set('language', state.callLanguage);
    if (cursor) q.set('cursor', cursor);
    const page = await api(`/calls?${q}`);
    for (const c of page.data) body.append(callRow(c));
    if (body.children.length === 0) body.append(h('tr', {}, h('td', { colspan: 9 }, 'No calls in this range.')));
    cursor = page.nextCursor;
    more.hidden = !cursor;
  };
  more.addEventListener('click', () => void load().catch(showError));
  await load();
}

async function renderBookings(container) {
  const page = await api(`/bookings?${scopeQuery({ limit: '50' })}`);
  const rows = page.data.map((b) =>
    h(
      'tr',
      { 'data-booking-id': b.id, class: b.callId ? 'clickable' : '', onclick: b.callId ? () => (location.hash = `#/calls/${encodeURIComponent(b.callId)}`) : undefined },
      h('td', {}, fmt.time(b.appointmentTime, b.orgId)),
      h('td', {}, state.orgNames.get(b.orgId) || b.orgId),
      h('td', {}, b.customerName),
      h('td', {}, b.customerPhone || '–'),
      h('td', {}, b.serviceType),
      h('td', {}, `${b.durationMinutes} min`),
      h('td', {}, pill(b.status)),
      h('td', { class: 'actions' }, ...bookingActions(b)),
    ),
  );
  if (rows.length === 0) rows.push(h('tr', {}, h('td', { colspan: 8 }, 'No bookings yet.')));
  container.append(tableOf('bookings', ['Appointment', 'Organization', 'Customer', 'Phone', 'Service', 'Length', 'Status', ''], rows));
}

// ---- operator actions and the outbox -----------------------------------------------------------

/** Cancel / done for a booking still to come; the row's click (open the call) is not triggered. */
function bookingActions(b) {
  if (b.status !== 'confirmed' && b.status !== 'pending_sync') return [];
  const act = (label, verb, confirmText) =>
    h('button', {
      type: 'button',
      class: 'secondary small',
      'data-action': verb,
      onclick: (ev) => {
        ev.stopPropagation();
        if (confirmText && !window.confirm(confirmText)) return;
        void api(`/bookings/${encodeURIComponent(b.id)}/${verb}`, 'POST').then(() => route(), showError);
      },
    }, label);
  return [act('Cancel', 'cancel', `Cancel ${b.customerName}'s booking? The customer is sent a text.`), act('Done', 'done')];
}

async function renderNotifications(container) {
  const page = await api(`/notifications?${scopeQuery({ limit: '20' })}`);
  const rows = page.data.map((n) =>
    h(
      'tr',
      { 'data-notification-id': n.id },
      h('td', {}, fmt.time(n.createdAt, n.orgId)),
      h('td', {}, n.recipient),
      h('td', { class: 'body' }, n.body),
      h('td', {}, pill(n.status)),
    ),
  );
  if (rows.length === 0) rows.push(h('tr', {}, h('td', { colspan: 4 }, 'Nothing sent yet.')));
  container.append(tableOf('notifications', ['Created', 'To', 'Message', 'Status'], rows));
}

// Messages callers left, per organization (the API lists them per org): the selected one, or each
// visible one up to a bound, newest first, with "Handled" for those nobody has dealt with yet.
const MESSAGE_ORGS_MAX = 25;

async function renderMessages(container) {
  const selected = $('org-select').value;
  const orgIds = selected ? [selected] : state.orgs.map((o) => o.id);
  const pages = await Promise.all(
    orgIds.slice(0, MESSAGE_ORGS_MAX).map((id) => api(`/orgs/${encodeURIComponent(id)}/messages?limit=20`)),
  );
  const newestFirst = (a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0);
  const all = pages.flatMap((p) => p.data).sort(newestFirst);
  const handled = (m) =>
    api(`/orgs/${encodeURIComponent(m.orgId)}/messages/${encodeURIComponent(m.id)}/handled`, 'POST');
  const rows = all.map((m) =>
    h(
      'tr',
      { 'data-message-id': m.id },
      h('td', {}, m.callId
        ? h('a', { href: `#/calls/${encodeURIComponent(m.callId)}` }, fmt.time(m.createdAt, m.orgId))
        : fmt.time(m.createdAt, m.orgId)),
      h('td', {}, state.orgNames.get(m.orgId) || m.orgId),
      h('td', { class: 'msg-name' }, m.callerName),
      h('td', { class: 'msg-phone' }, m.callbackPhone || '–'),
      h('td', { class: 'msg-body body' }, m.body ?? 'Not stored (HIPAA mode)'),
      h('td', {}, pill(m.handledAt ? 'handled' : 'new')),
      h('td', { class: 'actions' }, m.handledAt ? '' : h('button', {
        type: 'button',
        class: 'secondary small',
        'data-action': 'handled',
        onclick: () => void handled(m).then(() => route(), showError),
      }, 'Handled')),
    ),
  );
  if (rows.length === 0) rows.push(h('tr', {}, h('td', { colspan: 7 }, 'No messages.')));
  container.append(tableOf('messages', ['Left', 'Organization', 'Name', 'Call back', 'Message', 'State', ''], rows));
  if (!selected && orgIds.length > MESSAGE_ORGS_MAX) {
    const hint = `Showing the first ${MESSAGE_ORGS_MAX} organizations; choose one to see its messages.`;
    container.append(h('p', { class: 'hint' }, hint));
  }
}

/** The selected organization's keys (or the only one an org key sees), with revoke. */
async function renderKeys(container) {
  const orgId = $('org-select').value || (state.orgs.length === 1 ? state.orgs[0].id : '');
  if (!orgId) {
    container.append(h('p', { class: 'hint' }, 'Choose an organization to see its API keys.'));
    return;
  }
  const page = await api(`/orgs/${encodeURIComponent(orgId)}/keys`);
  const rows = page.data.map((k) =>
    h(
      'tr',
      { 'data-key-id': k.id },
      h('td', {}, k.name),
      h('td', {}, h('code', {}, `${k.prefix}…`)),
      h('td', {}, fmt.time(k.createdAt, orgId)),
      h('td', {}, k.revokedAt ? pill('revoked') : pill('active')),
      h(
        'td',
        {},
        k.revokedAt
          ? ''
          : h('button', {
              type: 'button',
              class: 'secondary small',
              'data-action': 'revoke',
              onclick: () => {
                if (!window.confirm(`Revoke the key "${k.name}"? Anything using it stops working at once.`)) return;
                void api(`/orgs/${encodeURIComponent(orgId)}/keys/${encodeURIComponent(k.id)}`, 'DELETE').then(() => route(), showError);
              },
            }, 'Revoke'),
      ),
    ),
  );
  if (rows.length === 0) rows.push(h('tr', {}, h('td', { colspan: 5 }, 'No keys.')));
  container.append(tableOf('keys', ['Name', 'Key', 'Created', 'State', ''], rows));
}

async function renderOverview(view) {
  const { from, to } = range();
  const q = scopeQuery({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
  const kpis = await api(`/kpis?${q}`);
  const callsBox = h('div', {});
  const messagesBox = h('div', {});
  const bookingsBox = h('div', {});
  const outboxBox = h('div', {});
  const keysBox = h('div', {});
  view.replaceChildren(
    h('h2', {}, `KPIs · ${$('org-select').selectedOptions[0]?.textContent || 'All organizations'}`),
    renderKpis(kpis),
    h('h2', {}, 'Over time'),
    renderCharts(kpis),
    h('h2', {}, 'Calls'),
    callsBox,
    h('h2', {}, 'Messages'),
    messagesBox,
    h('h2', {}, 'Bookings'),
    bookingsBox,
    h('h2', {}, 'Notifications'),
    outboxBox,
    h('h2', {}, 'API keys'),
    keysBox,
  );
  await Promise.all([
    renderCallList(callsBox),
    renderMessages(messagesBox),
    renderBookings(bookingsBox),
    renderNotifications(outboxBox),
    renderKeys(keysBox),
  ]);
}

// ---- one call ------------------------------------------------------------------------------

function waterfall(turns) {
  const timed = turns.filter((t) => Object.keys(t.stages).length > 0);
  if (timed.length === 0) return h('p', { class: 'hint' }, 'No turn timings recorded for this call.');
  const stageValues = (t) => STAGES.map(([k]) => t.stages[k]).filter((v) => typeof v === 'number');
  const scale = Math.max(1, ...timed.map((t) => Math.max(t.latencyMs || 0, ...stageValues(t))));
  const pctOf = (ms) => `${((Math.max(0, ms) / scale) * 100).toFixed(3)}%`;
  const rows = timed.map((t) => {
    // Each stage's bar runs from the previous stage reached (or the caller's last audio) to it.
    const present = STAGES.filter(([k]) => typeof t.stages[k] === 'number').sort((a, b) => t.stages[a[0]] - t.stages[b[0]]);
    let prev = 0;
    const segs = present.map(([k, label]) => {
      const at = t.stages[k];
      const start = Math.max(0, Math.min(prev, at));
      prev = Math.max(prev, at);
      return h('div', {
        class: `wf-seg stage-${k}`,
        'data-stage': k,
        'data-ms': at,
        style: `left:${pctOf(start)};width:${pctOf(Math.max(0, at) - start)}`,
        title: `${label}: ${Math.round(at)} ms after the caller stopped`,
      });
    });
    const flags = [t.kind, t.cacheHit ? 'cache' : null, t.speculationHit ? 'speculation' : null, t.adaptiveEndpoint ? 'adaptive end' : null, t.bargedIn ? 'barged in' : null].filter(Boolean).join(' · ');
    const said = t.callerText === null ? (t.index === 0 ? 'greeting' : '(text not stored)') : t.callerText;
    return h(
      'div',
      { class: 'wf-row', 'data-turn-index': t.index, 'data-latency-ms': t.latencyMs === null ? '' : t.latencyMs },
      h('div', { class: 'wf-label', title: said }, h('span', { class: 'idx' }, `#${t.index}`), said, h('div', { class: 'wf-flags' }, flags)),
      h('div', { class: 'wf-track' }, segs),
      h('div', { class: `wf-total${t.latencyMs !== null && t.latencyMs >= 1000 ? ' slow' : ''}` }, fmt.ms(t.latencyMs)),
    );
  });
  const legend = h('div', { class: 'wf-legend' }, STAGES.map(([k, label]) => h('span', {}, h('i', { class: `chip stage-${k}` }), label)));
  const axis = h('div', { class: 'wf-axis' }, h('div', {}, 'ms after the caller stopped'), h('div', { class: 'ticks' }, [0, 0.25, 0.5, 0.75, 1].map((f) => h('span', {}, String(Math.round(scale * f))))), h('div', {}));
  return h('div', { class: 'waterfall', id: 'waterfall' }, legend, rows, axis);
}

// A call where some sentence produced no audio: the caller may have heard silence.
function noAudioBadge() {
  return h('span', { class: 'pill bad no-audio', title: 'Some sentences produced no audio' }, 'no audio');
}

// The <audio> element cannot send the API key, so the WAV is fetched and played from a blob URL.
function recordingPlayer(c) {
  if (!c.hasRecording) return h('p', { class: 'hint', id: 'call-recording' }, 'No recording of this call.');
  const audio = h('audio', { controls: '', preload: 'none', id: 'call-recording' });
  fetch(`/api/calls/${encodeURIComponent(c.id)}/recording`, { headers: { authorization: `Bearer ${state.key}` } })
    .then((res) => (res.ok ? res.blob() : null))
    .then((blob) => {
      if (blob) audio.src = URL.createObjectURL(blob);
    })
    .catch(() => undefined);
  return audio;
}

async function renderCall(view, id) {
  const c = await api(`/calls/${encodeURIComponent(id)}`);
  const b = c.costBreakdown ? c.costBreakdown.breakdown : null;
  const summary = h(
    'div',
    { class: 'card', id: 'call-summary' },
    h(
      'dl',
      {},
      h('dt', {}, 'Organization'), h('dd', {}, state.orgNames.get(c.orgId) || c.orgId),
      h('dt', {}, 'Caller'), h('dd', {}, c.callerPhone || '–'),
      h('dt', {}, 'Started'), h('dd', {}, fmt.time(c.startedAt, c.orgId)),
      h('dt', {}, 'Duration'), h('dd', {}, fmt.dur(c.durationSeconds)),
      h('dt', {}, 'Status'), h('dd', {}, pill(c.status)),
      h('dt', {}, 'Outcome'), h('dd', { id: 'call-outcome' }, pill(c.outcome), c.noAudio ? noAudioBadge() : null),
      h('dt', {}, 'Summary'), h('dd', { id: 'call-summary-text' }, c.summary || '–'),
      h('dt', {}, 'Region'), h('dd', {}, c.region || '–'),
      h('dt', {}, 'Cost'), h('dd', { id: 'call-cost', 'data-value': c.cost === null ? '' : c.cost }, fmt.usd(c.cost)),
    ),
  );
  const cost = b
    ? h(
        'div',
        { class: 'card', id: 'call-cost-breakdown' },
        h(
          'dl',
          {},
          h('dt', {}, 'Telephony'), h('dd', {}, `${fmt.usd(b.telephony.cost)} · ${b.telephony.billedMinutes} min`),
          h('dt', {}, 'Speech recognition'), h('dd', {}, `${fmt.usd(b.asr.cost)} · ${b.asr.seconds.toFixed(1)} s`),
          h('dt', {}, 'LLM'), h('dd', {}, `${fmt.usd(b.llm.cost)} · ${b.llm.tokens} tokens`),
          h('dt', {}, 'Speech synthesis'), h('dd', {}, `${fmt.usd(b.tts.cost)} · ${b.tts.characters} chars`),
          h('dt', {}, 'Saved by cache'), h('dd', {}, `${fmt.usd(b.tts.savedByCache)} · ${b.tts.cachedCharacters} chars`),
        ),
      )
    : null;
  const bk = c.booking;
  const booking = h(
    'div',
    { class: 'card', id: 'call-booking' },
    bk
      ? h(
          'dl',
          {},
          h('dt', {}, 'Booking'), h('dd', {}, pill(bk.status)),
          h('dt', {}, 'Customer'), h('dd', {}, bk.customerName),
          h('dt', {}, 'Service'), h('dd', {}, bk.serviceType),
          h('dt', {}, 'Appointment'), h('dd', { id: 'call-booking-time' }, fmt.time(bk.appointmentTime, bk.orgId)),
          h('dt', {}, 'Length'), h('dd', {}, `${bk.durationMinutes} min`),
        )
      : h('p', { class: 'hint' }, 'No booking made on this call.'),
  );
  view.replaceChildren(
    h('p', {}, h('a', { href: '#/' }, '← All calls')),
    h('h2', {}, `Call ${c.callSid}`),
    h('div', { class: 'detail-grid' }, summary, cost, booking),
    h('h2', {}, 'Recording'),
    recordingPlayer(c),
    h('h2', {}, 'Turn latency waterfall'),
    waterfall(c.turns),
    h('h2', {}, 'Transcript'),
    c.transcript
      ? h('pre', { class: 'transcript', id: 'transcript' }, c.transcript)
      : h('p', { class: 'hint', id: 'transcript' }, 'No transcript stored (HIPAA mode, or removed by the retention policy).'),
  );
}

// ---- wiring ----------------------------------------------------------------------------------

function showError(e) {
  if (e instanceof ApiFailure && e.status === 401) {
    signOut();
    setStatus(`Not signed in: ${e.message}`, true);
    return;
  }
  setStatus(e instanceof Error ? e.message : String(e), true);
}

let routeSeq = 0;

async function route() {
  if (!state.key) return;
  // Render off-page and swap in only if no newer navigation started meanwhile.
  const seq = ++routeSeq;
  const view = document.createElement('div');
  const m = /^#\/calls\/(.+)$/.exec(location.hash);
  setStatus('Loading…');
  try {
    if (m) await renderCall(view, decodeURIComponent(m[1]));
    else await renderOverview(view);
    if (seq !== routeSeq) return;
    $('view').replaceChildren(...view.childNodes);
    setStatus(`Updated ${new Date().toLocaleTimeString()}`);
    document.body.dataset.ready = m ? 'call' : 'overview';
  } catch (e) {
    if (seq === routeSeq) showError(e);
  }
}

async function signIn(key) {
  state.key = key;
  try {
    const orgs = await api('/orgs');
    state.orgs = orgs.data;
  } catch (e) {
    state.key = '';
    showError(e);
    return;
  }
  sessionStorage.setItem(KEY_STORE, key);
  state.orgNames = new Map(state.orgs.map((o) => [o.id, o.name]));
  state.orgZones = new Map(state.orgs.map((o) => [o.id, o.timezone]));
  const select = $('org-select');
  select.replaceChildren(...(state.orgs.length === 1 ? [] : [h('option', { value: '' }, 'All organizations')]), ...state.orgs.map((o) => h('option', { value: o.id }, o.name)));
  $('key-form').hidden = true;
  $('signed-in').hidden = false;
  $('principal').textContent = state.orgs.length === 1 ? `Signed in for ${state.orgs[0].name}` : `Signed in · ${state.orgs.length} organizations`;
  $('controls').hidden = false;
  await route();
}

function signOut() {
  state.key = '';
  sessionStorage.removeItem(KEY_STORE);
  $('key-form').hidden = false;
  $('signed-in').hidden = true;
  $('controls').hidden = true;
  delete document.body.dataset.ready;
}

document.addEventListener('DOMContentLoaded', () => {
  const params = new URLSearchParams(location.search);
  $('range-to').value = params.get('to') || dateInputValue(Date.now());
  $('range-from').value = params.get('from') || dateInputValue(Date.now() - 29 * DAY_MS);
  $('key-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const key = $('api-key').value.trim();
    $('api-key').value = '';
    if (key) void signIn(key);
  });
  $('sign-out').addEventListener('click', () => {
    signOut();
    $('view').replaceChildren(h('p', { class: 'hint' }, 'Signed out.'));
  });
  for (const id of ['org-select', 'range-from', 'range-to', 'caller-search']) $(id).addEventListener('change', () => void route());
  $('refresh').addEventListener('click', () => void route());
  window.addEventListener('hashchange', () => void route());
  if (state.key) void signIn(state.key);
});
