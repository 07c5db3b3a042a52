// Submitting a job: a generate job from one brief per line, or any job body pasted as JSON.
import { api } from '../api.js';
import { h, mount } from '../dom.js';
import { jobAccepted } from '../schemas.js';
import { errorBox } from '../ui.js';

const PRODUCT_TYPES = ['ebook', 'course', 'printable', 'template', 'workbook'];
const EXAMPLE = {
  kind: 'enrich',
  items: [{ sku: 'MUG-001', name: 'Stoneware mug 350 ml', description: 'Speckled glaze, dishwasher safe', category: 'Kitchen', price: 14.5 }],
};

/** The request body the form describes; throws a readable Error for what the form itself can tell is wrong. */
export function generateBody({ briefs, productType, audience, images, priority }) {
  const lines = briefs.split('\n').map((line) => line.trim()).filter(Boolean);
  if (!lines.length) throw new Error('Write at least one brief, one per line.');
  return {
    kind: 'generate',
    items: lines.map((brief) => ({ productType, brief, ...(audience ? { audience } : {}) })),
    options: { images, priority },
  };
}

export function render(root, { navigate }) {
  let mode = 'briefs';
  const errorSlot = h('div');
  const briefs = h('textarea#briefs', { rows: 6, name: 'briefs', placeholder: 'A beginner guide to sourdough baking\nWatercolor landscapes in ten evenings' });
  const productType = h('select#product-type', { name: 'productType' }, PRODUCT_TYPES.map((type) => h('option', { value: type }, type)));
  const audience = h('input#audience', { name: 'audience', placeholder: 'home bakers (optional)', maxlength: 200 });
  const images = h('input#images', { type: 'checkbox', name: 'images', checked: true });
  const priority = h('select#priority', { name: 'priority' }, ['normal', 'high', 'low'].map((p) => h('option', { value: p }, p)));
  const json = h('textarea#job-json.mono', { rows: 14, name: 'json', spellcheck: 'false' });
  json.value = JSON.stringify(EXAMPLE, null, 2);

  const briefsPane = h('div.pane', {},
    h('label', { for: 'briefs' }, 'Briefs, one per line'), briefs,
    h('div.form-row', {},
      h('div', {}, h('label', { for: 'product-type' }, 'Product type'), productType),
      h('div', {}, h('label', { for: 'audience' }, 'Audience'), audience),
      h('div', {}, h('label', { for: 'priority' }, 'Priority'), priority)),
    h('label.check', {}, images, ' Render a cover image for each product'));
  const jsonPane = h('div.pane', { hidden: true },
    h('label', { for: 'job-json' }, 'Job request (the body of POST /api/jobs)'), json,
    h('p.hint', {}, 'Any job body the API takes: generate or enrich, with options and an idempotencyKey.'));

  const tabs = h('nav.tabs', { role: 'tablist' },
    [['briefs', 'Briefs'], ['json', 'Paste JSON']].map(([name, label]) => h(`button${name === mode ? '.active' : ''}`, {
      type: 'button', role: 'tab', 'data-mode': name,
      onclick: (event) => {
        mode = name;
        tabs.querySelectorAll('button').forEach((b) => b.classList.toggle('active', b === event.target));
        briefsPane.hidden = name !== 'briefs';
        jsonPane.hidden = name !== 'json';
      },
    }, label)));

  const submit = h('button.btn.btn-primary', { type: 'submit' }, 'Submit job');
  const form = h('form.panel.form', {
    onsubmit: async (event) => {
      event.preventDefault();
      errorSlot.replaceChildren();
      let body;
      try {
        body = mode === 'json'
          ? JSON.parse(json.value)
          : generateBody({ briefs: briefs.value, productType: productType.value, audience: audience.value.trim(), images: images.checked, priority: priority.value });
      } catch (error) {
        errorSlot.replaceChildren(errorBox({ title: mode === 'json' ? 'That is not valid JSON.' : 'The form is not complete.', detail: error.message }));
        return;
      }
      submit.disabled = true;
      try {
        const accepted = await api('/api/jobs', { method: 'POST', body, schema: jobAccepted });
        navigate(`#/jobs/${encodeURIComponent(accepted.jobId)}`);
      } catch (error) {
        errorSlot.replaceChildren(errorBox(error));
      } finally {
        submit.disabled = false;
      }
    },
  }, tabs, briefsPane, jsonPane, errorSlot, h('div.form-actions', {}, submit));

  mount(root,
    h('div.page-head', {}, h('div', {}, h('a.back', { href: '#/jobs' }, '← Jobs'), h('h1', {}, 'New job'),
      h('p.muted', {}, 'Generate products from briefs, or paste any job request. You follow it on its page.'))),
    form);
  briefs.focus();
}
