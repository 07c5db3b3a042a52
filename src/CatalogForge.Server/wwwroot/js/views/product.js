// One product: its image, the full generated or enriched content, how it was made, and its similar products from the
// current nightly snapshot.
import { api } from '../api.js';
import { h, mount } from '../dom.js';
import { exact, shortId } from '../format.js';
import { productImage } from '../images.js';
import { product as productSchema, similar as similarSchema } from '../schemas.js';
import { errorBox, scoreMeter, section } from '../ui.js';

const list = (values, tag = 'ul.bullets') => h(tag, {}, values.map((value) => h('li', {}, String(value))));

function contentBlocks(content) {
  const blocks = [];
  if (content.description) blocks.push(h('p.lead', {}, content.description));
  if (content.features?.length) blocks.push(h('h3', {}, 'Features'), list(content.features));
  if (content.outline?.length) {
    blocks.push(h('h3', {}, 'Outline'), h('ol.outline', {}, content.outline.map((part) =>
      h('li', {}, h('strong', {}, part.heading), part.summary ? h('p', {}, part.summary) : null))));
  }
  if (content.attributes?.length) {
    blocks.push(h('h3', {}, 'Attributes'), h('dl.attributes', {}, content.attributes.flatMap((a) => [h('dt', {}, a.name), h('dd', {}, a.value)])));
  }
  const tags = content.seoKeywords ?? content.tags;
  if (tags?.length) blocks.push(h('h3', {}, content.seoKeywords ? 'SEO keywords' : 'Tags'), list(tags, 'ul.chips'));
  return blocks;
}

function similarPanel(id, signal) {
  const slot = h('div', {}, h('p.muted', {}, 'Looking for similar products…'));
  api(`/api/products/${encodeURIComponent(id)}/similar`, { schema: similarSchema, signal }).then((answer) => {
    if (!answer.snapshotId) {
      mount(slot, h('div.nightly-empty', { 'data-state': 'no-snapshot' },
        h('strong', {}, 'No nightly snapshot yet'),
        h('p', {}, 'Similar products come from the nightly catalog run. No run has finished since this product was made.'),
        h('a', { href: '#/insights' }, 'Insights and runs →')));
      return;
    }
    mount(slot,
      answer.similar.length
        ? h('ol.similar', {}, answer.similar.map((s) => h('li', { 'data-product-id': s.productId },
          h('a', { href: `#/products/${encodeURIComponent(s.productId)}` }, s.title ?? s.productId), scoreMeter(s.score))))
        : h('p.muted', {}, 'No other product of this catalog is similar enough to list.'),
      h('p.hint', { 'data-snapshot': answer.snapshotId }, `Snapshot ${answer.snapshotId}, computed ${exact(answer.computedAt)}`));
  }, (error) => { if (error.name !== 'AbortError') mount(slot, errorBox(error, { compact: true })); });
  return section('Similar products', slot);
}

export function render(root, { id }) {
  const controller = new AbortController();
  mount(root, h('div.skeleton.tall'));
  api(`/api/products/${encodeURIComponent(id)}`, { schema: productSchema, signal: controller.signal }).then((p) => {
    const content = p.content;
    const price = content.priceHint ? `${Number(content.priceHint.amount).toFixed(2)} ${content.priceHint.currency}` : null;
    mount(root,
      h('a.back', { href: `#/products?job=${encodeURIComponent(p.jobId)}` }, '← Products of this job'),
      h('article.product', {},
        h('div.product-media', {}, productImage(p.productId, p.title, p.hasImage, 'hero')),
        h('div.product-main', {},
          h('div.badges', {},
            Array.isArray(content.categoryPath) ? h('span.badge.kind', {}, content.categoryPath.join(' › ')) : h('span.badge.kind', {}, p.kind),
            p.degraded ? h('span.badge.degraded', { title: 'Made from a simplified prompt after a content-policy refusal' }, 'degraded') : null),
          h('h1.product-title', {}, p.title),
          content.subtitle ? h('p.subtitle', {}, content.subtitle) : null,
          price ? h('p.price', {}, price) : null,
          ...contentBlocks(content))),
      h('div.two-col', {},
        section('How it was made', h('dl.facts', {},
          h('dt', {}, 'Product'), h('dd', {}, h('code', {}, p.productId)),
          h('dt', {}, 'Job'), h('dd', {}, h('a', { href: `#/jobs/${encodeURIComponent(p.jobId)}` }, shortId(p.jobId)), ` · item ${p.itemIndex}`),
          h('dt', {}, 'Created'), h('dd', {}, exact(p.createdAt)),
          h('dt', {}, 'Embedding'), h('dd', {}, p.embeddingDimensions ? `${p.embeddingDimensions} dimensions · ${p.embeddingModel ?? '?'}` : 'none'),
          ...Object.entries(p.servedBy).flatMap(([task, deployment]) => [h('dt', {}, `Served ${task} by`), h('dd', {}, deployment)]))),
        similarPanel(p.productId, controller.signal)));
  }, (error) => {
    if (error.name === 'AbortError') return;
    mount(root, h('a.back', { href: '#/products' }, '← Products'), errorBox(error));
  });
  return () => controller.abort();
}
