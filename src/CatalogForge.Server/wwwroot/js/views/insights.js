// The nightly catalog intelligence of the current snapshot: risk with its terms, perception per brand, drift,
// near-duplicate clusters and recent alerts (GET /api/catalog/insights, …/duplicates), the runs (…/runs), and
// "Refresh now" (POST /api/catalog/refresh), which follows the run it started — or one already running — to its end.
import { api, query } from '../api.js';
import { h, mount } from '../dom.js';
import { count, exact, plural, when } from '../format.js';
import { alertsPanel, clustersPanel, driftPanel, perceptionPanel, riskLevel, riskPanel, runsTable } from '../insights-panels.js';
import { poll } from '../poller.js';
import { duplicates as duplicatesSchema, insights as insightsSchema, nightlyRun, nightlyRunPage, refreshAccepted } from '../schemas.js';
import { empty, errorBox, notice, stat } from '../ui.js';

const RUNS_SHOWN = 10;
const ROW_GRACE_MS = 15_000;

export function render(root) {
  const controller = new AbortController();
  const subtitle = h('p.muted', {}, 'Similarity, near-duplicates, drift, brand perception, risk and alerts from the nightly catalog run.');
  const refreshSlot = h('div');
  const body = h('div', {}, h('div.skeleton.tall'));
  const runsSlot = h('div.list-slot', {}, h('div.skeleton'));
  let watcher = null;

  const refresh = h('button.btn.btn-primary', { type: 'button', title: 'Start a nightly run for this catalog now' }, 'Refresh now');
  refresh.addEventListener('click', async () => {
    refresh.disabled = true;
    refreshSlot.replaceChildren();
    try {
      const accepted = await api('/api/catalog/refresh', { method: 'POST', schema: refreshAccepted });
      mount(refreshSlot, notice(`Run ${accepted.runId} started. This page follows it and shows the new snapshot when it is done.`));
      watch(accepted.runId, { justStarted: true });
    } catch (error) {
      mount(refreshSlot, errorBox(error, { compact: true }));
      // 409: a run is already going (its status URL is in the message); the page follows that one instead.
      const running = error.problem?.runId;
      if (error.status === 409 && typeof running === 'string') watch(running, { justStarted: true });
    }
    refresh.disabled = watcher !== null;
    await loadRuns().catch((error) => mount(refreshSlot, errorBox(error, { compact: true })));
  });

  mount(root,
    h('div.page-head', {}, h('div', {}, h('h1', {}, 'Insights'), subtitle), h('div.actions', {}, refresh)),
    refreshSlot, body,
    h('section.panel.flush', {}, h('div.panel-head', {}, h('h2', {}, 'Runs')), runsSlot));

  /**
   * Follows a running run until it ends, then reloads everything; the button waits meanwhile. A run just started
   * has no row for a moment (its first step writes it), so its status URL may answer 404 at first.
   */
  function watch(runId, { justStarted = false } = {}) {
    if (watcher) return;
    const graceUntil = justStarted ? Date.now() + ROW_GRACE_MS : 0;
    refresh.disabled = true;
    refresh.title = `Run ${runId} is running`;
    watcher = poll(async (signal) => {
      const run = await api(`/api/catalog/runs/${encodeURIComponent(runId)}`, { schema: nightlyRun, signal, optional: Date.now() < graceUntil });
      if (!run || run.status === 'Running') return false;
      watcher = null;
      refresh.disabled = false;
      refresh.title = 'Start a nightly run for this catalog now';
      mount(refreshSlot, run.status === 'Completed'
        ? notice(`Run ${run.runId} finished in ${run.durationSeconds?.toFixed(1) ?? '?'} s.`)
        : errorBox({ title: `Run ${run.runId} failed.`, detail: [run.errorClass, run.errorMessage].filter(Boolean).join(': ') }));
      show();
      return 'done';
    }, { min: 1000, max: 5000, onError: (error) => mount(refreshSlot, errorBox(error, { compact: true })) });
  }

  async function loadRuns() {
    const page = await api(`/api/catalog/runs${query({ pageSize: RUNS_SHOWN })}`, { schema: nightlyRunPage, signal: controller.signal });
    mount(runsSlot, page.items.length ? runsTable(page.items) : h('p.muted.pad', {}, 'No run yet. The first one starts at night, or now with Refresh now.'));
    const running = page.items.find((run) => run.status === 'Running');
    if (running) watch(running.runId);
    return page.items;
  }

  async function load() {
    const [insights, duplicates, runs] = await Promise.all([
      api('/api/catalog/insights', { schema: insightsSchema, signal: controller.signal }),
      api('/api/catalog/duplicates', { schema: duplicatesSchema, signal: controller.signal }),
      loadRuns(),
    ]);
    if (!insights.snapshotId) {
      mount(body, h('section.panel', { 'data-state': 'no-snapshot' }, empty('No nightly snapshot yet',
        'The nightly run has not finished for this catalog. Refresh now starts one; its results appear here when it ends.')));
      return;
    }
    const current = runs.find((run) => run.snapshotId === insights.snapshotId);
    mount(subtitle, 'Snapshot ', h('code', {}, insights.snapshotId), `, computed ${when(insights.computedAt)}`,
      h('span', { title: exact(insights.computedAt) }, ` (${exact(insights.computedAt)})`));
    const risk = insights.risk;
    mount(body,
      h('div.stats.cards', {},
        risk ? stat('Risk', String(risk.score), 'out of 100', { class: `risk-${riskLevel(risk.score)}`, 'data-stat': 'risk' }) : null,
        stat('Products', current?.products != null ? count(current.products) : '—', current?.reembedded ? `${count(current.reembedded)} re-embedded` : null),
        stat('Near-duplicates', count(duplicates.clusters.length), plural(current?.nearDuplicatePairs ?? 0, 'pair')),
        stat('Alerts', count(insights.alerts?.length ?? 0), insights.alerts?.length ? when(insights.alerts[0].raisedAt) : null),
        insights.drift ? stat('Churn', `${(insights.drift.churnShare * 100).toFixed(1)} %`, insights.drift.hasPrevious ? 'since the previous run' : 'first snapshot') : null),
      insights.nearDuplicatePairsTruncated ? notice('The near-duplicate pairs were cut at Nightly:MaxNearDuplicatePairs; clusters may be incomplete.') : null,
      h('div.two-col.rows', {}, risk ? riskPanel(risk) : null, perceptionPanel(insights.perception)),
      h('div.two-col.rows', {}, insights.drift ? driftPanel(insights.drift, insights.previousSnapshotId) : null, clustersPanel(duplicates)),
      alertsPanel(insights.alerts));
  }

  function show() {
    load().catch((error) => {
      if (error.name === 'AbortError') return;
      mount(body, errorBox(error));
      runsSlot.replaceChildren();
    });
  }

  show();
  return () => {
    controller.abort();
    watcher?.stop();
  };
}
