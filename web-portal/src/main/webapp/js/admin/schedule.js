/**
 * A pool's capacity schedule: the rules (edited in place, saved all at once),
 * the target in force now, the next change and a 24-hour strip of the target
 * drawn with charts.js. Errors from the server ({field: "rules[2].start"})
 * land beside that field of that rule.
 */
import { api } from '../api.js';
import { busy, button, describe, el, notify } from './dom.js';
import { barChart } from './charts.js';
import { checkboxes, checked, clearErrors, field, formError, number, showFieldError, value } from './forms.js';

const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];
const DAY_LABELS = { MON: 'Mon', TUE: 'Tue', WED: 'Wed', THU: 'Thu', FRI: 'Fri', SAT: 'Sat', SUN: 'Sun' };

/** What the page states about overlapping rules: the same order CapacitySchedule applies. */
export const PRECEDENCE = 'Where rules overlap, the most specific wins: the one with the fewest days, then the shortest'
  + ' window, then the one listed first. Outside every rule the pool\u2019s own spares and maximum apply.';

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateTime = new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });

function localZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function zones() {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [localZone(), 'UTC'];
  }
}

function spares(n) {
  return `${n} spare${n === 1 ? '' : 's'}`;
}

function targetText(t) {
  const source = t.rule === null || t.rule === undefined ? 'the pool\u2019s own settings' : `rule ${t.rule + 1}`;
  return `${spares(t.spareTarget)}, at most ${t.maxSize} desktops \u2014 ${source}`;
}

function ruleRow(rule, i, onRemove) {
  const r = rule || { days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], start: '07:30', end: '10:00', zone: localZone(), spareTarget: 1, maxSize: null };
  const p = `rules[${i}]`;
  const zone = field({ name: `${p}.zone`, label: 'Time zone', value: r.zone, placeholder: 'Europe/Berlin', hint: 'An IANA zone.' });
  zone.querySelector('input').setAttribute('list', 'schedule-zones');
  return el('fieldset', { class: 'schedule-rule form-grid', dataset: { rule: String(i) } },
    el('legend', { class: 'schedule-rule-title', text: `Rule ${i + 1}` }),
    checkboxes(`${p}.days`, 'Days', DAYS.map((d) => ({ value: d, label: DAY_LABELS[d] })), r.days),
    field({ name: `${p}.start`, label: 'From', value: r.start, placeholder: 'HH:MM', hint: 'Wall-clock time in the zone.' }),
    field({ name: `${p}.end`, label: 'To', value: r.end, placeholder: 'HH:MM',
      hint: 'Before the start: ends the next day. 24:00 is midnight.' }),
    zone,
    field({ name: `${p}.spareTarget`, label: 'Spare desktops', type: 'number', min: 0, value: r.spareTarget, inputmode: 'numeric' }),
    field({ name: `${p}.maxSize`, label: 'Maximum desktops', type: 'number', min: 1, max: 1000, value: r.maxSize ?? '',
      inputmode: 'numeric', hint: 'Empty: the pool\u2019s own.' }),
    el('div', { class: 'form-actions' },
      button('Remove rule', { kind: 'button-small button-quiet', iconName: 'trash', ariaLabel: `Remove rule ${i + 1}`, onclick: onRemove })));
}

function readRules(form, count) {
  const out = [];
  for (let i = 0; i < count; i++) {
    const p = `rules[${i}]`;
    out.push({
      days: checked(form, `${p}.days`),
      start: value(form, `${p}.start`),
      end: value(form, `${p}.end`),
      zone: value(form, `${p}.zone`),
      spareTarget: number(form, `${p}.spareTarget`, 'Spare desktops'),
      maxSize: number(form, `${p}.maxSize`, 'Maximum desktops'),
    });
  }
  return out;
}

function strip(view) {
  const categories = view.strip.map((c) => clock.format(new Date(c.at)));
  return barChart({ id: 'schedule-strip', label: `Spare target, next 24 hours (every ${view.stripMinutes} minutes, your local time)`,
    categories, integer: true, series: [{ name: 'Spare target', values: view.strip.map((c) => c.spareTarget) }] });
}

function summary(view) {
  const next = view.nextChange;
  const applied = view.applied;
  return el('dl', { class: 'schedule-now' },
    el('dt', { text: 'In force now' }), el('dd', { id: 'schedule-target-now', text: targetText(view.targetNow) }),
    el('dt', { text: 'Next change' }), el('dd', { id: 'schedule-next-change',
      text: next ? `${dateTime.format(new Date(next.at))}: ${targetText(next)}` : 'None within a week.' }),
    el('dt', { text: 'The monitor keeps' }), el('dd', { id: 'schedule-applied',
      text: spares(applied.spareTarget)
        + (applied.rampingUp ? ` \u2014 ramping up ahead of the next window (about ${Math.round(applied.startSeconds)} s per desktop)` : '') }));
}

/**
 * The schedule panel of one pool. onClose(changed) is called when the admin
 * closes it; the panel reloads itself after a save.
 */
export function schedulePanel(pool, onClose) {
  const box = el('div', { class: 'schedule', id: 'schedule-panel', dataset: { poolId: pool.id } });
  let count = 0;

  function render(view) {
    count = view.rules.length;
    const rules = el('div', { class: 'schedule-rules', id: 'schedule-rules' });
    const form = el('form', { class: 'schedule-form', novalidate: true, id: 'schedule-form' },
      formError(),
      el('p', { class: 'muted small', id: 'schedule-precedence', text: PRECEDENCE }),
      rules,
      el('div', { class: 'form-actions' },
        button('Add rule', { kind: 'button-small', iconName: 'plus', id: 'schedule-add', onclick: () => redraw(1) }),
        button('Close', { kind: 'button-quiet', onclick: () => onClose(false) }),
        button('Save schedule', { kind: 'button-primary', type: 'submit', iconName: 'check', id: 'schedule-submit' })));

    function draw(list) {
      count = list.length;
      rules.replaceChildren(...(list.length ? list.map((r, i) => ruleRow(r, i, () => redraw(0, i)))
        : [el('p', { class: 'muted', text: 'No rules: the pool keeps its own spares all the time.' })]));
    }
    /** Keeps what was typed, adding an empty rule or removing one. */
    function redraw(add, removeAt) {
      let list;
      try {
        list = readRules(form, count);
      } catch {
        list = readRulesLoosely(form, count);
      }
      if (removeAt !== undefined) list.splice(removeAt, 1);
      if (add) list.push(null);
      draw(list);
    }
    draw(view.rules);

    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(form);
      try {
        const body = { rules: readRules(form, count) };
        const saved = await busy(form.querySelector('#schedule-submit'), () => api.put(`/pools/${pool.id}/schedule`, body));
        notify(`Schedule of ${pool.name} saved: ${saved.rules.length} rule${saved.rules.length === 1 ? '' : 's'}.`);
        render(saved);
      } catch (err) {
        showFieldError(form, err.field, err.field ? err.message : describe(err, 'Saving the schedule'));
      }
    });
    box.replaceChildren(summary(view), strip(view), form);
  }

  function readRulesLoosely(form, n) {
    return Array.from({ length: n }, (_, i) => {
      const p = `rules[${i}]`;
      return { days: checked(form, `${p}.days`), start: value(form, `${p}.start`), end: value(form, `${p}.end`),
        zone: value(form, `${p}.zone`), spareTarget: value(form, `${p}.spareTarget`), maxSize: value(form, `${p}.maxSize`) };
    });
  }

  api.get(`/pools/${pool.id}/schedule`).then(render)
    .catch((err) => box.replaceChildren(el('p', { class: 'form-error', role: 'alert', text: describe(err, 'Loading the schedule') })));
  const list = el('datalist', { id: 'schedule-zones' }, zones().map((z) => el('option', { value: z })));
  return el('div', {}, box, list);
}
