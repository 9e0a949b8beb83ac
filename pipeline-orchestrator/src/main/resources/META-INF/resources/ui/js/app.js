// The dashboard: sign-in, hash routes (#/runs, #/runs/<id>, #/models, #/models/<version>,
// #/deployments, #/drift, #/drift/<feature>) and the refresh loop.
import { api, session, onUnauthorized, ApiError } from './api.js';
import { h, notice } from './dom.js';
import { sweep } from './charts.js';
import * as runs from './views/runs.js';
import * as models from './views/models.js';
import * as deployments from './views/deployments.js';
import * as drift from './views/drift.js';

const VIEWS = { runs, models, deployments, drift };
const main = document.getElementById('main');
const nav = document.getElementById('nav');
const status = document.getElementById('refresh-status');
const signOut = document.getElementById('sign-out');

const settings = { refresh_seconds: 3, region: 'us-east-1', logs_link: null, project: 'mlops' };
let current = null; // { name, arg, root }
let timer = null;
let inFlight = false;
let lastOk = null;

function route() {
  const [, name = 'runs', ...rest] = (location.hash || '#/runs').split('/');
  const view = VIEWS[name] ? name : 'runs';
  return { name: view, arg: rest.length ? decodeURIComponent(rest.join('/')) : null };
}

function showLogin(message) {
  stop();
  nav.hidden = true;
  signOut.hidden = true;
  status.textContent = '';
  current = null;
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'current-password', required: true, 'aria-describedby': 'token-help' });
  const error = h('p', { id: 'login-error', class: 'notice error', role: 'alert', hidden: !message }, message || '');
  const form = h('form', {
    class: 'panel login', id: 'login-form',
    onsubmit: async (e) => {
      e.preventDefault();
      const token = input.value.trim();
      try {
        const fetched = await api('/ui/settings', { token });
        session.signIn(token);
        start(fetched);
      } catch (err) {
        error.hidden = false;
        error.textContent = err instanceof ApiError && err.status === 401
          ? 'That token was refused. Use the orchestrator\'s admin token (mlops.admin.token; ./mlops up prints it).'
          : `Cannot sign in: ${err.message}`;
        input.focus();
      }
    },
  },
  h('h1', null, 'Sign in'),
  h('p', { id: 'token-help' }, 'The dashboard uses the orchestrator\'s admin API. Enter its admin token; it is kept in this browser tab only.'),
  h('div', null, h('label', { for: 'token' }, 'Admin token'), input),
  error,
  h('button', { class: 'button', type: 'submit', id: 'sign-in' }, 'Sign in'));
  main.replaceChildren(form);
  input.focus();
}

/** Shows the app; the settings come from the sign-in call, or are fetched for a stored token. */
async function start(fetched) {
  try {
    Object.assign(settings, fetched || await api('/ui/settings'));
  } catch (e) {
    if (e.status === 401) return;
  }
  nav.hidden = false;
  signOut.hidden = false;
  render();
}

function stop() {
  clearTimeout(timer);
  timer = null;
}

/** Shows the view of the current route, then refreshes it every few seconds. */
function render() {
  const { name, arg } = route();
  for (const a of nav.querySelectorAll('a')) {
    if (a.dataset.view === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (!current || current.name !== name || current.arg !== arg) {
    const root = h('div', { class: `view view-${name}`, 'data-view': name });
    main.replaceChildren(root);
    current = { name, arg, root, state: {} };
    document.title = `${VIEWS[name].title} · MLOps dashboard`;
  }
  refresh();
}

async function refresh() {
  stop();
  if (!session.token()) {
    showLogin();
    return;
  }
  const view = current;
  if (!view || inFlight) {
    schedule();
    return;
  }
  inFlight = true;
  try {
    await VIEWS[view.name].refresh(view.root, view.arg, { settings, state: view.state, refresh });
    lastOk = new Date();
    status.classList.remove('stale');
    status.textContent = `Updated ${lastOk.toLocaleTimeString('en-GB')} · every ${settings.refresh_seconds} s`;
    status.dataset.updated = String(lastOk.getTime());
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return;
    status.classList.add('stale');
    status.textContent = `Refresh failed: ${e.message}${lastOk ? ` · last update ${lastOk.toLocaleTimeString('en-GB')}` : ''}`;
    if (!view.root.firstChild) view.root.append(notice('error', `Cannot load this view: ${e.message}`));
    console.error(e);
  } finally {
    inFlight = false;
    sweep();
    if (view === current) schedule();
  }
}

function schedule() {
  stop();
  timer = setTimeout(() => {
    if (document.hidden) schedule();
    else refresh();
  }, Math.max(1, settings.refresh_seconds) * 1000);
}

onUnauthorized(() => {
  session.signOut();
  showLogin('Your token was refused (signed out, or the token changed). Sign in again.');
});
signOut.addEventListener('click', () => {
  session.signOut();
  showLogin();
});
window.addEventListener('hashchange', () => {
  if (session.token()) {
    render();
    main.focus({ preventScroll: true });
  }
});
document.addEventListener('visibilitychange', () => {
  if (!document.hidden && session.token() && current) refresh();
});

if (session.token()) start();
else showLogin();
