// Models: versions with metrics compared to production, lineage, approval; approve or reject.
import { api } from '../api.js';
import { h, patch, badge, table, facts, panel, notice, when, num } from '../dom.js';

export const title = 'Models';

const LOWER_IS_BETTER = ['rmse', 'mae', 'mape', 'mse', 'loss', 'error'];
const better = (metric, a, b) => (LOWER_IS_BETTER.includes(metric.toLowerCase()) ? a < b : a > b);

export async function refresh(root, version, ctx) {
  const [models, deployments, canary] = await Promise.all([
    api('/models?limit=100'),
    api('/deployments?limit=1'),
    api('/canary').catch(() => null),
  ]);
  const prodVersion = deployments?.prod?.model_version || null;
  const production = models.find((m) => m.version === prodVersion) || null;
  const canaryVersion = canary?.active ? canary.canary?.model_version : null;
  const roles = { prodVersion, canaryVersion, devVersion: deployments?.dev?.model_version || null };
  if (version) return detail(root, models.find((m) => m.version === version), version, production, roles, ctx);
  return list(root, models, production, roles);
}

function tags(m, roles) {
  return [
    m.version === roles.prodVersion ? h('span', { class: 'tag prod' }, 'prod') : null,
    m.version === roles.canaryVersion ? h('span', { class: 'tag canary' }, 'canary') : null,
    m.version === roles.devVersion ? h('span', { class: 'tag' }, 'dev') : null,
    m.rolled_back_at ? h('span', { class: 'tag', title: m.rolled_back_reason || '' }, 'rolled back') : null,
  ];
}

function metricCell(name, m, production) {
  const v = m.metrics?.[name];
  if (v === undefined) return '–';
  const p = production && production.version !== m.version ? production.metrics?.[name] : undefined;
  if (p === undefined || p === null) return num(v, 4);
  const d = v - p;
  const good = d === 0 ? null : better(name, v, p);
  return [num(v, 4), h('span', { class: `delta ${good === null ? '' : good ? 'better' : 'worse'}`, title: `production ${production.version}: ${num(p, 4)}` },
    `${d >= 0 ? '+' : '−'}${num(Math.abs(d), 3)}`)];
}

function list(root, models, production, roles) {
  if (!root.dataset.built) {
    root.dataset.built = 'true';
    root.append(
      h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Model registry'),
        h('p', null, 'Every registered version, its test metrics against the version in production, and its approval.'))),
      h('div', { id: 'pending' }),
      h('div', { id: 'models-table' }));
  }
  const pending = models.filter((m) => m.approval_status === 'PendingManualApproval');
  patch(root.querySelector('#pending'), pending.map((m) => m.version), () => (pending.length
    ? notice('warn', `${pending.length === 1 ? 'One version waits' : `${pending.length} versions wait`} for approval: `,
      pending.map((m, i) => [i ? ', ' : '', h('a', { href: `#/models/${m.version}` }, `review ${m.version}`)]))
    : null));
  const metricNames = [...new Set(models.flatMap((m) => Object.keys(m.metrics || {})))].sort((a, b) => order(a) - order(b)).slice(0, 4);
  patch(root.querySelector('#models-table'), [models, roles], () => panel(
    production ? `Versions (compared with production ${production.version})` : 'Versions',
    table([
      { label: 'Version', value: (m) => [h('a', { href: `#/models/${m.version}`, 'data-version': m.version }, m.version), tags(m, roles)] },
      { label: 'Approval', value: (m) => badge(m.approval_status) },
      ...metricNames.map((n) => ({ label: n, num: true, value: (m) => metricCell(n, m, production) })),
      { label: 'Dataset', value: (m) => m.dataset || '–' },
      { label: 'Registered', value: (m) => when(m.created_at) },
      { label: 'Decision', value: (m) => (m.approval_by ? `${m.approval_by}${m.approval_comment ? `: “${m.approval_comment}”` : ''}` : '–') },
    ], models, { empty: 'No model registered yet: a run registers one after its gate passes.', caption: 'Model versions', rowAttrs: (m) => ({ 'data-version': m.version, 'data-approval': m.approval_status }) })));
}

const order = (n) => ['rmse', 'r2', 'mae', 'mape'].indexOf(n.toLowerCase()) + 1 || 99;

function detail(root, m, version, production, roles, ctx) {
  if (!root.dataset.built) {
    root.dataset.built = 'true';
    root.append(h('p', { class: 'breadcrumb' }, h('a', { href: '#/models' }, '← All versions')),
      h('div', { id: 'model-head' }), h('div', { id: 'model-approval' }), h('div', { class: 'grid grid-2' }, h('div', { id: 'model-metrics' }), h('div', { id: 'model-lineage' })));
  }
  if (!m) {
    patch(root.querySelector('#model-head'), 'missing', () => notice('error', `No model version ${version}.`));
    return;
  }
  patch(root.querySelector('#model-head'), [m.approval_status, roles, m.rolled_back_at], () => h('div', { class: 'page-head' },
    h('div', null, h('h1', null, `Model ${m.version} `, badge(m.approval_status), tags(m, roles)),
      h('p', null, `${m.dataset || ''} · registered ${new Date(m.created_at).toLocaleString('en-GB')} · trained by run `,
        h('a', { href: `#/runs/${m.run_id}`, class: 'mono' }, String(m.run_id).slice(0, 8))))));

  patch(root.querySelector('#model-approval'), [m.approval_status, m.approval_by, m.approval_comment, m.rolled_back_reason], () => approval(m, ctx));

  patch(root.querySelector('#model-metrics'), [m.metrics, production?.version, production?.metrics], () => panel(
    production && production.version !== m.version ? `Metrics vs production (${production.version})` : 'Metrics (test split)',
    table([
      { label: 'Metric', value: ([k]) => k },
      { label: m.version, num: true, value: ([, v]) => num(v, 4) },
      ...(production && production.version !== m.version ? [
        { label: production.version, num: true, value: ([k]) => num(production.metrics?.[k], 4) },
        // metricCell gives [value, change] only when production has the metric, else a string
        { label: 'Change', num: true, value: ([k]) => { const c = metricCell(k, m, production); return Array.isArray(c) ? c[1] : '–'; } },
      ] : []),
    ], Object.entries(m.metrics || {}).sort((a, b) => order(a[0]) - order(b[0])), { caption: 'Metrics' })));

  patch(root.querySelector('#model-lineage'), [m.dataset_uri, m.dataset_hash, m.hyperparameters], () => panel('Lineage', facts([
    ['Dataset', h('span', { class: 'mono' }, m.dataset_uri)],
    ['Dataset hash', h('span', { class: 'mono' }, m.dataset_hash || '–')],
    ['Training data SHA-256', h('span', { class: 'mono' }, m.train_data_sha256 || '–')],
    ['Image', h('span', { class: 'mono' }, m.image || '–')],
    ['Run', h('a', { href: `#/runs/${m.run_id}`, class: 'mono' }, String(m.run_id))],
    ['Model artifact', h('span', { class: 'mono' }, m.model_data_uri || '–')],
    ['Baseline', h('span', { class: 'mono' }, m.baseline_uri || '–')],
  ]), h('h3', { style: 'margin-top:14px' }, 'Hyperparameters'), table([
    { label: 'Name', value: ([k]) => k },
    { label: 'Value', num: true, value: ([, v]) => v },
  ], Object.entries(m.hyperparameters || {}), { empty: 'Defaults.', caption: 'Hyperparameters' })));
}

function approval(m, ctx) {
  if (m.approval_status !== 'PendingManualApproval') {
    return panel('Approval', facts([
      ['State', badge(m.approval_status)],
      ['By', m.approval_by || '–'],
      ['When', when(m.approval_at)],
      ['Comment', m.approval_comment || '–'],
      m.rolled_back_at ? ['Rolled back', [when(m.rolled_back_at), ` · ${m.rolled_back_reason || ''}`]] : null,
    ]));
  }
  const comment = h('textarea', { id: 'approval-comment', name: 'comment', placeholder: 'Why (kept with the version)', 'aria-describedby': 'approval-help' });
  const by = h('input', { id: 'approval-by', type: 'text', name: 'by', placeholder: 'your name', autocomplete: 'name' });
  const message = h('div', { 'aria-live': 'polite', id: 'approval-message' });
  const decide = (decision) => async (e) => {
    e.preventDefault();
    for (const b of e.target.form.querySelectorAll('button')) b.disabled = true;
    try {
      await api(`/models/${encodeURIComponent(m.version)}/${decision}`, {
        method: 'POST', body: { comment: comment.value.trim() || null, by: by.value.trim() || null },
      });
      message.replaceChildren(notice('ok', decision === 'approve' ? `${m.version} approved: the waiting run deploys it to production.` : `${m.version} rejected.`));
      ctx.refresh();
    } catch (err) {
      message.replaceChildren(notice('error', `Not ${decision === 'approve' ? 'approved' : 'rejected'}: ${err.message}`));
      for (const b of e.target.form.querySelectorAll('button')) b.disabled = false;
    }
  };
  return h('section', { class: 'panel', 'aria-label': 'Approval' },
    h('h2', null, `Approve ${m.version} for production?`),
    h('p', { id: 'approval-help', class: 'step-meta' }, 'It passed the gate and serves on its dev endpoint. Approving deploys it to production (as a canary when a version serves there already).'),
    h('form', { id: 'approval-form', onsubmit: (e) => e.preventDefault() },
      h('div', { class: 'grid grid-2', style: 'gap:12px' },
        h('div', null, h('label', { for: 'approval-comment' }, 'Comment'), comment),
        h('div', null, h('label', { for: 'approval-by' }, 'Decided by'), by)),
      h('div', { class: 'actions', style: 'margin-top:12px' },
        h('button', { class: 'button ok', type: 'submit', id: 'approve', onclick: decide('approve') }, `Approve ${m.version}`),
        h('button', { class: 'button danger', type: 'button', id: 'reject', onclick: decide('reject') }, 'Reject'))),
    message);
}
