/**
 * Desktops: every desktop of every pool, filtered by pool, state and user, with
 * start, stop, refresh, release and delete for one or several at once. The
 * list refreshes live; the selection survives the refreshes.
 */
import { api } from '../api.js';
import { badge, button, confirmAction, describe, el, empty, formatTime, keepFocus, notify, showError, table, timeAgo, announce } from './dom.js';
import { stateView, STATE_ORDER } from './states.js';

const POLL_MS = 3000;

/** The actions, how they read, and whether they need a confirmation. */
const ACTIONS = [
  { action: 'start', label: 'Start', done: 'Starting', icon: 'play' },
  { action: 'stop', label: 'Stop', done: 'Stopping', icon: 'stop' },
  { action: 'refresh', label: 'Refresh', done: 'Refreshing', icon: 'reset',
    confirm: 'Their disks go back to the golden image; changes on them are lost.' },
  { action: 'release', label: 'Force release', done: 'Releasing', icon: 'release',
    confirm: 'Their users lose the desktops and any open consoles are closed.' },
  { action: 'delete', label: 'Delete', done: 'Deleting', icon: 'trash', danger: true,
    confirm: 'The desktops and their disks are removed. The pool makes new spares as needed.' },
];

export default {
  title: 'Desktops',
  lead: 'Every desktop of every pool. Select one or several to start, stop, refresh, release or delete them.',

  mount(ctx) {
    const selected = new Set();
    let desktops = [];

    const poolSelect = el('select', { id: 'filter-pool', name: 'pool' }, el('option', { value: '', text: 'All pools' }));
    const stateSelect = el('select', { id: 'filter-state', name: 'state' }, el('option', { value: '', text: 'Any state' }),
      STATE_ORDER.map((s) => el('option', { value: s, text: stateView(s).label })));
    const userInput = el('input', { id: 'filter-user', name: 'user', type: 'search', placeholder: 'User name', autocomplete: 'off' });
    const filters = el('form', { class: 'filters', role: 'search', 'aria-label': 'Filter desktops' },
      el('div', { class: 'filter' }, el('label', { for: 'filter-pool', text: 'Pool' }), poolSelect),
      el('div', { class: 'filter' }, el('label', { for: 'filter-state', text: 'State' }), stateSelect),
      el('div', { class: 'filter' }, el('label', { for: 'filter-user', text: 'Assigned to' }), userInput),
      el('div', { class: 'filter filter-submit' }, button('Apply', { type: 'submit' })));

    const countText = el('span', { class: 'selection-count', id: 'selection-count', 'aria-live': 'polite', text: 'None selected' });
    const actionButtons = ACTIONS.map((a) => {
      const b = button(a.label, { kind: `button-small${a.danger ? ' button-danger-quiet' : ''}`, iconName: a.icon,
        onclick: () => run(a, b) });
      b.dataset.action = a.action;
      return b;
    });
    const bulkBar = el('div', { class: 'bulk-bar', role: 'toolbar', 'aria-label': 'Actions on the selected desktops',
      'aria-controls': 'desktops-table' }, countText, el('div', { class: 'bulk-actions' }, actionButtons));
    const list = el('div', { id: 'desktops-table', 'aria-busy': 'true' });
    ctx.root.append(el('section', { class: 'section panel', 'aria-label': 'Desktops' }, filters, bulkBar, list));

    function updateBar() {
      for (const id of [...selected]) {
        if (!desktops.some((d) => d.id === id)) selected.delete(id);
      }
      countText.textContent = selected.size === 0 ? 'None selected' : `${selected.size} selected`;
      for (const b of actionButtons) b.disabled = selected.size === 0;
      bulkBar.classList.toggle('has-selection', selected.size > 0);
    }

    async function run(a, btn) {
      const chosen = desktops.filter((d) => selected.has(d.id));
      if (chosen.length === 0) return;
      const what = chosen.length === 1 ? chosen[0].name : `${chosen.length} desktops`;
      if (a.confirm && !await confirmAction(`${a.label} ${what}?`, a.confirm, a.label)) return;
      btn.setAttribute('aria-busy', 'true');
      const results = await Promise.allSettled(chosen.map((d) => api.post(`/desktops/${d.id}/actions/${a.action}`)));
      btn.removeAttribute('aria-busy');
      const failed = results.map((r, i) => [r, chosen[i]]).filter(([r]) => r.status === 'rejected');
      const ok = chosen.length - failed.length;
      if (ok > 0) notify(`${a.done} ${ok === 1 && chosen.length === 1 ? chosen[0].name : `${ok} desktop${ok === 1 ? '' : 's'}`}.`);
      if (failed.length > 0) {
        showError(failed.map(([r, d]) => describe(r.reason, `${a.label} ${d.name}`)).join(' '));
      }
      selected.clear();
      await refresh();
    }

    function row(d) {
      const v = stateView(d.state);
      const box = el('input', { type: 'checkbox', class: 'row-select', checked: selected.has(d.id),
        'aria-label': `Select ${d.name}`, dataset: { key: `select-${d.id}`, desktopId: d.id } });
      box.addEventListener('change', () => {
        if (box.checked) selected.add(d.id);
        else selected.delete(d.id);
        updateBar();
        syncAll();
      });
      return [
        box,
        el('strong', { class: 'name', text: d.name }),
        d.poolName,
        d.host,
        el('div', { class: 'stack' }, badge(v.label, v.tone),
          d.stateCause ? el('span', { class: 'muted small', text: d.stateCause }) : null),
        d.assignedTo || el('span', { class: 'muted', text: '—' }),
        guestCell(d.guest),
        timeAgo(d.stateChangedAt),
      ];
    }

    /**
     * What the guest agent reports: who is logged in inside the guest and since when, its
     * addresses, and why it did not answer last time. "—" when the broker does not ask
     * (the desktop is not running, or its pool is ready at boot, without an agent).
     */
    function guestCell(g) {
      if (!g) return el('span', { class: 'muted', text: '—', title: 'Not asked: not running, or the pool has no guest agent' });
      const users = g.users.length > 0
        ? `${g.users.join(', ')} logged in${g.logonSince ? ` since ${formatTime(g.logonSince)}` : ''}`
        : g.reportedAt ? (g.loggedOffAt ? `Nobody logged in (logged off ${formatTime(g.loggedOffAt)})` : 'Nobody logged in') : 'No answer yet';
      return el('div', { class: 'stack', dataset: { guest: g.users.join(',') } },
        el('span', { text: users }),
        el('span', { class: 'muted small', dataset: { guestAddresses: g.addresses.join(',') },
          text: g.addresses.length > 0 ? g.addresses.join(', ') : 'No network address' }),
        g.cause ? el('span', { class: 'muted small', text: `Agent: ${g.cause}` }) : null);
    }

    let allBox = null;
    function syncAll() {
      if (!allBox) return;
      allBox.checked = desktops.length > 0 && desktops.every((d) => selected.has(d.id));
      allBox.indeterminate = !allBox.checked && desktops.some((d) => selected.has(d.id));
    }

    function render() {
      if (desktops.length === 0) {
        list.replaceChildren(empty('desktop', 'No desktop matches. Pools create desktops as their spares are topped up.'));
        allBox = null;
        return;
      }
      const t = table('Desktops', [{ label: 'Select', hideLabel: true, cls: 'select' }, { label: 'Desktop' }, { label: 'Pool' },
        { label: 'Host' }, { label: 'State' }, { label: 'Assigned to' }, { label: 'Guest' }, { label: 'Changed' }], desktops.map(row),
      { rowAttrs: (i) => ({ dataset: { desktopName: desktops[i].name }, class: selected.has(desktops[i].id) ? 'selected' : null }) });
      allBox = el('input', { type: 'checkbox', 'aria-label': 'Select all shown desktops', dataset: { key: 'select-all' } });
      allBox.addEventListener('change', () => {
        for (const d of desktops) {
          if (allBox.checked) selected.add(d.id);
          else selected.delete(d.id);
        }
        for (const b of list.querySelectorAll('.row-select')) b.checked = allBox.checked;
        updateBar();
      });
      t.querySelector('th.select').replaceChildren(allBox);
      list.replaceChildren(t);
      syncAll();
    }

    async function refresh() {
      const q = new URLSearchParams({ max: '1000' });
      if (poolSelect.value) q.set('pool', poolSelect.value);
      if (stateSelect.value) q.set('state', stateSelect.value);
      if (userInput.value.trim()) q.set('user', userInput.value.trim());
      const [pools, found] = await Promise.all([api.get('/pools'), api.get(`/desktops?${q}`)]);
      const signature = pools.map((p) => `${p.id}=${p.name}`).join(',');
      if (poolSelect.dataset.signature !== signature) {
        // rebuilt only when pools change, so an open drop-down is not closed by the poll
        const chosenPool = poolSelect.value;
        poolSelect.replaceChildren(el('option', { value: '', text: 'All pools' }),
          ...pools.map((p) => el('option', { value: p.id, text: p.name, selected: p.id === chosenPool })));
        poolSelect.dataset.signature = signature;
      }
      desktops = found;
      updateBar();
      keepFocus(list, render);
      list.setAttribute('aria-busy', 'false');
    }

    filters.addEventListener('submit', (e) => {
      e.preventDefault();
      refresh().then(() => announce(`${desktops.length} desktops shown`)).catch((err) => showError(describe(err, 'Filtering')));
    });
    poolSelect.addEventListener('change', () => filters.requestSubmit());
    stateSelect.addEventListener('change', () => filters.requestSubmit());
    updateBar();
    ctx.every(POLL_MS, refresh);
  },
};
