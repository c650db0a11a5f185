/**
 * Golden images: the disk volumes pools clone desktops from. Browse a host's
 * storage pool, register a volume as an image, and add new versions (pools
 * move to the newest version as their desktops are refreshed).
 */
import { api } from '../api.js';
import { busy, button, bytes, describe, el, empty, formatTime, keepFocus, notify, section, table, timeAgo } from './dom.js';
import { clearErrors, field, formError, showFieldError, value } from './forms.js';

const COLUMNS = [{ label: 'Image' }, { label: 'Description' }, { label: 'Current version' }, { label: 'History' },
  { label: 'Actions', hideLabel: true, cls: 'actions' }];

/** A host picker and the volumes of the chosen host's storage pool, as a select. */
function volumePicker(hosts, { used }) {
  const hostField = field({ name: 'hostId', label: 'Host', required: true,
    choices: hosts.map((h) => [h.id, `${h.name} (${h.storagePool})`]) });
  const volumeField = field({ name: 'volume', label: 'Volume', required: true, choices: [],
    hint: 'Volumes of the host\u2019s storage pool. Desktop disks made by pools are not listed.' });
  const hostSelect = hostField.querySelector('select');
  const volumeSelect = volumeField.querySelector('select');
  async function load() {
    volumeSelect.replaceChildren(el('option', { value: '', text: 'Loading volumes…' }));
    volumeSelect.disabled = true;
    try {
      const volumes = await api.get(`/hosts/${hostSelect.value}/volumes`);
      // linked-clone disks have a backing file; golden images are stand-alone volumes
      const candidates = volumes.filter((v) => !v.backingPath);
      volumeSelect.replaceChildren(...(candidates.length === 0
        ? [el('option', { value: '', text: 'No stand-alone volume in this storage pool' })]
        : candidates.map((v) => el('option', { value: v.name,
          text: `${v.name} · ${v.format || 'raw'} · ${bytes(v.capacityBytes)}${used.has(v.name) ? ' · in use by an image' : ''}` }))));
    } catch (err) {
      volumeSelect.replaceChildren(el('option', { value: '', text: describe(err, 'Listing volumes') }));
    } finally {
      volumeSelect.disabled = false;
    }
  }
  hostSelect.addEventListener('change', load);
  if (hosts.length > 0) load();
  return [hostField, volumeField];
}

function registerForm(hosts, used, onDone) {
  const form = el('form', { class: 'form-grid', novalidate: true },
    formError(),
    field({ name: 'name', label: 'Name', required: true, hint: 'Letters, digits, - and _; e.g. win11-office.' }),
    ...volumePicker(hosts, { used }),
    field({ name: 'description', label: 'Description', type: 'textarea', maxlength: 512, wide: true,
      hint: 'What is installed, for the admins who pick it for a pool.' }),
    el('div', { class: 'form-actions' },
      button('Cancel', { kind: 'button-quiet', onclick: () => onDone(false) }),
      button('Register image', { kind: 'button-primary', type: 'submit', iconName: 'plus' })));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = { name: value(form, 'name'), description: value(form, 'description'),
      hostId: value(form, 'hostId'), volume: value(form, 'volume') };
    try {
      await busy(form.querySelector('button[type=submit]'), () => api.post('/images', body));
      notify(`Image ${body.name} registered.`);
      onDone(true);
    } catch (err) {
      showFieldError(form, err.field, err.field ? err.message : describe(err, 'Registering the image'));
    }
  });
  return form;
}

function versionForm(image, hosts, used, onDone) {
  const form = el('form', { class: 'form-grid', novalidate: true },
    formError(),
    ...volumePicker(hosts, { used }),
    el('div', { class: 'form-actions' },
      button('Cancel', { kind: 'button-quiet', onclick: () => onDone(false) }),
      button(`Add version ${image.currentVersion + 1}`, { kind: 'button-primary', type: 'submit', iconName: 'plus' })));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = { hostId: value(form, 'hostId'), volume: value(form, 'volume') };
    try {
      const r = await busy(form.querySelector('button[type=submit]'), () => api.post(`/images/${image.id}/versions`, body));
      notify(`${image.name} is now at version ${r.currentVersion}.`);
      onDone(true);
    } catch (err) {
      showFieldError(form, err.field, err.field ? err.message : describe(err, 'Adding the version'));
    }
  });
  return form;
}

export default {
  title: 'Golden images',
  lead: 'The disk images pools clone desktops from. Register a volume from a host\u2019s storage pool; add a version to roll out an update.',

  mount(ctx) {
    let hosts = [];
    let images = [];
    const panel = el('section', { class: 'section panel form-panel', 'aria-labelledby': 'image-form-title', hidden: true },
      el('div', { class: 'section-head' }, el('h2', { id: 'image-form-title', text: '' })));
    const list = el('div', { 'aria-busy': 'true' });
    const listSection = section('Registered images', { id: 'images-title' });
    listSection.append(list);
    const addButton = button('Register image', { kind: 'button-primary', iconName: 'plus', id: 'add-image' });
    ctx.actions.append(addButton);
    ctx.root.append(panel, listSection);

    const usedVolumes = () => new Set(images.flatMap((i) => i.versions.map((v) => v.volume)));
    function open(title, form) {
      panel.querySelector('form')?.remove();
      panel.querySelector('h2').textContent = title;
      panel.append(form);
      panel.hidden = false;
      panel.querySelector('input, select').focus();
      panel.scrollIntoView({ block: 'nearest' });
    }
    function close(changed) {
      panel.hidden = true;
      panel.querySelector('form')?.remove();
      addButton.focus();
      if (changed) refresh();
    }
    addButton.addEventListener('click', () => open('Register a golden image', registerForm(hosts, usedVolumes(), close)));

    async function refresh() {
      [hosts, images] = await Promise.all([api.get('/hosts'), api.get('/images')]);
      addButton.disabled = hosts.length === 0;
      const rows = images.map((i) => [
        el('strong', { class: 'name', text: i.name }),
        el('span', { class: 'description', text: i.description || '—' }),
        el('div', { class: 'stack' }, el('span', { text: `v${i.currentVersion}` }),
          el('code', { class: 'muted small', text: i.currentVolume })),
        el('ol', { class: 'versions', reversed: true }, [...i.versions].reverse().map((v) =>
          el('li', { title: formatTime(v.createdAt) }, el('span', { text: `v${v.version} ${v.volume} · ` }), timeAgo(v.createdAt)))),
        button('New version', { kind: 'button-small', iconName: 'plus', ariaLabel: `Add a version of ${i.name}`,
          onclick: () => open(`New version of ${i.name}`, versionForm(i, hosts, usedVolumes(), close)) }),
      ]);
      keepFocus(list, () => list.replaceChildren(images.length === 0
        ? empty('image', hosts.length === 0 ? 'Add a host first, then register a volume of its storage pool.'
          : 'No golden image yet. Register a volume to build pools from it.')
        : table('Golden images', COLUMNS, rows)));
      list.setAttribute('aria-busy', 'false');
    }

    ctx.every(30000, refresh);
  },
};
