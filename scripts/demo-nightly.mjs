// The nightly part of scripts/demo.sh: sets the demo tenant's brand profile, starts a nightly run now
// (POST /api/catalog/refresh), follows it to its end and prints what it found: the most similar pairs, the
// near-duplicate clusters, drift, perception per brand, risk with its terms, and the alerts.
//
//   CATALOGFORGE_API_KEY=… node scripts/demo-nightly.mjs --server URL --profile FILE [--gallery FILE] [--timeout SECONDS]
//
// With --gallery, the demo's static gallery (index.html) gets an insights panel and, on each product's card, its
// similar products.
//
// Exit status: 0 when the run completed, 1 when it failed, timed out or a call was refused.
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    server: { type: 'string' }, profile: { type: 'string' }, gallery: { type: 'string' }, timeout: { type: 'string', default: '300' },
  },
});
const key = process.env.CATALOGFORGE_API_KEY;
if (!args.server || !args.profile || !key) {
  console.error('usage: CATALOGFORGE_API_KEY=… node scripts/demo-nightly.mjs --server URL --profile FILE [--timeout SECONDS]');
  process.exit(2);
}

const log = (text) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${text}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class CallError extends Error {}

/** Calls the API with the key; answers the JSON body and status, or throws with the ProblemDetails when the status is not expected. */
async function call(method, path, { body, expect = [200] } = {}) {
  const response = await fetch(new URL(path, args.server), {
    method,
    headers: { 'x-api-key': key, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
    body,
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!expect.includes(response.status)) {
    throw new CallError(`${method} ${path} answered ${response.status}: ${json?.title ?? ''} ${json?.detail ?? text}`.trim());
  }
  return { status: response.status, json };
}

// The Server writes the run's row before its 202; a 404 in the first seconds is still tolerated (a slower host).
const ROW_GRACE_MS = 15_000;

async function waitForRun(runId, deadline) {
  let last = '';
  const graceUntil = Date.now() + ROW_GRACE_MS;
  for (;;) {
    const { status, json: run } = await call('GET', `/api/catalog/runs/${encodeURIComponent(runId)}`,
      { expect: Date.now() < graceUntil ? [200, 404] : [200] });
    if (status === 404) {
      await sleep(500);
      continue;
    }
    if (run.status !== 'Running') return run;
    const seconds = Math.round((Date.now() - Date.parse(run.startedAt ?? new Date().toISOString())) / 1000);
    if (`${seconds}` !== last && seconds % 5 === 0) log(`nightly run ${runId}: running (${seconds} s)`);
    last = `${seconds}`;
    if (Date.now() > deadline) throw new CallError(`nightly run ${runId} still running after ${args.timeout} s`);
    await sleep(1000);
  }
}

/** Starts a run now; when one is already running (a scheduled one), waits for it and starts a fresh one after it. */
async function startRun(deadline) {
  const started = await call('POST', '/api/catalog/refresh', { expect: [202, 409] });
  if (started.status === 202) return started.json.runId;
  const { json: runs } = await call('GET', '/api/catalog/runs?pageSize=5');
  const running = runs.items.find((run) => run.status === 'Running');
  if (running) {
    log(`a nightly run is already going (${running.runId}); waiting for it first`);
    await waitForRun(running.runId, deadline);
  }
  return (await call('POST', '/api/catalog/refresh', { expect: [202] })).json.runId;
}

async function allProducts() {
  const products = [];
  let token = null;
  do {
    const query = new URLSearchParams({ pageSize: '100', ...(token ? { continuationToken: token } : {}) });
    const { json: page } = await call('GET', `/api/products?${query}`);
    products.push(...page.items);
    token = page.continuationToken;
  } while (token);
  return products;
}

/** Every product's three most similar products, by product id. */
async function similarLists(products) {
  const lists = new Map();
  for (const product of products) {
    const { json } = await call('GET', `/api/products/${encodeURIComponent(product.productId)}/similar?k=3`);
    lists.set(product.productId, json.similar);
  }
  return lists;
}

/** The best-scoring distinct pairs over every product's similar list. */
function topPairs(products, lists, count) {
  const titles = new Map(products.map((p) => [p.productId, p.title]));
  const pairs = new Map();
  for (const product of products) {
    for (const other of lists.get(product.productId) ?? []) {
      const [a, b] = [product.productId, other.productId].sort();
      pairs.set(`${a}|${b}`, { a, b, score: other.score });
    }
  }
  return [...pairs.values()].sort((x, y) => y.score - x.score).slice(0, count)
    .map((pair) => ({ ...pair, titleA: titles.get(pair.a) ?? pair.a, titleB: titles.get(pair.b) ?? pair.b }));
}

const fixed = (value, digits = 2) => (value == null ? '—' : Number(value).toFixed(digits));
const pct = (share) => (share == null ? '—' : `${(share * 100).toFixed(0)} %`);
const delta = (now, before, scale = 1, unit = '') =>
  now == null || before == null ? '' : ` (${now - before >= 0 ? '+' : ''}${((now - before) * scale).toFixed(scale === 1 ? 2 : 0)}${unit})`;
const plural = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const short = (id) => (id.length > 14 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id);

function print(run, pairs, duplicates, insights) {
  const out = [];
  out.push('', `nightly run ${run.runId}: ${run.status} in ${fixed(run.durationSeconds, 1)} s — ${plural(run.products, 'product')}, ` +
    `${run.reembedded} re-embedded, ${plural(run.nearDuplicatePairs, 'near-duplicate pair')}, ${plural(run.clusters, 'cluster')}, ` +
    `risk ${run.riskScore}, ${plural(run.alerts, 'alert')}`);

  out.push('', 'top similar pairs:');
  if (!pairs.length) out.push('  (none)');
  for (const pair of pairs) out.push(`  ${fixed(pair.score, 3)}  ${pair.titleA}  ↔  ${pair.titleB}`);

  out.push('', `duplicate clusters: ${duplicates.clusters.length}`);
  for (const cluster of duplicates.clusters) {
    out.push(`  ${cluster.clusterId}: ${cluster.members.map((m) => `${m.title ?? '?'} (${short(m.productId)})`).join(', ')}`);
    for (const pair of cluster.pairs) out.push(`    ${fixed(pair.score, 3)}  ${short(pair.a)} ↔ ${short(pair.b)}`);
  }

  const drift = insights.drift;
  out.push('', 'drift:');
  if (!drift) out.push('  (no snapshot)');
  else if (!drift.hasPrevious) out.push(`  first snapshot: ${drift.added.length} products added, nothing to compare with yet`);
  else {
    out.push(`  since ${insights.previousSnapshotId}: ${drift.added.length} added, ${drift.removed.length} removed, ${drift.changed.length} changed ` +
      `(churn ${pct(drift.churnShare)}), largest centroid shift ${fixed(drift.maxCentroidShift, 3)}, ` +
      `${drift.priceChanges.length} price changes, ${drift.newClusters.length} new clusters`);
  }

  out.push('', 'perception per brand:');
  if (!insights.perception) out.push('  no brand profile probes in this snapshot');
  for (const p of [...(insights.perception ?? [])].sort((a, b) => Number(b.isOwn) - Number(a.isOwn) || b.mentionShare - a.mentionShare)) {
    out.push(`  ${(p.brand + (p.isOwn ? ' (own)' : '')).padEnd(24)} share ${pct(p.mentionShare).padStart(5)}${delta(p.mentionShare, p.previousMentionShare, 100, ' pts')}` +
      `  rank ${p.meanRank == null ? '—' : fixed(p.meanRank, 1)}${delta(p.meanRank, p.previousMeanRank)}` +
      `  sentiment ${p.meanSentiment == null ? '—' : `${p.meanSentiment > 0 ? '+' : ''}${fixed(p.meanSentiment)}`}${delta(p.meanSentiment, p.previousMeanSentiment)}`);
  }

  const risk = insights.risk;
  out.push('', `risk: ${risk ? `${risk.score} / 100` : '(none)'}`);
  for (const term of risk?.terms ?? []) {
    out.push(`  ${term.name.padEnd(18)} ${fixed(term.points, 1).padStart(5)} / ${term.weight}` +
      (term.available ? `   measure ${fixed(term.measure, 3)}` : '   (no input yet)'));
  }

  out.push('', `alerts: ${insights.alerts.length ? '' : 'none'}`);
  for (const alert of insights.alerts) out.push(`  [${alert.rule}] ${alert.message}`);
  console.log(out.join('\n'));
}

const escape = (text) => String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

const GALLERY_STYLE = `<style>
.insights { margin: 0 0 2rem; padding: 1rem 1.25rem; border: 1px solid #d8dee4; border-radius: 10px; background: #fbfcfd; }
.insights h2 { margin-top: 0; } .insights h3 { margin: 1rem 0 .4rem; font-size: 1rem; }
.insights table { border-collapse: collapse; font-size: .9rem; } .insights td, .insights th { padding: .2rem .8rem .2rem 0; text-align: left; }
.insights .risk { font-size: 2rem; font-weight: 700; }
.similar { margin-top: .6rem; font-size: .85rem; } .similar h4 { margin: 0 0 .2rem; font-size: .85rem; }
.similar ul { margin: 0; padding-left: 1.1rem; } .similar .score { color: #57606a; font-variant-numeric: tabular-nums; }
</style>`;

/** The static gallery with an insights panel at the top of its main part and each card's similar products. */
function annotateGallery(html, lists, duplicates, insights) {
  const titles = new Map();
  for (const match of html.matchAll(/data-product-id="([^"]+)"[\s\S]*?<h3[^>]*>([\s\S]*?)<\/h3>/g)) titles.set(match[1], match[2]);
  const panel = [GALLERY_STYLE, '<section class="insights" id="insights">', `<h2>Nightly insights <span class="count">${escape(insights.snapshotId ?? 'no snapshot')}</span></h2>`];
  const risk = insights.risk;
  panel.push(`<p><span class="risk">${escape(risk?.score ?? '—')}</span> / 100 risk</p>`);
  if (risk?.terms?.length) {
    panel.push('<table><tr><th>term</th><th>points</th><th>of</th><th>measure</th></tr>');
    for (const t of risk.terms) panel.push(`<tr><td>${escape(t.name)}</td><td>${fixed(t.points, 1)}</td><td>${escape(t.weight)}</td><td>${t.available ? fixed(t.measure, 3) : 'no input yet'}</td></tr>`);
    panel.push('</table>');
  }
  panel.push('<h3>Perception per brand</h3>');
  if (!insights.perception) panel.push('<p class="muted">No brand profile probes in this snapshot.</p>');
  else {
    panel.push('<table><tr><th>brand</th><th>share</th><th>mean rank</th><th>sentiment</th></tr>');
    for (const p of insights.perception) panel.push(`<tr><td>${escape(p.brand)}${p.isOwn ? ' (own)' : ''}</td><td>${pct(p.mentionShare)}</td><td>${p.meanRank == null ? '—' : fixed(p.meanRank, 1)}</td><td>${p.meanSentiment == null ? '—' : fixed(p.meanSentiment)}</td></tr>`);
    panel.push('</table>');
  }
  const drift = insights.drift;
  panel.push('<h3>Drift</h3>', `<p>${!drift ? 'No snapshot.' : !drift.hasPrevious ? `First snapshot: ${drift.added.length} products, nothing to compare with yet.`
    : `${drift.added.length} added, ${drift.removed.length} removed, ${drift.changed.length} changed; largest centroid shift ${fixed(drift.maxCentroidShift, 3)}.`}</p>`);
  panel.push(`<h3>Near-duplicate clusters (${duplicates.clusters.length})</h3>`);
  if (duplicates.clusters.length) {
    panel.push('<ul>');
    for (const c of duplicates.clusters) panel.push(`<li>${c.members.map((m) => escape(m.title ?? m.productId)).join(' · ')} <span class="score">${c.pairs.map((p) => fixed(p.score, 3)).join(', ')}</span></li>`);
    panel.push('</ul>');
  }
  panel.push(`<h3>Alerts (${insights.alerts.length})</h3>`);
  if (insights.alerts.length) panel.push(`<ul>${insights.alerts.map((a) => `<li>[${escape(a.rule)}] ${escape(a.message)}</li>`).join('')}</ul>`);
  panel.push('</section>');

  let out = html.replace('<main>\n', `<main>\n${panel.join('\n')}\n`);
  // Inside the card's body: before the closing tags of the body and the card.
  out = out.replace(/(<article class="card[^"]*" data-product-id="([^"]+)">[\s\S]*?)(  <\/div>\n<\/article>)/g, (all, card, id, end) => {
    const similar = lists.get(id) ?? [];
    const items = similar.length
      ? similar.map((s) => `<li>${titles.get(s.productId) ?? escape(s.productId)} <span class="score">${fixed(s.score, 3)}</span></li>`).join('')
      : '<li class="muted">none in the snapshot</li>';
    return `${card}    <div class="similar"><h4>Similar products</h4><ul>${items}</ul></div>\n${end}`;
  });
  return out;
}

try {
  const deadline = Date.now() + Number(args.timeout) * 1000;
  const profile = await readFile(args.profile, 'utf8');
  await call('PUT', '/api/catalog/brand-profile', { body: profile });
  log(`brand profile set from ${args.profile}`);
  const runId = await startRun(deadline);
  log(`nightly run ${runId} started (POST /api/catalog/refresh)`);
  const run = await waitForRun(runId, deadline);
  if (run.status !== 'Completed') {
    console.log(`\nnightly run ${run.runId}: ${run.status}: ${run.errorClass ?? ''} ${run.errorMessage ?? ''}`.trimEnd());
    process.exit(1);
  }
  const [products, { json: duplicates }, { json: insights }] = await Promise.all([
    allProducts(), call('GET', '/api/catalog/duplicates'), call('GET', '/api/catalog/insights'),
  ]);
  const lists = await similarLists(products);
  print(run, topPairs(products, lists, 5), duplicates, insights);
  if (args.gallery) {
    await writeFile(args.gallery, annotateGallery(await readFile(args.gallery, 'utf8'), lists, duplicates, insights));
    log(`gallery: similar products and the insights panel added to ${args.gallery}`);
  }
} catch (error) {
  if (!(error instanceof CallError) && !(error instanceof TypeError) && !(error instanceof SyntaxError)) throw error;
  log(`nightly step failed: ${error.message}`);
  process.exit(1);
}
