// Drift: per feature the distance from the training baseline over time against its threshold, the
// latest violations, and the baseline vs current distribution of a chosen feature. Read through
// the orchestrator (/admin/drift/...): the browser never calls the drift monitor itself.
import { api } from '../api.js';
import { h, patch, badge, table, panel, card, notice, when, num, humanize } from '../dom.js';
import { timeChart, histogram, COLORS, epoch } from '../charts.js';

export const title = 'Drift';

/** The endpoint a person picked stays picked while they look at other views (this tab only). */
const PICKED = 'mlops.drift-endpoint';

export async function refresh(root, feature, ctx) {
  if (!root.dataset.built) {
    root.dataset.built = 'true';
    root.append(
      h('div', { class: 'page-head' },
        h('div', null, h('h1', null, 'Drift'),
          h('p', null, 'Live traffic of the prod endpoint, window by window, against the training baseline of the model it serves.')),
        h('div', { id: 'drift-endpoint' })),
      h('div', { id: 'drift-status' }),
      h('div', { id: 'drift-cards', class: 'cards' }),
      h('div', { id: 'drift-features' }),
      h('div', { id: 'drift-distribution' }),
      h('div', { id: 'drift-violations' }));
  }
  const status = root.querySelector('#drift-status');
  let windows;
  try {
    windows = await api('/drift/windows?limit=50');
  } catch (e) {
    if (e.status === 502 || e.status === 504 || e.status === 503) {
      patch(status, ['down', e.message], () => notice('error', `The drift monitor is not reachable: ${e.message}`));
      return;
    }
    throw e;
  }
  patch(status, 'up', () => null);
  const endpoints = [...new Set(windows.map((w) => w.endpoint))];
  if (!endpoints.length) {
    patch(root.querySelector('#drift-cards'), 'none', () => notice('info', 'No monitoring windows yet: they appear once predictions reach a prod endpoint with data capture.'));
    return;
  }
  // the endpoint shown: the one picked, else the stable prod endpoint, else the latest one monitored
  const prod = (await api('/deployments?stage=prod&limit=1').catch(() => null))?.prod?.endpoint;
  const picked = sessionStorage.getItem(PICKED);
  const endpoint = endpoints.includes(picked) ? picked : endpoints.includes(prod) ? prod : endpoints[0];
  patch(root.querySelector('#drift-endpoint'), [endpoints, endpoint], () => {
    const select = h('select', { id: 'endpoint-select', onchange: (e) => { sessionStorage.setItem(PICKED, e.target.value); ctx.refresh(); } },
      endpoints.map((e) => h('option', { value: e, selected: e === endpoint }, e)));
    return h('div', null, h('label', { for: 'endpoint-select' }, 'Endpoint'), select);
  });

  const mine = windows.filter((w) => w.endpoint === endpoint);
  const analysed = mine.find((w) => w.dataset_drift !== undefined && w.dataset_drift !== null);
  const open = mine.find((w) => w.status === 'open');
  const latest = analysed ? await api(`/drift/windows/${encodeURIComponent(analysed.window_id)}`) : null;
  const features = (latest?.report?.features || []).filter((f) => f.measured || f.kind === 'feature');
  const driftedWindows = mine.filter((w) => w.dataset_drift).length;

  patch(root.querySelector('#drift-cards'), [endpoint, analysed?.window_id, open?.records, driftedWindows, mine.length], () => [
    card('Model version', latest?.model_version || mine[0].model_version, endpoint),
    card('Latest window', latest ? (latest.dataset_drift ? 'drift' : 'no drift') : 'not analysed yet',
      latest ? [`${num(latest.records)} records · closed `, when(latest.closed_at)] : null, { id: 'latest-window', 'data-drift': String(!!latest?.dataset_drift) }),
    card('Drifted features', latest?.report ? String(latest.report.drifted_features.length) : '–',
      latest?.report?.drifted_features?.join(', ') || 'none'),
    card('Windows with drift', `${driftedWindows} / ${mine.filter((w) => w.dataset_drift !== undefined).length}`, `of the last ${mine.length} windows`),
    card('Open window', open ? num(open.records) : '–', open ? ['records since ', when(open.opened_at)] : 'none open'),
  ]);

  const series = await Promise.all(features.map((f) =>
    api(`/drift/features/${encodeURIComponent(f.name)}?endpoint=${encodeURIComponent(endpoint)}&limit=60`).catch(() => [])));
  const selected = feature && features.some((f) => f.name === feature) ? feature
    : (features.find((f) => f.drifted) || features.find((f) => f.measured) || features[0])?.name;

  patch(root.querySelector('#drift-features'), [endpoint, selected, features.map((f, i) => [f.name, series[i].map((p) => p.window_id)])], () =>
    panel(`Distance from the baseline per feature (${endpoint})`,
      features.length ? h('div', { class: 'grid grid-3' }, features.map((f, i) => featureChart(f, series[i].slice().reverse(), f.name === selected)))
        : h('p', { class: 'empty' }, 'No window measured a feature yet.')));

  if (selected) {
    const dist = await api(`/drift/distributions/${encodeURIComponent(selected)}?endpoint=${encodeURIComponent(endpoint)}`).catch((e) => ({ error: e.message }));
    patch(root.querySelector('#drift-distribution'), dist, () => distributionPanel(selected, dist));
  }
  const violations = await api(`/drift/violations?endpoint=${encodeURIComponent(endpoint)}&limit=12`);
  patch(root.querySelector('#drift-violations'), violations, () => panel('Latest violations', table([
    { label: 'Window closed', value: (v) => when(v.closed_at) },
    { label: 'Feature', value: (v) => (v.feature_name ? h('a', { href: `#/drift/${encodeURIComponent(v.feature_name)}` }, v.feature_name) : '–') },
    { label: 'Check', value: (v) => badge('fail', humanize(v.constraint_check_type)) },
    { label: 'What', value: (v) => v.description },
  ], violations, { empty: 'No violations: live traffic looks like the training data.', caption: 'Constraint violations', rowAttrs: (v) => ({ 'data-feature': v.feature_name, 'data-check': v.constraint_check_type }) })));
}

function featureChart(f, all, selected) {
  // windows with too few values of the feature have no distance
  const points = all.filter((p) => p.distance !== null && p.distance !== undefined);
  const xs = points.map((p) => epoch(p.closed_at));
  const drifted = points.filter((p) => p.drifted).length;
  const latest = points[points.length - 1];
  const summary = latest
    ? `Latest distance ${num(latest.distance)} against threshold ${num(latest.threshold)} (${latest.method}); drifted in ${drifted} of ${points.length} measured windows.`
    : `Not measured yet${all.length ? ': too few values per window so far' : ''}.`;
  const chart = points.length
    ? timeChart({
      title: `${f.name}${f.kind === 'prediction' ? ' (prediction)' : ''}`,
      caption: false,
      summary,
      xs,
      height: 170,
      yLabel: latest?.method || 'distance',
      yRange: (u, min, max) => [0, Math.max(max * 1.1, (latest?.threshold || 0.1) * 1.5)],
      rule: { value: latest?.threshold, color: COLORS.threshold },
      series: [
        { label: 'distance', values: points.map((p) => p.distance ?? null), color: COLORS.line },
        { label: 'threshold', values: points.map((p) => p.threshold ?? null), color: COLORS.threshold, dash: [6, 4], points: false, width: 1.5 },
        { label: 'drift', values: points.map((p) => (p.drifted ? p.distance : null)), color: COLORS.fail, markers: true, size: 9 },
      ],
    })
    : h('p', { class: 'empty chart-placeholder' }, f.note || 'No distance yet.');
  return h('div', {
    class: `card feature-card${selected ? ' selected' : ''}${latest?.drifted ? ' drifted' : ''}`,
    'data-feature': f.name, 'data-drifted-windows': String(drifted), 'data-measured-windows': String(points.length), 'data-latest-drifted': String(!!latest?.drifted),
    onclick: (e) => { if (!e.target.closest('a,button')) location.hash = `#/drift/${encodeURIComponent(f.name)}`; },
  },
  h('div', { class: 'chart-title' },
    h('span', null, h('a', { href: `#/drift/${encodeURIComponent(f.name)}`, 'aria-label': `Show the distribution of ${f.name}` }, f.name),
      f.kind === 'prediction' ? h('small', null, ' prediction') : null),
    latest?.drifted ? badge('drifted') : latest ? badge('pass', 'no drift') : badge('', 'not measured')),
  chart,
  h('p', { class: 'muted small' }, summary));
}

function distributionPanel(feature, d) {
  if (d.error) return panel(`Distribution of ${feature}`, notice('warn', `Not available: ${d.error}`));
  const shape = d.type === 'categorical' ? { labels: d.labels } : { edges: d.edges };
  return panel(`Distribution of ${feature}: baseline vs current`,
    h('p', { class: 'muted' }, `Baseline: the training data of ${d.model_version} (${num(d.baseline_count)} values). Current: window ${d.window_id} (${num(d.current_count)} values, closed `, when(d.closed_at), ').'),
    d.baseline
      ? histogram({
        title: feature,
        summary: `Share of values per bin in the baseline and in the current window.`,
        ...shape,
        series: [
          { label: 'baseline', shares: d.baseline, color: COLORS.baseline },
          { label: 'current', shares: d.current, color: COLORS.current },
        ],
        attrs: { id: 'chart-distribution', 'data-feature': feature },
      })
      : notice('warn', d.note || 'The model\'s baseline is not available.'));
}
