/**
 * Pools: create and edit (errors beside their fields), entitlements picked
 * from Keycloak's groups and roles (free text when Keycloak cannot be read),
 * and live counts of each pool's desktops by state.
 */
import { api, ApiError } from '../api.js';
import { badge, busy, button, confirmAction, describe, el, empty, icon, keepFocus, notify, showError } from './dom.js';
import { checkboxes, checked, clearErrors, field, formError, number, showFieldError, value } from './forms.js';
import { stateView, STATE_ORDER } from './states.js';
import { schedulePanel } from './schedule.js';

const POLL_MS = 3000;

async function directory(kind) {
  try {
    return { entries: await api.get(`/directory/${kind}`) };
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) throw err;
    return { entries: null, reason: err.message };
  }
}

/** Checkboxes of the directory's entries, or a free-text field when it cannot be read. */
function entitlementField(name, legend, dir, selected) {
  if (dir.entries === null) {
    return field({ name, label: legend, value: (selected || []).join(', '), wide: true,
      hint: name === 'entitledGroups'
        ? `Keycloak\u2019s groups cannot be listed right now (${dir.reason}). Type full group paths, such as /staff, separated by commas.`
        : `Keycloak\u2019s roles cannot be listed right now (${dir.reason}). Type names separated by commas.` });
  }
  // groups are entitled by full path (/staff, /staff/eng): a name alone is ambiguous
  const key = name === 'entitledGroups' ? (e) => e.path || `/${e.name}` : (e) => e.name;
  const known = new Set(dir.entries.map(key));
  const items = dir.entries.map((e) => ({ value: key(e), label: key(e), detail: e.description || null }));
  for (const s of selected || []) {
    if (!known.has(s)) items.push({ value: s, label: s, detail: 'not in Keycloak any more' });
  }
  return items.length === 0
    ? field({ name, label: legend, wide: true, hint: name === 'entitledGroups'
      ? 'Keycloak has none; type full group paths, such as /staff, separated by commas.'
      : 'Keycloak has none; type names separated by commas.' })
    : checkboxes(name, legend, items, selected);
}

function listOf(form, name) {
  if (form.querySelector(`input[type=checkbox][name="${name}"]`)) return checked(form, name);
  const v = value(form, name);
  return v === null ? [] : v.split(',').map((s) => s.trim()).filter(Boolean);
}

function poolForm(pool, images, groups, roles, onDone) {
  const p = pool || {};
  const editing = Boolean(pool);
  const form = el('form', { class: 'form-grid', novalidate: true, id: 'pool-form' },
    formError(),
    el('h3', { class: 'form-section', text: 'Basics' }),
    field({ name: 'name', label: 'Name', required: true, value: p.name, hint: 'Letters, digits, - and _; shown to users.' }),
    field({ name: 'imageId', label: 'Golden image', required: true, value: p.imageId,
      choices: [['', 'Choose an image…'], ...images.map((i) => [i.id, `${i.name} (v${i.currentVersion})`])] }),
    field({ name: 'cloneMode', label: 'Clone mode', value: p.cloneMode || 'linked',
      choices: [['linked', 'Linked clones'], ['full', 'Full copies']],
      hint: 'Linked: fast, small overlays on the image. Full: independent disks.' }),
    field({ name: 'assignment', label: 'Assignment', value: p.assignment || 'dedicated',
      choices: [['dedicated', 'Dedicated'], ['floating', 'Floating']],
      hint: 'Dedicated: the same desktop every time. Floating: any free one.' }),
    el('h3', { class: 'form-section', text: 'Size' }),
    field({ name: 'minSpare', label: 'Spare desktops', type: 'number', min: 0, value: p.minSpare ?? 1, inputmode: 'numeric',
      hint: 'Kept started and ready, so users connect at once.' }),
    field({ name: 'maxSize', label: 'Maximum desktops', type: 'number', min: 1, max: 1000, value: p.maxSize ?? 10, inputmode: 'numeric' }),
    field({ name: 'memoryMib', label: 'Memory (MiB)', type: 'number', min: 32, value: p.memoryMib ?? 512, inputmode: 'numeric' }),
    field({ name: 'vcpus', label: 'Virtual CPUs', type: 'number', min: 1, max: 64, value: p.vcpus ?? 1, inputmode: 'numeric' }),
    el('h3', { class: 'form-section', text: 'Sessions' }),
    field({ name: 'logoffPolicy', label: 'When a user releases it', value: p.logoffPolicy || 'keep',
      choices: [['keep', 'Keep it as it is'], ['refresh', 'Refresh to the image'], ['delete', 'Delete it']] }),
    field({ name: 'perUserLimit', label: 'Desktops per user', type: 'number', min: 1, max: 100, value: p.perUserLimit ?? 1, inputmode: 'numeric' }),
    field({ name: 'idleTimeoutMinutes', label: 'Idle timeout (minutes)', type: 'number', min: 0, value: p.idleTimeoutMinutes ?? 0,
      inputmode: 'numeric', hint: '0: never.' }),
    field({ name: 'maxSessionMinutes', label: 'Session limit (minutes)', type: 'number', min: 0, value: p.maxSessionMinutes ?? 0,
      inputmode: 'numeric', hint: '0: no limit.' }),
    field({ name: 'readiness', label: 'Ready when', value: p.readiness || 'agent',
      choices: [['agent', 'Its guest agent answers'], ['boot', 'Its virtual machine runs']],
      hint: 'Desktops are handed out only when ready. Choose the second for images without qemu-guest-agent.' }),
    field({ name: 'readinessTimeoutSeconds', label: 'Time to become ready (seconds)', type: 'number', min: 10, max: 3600,
      value: p.readinessTimeoutSeconds ?? 300, inputmode: 'numeric',
      hint: 'A desktop not ready by then counts as failed and is replaced.' }),
    field({ name: 'guestLogoff', label: 'When the user logs off inside the desktop', value: p.guestLogoff || 'ignore',
      choices: [['ignore', 'Nothing: the user keeps it'], ['release', 'Release it (as above) after the grace period']],
      hint: 'Seen through the guest agent, so only when ready means its guest agent answers.' }),
    field({ name: 'guestLogoffGraceSeconds', label: 'Grace period after a logoff (seconds)', type: 'number', min: 0, max: 3600,
      value: p.guestLogoffGraceSeconds ?? 60, inputmode: 'numeric',
      hint: 'A new logon within it keeps the desktop.' }),
    field({ name: 'namingPattern', label: 'Desktop names', value: p.namingPattern, placeholder: 'name-{n}',
      hint: '{n} is the desktop\u2019s number; empty: the pool name and the number.' }),
    el('fieldset', { class: 'field checks', dataset: { field: 'protocols' } }, el('legend', { text: 'Console' }),
      el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'spice', checked: (p.protocols || []).includes('spice') }),
        el('span', { class: 'check-text', text: 'Offer SPICE besides the browser console' })),
      el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'clipboard', checked: p.clipboard ?? true }),
        el('span', { class: 'check-text', text: 'Allow clipboard copy and paste' })),
      el('p', { class: 'field-error', hidden: true })),
    el('h3', { class: 'form-section', text: 'Who may use it' }),
    entitlementField('entitledGroups', 'Keycloak groups', groups, p.entitledGroups),
    entitlementField('entitledRoles', 'Realm roles', roles, p.entitledRoles),
    el('div', { class: 'form-actions' },
      button('Cancel', { kind: 'button-quiet', onclick: () => onDone(false) }),
      button(editing ? 'Save changes' : 'Create pool', { kind: 'button-primary', type: 'submit', iconName: editing ? 'check' : 'plus', id: 'pool-submit' })));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    try {
      const body = {
        name: value(form, 'name'),
        imageId: value(form, 'imageId'),
        cloneMode: value(form, 'cloneMode'),
        assignment: value(form, 'assignment'),
        logoffPolicy: value(form, 'logoffPolicy'),
        minSpare: number(form, 'minSpare', 'Spare desktops'),
        maxSize: number(form, 'maxSize', 'Maximum desktops'),
        memoryMib: number(form, 'memoryMib', 'Memory'),
        vcpus: number(form, 'vcpus', 'Virtual CPUs'),
        perUserLimit: number(form, 'perUserLimit', 'Desktops per user'),
        idleTimeoutMinutes: number(form, 'idleTimeoutMinutes', 'Idle timeout'),
        maxSessionMinutes: number(form, 'maxSessionMinutes', 'Session limit'),
        namingPattern: value(form, 'namingPattern'),
        protocols: form.elements.namedItem('spice').checked ? ['vnc', 'spice'] : ['vnc'],
        clipboard: form.elements.namedItem('clipboard').checked,
        readiness: value(form, 'readiness'),
        readinessTimeoutSeconds: number(form, 'readinessTimeoutSeconds', 'Time to become ready'),
        guestLogoff: value(form, 'guestLogoff'),
        guestLogoffGraceSeconds: number(form, 'guestLogoffGraceSeconds', 'Grace period after a logoff'),
        entitledGroups: listOf(form, 'entitledGroups'),
        entitledRoles: listOf(form, 'entitledRoles'),
      };
      const submit = form.querySelector('button[type=submit]');
      const saved = await busy(submit, () => (editing ? api.put(`/pools/${pool.id}`, body) : api.post('/pools', body)));
      notify(editing ? `Pool ${saved.name} saved.` : `Pool ${saved.name} created. Its spare desktops are being prepared.`);
      onDone(true);
    } catch (err) {
      showFieldError(form, err.field, err.field ? err.message : describe(err, editing ? 'Saving the pool' : 'Creating the pool'));
    }
  });
  return form;
}

/** The live counts of a pool's desktops: one pill per state that has any. */
function counts(pool) {
  const c = pool.desktops || {};
  const total = Object.values(c).reduce((a, b) => a + b, 0);
  const pills = STATE_ORDER.filter((s) => c[s] > 0).map((s) => {
    const v = stateView(s);
    return el('li', { class: `count-pill tone-${v.tone}`, dataset: { state: s, count: String(c[s]) } },
      el('span', { class: 'count-num', text: String(c[s]) }), el('span', { text: v.label }));
  });
  // one bar, a segment per state, as wide as its share of the pool's maximum size
  const bar = el('div', { class: 'state-bar', 'aria-hidden': 'true' }, STATE_ORDER.filter((s) => c[s] > 0).map((s) => {
    const seg = el('span', { class: `state-seg tone-${stateView(s).tone}` });
    seg.style.width = `${(100 * c[s]) / Math.max(pool.maxSize, total, 1)}%`;
    return seg;
  }));
  return el('div', { class: 'pool-counts' },
    el('p', { class: 'muted small', text: `${total} of ${pool.maxSize} desktops · ${pool.minSpare} spare${pool.minSpare === 1 ? '' : 's'} wanted` }),
    bar,
    pills.length ? el('ul', { class: 'count-pills', 'aria-label': `Desktops of ${pool.name} by state` }, pills)
      : el('p', { class: 'muted small', text: 'No desktops yet.' }));
}

function poolCard(pool, onEdit, onDelete, onSchedule) {
  const chips = [pool.cloneMode === 'linked' ? 'Linked clones' : 'Full copies',
    pool.assignment === 'dedicated' ? 'Dedicated' : 'Floating',
    { keep: 'Keep on release', refresh: 'Refresh on release', delete: 'Delete on release' }[pool.logoffPolicy] || pool.logoffPolicy,
    pool.readiness === 'boot' ? 'Ready at boot' : 'Ready when its agent answers',
    `${pool.memoryMib} MiB · ${pool.vcpus} vCPU`];
  const who = [...pool.entitledGroups.map((g) => `group ${g}`), ...pool.entitledRoles.map((r) => `role ${r}`)];
  return el('li', { class: 'card pool-card', dataset: { poolId: pool.id, poolName: pool.name } },
    el('div', { class: 'card-top' },
      el('div', { class: 'card-icon card-icon-pool' }, icon('pool')),
      el('div', { class: 'card-title' }, el('h3', { text: pool.name }),
        el('p', { class: 'muted', text: `Image ${pool.imageName}` })),
      pool.enabled ? null : badge('Deleting', 'neutral')),
    el('ul', { class: 'chips' }, chips.map((c) => el('li', { class: 'chip chip-soft', text: c }))),
    counts(pool),
    el('p', { class: 'muted small entitled' }, who.length ? `For ${who.join(', ')}` : 'Nobody is entitled yet.'),
    pool.enabled ? el('div', { class: 'card-actions' },
      button('Edit', { kind: 'button-small', iconName: 'edit', ariaLabel: `Edit pool ${pool.name}`, onclick: () => onEdit(pool) }),
      button('Schedule', { kind: 'button-small', iconName: 'clock', ariaLabel: `Capacity schedule of pool ${pool.name}`,
        onclick: () => onSchedule(pool) }),
      button('Delete', { kind: 'button-small button-quiet', iconName: 'trash', ariaLabel: `Delete pool ${pool.name}`,
        onclick: (e) => onDelete(pool, e.currentTarget) })) : null);
}

export default {
  title: 'Pools',
  lead: 'Groups of identical desktops cloned from a golden image. Spare desktops are kept ready; counts update live.',

  mount(ctx) {
    const panel = el('section', { class: 'section panel form-panel', 'aria-labelledby': 'pool-form-title', hidden: true },
      el('div', { class: 'section-head' }, el('h2', { id: 'pool-form-title', text: '' })));
    const list = el('ul', { class: 'cards', id: 'pools', 'aria-busy': 'true' }, el('li', { class: 'card skeleton', 'aria-hidden': 'true' }));
    const emptyBox = el('div', { hidden: true });
    const addButton = button('New pool', { kind: 'button-primary', iconName: 'plus', id: 'add-pool' });
    ctx.actions.append(addButton);
    ctx.root.append(panel, el('section', { class: 'section', 'aria-label': 'All pools' }, list, emptyBox));

    async function open(pool) {
      const [images, groups, roles] = await Promise.all([api.get('/images'), directory('groups'), directory('roles')]);
      panel.querySelector('form')?.remove();
      panel.querySelector('#schedule-host')?.remove();
      panel.querySelector('h2').textContent = pool ? `Edit pool ${pool.name}` : 'New pool';
      panel.append(poolForm(pool, images, groups, roles, close));
      panel.hidden = false;
      panel.querySelector('input').focus();
      panel.scrollIntoView({ block: 'start' });
    }
    function openSchedule(pool) {
      panel.querySelector('form')?.remove();
      panel.querySelector('#schedule-host')?.remove();
      panel.querySelector('h2').textContent = `Capacity schedule of ${pool.name}`;
      panel.append(el('div', { id: 'schedule-host' }, schedulePanel(pool, close)));
      panel.hidden = false;
      panel.scrollIntoView({ block: 'start' });
    }
    function close(changed) {
      panel.hidden = true;
      panel.querySelector('form')?.remove();
      panel.querySelector('#schedule-host')?.remove();
      addButton.focus();
      if (changed) refresh();
    }
    const guarded = (pool) => open(pool).catch((err) => showError(describe(err, 'Opening the pool form')));
    addButton.addEventListener('click', () => guarded(null));

    async function remove(pool, btn) {
      if (!await confirmAction(`Delete pool ${pool.name}?`,
        'Its desktops are deleted too. Users lose access to the pool at once.', 'Delete pool')) return;
      try {
        await busy(btn, () => api.del(`/pools/${pool.id}`));
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 'invalid_state')) {
          showError(describe(err, `Deleting ${pool.name}`));
          return;
        }
        if (!await confirmAction(`Users still hold desktops of ${pool.name}`, `${err.message}. Delete anyway? Their sessions end.`,
          'Delete anyway')) return;
        try {
          await api.del(`/pools/${pool.id}?force=true`);
        } catch (again) {
          showError(describe(again, `Deleting ${pool.name}`));
          return;
        }
      }
      notify(`Pool ${pool.name} is being deleted.`);
      refresh();
    }

    async function refresh() {
      const pools = await api.get('/pools');
      keepFocus(list, () => list.replaceChildren(...pools.map((p) => poolCard(p, guarded, remove, openSchedule))));
      list.setAttribute('aria-busy', 'false');
      emptyBox.replaceChildren(empty('pool', 'No pool yet. Create one from a golden image to offer desktops to your users.'));
      emptyBox.hidden = pools.length > 0;
    }

    ctx.every(POLL_MS, refresh);
  },
};
