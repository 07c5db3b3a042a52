// Usage and cost per day and model (GET /api/usage) as a stacked bar chart, with the totals and a table.
import { api, query } from '../api.js';
import { stackedBars } from '../chart.js';
import { h, mount } from '../dom.js';
import { compact, count, usd } from '../format.js';
import { usage as usageSchema } from '../schemas.js';
import { empty, errorBox, stat } from '../ui.js';

const METRICS = {
  cost: { label: 'Cost', value: (line) => line.costUsd, format: usd },
  tokens: { label: 'Tokens', value: (line) => line.inputTokens + line.outputTokens, format: compact },
  calls: { label: 'Model calls', value: (line) => line.calls, format: compact },
};

const isoDay = (date) => date.toISOString().slice(0, 10);

function daysBetween(from, to) {
  const days = [];
  for (let day = new Date(`${from}T00:00:00Z`); isoDay(day) <= to; day.setUTCDate(day.getUTCDate() + 1)) days.push(isoDay(day));
  return days;
}

export function render(root, { params }) {
  const metric = METRICS[params.get('metric')] ? params.get('metric') : 'cost';
  const range = Number(params.get('days')) || 30;
  const body = h('div', {}, h('div.skeleton.tall'));
  const controller = new AbortController();
  const link = (next) => `#/usage?${new URLSearchParams({ metric, days: range, ...next })}`;

  mount(root,
    h('div.page-head', {},
      h('div', {}, h('h1', {}, 'Usage and cost'), h('p.muted', {}, 'Model calls per UTC day and model, from the usage ledger.')),
      h('div.actions', {},
        h('nav.segmented', { 'aria-label': 'Range' }, [7, 30, 90].map((days) =>
          h(`a${days === range ? '.active' : ''}`, { href: link({ days }) }, `${days} days`))),
        h('nav.segmented', { 'aria-label': 'Metric' }, Object.entries(METRICS).map(([name, m]) =>
          h(`a${name === metric ? '.active' : ''}`, { href: link({ metric: name }) }, m.label))))),
    body);

  const to = isoDay(new Date());
  const fromDate = new Date();
  fromDate.setUTCDate(fromDate.getUTCDate() - (range - 1));
  const from = isoDay(fromDate);

  api(`/api/usage${query({ from, to })}`, { schema: usageSchema, signal: controller.signal }).then((report) => {
    const models = [...new Set(report.lines.map((line) => line.model))].sort();
    const m = METRICS[metric];
    const series = models.map((model) => ({
      name: model,
      values: new Map(report.lines.filter((line) => line.model === model).map((line) => [line.day, m.value(line)])),
    }));
    mount(body,
      h('div.stats.cards', {},
        stat('Cost', usd(report.costUsd), `${report.from} – ${report.to}`),
        stat('Model calls', count(report.calls), `${count(report.cacheHits)} from cache`),
        stat('Tokens', compact(report.inputTokens + report.outputTokens), `${compact(report.inputTokens)} in · ${compact(report.outputTokens)} out`),
        stat('Images', count(report.images)),
        stat('Retries', count(report.retries), `${count(report.rateLimited)} × 429`),
        stat('Fallbacks', count(report.fallbacks), `${count(report.failedCalls)} failed calls`)),
      report.lines.length
        ? h('section.panel', {}, h('h2', {}, `${m.label} per day and model`),
          stackedBars({ days: daysBetween(report.from, report.to), series, format: m.format, title: `${m.label} per day and model` }))
        : h('section.panel', {}, empty('No usage in this range', 'Model calls show up here once a job has run.')),
      report.lines.length
        ? h('section.panel.flush', {}, h('table.usage', {},
          h('thead', {}, h('tr', {}, ['Day', 'Model', 'Calls', 'Cache hits', 'Tokens in', 'Tokens out', 'Images', 'Retries', '429s', 'Cost']
            .map((label, i) => h(i > 1 ? 'th.num' : 'th', {}, label)))),
          h('tbody', {}, [...report.lines].reverse().map((line) => h('tr', {},
            h('td', {}, line.day), h('td', {}, line.model), h('td.num', {}, count(line.calls)), h('td.num', {}, count(line.cacheHits)),
            h('td.num', {}, count(line.inputTokens)), h('td.num', {}, count(line.outputTokens)), h('td.num', {}, count(line.images)),
            h('td.num', {}, count(line.retries)), h('td.num', {}, count(line.rateLimited)), h('td.num', {}, usd(line.costUsd)))))))
        : null);
  }, (error) => {
    if (error.name !== 'AbortError') mount(body, errorBox(error));
  });
  return () => controller.abort();
}
