// One job: status, progress, counts, cost, error classes, its items (with links to their products), cancel and retry.
import { api, query } from '../api.js';
import { h, mount } from '../dom.js';
import { count, duration, exact, usd, words } from '../format.js';
import { poll } from '../poller.js';
import { itemPage, job as jobSchema } from '../schemas.js';
import { actionButton, empty, errorBox, notice, progressBar, section, stat, statusBadge } from '../ui.js';

const TERMINAL = new Set(['Completed', 'CompletedWithErrors', 'Failed', 'Cancelled']);
const ITEM_FILTERS = ['', 'Pending', 'Succeeded', 'Failed', 'Cancelled'];

export function render(root, { id, params }) {
  const path = `/api/jobs/${encodeURIComponent(id)}`;
  const itemFilter = params.get('items') ?? '';
  const head = h('div.page-head');
  const summary = h('div');
  const actionError = h('div');
  const errorSlot = h('div');
  const itemsSlot = h('div.list-slot', {}, h('div.skeleton'));
  const moreSlot = h('div.more');
  let items = [];
  let itemsToken = null;
  let job = null;

  function renderHead() {
    const running = !TERMINAL.has(job.status);
    mount(head,
      h('div', {},
        h('a.back', { href: '#/jobs' }, '← Jobs'),
        h('h1', {}, 'Job ', h('code.job-id', {}, job.jobId)),
        h('p.muted', {}, words(job.kind), job.priority ? ` · priority ${words(job.priority)}` : '', job.retryRound ? ` · retry round ${job.retryRound}` : '')),
      h('div.actions', {},
        actionButton('Cancel job', async () => {
          const view = await api(`${path}/cancel`, { method: 'POST', schema: jobSchema });
          update(view);
          poller.now();
        }, { kind: 'danger', errorSlot: actionError, disabled: !running, title: running ? 'Stop starting new items' : 'The job has finished' }),
        actionButton('Retry failed items', async () => {
          const view = await api(`${path}/retry`, { method: 'POST', schema: jobSchema });
          update(view);
          restartPolling();
        }, {
          kind: 'secondary', errorSlot: actionError, disabled: running || job.counts.failed === 0,
          title: running ? 'Retry once the job has finished' : job.counts.failed ? 'Run the failed items again' : 'No failed items',
        }),
        job.counts.succeeded ? h('a.btn.btn-secondary', { href: `#/products?job=${encodeURIComponent(job.jobId)}` }, 'Products') : null));
  }

  function renderSummary() {
    const c = job.counts;
    mount(summary,
      h('section.panel', {},
        h('div.job-status', {}, statusBadge(job.status), h('span.progress-message', {}, job.progressMessage)),
        progressBar(job.progressPercent, job.status),
        h('div.stats', {},
          stat('Items', count(c.total), `${count(c.pending)} pending`),
          stat('Succeeded', count(c.succeeded), null, { class: 'ok' }),
          stat('Failed', count(c.failed), null, { class: c.failed ? 'bad' : '' }),
          stat('Cancelled', count(c.cancelled)),
          stat('Cost', usd(job.costUsd), `${count(job.inputTokens + job.outputTokens)} tokens`),
          stat('Run time', duration(job.startedAt ?? job.createdAt, job.completedAt), `created ${exact(job.createdAt)}`))),
      job.errors.length
        ? section('Error classes', h('table.errors', {},
          h('thead', {}, h('tr', {}, h('th', {}, 'Class'), h('th.num', {}, 'Items'), h('th', {}, 'Sample message'))),
          h('tbody', {}, job.errors.map((e) => h('tr', {},
            h('td', {}, h('span.badge.error-class', {}, e.errorClass)), h('td.num', {}, count(e.count)), h('td.wrap', {}, e.sampleMessage))))))
        : null);
  }

  function renderItems() {
    if (!items.length) {
      mount(itemsSlot, empty('No items here', itemFilter ? `No item of this job is ${words(itemFilter)}.` : 'This job has no items.'));
      return;
    }
    mount(itemsSlot, h('table.items', {},
      h('thead', {}, h('tr', {}, ['#', 'Status', 'Title', 'Error', 'Attempts', 'Cost'].map((label) => h('th', {}, label)))),
      h('tbody', {}, items.map((item) => h('tr', { 'data-item': item.index },
        h('td.num', {}, item.index),
        h('td', {}, statusBadge(item.status), item.degraded ? h('span.badge.degraded', { title: 'Made from a simplified prompt after a content-policy refusal' }, 'degraded') : null),
        h('td', {}, item.productId
          ? h('a.product-link', { href: `#/products/${encodeURIComponent(item.productId)}` }, item.title ?? item.productId)
          : h('span.muted', {}, item.title ?? '—')),
        h('td.wrap', {}, item.status === 'Cancelled'
          ? h('span.sub', {}, item.errorMessage ?? 'Cancelled before it started.')
          : item.errorClass && item.errorClass !== 'None'
          ? [h('span.badge.error-class', {}, item.errorClass), item.failedStep ? h('span.sub', {}, ` in ${item.failedStep}`) : null,
            item.errorMessage ? h('div.sub', {}, item.errorMessage) : null]
          : '—'),
        h('td.num', {}, item.attempts),
        h('td.num', {}, usd(item.costUsd)))))));
  }

  function renderMore() {
    mount(moreSlot, itemsToken ? actionButton('More items', async () => {
      const page = await api(`${path}/items${query({ status: itemFilter, pageSize: 100, continuationToken: itemsToken })}`, { schema: itemPage });
      items = [...items, ...page.items];
      itemsToken = page.continuationToken;
      renderItems();
      renderMore();
    }, { errorSlot }) : null);
  }

  function update(view) {
    job = view;
    renderHead();
    renderSummary();
  }

  async function refresh(signal) {
    const before = JSON.stringify(job);
    const [view, page] = await Promise.all([
      api(path, { schema: jobSchema, signal }),
      api(`${path}/items${query({ status: itemFilter, pageSize: 100 })}`, { schema: itemPage, signal }),
    ]);
    update(view);
    const extra = items.slice(page.items.length);
    items = [...page.items, ...extra];
    if (!extra.length) itemsToken = page.continuationToken;
    renderItems();
    renderMore();
    errorSlot.replaceChildren();
    if (TERMINAL.has(view.status)) return 'done';
    return JSON.stringify(view) !== before;
  }

  const itemTabs = h('nav.tabs', { 'aria-label': 'Item status' }, ITEM_FILTERS.map((value) => h(`a${value === itemFilter ? '.active' : ''}`, {
    href: `#/jobs/${encodeURIComponent(id)}${value ? `?items=${value}` : ''}`,
  }, value ? words(value) : 'All items')));

  mount(root, head, actionError, errorSlot, summary,
    h('section.panel.flush', {}, h('div.panel-head', {}, h('h2', {}, 'Items'), itemTabs), itemsSlot), moreSlot);

  let poller;
  const restartPolling = () => {
    poller?.stop();
    poller = poll(refresh, {
      min: 1000, max: 10000,
      onError: (error) => {
        if (error.status === 404) mount(root, h('a.back', { href: '#/jobs' }, '← Jobs'), errorBox(error), notice('Job ids are per tenant: a job of another tenant is not found either.'));
        else errorSlot.replaceChildren(errorBox(error));
      },
    });
  };
  restartPolling();
  return () => poller.stop();
}
