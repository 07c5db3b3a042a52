// The shell: sign-in gate, top navigation and a fragment router (#/jobs, #/jobs/{id}, #/products, #/products/{id},
// #/usage, #/insights, #/new). Fragments never reach the server, so no route of the page can shadow an API route.
import { onUnauthorized } from './api.js';
import { h, mount } from './dom.js';
import { releaseImages } from './images.js';
import { session } from './session.js';
import * as insights from './views/insights.js';
import * as job from './views/job.js';
import * as jobs from './views/jobs.js';
import * as newJob from './views/newjob.js';
import * as product from './views/product.js';
import * as products from './views/products.js';
import * as signin from './views/signin.js';
import * as usage from './views/usage.js';

const routes = [
  [/^\/jobs\/([^/]+)$/, job, 'jobs'],
  [/^\/jobs$/, jobs, 'jobs'],
  [/^\/products\/([^/]+)$/, product, 'products'],
  [/^\/products$/, products, 'products'],
  [/^\/usage$/, usage, 'usage'],
  [/^\/insights$/, insights, 'insights'],
  [/^\/new$/, newJob, 'jobs'],
];

const app = document.getElementById('app');
let cleanup = null;
let signInReason = null;

const navigate = (hash) => {
  if (location.hash === hash) route();
  else location.hash = hash;
};

function signOut(reason = null) {
  session.signOut();
  releaseImages();
  signInReason = reason;
  navigate('#/signin');
}

onUnauthorized((error) => signOut(error));

function shell(section) {
  const link = (name, label) => h(`a${name === section ? '.active' : ''}`, { href: `#/${name}`, 'data-nav': name }, label);
  const main = h('main#view');
  mount(app,
    h('header.topbar', {},
      h('a.brand', { href: '#/jobs' }, h('span.logo', { 'aria-hidden': 'true' }, 'CF'), 'CatalogForge'),
      h('nav.main-nav', {}, link('jobs', 'Jobs'), link('products', 'Products'), link('usage', 'Usage'), link('insights', 'Insights')),
      h('div.who', {}, h('span.key-hint', { title: 'The API key of this tab' }, session.hint()),
        h('button.btn.btn-ghost', { type: 'button', onclick: () => signOut() }, 'Sign out'))),
    main);
  return main;
}

function route() {
  cleanup?.();
  cleanup = null;
  const [path, search = ''] = location.hash.replace(/^#/, '').split('?');
  if (!session.key()) {
    if (path !== '/signin') {
      history.replaceState(null, '', '#/signin');
    }
    document.title = 'Sign in · CatalogForge';
    signin.render(app, {
      reason: signInReason,
      onSignedIn: () => { signInReason = null; navigate('#/jobs'); },
    });
    return;
  }
  const match = routes.map(([pattern, view, section]) => [path.match(pattern), view, section]).find(([m]) => m);
  if (!match) {
    navigate('#/jobs');
    return;
  }
  const [found, view, section] = match;
  const params = new URLSearchParams(search);
  document.title = `${section[0].toUpperCase()}${section.slice(1)} · CatalogForge`;
  const main = shell(section);
  cleanup = view.render(main, { id: found[1] && decodeURIComponent(found[1]), params, navigate }) ?? null;
  window.scrollTo(0, 0);
}

window.addEventListener('hashchange', route);
route();
