/**
 * Hosts: the KVM hosts desktops run on, with state, capacity and whether they
 * offer hardware virtualization or only emulation; add one by libvirt URI and
 * test its connection.
 */
import { api } from '../api.js';
import { announce, badge, busy, button, describe, el, empty, keepFocus, mib, notify, section, showError, table, timeAgo } from './dom.js';
import { clearErrors, field, formError, number, showFieldError, value } from './forms.js';

const STATE = {
  up: ['Connected', 'ready'],
  down: ['Unreachable', 'error'],
  unknown: ['Not checked yet', 'neutral'],
};

function stateCell(h) {
  const [label, tone] = STATE[h.state] || [h.state, 'neutral'];
  return el('div', { class: 'stack' }, badge(h.enabled ? label : `${label} · disabled`, tone),
    h.stateReason ? el('span', { class: 'muted small', text: h.stateReason }) : null);
}

function virtualization(h) {
  const kvm = h.virtualizationType === 'kvm';
  const offered = h.kvmAvailable === true ? 'libvirt offers KVM here'
    : h.kvmAvailable === false ? 'no KVM on this host' : 'not probed yet';
  return el('div', { class: 'stack' },
    badge(kvm ? 'KVM acceleration' : 'Emulation (TCG) only', kvm ? 'ready' : 'warning'),
    el('span', { class: 'muted small', text: kvm ? offered : `desktops run emulated; ${offered}` }));
}

function capacity(h, used) {
  const pct = Math.min(100, Math.round((100 * used) / Math.max(1, h.maxDesktops)));
  return el('div', { class: 'stack' },
    el('span', { text: `${used} of ${h.maxDesktops} desktops` }),
    el('span', { class: 'meter', role: 'img', 'aria-label': `${pct}% of desktop slots used` },
      el('span', { class: 'meter-fill', style: null, dataset: { pct: String(pct) } })),
    el('span', { class: 'muted small', text: `${mib(h.maxMemoryMib)} memory for desktops` }));
}

function addForm(onDone) {
  const form = el('form', { class: 'form-grid', novalidate: true },
    formError(),
    field({ name: 'name', label: 'Name', required: true, hint: 'Letters, digits, - and _; e.g. kvm-03.' }),
    field({ name: 'libvirtUri', label: 'libvirt URI', required: true, placeholder: 'qemu+ssh://root@kvm-03/system',
      hint: 'qemu:///system for this machine, qemu+ssh:// or qemu+tls:// for others.', wide: true }),
    field({ name: 'storagePool', label: 'Storage pool', required: true, value: 'default',
      hint: 'The libvirt storage pool that holds golden images and desktop disks.' }),
    field({ name: 'virtualizationType', label: 'Virtualization', value: 'kvm',
      choices: [['kvm', 'KVM'], ['qemu', 'Emulation (TCG)']],
      hint: 'KVM uses hardware acceleration; choose emulation only where KVM is missing or unusable.' }),
    field({ name: 'consoleAddress', label: 'Console address', placeholder: '127.0.0.1',
      hint: 'Where the console gateway reaches this host\u2019s VNC and SPICE ports.' }),
    field({ name: 'maxDesktops', label: 'Max desktops', type: 'number', min: 1, max: 10000, value: 20, inputmode: 'numeric' }),
    field({ name: 'maxMemoryMib', label: 'Memory for desktops (MiB)', type: 'number', min: 64, value: 16384, inputmode: 'numeric' }),
    el('div', { class: 'form-actions' },
      button('Cancel', { kind: 'button-quiet', onclick: () => onDone(false) }),
      button('Add host', { kind: 'button-primary', type: 'submit', iconName: 'plus' })));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const submit = form.querySelector('button[type=submit]');
    try {
      const body = {
        name: value(form, 'name'),
        libvirtUri: value(form, 'libvirtUri'),
        storagePool: value(form, 'storagePool'),
        virtualizationType: value(form, 'virtualizationType'),
        consoleAddress: value(form, 'consoleAddress'),
        maxDesktops: number(form, 'maxDesktops', 'Max desktops'),
        maxMemoryMib: number(form, 'maxMemoryMib', 'Memory'),
      };
      await busy(submit, () => api.post('/hosts', body));
      notify(`Host ${body.name} added and connected.`);
      onDone(true);
    } catch (err) {
      showFieldError(form, err.field, err.field ? err.message : describe(err, 'Adding the host'));
    }
  });
  return form;
}

export default {
  title: 'Hosts',
  lead: 'The KVM hosts desktops run on. The broker connects to each through libvirt and places new desktops where there is room.',

  mount(ctx) {
    const list = el('div', { 'aria-busy': 'true' });
    const formPanel = el('section', { class: 'section panel form-panel', 'aria-labelledby': 'host-form-title', hidden: true },
      el('div', { class: 'section-head' }, el('h2', { id: 'host-form-title', text: 'Add a host' })));
    const addButton = button('Add host', { kind: 'button-primary', iconName: 'plus', id: 'add-host' });
    const close = (changed) => {
      formPanel.hidden = true;
      formPanel.querySelector('form')?.remove();
      addButton.focus();
      if (changed) refresh();
    };
    addButton.addEventListener('click', () => {
      if (!formPanel.hidden) return;
      formPanel.append(addForm(close));
      formPanel.hidden = false;
      formPanel.querySelector('input').focus();
    });
    ctx.actions.append(addButton);
    const listSection = section('All hosts', { id: 'hosts-title' });
    listSection.append(list);
    ctx.root.append(formPanel, listSection);

    async function probe(h, btn) {
      try {
        const r = await busy(btn, () => api.post(`/hosts/${h.id}/probe`));
        if (r.state === 'up') notify(`${h.name}: connection works.`);
        else showError(`${h.name} cannot be reached: ${r.stateReason || r.state}`);
        announce(`${h.name} is ${r.state}`);
        refresh();
      } catch (err) {
        showError(describe(err, `Testing ${h.name}`));
      }
    }

    async function refresh() {
      const [hosts, desktops] = await Promise.all([api.get('/hosts'), api.get('/desktops?max=5000')]);
      const used = new Map();
      for (const d of desktops) used.set(d.host, (used.get(d.host) || 0) + 1);
      listSection.querySelector('.section-head h2').textContent = 'All hosts';
      const rows = hosts.map((h) => [
        el('div', { class: 'stack' }, el('strong', { class: 'name', text: h.name }),
          el('code', { class: 'muted small', text: h.libvirtUri })),
        stateCell(h),
        virtualization(h),
        capacity(h, used.get(h.name) || 0),
        el('div', { class: 'stack' }, el('span', { text: h.storagePool }),
          el('span', { class: 'muted small' }, 'seen ', timeAgo(h.lastSeen))),
        button('Test connection', { kind: 'button-small', iconName: 'plug', ariaLabel: `Test connection to ${h.name}`,
          onclick: (e) => probe(h, e.currentTarget) }),
      ]);
      keepFocus(list, () => list.replaceChildren(hosts.length === 0
        ? empty('host', 'No host yet. Add the first KVM host by its libvirt URI.')
        : table('Hosts', [{ label: 'Host' }, { label: 'State' }, { label: 'Virtualization' }, { label: 'Capacity' },
          { label: 'Storage pool' }, { label: 'Actions', hideLabel: true, cls: 'actions' }], rows)));
      for (const m of list.querySelectorAll('.meter-fill')) m.style.width = `${m.dataset.pct}%`;
      list.setAttribute('aria-busy', 'false');
    }

    ctx.every(15000, refresh);
  },
};
