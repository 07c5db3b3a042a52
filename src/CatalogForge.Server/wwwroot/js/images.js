// Product images need the key, so an <img src> cannot fetch them: they are fetched as blobs and shown through object
// URLs, a few at a time, and released on sign-out.
import { api } from './api.js';
import { h } from './dom.js';

const urls = new Map();
const queue = [];
let active = 0;
const PARALLEL = 4;

function next() {
  while (active < PARALLEL && queue.length) {
    const { productId, resolve, reject } = queue.shift();
    active++;
    api(`/api/products/${encodeURIComponent(productId)}/image`, { as: 'blob' })
      .then((blob) => resolve(URL.createObjectURL(blob)), reject)
      .finally(() => { active--; next(); });
  }
}

export function imageUrl(productId) {
  if (!urls.has(productId)) {
    const promise = new Promise((resolve, reject) => { queue.push({ productId, resolve, reject }); next(); });
    urls.set(productId, promise);
    promise.catch(() => urls.delete(productId));
  }
  return urls.get(productId);
}

/** A picture box that fills in when the image arrives, or shows the title's initials when there is none. */
export function productImage(productId, title, hasImage, className = 'media') {
  const initials = (title ?? '?').split(/\s+/).filter(Boolean).slice(0, 2).map((word) => word[0].toUpperCase()).join('');
  const box = h(`div.${className}.placeholder`, { 'aria-hidden': 'true' }, initials);
  if (!hasImage) return box;
  box.classList.add('loading');
  imageUrl(productId).then(
    (url) => box.replaceWith(h(`img.${className}`, { src: url, alt: title ?? '' })),
    (error) => { box.classList.remove('loading'); box.title = `Image not loaded: ${error.message}`; });
  return box;
}

export function releaseImages() {
  for (const promise of urls.values()) promise.then((url) => URL.revokeObjectURL(url), () => {});
  urls.clear();
}
