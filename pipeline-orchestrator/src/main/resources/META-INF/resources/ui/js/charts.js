// Charts on uPlot (vendor/uPlot.esm.js): time series with thresholds and markers, and histograms.
import uPlot from '../vendor/uPlot.esm.js';
import { h, num } from './dom.js';

export const COLORS = {
  stable: '#1d5fd1',
  canary: '#c2410c',
  baseline: '#1d5fd1',
  current: '#c2410c',
  threshold: '#6b7280',
  pass: '#1f7a3a',
  fail: '#b42318',
  inconclusive: '#8a5a00',
  line: '#334155',
};

const AXIS = { stroke: '#4b5563', grid: { stroke: '#edf0f4', width: 1 }, ticks: { stroke: '#dde2e8', width: 1 } };
const live = new Set();

/** Destroys the charts whose element left the page (views re-render what changed). */
export function sweep() {
  for (const c of live) {
    if (!c.root.isConnected) {
      c.observer.disconnect();
      c.plot.destroy();
      live.delete(c);
    }
  }
}

function mount(el, opts, data) {
  const width = Math.max(260, Math.floor(el.getBoundingClientRect().width) || 560);
  const plot = new uPlot({ ...opts, width }, data, el);
  const observer = new ResizeObserver(() => {
    const w = Math.floor(el.getBoundingClientRect().width);
    if (w > 0 && Math.abs(w - plot.width) > 2) plot.setSize({ width: w, height: opts.height });
  });
  observer.observe(el);
  live.add({ root: el, plot, observer });
  return plot;
}

/**
 * A chart container: a heading, an accessible summary, and the canvas drawn once the container is
 * in the page (uPlot needs its width).
 */
function container(title, summary, draw, attrs = {}, caption = true) {
  const el = h('div', { class: 'chart', role: 'img', 'aria-label': `${title}. ${summary}` });
  const wrap = h('figure', { class: 'chart-figure', ...attrs },
    caption ? h('figcaption', { class: 'chart-title' }, title) : null, el);
  requestAnimationFrame(() => {
    if (el.isConnected) draw(el);
  });
  return wrap;
}

/**
 * A time series chart.
 * @param xs seconds since the epoch, ascending
 * @param series [{label, values, color, dash, width, points, markers (points only), stepped}]
 */
export function timeChart({ title, summary, xs, series, height = 220, yLabel, yRange, format = num, attrs, caption = true, rule }) {
  return container(title, summary, (el) => {
    const span = xs.length ? xs[xs.length - 1] - xs[0] : 0;
    mount(el, {
      height,
      legend: { live: false },
      // a constant threshold as a dashed rule across the whole plot (also when there is one point)
      hooks: rule ? { draw: [(u) => drawRule(u, rule)] } : {},
      scales: {
        // a single point gets a minute around it (uPlot would stretch it over years)
        x: span > 0 || !xs.length ? { time: true } : { time: true, range: [xs[0] - 60, xs[0] + 60] },
        y: yRange ? { range: yRange } : { auto: true },
      },
      axes: [
        { ...AXIS, values: (u, splits) => splits.map((v) => clock(v, span)) },
        { ...AXIS, label: yLabel, size: 60, values: (u, vals) => vals.map((v) => format(v)) },
      ],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: s.markers ? 0 : (s.width ?? 2),
          dash: s.dash,
          spanGaps: true,
          value: (u, v) => (v === null || v === undefined ? '–' : format(v)),
          paths: s.markers ? () => null : s.stepped ? uPlot.paths.stepped({ align: 1 }) : undefined,
          points: s.markers
            ? { show: true, size: s.size ?? 10, stroke: s.color, fill: s.color, width: 1 }
            : { show: s.points ?? true, size: s.pointSize ?? 5, fill: '#fff', stroke: s.color },
        })),
      ],
      cursor: { drag: { x: false, y: false } },
    }, [xs, ...series.map((s) => s.values)]);
  }, attrs, caption);
}

/**
 * Two distributions on common bins, as overlaid step areas (numeric) or side-by-side bars
 * (categorical).
 * @param edges bin edges (numeric; one more than the shares) or labels (categorical)
 * @param series [{label, shares, color}]
 */
export function histogram({ title, summary, edges, labels, series, height = 240, attrs }) {
  const categorical = Array.isArray(labels);
  return container(title, summary, (el) => {
    let xs;
    let data;
    if (categorical) {
      xs = labels.map((_, i) => i);
      data = series.map((s) => s.shares);
    } else {
      xs = edges;
      data = series.map((s) => [...s.shares, s.shares[s.shares.length - 1]]);
    }
    const n = series.length;
    mount(el, {
      height,
      legend: { live: false },
      scales: {
        x: { time: false, range: categorical ? [-0.6, labels.length - 0.4] : [edges[0], edges[edges.length - 1]] },
        y: { range: (u, min, max) => [0, Math.max(0.05, max * 1.1)] },
      },
      axes: [
        categorical
          ? { ...AXIS, splits: () => xs, values: (u, vals) => vals.map((v) => labels[v] ?? ''), rotate: -30, size: 70 }
          : { ...AXIS, values: (u, vals) => vals.map((v) => plain(v)) },
        { ...AXIS, label: 'share', size: 56, values: (u, vals) => vals.map((v) => `${Math.round(v * 100)} %`) },
      ],
      series: [
        { value: (u, v) => (categorical ? labels[v] ?? '' : plain(v)) },
        ...series.map((s, i) => ({
          label: s.label,
          stroke: s.color,
          width: 2,
          fill: `${s.color}33`,
          value: (u, v) => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)} %`),
          points: { show: false },
          paths: categorical
            ? uPlot.paths.bars({ size: [0.4, 40], align: n === 2 ? (i === 0 ? -1 : 1) : 0 })
            : uPlot.paths.stepped({ align: 1 }),
        })),
      ],
      cursor: { drag: { x: false, y: false } },
    }, [xs, ...data]);
  }, attrs);
}

function drawRule(u, { value, color }) {
  if (value === null || value === undefined) return;
  const y = Math.round(u.valToPos(value, 'y', true));
  const { ctx } = u;
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.5 * devicePixelRatio;
  ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
  ctx.beginPath();
  ctx.moveTo(u.bbox.left, y);
  ctx.lineTo(u.bbox.left + u.bbox.width, y);
  ctx.stroke();
  ctx.restore();
}

/** An axis number: no thousands separators below 100,000 (years read as years), compact above. */
function plain(v) {
  if (Math.abs(v) >= 100000) return num(v, 2);
  return Number(v.toPrecision(6)).toLocaleString('en', { useGrouping: false, maximumFractionDigits: 4 });
}

/** A time axis label: local 24-hour time, with seconds over short spans, the day over long ones. */
function clock(seconds, span) {
  const d = new Date(seconds * 1000);
  if (span > 2 * 86400) return d.toLocaleDateString('en-CA', { month: '2-digit', day: '2-digit' });
  return d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: span < 900 ? '2-digit' : undefined });
}

/** Seconds since the epoch of an ISO instant. */
export const epoch = (iso) => new Date(iso).getTime() / 1000;
