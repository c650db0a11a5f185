/**
 * Sessions: the consoles open right now (and, on request, ended ones), and
 * terminating one; console-proxy closes it within seconds.
 */
import { api } from '../api.js';
import { badge, busy, bytes, button, confirmAction, describe, el, empty, keepFocus, notify, showError, table, timeAgo } from './dom.js';

const POLL_MS = 5000;

export default {
  title: 'Sessions',
  lead: 'Consoles open right now, who has them and for how long. Terminate one to disconnect its user at once.',

  mount(ctx) {
    const showEnded = el('input', { type: 'checkbox', id: 'sessions-ended' });
    const toggle = el('label', { class: 'check inline-check', for: 'sessions-ended' }, showEnded,
      el('span', { class: 'check-text', text: 'Include ended sessions' }));
    const list = el('div', { 'aria-busy': 'true' });
    ctx.root.append(el('section', { class: 'section panel', 'aria-label': 'Console sessions' },
      el('div', { class: 'section-head' }, el('h2', { text: 'Console sessions' }), el('div', { class: 'section-actions' }, toggle)),
      list));

    async function terminate(s, btn) {
      if (!await confirmAction(`Terminate ${s.user}\u2019s console?`,
        `The console of ${s.desktopName} closes for ${s.user}. The desktop keeps running and stays assigned.`,
        'Terminate')) return;
      try {
        await busy(btn, () => api.del(`/sessions/${s.id}`));
        notify(`The console of ${s.desktopName} is being closed.`);
        refresh();
      } catch (err) {
        showError(describe(err, 'Terminating the session'));
      }
    }

    async function refresh() {
      const sessions = await api.get(`/sessions?all=${showEnded.checked}&max=500`);
      const rows = sessions.map((s) => [
        el('strong', { class: 'name', text: s.user }),
        s.desktopName,
        el('span', { class: 'chip chip-soft', text: String(s.protocol || '').toUpperCase() }),
        s.clientAddr || '—',
        timeAgo(s.startedAt),
        `${bytes(s.bytesIn)} in · ${bytes(s.bytesOut)} out`,
        s.live ? badge('Live', 'ready')
          : el('div', { class: 'stack' }, badge('Ended', 'neutral'),
            el('span', { class: 'muted small', text: s.terminatedBy ? `terminated by ${s.terminatedBy}` : s.endReason || '' })),
        s.live ? button('Terminate', { kind: 'button-small button-danger-quiet', iconName: 'close',
          ariaLabel: `Terminate ${s.user}'s console of ${s.desktopName}`, onclick: (e) => terminate(s, e.currentTarget) }) : '',
      ]);
      keepFocus(list, () => list.replaceChildren(sessions.length === 0
        ? empty('session', showEnded.checked ? 'No console sessions recorded yet.' : 'No console is open right now.')
        : table('Console sessions', [{ label: 'User' }, { label: 'Desktop' }, { label: 'Protocol' }, { label: 'From' },
          { label: 'Started' }, { label: 'Traffic' }, { label: 'State' }, { label: 'Actions', hideLabel: true, cls: 'actions' }], rows)));
      list.setAttribute('aria-busy', 'false');
    }

    showEnded.addEventListener('change', () => refresh().catch((err) => showError(describe(err, 'Loading sessions'))));
    ctx.every(POLL_MS, refresh);
  },
};
