// Runs: the list (status, trigger, duration, progress) and one run's steps as a live timeline.
import { api } from '../api.js';
import { h, patch, badge, table, facts, panel, card, notice, when, duration, num } from '../dom.js';

export const title = 'Runs';

const STEP_TITLES = {
  preprocess: 'Preprocess', train: 'Train', evaluate: 'Evaluate', gate: 'Gate', register: 'Register',
  'deploy-dev': 'Deploy dev', approval: 'Approval', 'deploy-prod': 'Deploy prod', 'switch-traffic': 'Switch traffic',
};
const ACTIVE = ['queued', 'running', 'waiting_approval', 'cancelling'];

export async function refresh(root, id, ctx) {
  if (id) return detail(root, id, ctx);
  return list(root, ctx);
}

function skeleton(root, parts) {
  if (root.dataset.built) return;
  root.dataset.built = 'true';
  root.append(...parts);
}

async function list(root, ctx) {
  const head = h('div', { class: 'page-head' },
    h('div', null, h('h1', null, 'Pipeline runs'), h('p', null, 'Newest first. A run advances by itself; this page follows it.')));
  if (!root.dataset.built) skeleton(root, [head, h('div', { class: 'cards', id: 'run-cards' }), h('div', { id: 'runs-table' }), startForm(ctx)]);
  const runs = await api('/runs?limit=50');
  const byStatus = (s) => runs.filter((r) => r.status === s).length;
  patch(root.querySelector('#run-cards'), runs.map((r) => [r.id, r.status]), () => [
    card('Active', String(runs.filter((r) => ACTIVE.includes(r.status) && r.status !== 'waiting_approval').length), 'queued or running'),
    card('Waiting for approval', String(byStatus('waiting_approval')), h('a', { href: '#/models' }, 'review models')),
    card('Succeeded', String(byStatus('succeeded')), `of the last ${runs.length}`),
    card('Failed', String(byStatus('failed') + byStatus('rejected') + byStatus('cancelled')), 'failed, rejected or cancelled'),
  ]);
  patch(root.querySelector('#runs-table'), runs.map(listRow), () => panel('Runs', table([
    { label: 'Run', value: (r) => h('a', { href: `#/runs/${r.id}`, class: 'mono', 'data-run': r.id }, r.short_id) },
    { label: 'Dataset', value: (r) => r.dataset || '–' },
    { label: 'Trigger', value: (r) => h('span', { class: 'tag', title: r.trigger_detail || '' }, r.trigger) },
    { label: 'Status', value: (r) => badge(r.status) },
    { label: 'Progress', value: (r) => progress(r) },
    { label: 'Model', value: (r) => (r.model_version ? h('a', { href: `#/models/${r.model_version}` }, r.model_version) : '–') },
    { label: 'Started', value: (r) => when(r.created_at) },
    { label: 'Duration', num: true, value: (r) => duration(r.duration_seconds) },
  ], runs, { empty: 'No runs yet. Upload a dataset under s3://mlops-data/datasets/<name>/ or start one below.', caption: 'Pipeline runs', rowAttrs: (r) => ({ 'data-run-id': r.id, 'data-status': r.status }) })));
}

function listRow(r) {
  return [r.id, r.status, r.current_step, r.progress, r.model_version, Math.round(r.duration_seconds || 0)];
}

function progress(r) {
  const done = r.steps.filter((s) => s.status === 'succeeded' || s.status === 'cached').length;
  const total = r.steps.length || 9;
  return h('div', { class: 'progress-cell' },
    h('progress', { max: String(total), value: String(done), 'aria-label': `${done} of ${total} steps done` }),
    h('small', null, ACTIVE.includes(r.status) ? `${STEP_TITLES[r.current_step] || r.current_step} · ${done}/${total}` : `${done}/${total} steps`));
}

function startForm(ctx) {
  const dataset = h('input', { id: 'start-dataset', type: 'text', value: 'txhousing', autocomplete: 'off' });
  const message = h('div', { 'aria-live': 'polite' });
  const form = h('form', {
    class: 'inline-form',
    onsubmit: async (e) => {
      e.preventDefault();
      message.replaceChildren();
      try {
        const run = await api('/runs', { method: 'POST', body: { dataset: dataset.value.trim() } });
        location.hash = `#/runs/${run.id}`;
      } catch (err) {
        message.replaceChildren(notice('error', `Not started: ${err.message}`));
      }
    },
  },
  h('div', null, h('label', { for: 'start-dataset' }, 'Dataset (under s3://mlops-data/datasets/)'), dataset),
  h('button', { class: 'button', type: 'submit' }, 'Start a run'));
  return panel('Start a run by hand', form, message);
}

async function detail(root, id, ctx) {
  skeleton(root, [
    h('p', { class: 'breadcrumb' }, h('a', { href: '#/runs' }, '← All runs')),
    h('div', { id: 'run-head' }),
    h('div', { class: 'grid grid-2' }, h('div', { id: 'run-steps' }), h('div', { id: 'run-side' })),
  ]);
  const head = root.querySelector('#run-head');
  const steps = root.querySelector('#run-steps');
  const side = root.querySelector('#run-side');
  const run = await api(`/runs/${encodeURIComponent(id)}`);
  const done = run.steps.filter((s) => s.status === 'succeeded' || s.status === 'cached').length;

  patch(head, [run.status, run.current_step, done, run.failure_reason, Math.round(run.duration_seconds || 0)], () => [
    h('div', { class: 'page-head' },
      h('div', null,
        h('h1', null, 'Run ', h('span', { class: 'mono' }, run.short_id), ' ', badge(run.status)),
        h('p', null, `${run.dataset || run.dataset_uri} · triggered by ${run.trigger}${run.trigger_detail ? ` (${run.trigger_detail})` : ''} · ${duration(run.duration_seconds)}`)),
      actions(run, ctx)),
    h('div', { class: 'panel' },
      h('progress', { id: 'run-progress', max: String(run.steps.length), value: String(done), 'aria-label': `${done} of ${run.steps.length} steps done` }),
      h('p', { class: 'step-meta', style: 'margin:6px 0 0' }, `${done} of ${run.steps.length} steps done · now: ${STEP_TITLES[run.current_step] || run.current_step}`)),
    run.failure_reason ? notice('error', h('strong', null, 'Failed: '), run.failure_reason) : null,
  ]);

  patch(steps, run.steps.map((s) => [s.step, s.status, s.attempt, Math.round(s.duration_seconds || 0), s.failure_reason, s.job_name]), () =>
    panel('Steps', timeline(run, ctx)));

  const evaluate = run.steps.find((s) => s.step === 'evaluate');
  const gate = run.steps.find((s) => s.step === 'gate');
  patch(side, [run.validation_report, evaluate?.detail?.metrics, gate?.detail, run.model_version, run.dataset_hash], () => [
    run.validation_report ? validationReport(run.validation_report) : null,
    panel('Evaluation', metricsTable(evaluate), gate?.detail?.metric ? gateFacts(gate.detail) : null),
    panel('Inputs', facts([
      ['Dataset', h('span', { class: 'mono' }, run.dataset_uri)],
      ['Dataset hash', h('span', { class: 'mono' }, run.dataset_hash || '–')],
      ['Image', h('span', { class: 'mono' }, run.image || '–')],
      ['Hyperparameters', Object.entries(run.hyperparameters || {}).map(([k, v]) => `${k}=${v}`).join(', ') || 'defaults'],
      ['Gate', run.gate ? `${run.gate.metric} vs ${run.gate.threshold} (margin ${run.gate.margin})` : 'defaults'],
      ['Model version', run.model_version ? h('a', { href: `#/models/${run.model_version}` }, run.model_version) : '–'],
      ['Created', when(run.created_at)],
      ['Ended', when(run.ended_at)],
    ])),
  ]);
}

function actions(run, ctx) {
  const buttons = [];
  const act = (label, path, cls) => h('button', {
    class: `button ${cls}`, type: 'button',
    onclick: async (e) => {
      e.target.disabled = true;
      try {
        await api(`/runs/${run.id}/${path}`, { method: 'POST' });
      } catch (err) {
        alert(`${label} failed: ${err.message}`);
      }
      ctx.refresh();
    },
  }, label);
  if (run.status === 'failed' || run.status === 'cancelled') buttons.push(act('Retry from the failed step', 'retry', ''));
  if (ACTIVE.includes(run.status) && run.status !== 'cancelling') buttons.push(act('Cancel run', 'cancel', 'secondary'));
  if (run.status === 'waiting_approval' && run.model_version) {
    buttons.push(h('a', { class: 'button', href: `#/models/${run.model_version}` }, `Review ${run.model_version}`));
  }
  return h('div', { class: 'actions' }, buttons);
}

function timeline(run, ctx) {
  const t0 = new Date(run.created_at).getTime();
  const t1 = run.ended_at ? new Date(run.ended_at).getTime() : Date.now();
  const span = Math.max(1000, t1 - t0);
  return h('ol', { class: 'timeline', id: 'timeline' }, run.steps.map((s) => {
    const started = s.started_at ? new Date(s.started_at).getTime() : null;
    const ended = s.ended_at ? new Date(s.ended_at).getTime() : s.status === 'running' ? Date.now() : null;
    const bar = started
      ? h('div', { class: 'gantt', 'aria-hidden': 'true' }, h('span', {
        class: s.status,
        style: `left:${(((started - t0) / span) * 100).toFixed(2)}%;width:${((((ended || started) - started) / span) * 100).toFixed(2)}%`,
      }))
      : null;
    return h('li', { 'data-step': s.step, 'data-status': s.status },
      h('span', { class: `step-dot ${s.status}`, 'aria-hidden': 'true' }),
      h('div', { class: 'step-name' }, STEP_TITLES[s.step] || s.step, h('small', null, badge(s.status), s.attempt > 1 ? ` attempt ${s.attempt}` : '')),
      h('div', { class: 'step-body' },
        bar,
        h('div', { class: 'step-meta' },
          s.started_at ? h('span', null, 'started ', when(s.started_at)) : h('span', null, 'not started'),
          s.duration_seconds !== undefined && s.duration_seconds !== null ? h('span', null, duration(s.duration_seconds)) : null,
          s.job_name ? h('span', { class: 'mono' }, s.job_name) : null,
          s.logs ? logsLink(s.logs, ctx.settings) : null,
          s.detail?.cached_from_run ? h('span', null, 'reused from ', h('a', { href: `#/runs/${s.detail.cached_from_run}` }, 'an earlier run')) : null),
        s.failure_reason ? notice('error', s.failure_reason) : null));
  }));
}

/** The CloudWatch console's link encoding: URI-encode, then '%' becomes '$25'. */
const cw = (s) => encodeURIComponent(s).replace(/%/g, '$25');

function logsLink(logs, settings) {
  const group = logs.cloudwatch_log_group;
  const stream = logs.log_stream_prefix;
  const label = `logs: ${group}`;
  if (!settings.logs_link) return h('span', { class: 'mono' }, label);
  const href = settings.logs_link.replaceAll('{region}', encodeURIComponent(settings.region))
    .replaceAll('{group}', cw(group)).replaceAll('{stream}', cw(stream));
  return h('a', { href, target: '_blank', rel: 'noopener noreferrer', class: 'logs-link', title: `${group} · stream ${stream}* (locally: <local-aws data>/sagemaker/jobs/${logs.sagemaker_name}/job.log)` }, 'Logs ↗');
}

function metricsTable(evaluate) {
  const metrics = evaluate?.detail?.metrics || (evaluate?.outputs?.metrics ? JSON.parse(evaluate.outputs.metrics) : null);
  if (!metrics) return h('p', { class: 'empty' }, evaluate?.status === 'running' ? 'Evaluating…' : 'No evaluation yet.');
  return table([
    { label: 'Metric', value: ([k]) => k },
    { label: 'Test split', num: true, value: ([, v]) => num(v, 4) },
  ], Object.entries(metrics), { caption: 'Evaluation metrics' });
}

function gateFacts(d) {
  return h('div', { style: 'margin-top:12px' }, facts([
    ['Gate', `${d.metric} = ${num(d.value, 4)} (threshold ${num(d.threshold)}, margin ${num(d.margin)})`],
    d.production_version ? ['Production', `${d.production_version}: ${num(d.production_value, 4)}`] : null,
    ['Verdict', d.verdict],
  ]));
}

function validationReport(report) {
  return panel('Validation report',
    notice(report.valid ? 'ok' : 'error', report.valid ? 'The dataset is valid.' : `${report.error_count} problem${report.error_count === 1 ? '' : 's'} in the dataset: the run stopped before training.`),
    facts([['Rows', num(report.rows)], ['Usable rows', num(report.usable_rows)], ['Errors', num(report.error_count)]]),
    h('h3', { style: 'margin-top:14px' }, 'Errors'),
    table([
      { label: 'Row', num: true, value: (p) => (p.row > 0 ? num(p.row) : '–') },
      { label: 'Column', value: (p) => p.column || '–' },
      { label: 'Problem', value: (p) => p.reason },
    ], (report.errors || []).slice(0, 200), { empty: 'None.', caption: 'Validation errors' }),
    report.warnings && report.warnings.length ? [h('h3', { style: 'margin-top:14px' }, 'Warnings'), table([
      { label: 'Row', num: true, value: (p) => (p.row > 0 ? num(p.row) : '–') },
      { label: 'Column', value: (p) => p.column || '–' },
      { label: 'Note', value: (p) => p.reason },
    ], report.warnings.slice(0, 50), { caption: 'Validation warnings' })] : null);
}
