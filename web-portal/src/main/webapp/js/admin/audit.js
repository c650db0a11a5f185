/**
 * Audit trail: who did what to which object, filtered by time, actor, action
 * or object type, and object; exported as CSV with the same filter.
 */
import { api } from '../api.js';
import { badge, describe, el, empty, formatTime, icon, showError, table, announce } from './dom.js';
import { clearErrors, field, showFieldError } from './forms.js';

const OUTCOME = { success: ['Success', 'ready'], denied: ['Denied', 'warning'], failed: ['Failed', 'error'] };

/** A datetime-local value (local time) as an ISO instant, or null. */
function instant(local) {
  if (!local) return null;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export default {
  title: 'Audit trail',
  lead: 'Every change and every refused attempt, newest first. Narrow it down, then export what you see as CSV.',

  mount(ctx) {
    const form = el('form', { class: 'filters audit-filters', role: 'search', 'aria-label': 'Filter the audit trail', novalidate: true },
      field({ name: 'from', label: 'From', type: 'datetime-local' }),
      field({ name: 'to', label: 'To', type: 'datetime-local' }),
      field({ name: 'actor', label: 'Actor', placeholder: 'e.g. admin' }),
      field({ name: 'type', label: 'Action or type', placeholder: 'e.g. pool, pool.create, desktop' }),
      field({ name: 'object', label: 'Object', placeholder: 'Name or id' }),
      field({ name: 'limit', label: 'At most', choices: [['100', '100 events'], ['500', '500 events'], ['2000', '2,000 events'], ['10000', '10,000 events']], value: '500' }),
      el('div', { class: 'filter filter-submit' },
        el('button', { type: 'submit', class: 'button button-primary', text: 'Show' })));
    const exportLink = el('a', { class: 'button', id: 'audit-export', href: '/api/v1/audit.csv', download: '' },
      icon('download'), el('span', { text: 'Export CSV' }));
    ctx.actions.append(exportLink);
    const summary = el('p', { class: 'muted small', id: 'audit-summary' });
    const list = el('div', { 'aria-busy': 'true' });
    ctx.root.append(el('section', { class: 'section panel', 'aria-label': 'Audit events' }, form, summary, list));

    function params() {
      const q = new URLSearchParams();
      const v = (n) => form.elements.namedItem(n).value.trim();
      const from = instant(v('from'));
      const to = instant(v('to'));
      if (from) q.set('from', from);
      if (to) q.set('to', to);
      for (const n of ['actor', 'type', 'object', 'limit']) if (v(n)) q.set(n, v(n));
      return q;
    }

    async function load() {
      clearErrors(form);
      const q = params();
      exportLink.href = `/api/v1/audit.csv?${q}`;
      list.setAttribute('aria-busy', 'true');
      try {
        const events = await api.get(`/audit?${q}`);
        const rows = events.map((e) => {
          const [label, tone] = OUTCOME[e.outcome] || [e.outcome, 'neutral'];
          return [
            el('time', { datetime: e.at, text: formatTime(e.at) }),
            el('strong', { class: 'name', text: e.actor }),
            el('code', { text: e.action }),
            el('div', { class: 'stack' }, el('span', { text: e.targetType || '—' }),
              e.targetId ? el('code', { class: 'muted small', text: e.targetId }) : null),
            badge(label, tone),
            el('span', { class: 'detail', text: e.detail || '' }),
          ];
        });
        summary.textContent = `${events.length} event${events.length === 1 ? '' : 's'}${events.length >= Number(q.get('limit') || 500) ? ' (limit reached; narrow the filter to see older ones)' : ''}`;
        list.replaceChildren(events.length === 0 ? empty('audit', 'No event matches this filter.')
          : table('Audit events', [{ label: 'Time' }, { label: 'Actor' }, { label: 'Action' }, { label: 'Object' },
            { label: 'Outcome' }, { label: 'Detail' }], rows));
        announce(summary.textContent);
      } catch (err) {
        if (!err.field || !showFieldError(form, err.field, err.message)) showError(describe(err, 'Loading the audit trail'));
      } finally {
        list.setAttribute('aria-busy', 'false');
      }
    }

    form.addEventListener('submit', (e) => {
      e.preventDefault();
      load();
    });
    load();
  },
};
