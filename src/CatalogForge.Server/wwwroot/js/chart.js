// A stacked bar chart in SVG: one bar per day, one segment per model, with a y axis of round ticks and a legend.
import { h, svg } from './dom.js';

const PALETTE = ['#4f46e5', '#0891b2', '#d97706', '#db2777', '#16a34a', '#7c3aed', '#dc2626', '#475569'];

/** Round tick step for a maximum: 1, 2 or 5 × 10^n, about four ticks. */
export function niceStep(maximum, ticks = 4) {
  if (!(maximum > 0)) return 1;
  const raw = maximum / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw);
}

/**
 * days: ['2026-12-01', …] in order; series: [{ name, values: Map(day → number) }]; format: number → label.
 */
export function stackedBars({ days, series, format, title }) {
  const width = 1000, height = 300, left = 64, right = 12, top = 12, bottom = 36;
  const totals = days.map((day) => series.reduce((sum, s) => sum + (s.values.get(day) ?? 0), 0));
  const step = niceStep(Math.max(...totals, 0));
  const top_ = Math.max(step, Math.ceil(Math.max(...totals, 0) / step) * step);
  const plotWidth = width - left - right, plotHeight = height - top - bottom;
  const slot = plotWidth / Math.max(days.length, 1);
  const barWidth = Math.max(2, Math.min(36, slot * 0.7));
  const y = (value) => top + plotHeight - (value / top_) * plotHeight;

  const grid = [];
  for (let tick = 0; tick <= top_ + step / 2; tick += step) {
    grid.push(svg('line', { x1: left, x2: width - right, y1: y(tick), y2: y(tick), class: 'grid' }));
    grid.push(svg('text', { x: left - 8, y: y(tick) + 4, class: 'axis', 'text-anchor': 'end' }, format(tick)));
  }

  const labelEvery = Math.ceil(days.length / 10);
  const bars = days.flatMap((day, i) => {
    const x = left + slot * i + (slot - barWidth) / 2;
    let base = 0;
    const segments = series.map((s, k) => {
      const value = s.values.get(day) ?? 0;
      if (!value) return null;
      const rect = svg('rect', {
        x, width: barWidth, y: y(base + value), height: Math.max(1, y(base) - y(base + value)),
        fill: PALETTE[k % PALETTE.length], rx: 2, class: 'bar',
      }, svg('title', {}, `${day} · ${s.name}: ${format(value)}`));
      base += value;
      return rect;
    });
    const label = i % labelEvery === 0
      ? svg('text', { x: x + barWidth / 2, y: height - bottom + 18, class: 'axis', 'text-anchor': 'middle' }, day.slice(5))
      : null;
    return [...segments, label];
  });

  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': title },
    svg('title', {}, title), ...grid, ...bars);
  const legend = h('ul.legend', {}, series.map((s, k) =>
    h('li', {}, h('span.swatch', { style: { background: PALETTE[k % PALETTE.length] } }), s.name)));
  return h('figure.chart-box', {}, chart, legend);
}
