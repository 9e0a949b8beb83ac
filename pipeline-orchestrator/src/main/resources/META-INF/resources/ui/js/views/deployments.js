// Deployments: dev and prod, the routing policy, the canary (weight over time, each interval's
// analysis as charts) with promote / roll back / pause / resume, and the history.
import { api } from '../api.js';
import { h, patch, badge, table, facts, panel, card, notice, when, num, pct, humanize } from '../dom.js';
import { timeChart, histogram, COLORS, epoch } from '../charts.js';

export const title = 'Deployments';

export async function refresh(root, _arg, ctx) {
  if (!root.dataset.built) {
    root.dataset.built = 'true';
    root.append(
      h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Deployments'),
        h('p', null, 'What serves dev and prod, and how the canary of a new version is doing.'))),
      h('div', { id: 'stages', class: 'cards' }),
      h('div', { id: 'canary' }),
      h('div', { id: 'canary-charts' }),
      h('div', { id: 'canary-analyses' }),
      h('div', { class: 'grid grid-2' }, h('div', { id: 'canary-history' }), h('div', { id: 'deploy-history' })));
  }
  const [deployments, canary, history] = await Promise.all([
    api('/deployments?limit=30'),
    api('/canary').catch((e) => ({ unavailable: e.message })),
    api('/canary/history?limit=10').catch(() => []),
  ]);
  const policy = deployments.routing_policy;

  patch(root.querySelector('#stages'), [deployments.dev, deployments.prod, policy], () => [
    stageCard('Dev', deployments.dev),
    stageCard('Prod', deployments.prod, prodRollback(deployments.prod, ctx)),
    card('Routing policy', policy ? `v${policy.version}` : '–',
      policy ? [`stable ${policy.stable?.model_version || '–'}`, policy.canary ? ` · canary ${policy.canary.model_version} at ${pct(policy.canary_weight, 0)}` : ' · no canary']
        : 'not written yet', { id: 'routing-card' }),
  ]);

  const c = canary && !canary.unavailable ? canary.canary : null;
  patch(root.querySelector('#canary'), canarySummaryKey(canary), () => canaryPanel(canary, ctx));
  patch(root.querySelector('#canary-charts'), c ? [c.id, c.weights, c.analysis_count, c.state, c.weight] : null, () => (c ? canaryCharts(c) : null));
  patch(root.querySelector('#canary-analyses'), c ? [c.id, c.analysis_count] : null, () => (c ? analysesTable(c) : null));
  patch(root.querySelector('#canary-history'), history, () => panel('Past canaries', table([
    { label: 'Version', value: (x) => [x.model_version, h('small', { class: 'step-meta' }, ` vs ${x.stable_version}`)] },
    { label: 'Outcome', value: (x) => badge(x.state) },
    { label: 'Started', value: (x) => when(x.started_at) },
    { label: 'Analyses', num: true, value: (x) => String(x.analysis_count) },
    { label: 'Why', value: (x) => x.outcome_reason || (x.state === 'running' ? 'in progress' : '–') },
  ], history, { empty: 'No canary yet: the first prod deployment switches at once; later ones go through a canary.', caption: 'Past canaries' })));
  patch(root.querySelector('#deploy-history'), deployments.history, () => panel('Deployment history', table([
    { label: 'Stage', value: (d) => d.stage },
    { label: 'Version', value: (d) => d.model_version },
    { label: 'Endpoint', value: (d) => h('span', { class: 'mono' }, d.endpoint) },
    { label: 'Status', value: (d) => badge(d.status) },
    { label: 'Created', value: (d) => when(d.created_at) },
    { label: 'Note', value: (d) => d.note || '' },
  ], deployments.history, { empty: 'Nothing deployed yet.', caption: 'Deployment history' })));
}

function stageCard(label, d, extra) {
  if (!d) return card(label, '–', 'nothing deployed', { 'data-stage': label.toLowerCase() });
  return card(label, d.model_version, [h('span', { class: 'mono' }, d.endpoint), ' ', badge(d.status), h('br'), 'since ', when(d.activated_at || d.created_at), extra ? h('div', { style: 'margin-top:8px' }, extra) : null],
    { 'data-stage': label.toLowerCase() });
}

function prodRollback(prod, ctx) {
  if (!prod) return null;
  return h('button', {
    class: 'button secondary', type: 'button', id: 'prod-rollback',
    onclick: async () => {
      if (!confirm('Put production back on the previous version?')) return;
      try {
        await api('/deployments/prod/rollback', { method: 'POST', body: { comment: 'from the dashboard' } });
      } catch (err) {
        alert(`Rollback refused: ${err.message}`);
      }
      ctx.refresh();
    },
  }, 'Roll prod back');
}

function canarySummaryKey(canary) {
  if (!canary || canary.unavailable) return canary;
  const c = canary.canary;
  return [canary.active, c && [c.id, c.state, c.weight, c.step, c.next_analysis_at, c.consecutive_failures, c.consecutive_inconclusive, c.paused_reason, c.outcome_reason, c.analysis_count]];
}

function canaryPanel(canary, ctx) {
  if (!canary) return null;
  if (canary.unavailable) return panel('Canary', notice('warn', `The canary API did not answer: ${canary.unavailable}`));
  const c = canary.canary;
  if (!c) {
    const s = canary.settings;
    return panel('Canary', h('p', { class: 'empty' }, 'No canary has run yet.'),
      s ? h('p', { class: 'step-meta' }, `A new prod version gets ${s.steps.join(' % → ')} %, ${s.interval_seconds} s per step, judged on errors, p99 latency and its predictions.`) : null);
  }
  const comment = h('input', { id: 'canary-comment', type: 'text', placeholder: 'comment (optional)', 'aria-label': 'Comment for the canary action' });
  const message = h('div', { 'aria-live': 'polite' });
  const act = (action, label, cls, ask) => h('button', {
    class: `button ${cls}`, type: 'button', id: `canary-${action}`,
    onclick: async (e) => {
      if (ask && !confirm(ask)) return;
      e.target.disabled = true;
      try {
        await api(`/canary/${action}`, { method: 'POST', body: { comment: comment.value.trim() || null } });
        message.replaceChildren(notice('ok', `${label}: done.`));
      } catch (err) {
        message.replaceChildren(notice('error', `${label} refused: ${err.message}`));
      }
      ctx.refresh();
    },
  }, label);
  const active = canary.active;
  const last = c.analyses && c.analyses.length ? c.analyses[c.analyses.length - 1] : null;
  return h('section', { class: 'panel', 'aria-label': 'Canary', id: 'canary-panel', 'data-state': c.state, 'data-version': c.model_version },
    h('h2', null, `Canary ${c.model_version} vs stable ${c.stable_version} `, badge(c.state)),
    h('div', { class: 'grid grid-3', style: 'gap:16px' },
      h('div', null,
        h('div', { class: 'step-meta' }, 'Weight now'),
        h('div', { class: 'weight-now', id: 'canary-weight' }, pct(c.weight, 0)),
        h('div', { class: 'step-meta' }, `plan ${c.plan.steps.join(' → ')} %, ${c.plan.interval_seconds} s per step`)),
      facts([
        ['Started', when(c.started_at)],
        ['Next analysis', c.state === 'running' ? when(c.next_analysis_at) : '–'],
        ['Last verdict', last ? badge(last.verdict) : 'none yet'],
        ['In a row', `${c.consecutive_failures} failed · ${c.consecutive_inconclusive} inconclusive`],
      ]),
      facts([
        ['Endpoint', h('span', { class: 'mono' }, c.endpoint)],
        ['Stable', h('span', { class: 'mono' }, c.stable_endpoint)],
        c.paused_reason ? ['Paused', c.paused_reason] : null,
        c.outcome_reason ? ['Outcome', `${c.outcome_reason}${c.outcome_by ? ` (${c.outcome_by})` : ''}`] : null,
      ])),
    active ? h('div', { class: 'actions', style: 'margin-top:14px' },
      h('div', { style: 'flex:1 1 240px' }, comment),
      act('promote', 'Promote now', 'ok', `Send all traffic to ${c.model_version} now?`),
      act('rollback', 'Roll back', 'danger', `Roll ${c.model_version} back (weight 0, endpoint deleted)?`),
      c.state === 'paused' ? act('resume', 'Resume', 'secondary') : act('pause', 'Pause', 'secondary')) : null,
    message);
}

function canaryCharts(c) {
  const analyses = c.analyses || [];
  const now = Date.now() / 1000;
  // weight over time: the recorded changes, held until now (or the end), verdicts as markers
  const points = new Map();
  for (const w of c.weights || []) points.set(epoch(w.at), { weight: w.weight * 100 });
  for (const a of analyses) {
    const t = epoch(a.interval_end);
    points.set(t, { ...(points.get(t) || {}), verdict: a.verdict, at: a.weight * 100 });
  }
  const end = c.ended_at ? epoch(c.ended_at) : now;
  // an ended canary ends at its final weight (0 rolled back, 100 promoted); a running one holds
  points.set(end, { ...(points.get(end) || {}), ...(c.ended_at ? { weight: c.weight * 100 } : {}) });
  const xs = [...points.keys()].sort((a, b) => a - b);
  let held = null;
  const weight = xs.map((t) => {
    const p = points.get(t);
    if (p.weight !== undefined) held = p.weight;
    return held;
  });
  const marker = (v) => xs.map((t) => (points.get(t).verdict === v ? points.get(t).at : null));
  const counts = analyses.reduce((m, a) => ({ ...m, [a.verdict]: (m[a.verdict] || 0) + 1 }), {});
  const weightChart = timeChart({
    title: 'Canary weight over time',
    summary: `Weight now ${pct(c.weight, 0)}; ${analyses.length} analyses: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ') || 'none yet'}.`,
    xs,
    yRange: [0, 105],
    yLabel: 'weight %',
    format: (v) => `${Math.round(v)}`,
    series: [
      { label: 'weight %', values: weight, color: COLORS.line, stepped: true, points: false },
      { label: 'pass', values: marker('pass'), color: COLORS.pass, markers: true },
      { label: 'fail', values: marker('fail'), color: COLORS.fail, markers: true },
      { label: 'inconclusive', values: marker('inconclusive'), color: COLORS.inconclusive, markers: true },
    ],
    attrs: { id: 'chart-canary-weight' },
  });
  if (!analyses.length) {
    return h('div', { 'data-version': c.model_version }, panel('Canary analysis', h('div', { class: 'grid grid-2' }, weightChart,
      h('p', { class: 'empty' }, `Waiting for the first analysis${c.next_analysis_at ? ` at ${new Date(c.next_analysis_at).toLocaleTimeString('en-GB')}` : ''}.`))));
  }
  const ax = analyses.map((a) => epoch(a.interval_end));
  const check = (a, name) => (a.checks || []).find((k) => k.name === name) || {};
  const errorChart = timeChart({
    title: 'Error rate per interval',
    summary: `Latest: canary ${pct(last(analyses).canary?.error_rate, 2)}, stable ${pct(last(analyses).stable?.error_rate, 2)}.`,
    xs: ax,
    yLabel: 'errors',
    format: (v) => pct(v, 1),
    series: [
      { label: 'canary', values: analyses.map((a) => a.canary?.error_rate ?? null), color: COLORS.canary },
      { label: 'stable', values: analyses.map((a) => a.stable?.error_rate ?? null), color: COLORS.stable },
      { label: 'limit', values: analyses.map((a) => check(a, 'error_rate').threshold ?? null), color: COLORS.threshold, dash: [6, 4], points: analyses.length === 1, pointSize: 7, width: 1.5 },
    ],
    attrs: { id: 'chart-canary-errors' },
  });
  const latencyChart = timeChart({
    title: 'p99 latency per interval',
    summary: `Latest: canary ${num(last(analyses).canary?.latency_p99_ms)} ms, stable ${num(last(analyses).stable?.latency_p99_ms)} ms.`,
    xs: ax,
    yLabel: 'ms',
    series: [
      { label: 'canary', values: analyses.map((a) => a.canary?.latency_p99_ms ?? null), color: COLORS.canary },
      { label: 'stable', values: analyses.map((a) => a.stable?.latency_p99_ms ?? null), color: COLORS.stable },
      { label: 'limit', values: analyses.map((a) => check(a, 'latency_p99').threshold ?? null), color: COLORS.threshold, dash: [6, 4], points: analyses.length === 1, pointSize: 7, width: 1.5 },
    ],
    attrs: { id: 'chart-canary-p99' },
  });
  const withHistogram = [...analyses].reverse().find((a) => a.prediction_histogram && a.prediction_histogram.edges?.length > 1);
  const dist = check(withHistogram || {}, 'prediction_distribution');
  const predictionChart = withHistogram
    ? histogram({
      title: `Predictions, canary vs stable (interval ${withHistogram.seq})`,
      summary: `Distance ${num(dist.canary)} against ${num(dist.threshold)}: ${dist.verdict || 'not measured'}.`,
      edges: withHistogram.prediction_histogram.edges,
      series: [
        { label: 'stable', shares: withHistogram.prediction_histogram.stable, color: COLORS.stable },
        { label: 'canary', shares: withHistogram.prediction_histogram.canary, color: COLORS.canary },
      ],
      attrs: { id: 'chart-canary-predictions' },
    })
    : h('p', { class: 'empty' }, 'No predictions to compare yet.');
  return h('div', { 'data-version': c.model_version }, panel('Canary analysis', h('div', { class: 'grid grid-2' }, weightChart, predictionChart, errorChart, latencyChart)));
}

const last = (xs) => xs[xs.length - 1] || {};

function analysesTable(c) {
  const analyses = [...(c.analyses || [])].reverse();
  return panel('Analysis of each interval', table([
    { label: '#', num: true, value: (a) => String(a.seq) },
    { label: 'Interval', value: (a) => [when(a.interval_start), ' – ', when(a.interval_end), a.early ? ' (early)' : ''] },
    { label: 'Weight', num: true, value: (a) => pct(a.weight, 0) },
    { label: 'Requests', num: true, value: (a) => `${num(a.canary?.requests)} / ${num(a.stable?.requests)}` },
    { label: 'Verdict', value: (a) => badge(a.verdict) },
    { label: 'Then', value: (a) => humanize(a.decision) },
    { label: 'Checks', value: (a) => h('ul', { class: 'checks' }, (a.checks || []).map((k) => h('li', null, badge(k.verdict, `${humanize(k.name)}`), ' ', k.detail || ''))) },
  ], analyses, { empty: 'No analysis yet.', caption: 'Canary analyses', rowAttrs: (a) => ({ 'data-verdict': a.verdict }) }));
}
