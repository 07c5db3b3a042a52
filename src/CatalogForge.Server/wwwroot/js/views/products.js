// The product gallery: GET /api/products lists the tenant's products newest first; one job's products (#/products?job=…)
// come from its succeeded items, as they do on a server without the list route.
import { api, query } from '../api.js';
import { h, mount } from '../dom.js';
import { count, shortId, when } from '../format.js';
import { productImage } from '../images.js';
import { itemPage, jobList, product as productSchema, productPage } from '../schemas.js';
import { empty, errorBox, notice } from '../ui.js';

const MAX_PRODUCTS = 48;
const JOBS_TO_SCAN = 10;

/** Runs `work` over `values`, `parallel` at a time, keeping order. */
async function mapLimited(values, parallel, work) {
  const results = new Array(values.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(parallel, values.length) }, async () => {
    while (next < values.length) {
      const i = next++;
      results[i] = await work(values[i]);
    }
  }));
  return results;
}

async function productIdsOfJobs(jobId, signal) {
  const jobIds = jobId
    ? [jobId]
    : (await api(`/api/jobs${query({ pageSize: 50 })}`, { schema: jobList, signal })).items
      .filter((job) => job.counts.succeeded > 0).slice(0, JOBS_TO_SCAN).map((job) => job.jobId);
  const ids = [];
  for (const id of jobIds) {
    const page = await api(`/api/jobs/${encodeURIComponent(id)}/items${query({ status: 'Succeeded', pageSize: 200 })}`, { schema: itemPage, signal });
    ids.push(...page.items.map((item) => item.productId).filter(Boolean));
    if (ids.length >= MAX_PRODUCTS) break;
  }
  return ids.slice(0, MAX_PRODUCTS);
}

function card(p) {
  const content = p.content ?? {};
  const tags = (content.seoKeywords ?? content.tags ?? []).slice(0, 4);
  const category = Array.isArray(content.categoryPath) ? content.categoryPath.join(' › ') : (p.category ?? null);
  return h('a.card', { href: `#/products/${encodeURIComponent(p.productId)}`, 'data-product-id': p.productId },
    productImage(p.productId, p.title, p.hasImage !== false),
    h('div.card-body', {},
      h('div.badges', {}, h('span.badge.kind', {}, category ?? (p.kind === 'Enrich' ? 'enriched' : 'generated')),
        p.degraded ? h('span.badge.degraded', {}, 'degraded') : null),
      h('h3', {}, p.title),
      p.summary ? h('p.summary', {}, p.summary) : null,
      tags.length ? h('ul.chips', {}, tags.map((tag) => h('li', {}, tag))) : null,
      h('div.card-foot', {}, h('span', {}, p.createdAt ? when(p.createdAt) : ''), p.jobId ? h('span.muted', {}, shortId(p.jobId)) : null)));
}

export function render(root, { params }) {
  const jobId = params.get('job');
  const grid = h('div.gallery', {}, Array.from({ length: 6 }, () => h('div.card.skeleton-card')));
  const sourceSlot = h('div');
  const errorSlot = h('div');
  const controller = new AbortController();
  const { signal } = controller;

  mount(root,
    h('div.page-head', {}, h('div', {},
      jobId ? h('a.back', { href: `#/jobs/${encodeURIComponent(jobId)}` }, '← Job') : null,
      h('h1', {}, 'Products'),
      h('p.muted', {}, jobId ? ['Products of job ', h('code', {}, shortId(jobId))] : 'Generated and enriched products with their images.'))),
    sourceSlot, errorSlot, grid);

  (async () => {
    let products;
    const listed = jobId ? null : await api(`/api/products${query({ pageSize: MAX_PRODUCTS })}`, { schema: productPage, signal, optional: true });
    if (listed) {
      products = listed.items;
    } else {
      if (!jobId) {
        sourceSlot.append(h('div.alert.alert-placeholder', { 'data-placeholder': 'product-list' },
          h('strong', {}, 'Product list: not available on this server yet.'),
          h('p', {}, `GET /api/products answered 404, so this gallery shows the products of your latest ${JOBS_TO_SCAN} jobs.`)));
      }
      const ids = await productIdsOfJobs(jobId, signal);
      products = await mapLimited(ids, 4, (id) => api(`/api/products/${encodeURIComponent(id)}`, { schema: productSchema, signal }));
    }
    if (!products.length) {
      mount(grid, empty('No products yet', 'Products appear here once a job has finished items.', h('a.btn.btn-primary', { href: '#/new' }, 'New job')));
      grid.classList.add('is-empty');
      return;
    }
    sourceSlot.append(notice(`${count(products.length)} products`, 'quiet'));
    mount(grid, products.map(card));
  })().catch((error) => {
    if (error.name === 'AbortError') return;
    grid.replaceChildren();
    errorSlot.replaceChildren(errorBox(error));
  });
  return () => controller.abort();
}
