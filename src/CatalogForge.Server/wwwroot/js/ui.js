// Small pieces every view uses: status badges, progress bars, stats, empty states and error messages.
import { h } from './dom.js';
import { words } from './format.js';

export const statusBadge = (status, label = words(status)) =>
  h(`span.badge.status-${(status ?? 'unknown').toLowerCase()}`, { 'data-status': status }, label);

export function progressBar(percent, status) {
  const value = Math.max(0, Math.min(100, percent ?? 0));
  return h(`div.progress.status-${(status ?? '').toLowerCase()}`,
    { role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': value },
    h('div.progress-fill', { style: { width: `${value}%` } }));
}

export const stat = (label, value, note, extra = {}) =>
  h('div.stat', extra, h('span.stat-label', {}, label), h('span.stat-value', {}, value), note ? h('span.stat-note', {}, note) : null);

export const empty = (title, text, action) =>
  h('div.empty', {}, h('div.empty-icon', { 'aria-hidden': 'true' }, '◌'), h('h3', {}, title), text ? h('p', {}, text) : null, action ?? null);

/** A readable box for any error: the API's title and detail, and for a 400 each field with its messages. */
export function errorBox(error, { compact = false } = {}) {
  const title = error.title ?? 'Something went wrong.';
  const detail = error.detail ?? (error.title ? '' : error.message);
  const fields = error.errors
    ? h('ul.field-errors', {}, Object.entries(error.errors).map(([field, messages]) =>
      h('li', {}, h('code', {}, field), ' ', messages.join(' '))))
    : null;
  const code = error.status ? h('span.error-code', {}, error.status) : null;
  return h(`div.alert.alert-error${compact ? '.compact' : ''}`, { role: 'alert', 'data-status': error.status ?? '' },
    h('strong', {}, code, title), detail ? h('p', {}, detail) : null, fields);
}

/** A cosine similarity 0…1 as a short bar and its value. */
export const scoreMeter = (score) => h('span.score', { title: `cosine similarity ${score.toFixed(4)}` },
  h('span.score-bar', {}, h('span.score-fill', { style: { width: `${Math.max(0, Math.min(1, score)) * 100}%` } })), score.toFixed(2));

export const notice = (text, kind = 'info') => h(`div.alert.alert-${kind}`, { role: 'status' }, text);

export const section = (title, ...children) => h('section.panel', {}, title ? h('h2', {}, title) : null, ...children);

/** A button that shows it is busy while `action` runs and puts any error into `errorSlot`. */
export function actionButton(label, action, { kind = 'secondary', errorSlot, disabled = false, title } = {}) {
  const button = h(`button.btn.btn-${kind}`, { type: 'button', disabled, title });
  button.textContent = label;
  button.addEventListener('click', async () => {
    button.disabled = true;
    button.classList.add('busy');
    errorSlot?.replaceChildren();
    try {
      await action();
    } catch (error) {
      if (errorSlot) errorSlot.replaceChildren(errorBox(error, { compact: true }));
      else throw error;
    } finally {
      button.classList.remove('busy');
      if (button.isConnected) button.disabled = disabled;
    }
  });
  return button;
}
