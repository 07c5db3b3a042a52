// Nightly catalog insights (drift, perception, risk, alerts) from GET /api/catalog/insights. A server without the
// nightly run answers 404, and the panel says so instead of looking broken.
import { api } from '../api.js';
import { h, mount } from '../dom.js';
import { words } from '../format.js';
import { insights as insightsSchema } from '../schemas.js';
import { errorBox } from '../ui.js';

/** Shows any JSON value as nested definition lists: the insights' fields are not pinned down by this page yet. */
function tree(value) {
  if (Array.isArray(value)) return value.length ? h('ol.tree', {}, value.map((entry) => h('li', {}, tree(entry)))) : h('span.muted', {}, 'none');
  if (value && typeof value === 'object') {
    return h('dl.facts', {}, Object.entries(value).flatMap(([key, entry]) => [h('dt', {}, words(key.replace(/^./, (c) => c.toUpperCase()))), h('dd', {}, tree(entry))]));
  }
  return value === null ? h('span.muted', {}, '—') : String(value);
}

export function render(root) {
  const controller = new AbortController();
  const body = h('div', {}, h('div.skeleton'));
  mount(root,
    h('div.page-head', {}, h('div', {}, h('h1', {}, 'Insights'),
      h('p.muted', {}, 'Drift, brand perception, risk and alerts from the nightly catalog intelligence run.'))),
    body);
  api('/api/catalog/insights', { schema: insightsSchema, signal: controller.signal, optional: true }).then((answer) => {
    mount(body, answer
      ? h('section.panel', {}, tree(answer))
      : h('div.alert.alert-placeholder.big', { 'data-placeholder': 'insights' },
        h('strong', {}, 'Nightly insights: not available on this server yet.'),
        h('p', {}, 'GET /api/catalog/insights answered 404: this server does not run the nightly catalog intelligence. ' +
          'Once it does, its drift, perception, risk and alerts appear here.')));
  }, (error) => {
    if (error.name !== 'AbortError') mount(body, errorBox(error));
  });
  return () => controller.abort();
}
