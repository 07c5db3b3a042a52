import { api } from '../api.js';
import { h, mount } from '../dom.js';
import { jobList } from '../schemas.js';
import { session } from '../session.js';
import { errorBox } from '../ui.js';

/** The key is tried with a one-job list before it is kept, so a wrong key shows the API's 401 here. */
export function render(root, { reason, onSignedIn }) {
  const errorSlot = h('div.form-error');
  if (reason) errorSlot.append(errorBox(reason));
  const input = h('input#api-key', {
    type: 'password', name: 'apiKey', autocomplete: 'off', spellcheck: 'false', required: true,
    placeholder: 'cfk_…', 'aria-describedby': 'key-help',
  });
  const button = h('button.btn.btn-primary.wide', { type: 'submit' }, 'Sign in');
  const form = h('form.signin-card', {
    onsubmit: async (event) => {
      event.preventDefault();
      const key = input.value.trim();
      if (!key) return;
      button.disabled = true;
      errorSlot.replaceChildren();
      try {
        await api('/api/jobs?pageSize=1', { schema: jobList, key });
        session.signIn(key);
        onSignedIn();
      } catch (error) {
        errorSlot.replaceChildren(errorBox(error));
        input.select();
      } finally {
        button.disabled = false;
      }
    },
  },
  h('div.brand.large', {}, h('span.logo', { 'aria-hidden': 'true' }, 'CF'), 'CatalogForge'),
  h('h1', {}, 'Sign in'),
  h('p.muted', {}, 'Use your tenant\'s API key. It stays in this browser tab only and is sent as the x-api-key header.'),
  h('label', { for: 'api-key' }, 'API key'),
  input,
  h('p.hint#key-help', {}, 'Create a tenant and key with ', h('code', {}, 'CatalogForge.Server tenant create "My Shop"'), '.'),
  errorSlot,
  button);
  mount(root, h('div.signin', {}, form));
  input.focus();
}
