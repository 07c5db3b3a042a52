// The jobs list: totals per status (also the status filter), a kind filter, the newest jobs with live progress.
import { api, query } from '../api.js';
import { h, mount } from '../dom.js';
import { count, usd, when, words, shortId } from '../format.js';
import { poll } from '../poller.js';
import { jobList } from '../schemas.js';
import { empty, errorBox, progressBar, statusBadge } from '../ui.js';

const STATUSES = [
  ['all', 'All', null], ['running', 'Running', 'Running'], ['pending', 'Pending', 'Pending'],
  ['completed', 'Completed', 'Completed'], ['completedWithErrors', 'With errors', 'CompletedWithErrors'],
  ['failed', 'Failed', 'Failed'], ['cancelled', 'Cancelled', 'Cancelled'],
];
const TERMINAL = new Set(['Completed', 'CompletedWithErrors', 'Failed', 'Cancelled']);

export function render(root, { params, navigate }) {
  const status = params.get('status') ?? '';
  const kind = params.get('kind') ?? '';
  const totalsRow = h('div.totals');
  const listSlot = h('div.list-slot', {}, h('div.skeleton'));
  const errorSlot = h('div');
  const moreSlot = h('div.more');
  let jobs = [];
  let totals = null;
  let token = null;

  const filterLink = (next) => {
    const values = new URLSearchParams({ status, kind, ...next });
    [...values.keys()].forEach((key) => values.get(key) || values.delete(key));
    return `#/jobs${values.size ? `?${values}` : ''}`;
  };

  const kindSelect = h('select#kind-filter', {
    'aria-label': 'Kind',
    onchange: (event) => navigate(filterLink({ kind: event.target.value })),
  }, [['', 'All kinds'], ['generate', 'Generate'], ['enrich', 'Enrich']].map(([value, label]) =>
    h('option', { value, selected: value === kind }, label)));

  function renderTotals(totals) {
    mount(totalsRow, STATUSES.map(([field, label, value]) => h(`a.total${(value ?? '') === status ? '.active' : ''}`, {
      href: filterLink({ status: value ?? '' }), 'data-filter': field,
    }, h('span.total-value', {}, count(totals[field])), h('span.total-label', {}, value ? statusBadge(value, label) : label))));
  }

  function renderList() {
    if (!jobs.length) {
      mount(listSlot, empty(status || kind ? 'No jobs match these filters' : 'No jobs yet',
        status || kind ? 'Change the filters above to see other jobs.' : 'Submit a job and it shows up here with live progress.',
        h('a.btn.btn-primary', { href: '#/new' }, 'New job')));
      return;
    }
    mount(listSlot, h('table.jobs', {},
      h('thead', {}, h('tr', {}, ['Job', 'Status', 'Progress', 'Items', 'Cost', 'Created'].map((label) => h('th', {}, label)))),
      h('tbody', {}, jobs.map((job) => h('tr', { 'data-job-id': job.jobId, onclick: () => navigate(`#/jobs/${encodeURIComponent(job.jobId)}`) },
        h('td', {}, h('a.job-link', { href: `#/jobs/${encodeURIComponent(job.jobId)}`, title: job.jobId }, shortId(job.jobId)),
          h('span.sub', {}, words(job.kind), job.retryRound ? ` · retry ${job.retryRound}` : '')),
        h('td', {}, statusBadge(job.status)),
        h('td.progress-cell', {}, progressBar(job.progressPercent, job.status), h('span.sub', {}, job.progressMessage)),
        h('td.num', {}, `${count(job.counts.succeeded)} / ${count(job.counts.total)}`,
          job.counts.failed ? h('span.sub.failed', {}, `${count(job.counts.failed)} failed`) : null),
        h('td.num', {}, usd(job.costUsd)),
        h('td', { title: job.createdAt }, when(job.createdAt)))))));
  }

  const filters = { status: status || undefined, kind: kind || undefined };

  async function loadFirstPage(signal) {
    const page = await api(`/api/jobs${query({ ...filters, pageSize: 25 })}`, { schema: jobList, signal });
    const changed = JSON.stringify([page.items, page.totals]) !== JSON.stringify([jobs.slice(0, page.items.length), totals]);
    // Refresh the first page; keep further pages already loaded, and the token that follows them.
    const rest = jobs.slice(page.items.length).filter((job) => !page.items.some((fresh) => fresh.jobId === job.jobId));
    jobs = [...page.items, ...rest];
    totals = page.totals;
    if (rest.length === 0) token = page.continuationToken;
    renderTotals(totals);
    renderList();
    renderMore();
    errorSlot.replaceChildren();
    return changed;
  }

  function renderMore() {
    mount(moreSlot, token ? h('button.btn.btn-secondary', {
      type: 'button',
      onclick: async (event) => {
        event.target.disabled = true;
        try {
          const page = await api(`/api/jobs${query({ ...filters, pageSize: 25, continuationToken: token })}`, { schema: jobList });
          jobs = [...jobs, ...page.items];
          token = page.continuationToken;
          renderList();
          renderMore();
        } catch (error) {
          errorSlot.replaceChildren(errorBox(error));
          event.target.disabled = false;
        }
      },
    }, 'Load more') : null);
  }

  mount(root,
    h('div.page-head', {}, h('div', {}, h('h1', {}, 'Jobs'), h('p.muted', {}, 'Every job of this tenant, newest first. Progress updates live.')),
      h('div.actions', {}, kindSelect, h('a.btn.btn-primary', { href: '#/new' }, 'New job'))),
    totalsRow, errorSlot, h('section.panel.flush', {}, listSlot), moreSlot);

  const poller = poll(async (signal) => {
    const changed = await loadFirstPage(signal);
    // Poll quickly only while something is moving.
    return changed || jobs.some((job) => !TERMINAL.has(job.status));
  }, { min: 1500, max: 20000, onError: (error) => errorSlot.replaceChildren(errorBox(error)) });
  return () => poller.stop();
}
