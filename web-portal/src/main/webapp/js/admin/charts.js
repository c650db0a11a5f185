/**
 * Small SVG charts for the reports page: bars and lines over a category axis,
 * with a value axis of round ticks and a tooltip per mark (an SVG <title>, so
 * it also reaches screen readers). Built with DOM APIs only: labels and values
 * are set as text and attributes, never parsed as markup, and nothing uses a
 * style attribute (the content security policy allows no inline style); the
 * look comes from css/admin.css through classes (series-0, series-1, ...).
 *
 * Usage:
 *   barChart({ label: 'Peak desktops in use', categories: ['08:00', ...],
 *              series: [{ name: 'Peak', values: [3, 5, ...] }], format: (v) => `${v}` })
 * integer: true keeps the value axis to whole numbers (counts).
 *   lineChart({ ...same, series: [{ name: 'Average', values: [...] }, { name: 'p95', values: [...] }] })
 * A null value draws nothing (no bar, a gap in the line).
 */

const NS = 'http://www.w3.org/2000/svg';
const WIDTH = 720;
const HEIGHT = 220;
const PAD = { top: 12, right: 12, bottom: 34, left: 52 };

function svgEl(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null) node.setAttribute(k, String(v));
  }
  for (const c of children) if (c) node.append(c);
  return node;
}

function title(text) {
  const t = document.createElementNS(NS, 'title');
  t.textContent = text;
  return t;
}

/**
 * Round tick values from 0 to at least max: steps of 1, 2 or 5 times a power
 * of ten; whole steps only when the values are counts (integer).
 */
export function ticks(max, count = 4, integer = false) {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(integer ? 1 : 0, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw));
  const out = [];
  for (let v = 0; v < max + step / 2; v += step) out.push(Number(v.toPrecision(12)));
  if (out[out.length - 1] < max) out.push(Number((out[out.length - 1] + step).toPrecision(12)));
  return out;
}

/** Which category labels to print so they do not overlap: about one per 60 px. */
function labelEvery(n, plotWidth) {
  return Math.max(1, Math.ceil(n / Math.max(1, Math.floor(plotWidth / 60))));
}

function frame(o, kind) {
  const n = o.categories.length;
  const values = o.series.flatMap((s) => s.values).filter((v) => v !== null && v !== undefined);
  const yTicks = ticks(Math.max(0, ...values), 4, Boolean(o.integer));
  const yMax = yTicks[yTicks.length - 1];
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const svg = svgEl('svg', {
    class: `chart chart-${kind}`, viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': o.label,
    'data-chart': o.id, preserveAspectRatio: 'xMidYMid meet',
  }, title(o.label));
  const y = (v) => PAD.top + plotH - (v / yMax) * plotH;
  const axis = svgEl('g', { class: 'axis axis-y' });
  for (const t of yTicks) {
    axis.append(svgEl('line', { class: 'grid', x1: PAD.left, x2: WIDTH - PAD.right, y1: y(t), y2: y(t) }));
    const label = svgEl('text', { x: PAD.left - 6, y: y(t), 'text-anchor': 'end', 'dominant-baseline': 'middle' });
    label.textContent = o.format ? o.format(t) : String(t);
    axis.append(label);
  }
  const xAxis = svgEl('g', { class: 'axis axis-x' });
  xAxis.append(svgEl('line', { class: 'baseline', x1: PAD.left, x2: WIDTH - PAD.right, y1: y(0), y2: y(0) }));
  const band = n > 0 ? plotW / n : plotW;
  const every = labelEvery(n, plotW);
  o.categories.forEach((c, i) => {
    if (i % every !== 0) return;
    const label = svgEl('text', { x: PAD.left + band * (i + 0.5), y: HEIGHT - PAD.bottom + 16, 'text-anchor': 'middle' });
    label.textContent = c;
    xAxis.append(label);
  });
  svg.append(axis, xAxis);
  return { svg, y, band, plotH };
}

function legend(series) {
  if (series.length < 2) return null;
  const ul = document.createElement('ul');
  ul.className = 'chart-legend';
  series.forEach((s, k) => {
    const li = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = `swatch series-${k}`;
    swatch.setAttribute('aria-hidden', 'true');
    li.append(swatch, document.createTextNode(s.name));
    ul.append(li);
  });
  return ul;
}

function wrap(o, svg) {
  const figure = document.createElement('figure');
  figure.className = 'chart-figure';
  const caption = document.createElement('figcaption');
  caption.textContent = o.label;
  figure.append(caption, svg);
  const l = legend(o.series);
  if (l) figure.append(l);
  return figure;
}

function tip(o, s, i, v) {
  const value = o.format ? o.format(v) : String(v);
  return `${o.categories[i]}${o.series.length > 1 ? ` · ${s.name}` : ''}: ${value}`;
}

/** Bars, one group per category, one bar per series (side by side). */
export function barChart(o) {
  const { svg, y, band } = frame(o, 'bar');
  const marks = svgEl('g', { class: 'marks' });
  const k = o.series.length;
  const inner = Math.max(1, band * 0.8);
  const barW = inner / k;
  o.series.forEach((s, j) => {
    s.values.forEach((v, i) => {
      if (v === null || v === undefined) return;
      const x = PAD.left + band * i + (band - inner) / 2 + barW * j;
      const top = y(v);
      marks.append(svgEl('rect', {
        class: `bar series-${j}`, x: x.toFixed(2), y: top.toFixed(2), width: Math.max(0.5, barW - 0.5).toFixed(2),
        height: Math.max(0, y(0) - top).toFixed(2), 'data-index': i, 'data-value': v,
      }, title(tip(o, s, i, v))));
    });
  });
  svg.append(marks);
  return wrap(o, svg);
}

/** Lines, one per series, with a point (and its tooltip) per value; null values break the line. */
export function lineChart(o) {
  const { svg, y, band } = frame(o, 'line');
  const marks = svgEl('g', { class: 'marks' });
  o.series.forEach((s, j) => {
    let d = '';
    let pen = false;
    const points = svgEl('g', { class: `points series-${j}` });
    s.values.forEach((v, i) => {
      if (v === null || v === undefined) {
        pen = false;
        return;
      }
      const x = (PAD.left + band * (i + 0.5)).toFixed(2);
      const py = y(v).toFixed(2);
      d += `${pen ? 'L' : 'M'}${x} ${py} `;
      pen = true;
      points.append(svgEl('circle', { class: 'point', cx: x, cy: py, r: 2.5, 'data-index': i, 'data-value': v },
        title(tip(o, s, i, v))));
    });
    if (d) marks.append(svgEl('path', { class: `line series-${j}`, d: d.trim(), fill: 'none' }));
    marks.append(points);
  });
  svg.append(marks);
  return wrap(o, svg);
}
