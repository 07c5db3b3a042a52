// The panels of the insights page, each from one part of GET /api/catalog/insights, …/duplicates or …/runs:
// risk with its terms, perception per brand, drift, duplicate clusters, recent alerts and the runs.
import { h } from './dom.js';
import { count, duration, exact, percent, shortId, signed, usd, when } from './format.js';
import { scoreMeter, section, statusBadge } from './ui.js';

const productLink = (productId, title) => h('a', { href: `#/products/${encodeURIComponent(productId)}`, title: productId }, title ?? shortId(productId));

export const riskLevel = (score) => (score >= 60 ? 'high' : score >= 30 ? 'medium' : 'low');

/** The risk score 0…100 with a gauge, and every term: its measure and the points it adds out of its weight. */
export function riskPanel(risk) {
  const level = riskLevel(risk.score);
  return section('Risk',
    h('div.risk-head', { 'data-risk': risk.score },
      h(`span.risk-score.risk-${level}`, {}, String(risk.score)),
      h('div.risk-gauge', {}, h('div.gauge', {}, h(`div.gauge-fill.risk-${level}`, { style: { width: `${risk.score}%` } })),
        h('span.sub', {}, `${level} risk, out of 100`,
          risk.perceptionAvailable ? '' : ' · perception terms need two runs with brand probes'))),
    h('table.terms', {},
      h('thead', {}, h('tr', {}, h('th', {}, 'Term'), h('th.num', {}, 'Measure'), h('th', {}, 'Points'))),
      h('tbody', {}, risk.terms.map((term) => h(`tr${term.available ? '' : '.unavailable'}`, { 'data-term': term.name },
        h('td', {}, term.name.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase())),
        h('td.num', {}, term.available ? term.measure.toFixed(2) : h('span.muted', {}, 'no input')),
        h('td', {}, h('div.points', {}, h('div.gauge.small', {}, h('div.gauge-fill', { style: { width: `${(term.points / term.weight) * 100}%` } })),
          h('span.sub', {}, `${term.points.toFixed(1)} / ${term.weight}`))))))));
}

/** A change against the previous run, coloured by whether it is good news (`higherIsBetter`). */
function change(now, before, { digits = 2, scale = 1, unit = '', higherIsBetter = true } = {}) {
  if (now == null || before == null) return null;
  const delta = (now - before) * scale;
  if (Math.abs(delta) < 10 ** -digits / 2) return h('span.change.flat', {}, 'no change');
  const good = delta > 0 === higherIsBetter;
  return h(`span.change.${good ? 'up' : 'down'}`, {}, `${delta > 0 ? '▲' : '▼'} ${signed(delta, digits)}${unit}`);
}

/** How the chat model sees each brand: mention share, mean rank and sentiment, each with its change. */
export function perceptionPanel(perception) {
  if (!perception) {
    return section('Perception', h('p.muted', { 'data-state': 'no-perception' }, 'No brand profile probes in this snapshot.'),
      h('p.hint', {}, 'Set a brand profile (PUT /api/catalog/brand-profile) and the next run asks its probe questions.'));
  }
  const brands = [...perception].sort((a, b) => Number(b.isOwn) - Number(a.isOwn) || b.mentionShare - a.mentionShare);
  return section('Perception',
    h('table.perception', {},
      h('thead', {}, h('tr', {}, h('th', {}, 'Brand'), h('th.num', {}, 'Share'), h('th.num', {}, 'Rank'), h('th.num', {}, 'Sentiment'))),
      h('tbody', {}, brands.map((p) => h(`tr${p.isOwn ? '.own' : ''}`, { 'data-brand': p.brand },
        h('td', {}, p.brand, p.isOwn ? h('span.badge.kind.own', {}, 'you') : null),
        h('td.num', {}, h('div.share', {}, h('div.gauge.small', {}, h('div.gauge-fill', { style: { width: `${p.mentionShare * 100}%` } })),
          percent(p.mentionShare)), change(p.mentionShare, p.previousMentionShare, { digits: 0, scale: 100, unit: ' pts' })),
        h('td.num', {}, p.meanRank == null ? h('span.muted', {}, 'not named') : `#${p.meanRank.toFixed(1)}`,
          change(p.meanRank, p.previousMeanRank, { digits: 1, higherIsBetter: false })),
        h('td.num', {}, p.meanSentiment == null ? h('span.muted', {}, '—') : signed(p.meanSentiment),
          change(p.meanSentiment, p.previousMeanSentiment)))))));
}

/** What changed since the previous snapshot: products, churn, category centroids, prices, new duplicate clusters. */
export function driftPanel(drift, previousSnapshotId) {
  if (!drift.hasPrevious) {
    return section('Drift', h('p', { 'data-state': 'first-snapshot' }, `First snapshot: ${count(drift.added.length)} products, nothing to compare with yet.`),
      h('p.hint', {}, 'The next run reports what was added, removed and changed, and how each category moved.'));
  }
  const shifted = drift.categories.filter((c) => c.centroidShift != null || c.previousSize !== c.currentSize);
  return section('Drift',
    h('p.hint.top', {}, `Compared with snapshot ${previousSnapshotId ?? '?'}`),
    h('div.mini-stats', {}, [
      ['Added', drift.added.length], ['Removed', drift.removed.length], ['Changed', drift.changed.length],
      ['Churn', percent(drift.churnShare, 1)], ['Largest shift', drift.maxCentroidShift.toFixed(3)],
      ['Price changes', drift.priceChanges.length], ['New clusters', drift.newClusters.length],
    ].map(([label, value]) => h('div', {}, h('span.stat-label', {}, label), h('strong', {}, typeof value === 'number' ? count(value) : value)))),
    shifted.length
      ? h('table.categories', {},
        h('thead', {}, h('tr', {}, h('th', {}, 'Category'), h('th.num', {}, 'Products'), h('th.num', {}, 'Centroid shift'))),
        h('tbody', {}, shifted.map((c) => h('tr', {},
          h('td', {}, c.category),
          h('td.num', {}, c.previousSize === c.currentSize ? count(c.currentSize) : `${count(c.previousSize)} → ${count(c.currentSize)}`),
          h('td.num', {}, c.centroidShift == null ? h('span.muted', {}, 'new or gone') : c.centroidShift.toFixed(3))))))
      : null);
}

/** Near-duplicate clusters: their members (linked) and each pair's score. */
export function clustersPanel(duplicates) {
  if (!duplicates.clusters.length) {
    return section('Near-duplicates', h('p.muted', { 'data-state': 'no-clusters' }, 'No near-duplicates in this snapshot.'));
  }
  return section(`Near-duplicates (${count(duplicates.clusters.length)})`,
    h('ul.clusters', {}, duplicates.clusters.map((cluster) => {
      // Near-duplicates often share their title: the pairs name members by their id's tail, as the member list shows it.
      const tail = (productId) => `…${productId.slice(-4)}`;
      return h('li.cluster', { 'data-cluster': cluster.clusterId },
        h('ul.cluster-members', {}, cluster.members.map((m) => h('li', {}, productLink(m.productId, m.title), h('code.muted', {}, tail(m.productId))))),
        h('ul.pairs', {}, cluster.pairs.map((pair) => h('li', {},
          h('span.pair-names', {}, `${tail(pair.a)} ↔ ${tail(pair.b)}`), scoreMeter(pair.score)))));
    })));
}

/** The alerts the snapshot raised, newest first. */
export function alertsPanel(alerts) {
  if (!alerts?.length) return section('Recent alerts', h('p.muted', { 'data-state': 'no-alerts' }, 'No alerts.'));
  return section(`Recent alerts (${count(alerts.length)})`,
    h('ul.alerts', {}, alerts.map((a) => h('li', { 'data-rule': a.rule },
      h(`span.badge.rule.rule-${a.rule}`, {}, a.rule),
      h('span.alert-message', {}, a.message),
      h('span.sub', {}, `value ${Number(a.value.toFixed(3))} · threshold ${Number(a.threshold.toFixed(3))} · ${when(a.raisedAt)}`)))));
}

/** The tenant's nightly runs, newest first. */
export function runsTable(runs) {
  const cell = (value, format = count) => h('td.num', {}, value == null ? h('span.muted', {}, '—') : format(value));
  return h('table.runs', {},
    h('thead', {}, h('tr', {}, ['Run', 'Status', 'Started', 'Took', 'Products', 'Re-embedded', 'Pairs', 'Clusters', 'Risk', 'Alerts', 'Cost']
      .map((label, i) => h(i > 3 ? 'th.num' : 'th', {}, label)))),
    h('tbody', {}, runs.map((run) => h('tr', { 'data-run-id': run.runId },
      h('td', {}, h('code', {}, run.runId), run.isCurrent ? h('span.badge.kind.current', {}, 'current') : null),
      h('td', {}, statusBadge(run.status),
        run.errorClass ? h('span.sub.failed', { title: run.errorMessage ?? '' }, `${run.errorClass}: ${run.errorMessage ?? ''}`) : null),
      h('td', { title: exact(run.startedAt) }, when(run.startedAt)),
      h('td', {}, run.durationSeconds != null ? `${run.durationSeconds.toFixed(1)} s` : duration(run.startedAt, run.finishedAt)),
      cell(run.products), cell(run.reembedded), cell(run.nearDuplicatePairs), cell(run.clusters),
      cell(run.riskScore), cell(run.alerts), cell(run.costUsd, usd)))));
}
