/**
 * Form fields of the admin pages: each with its label, an optional hint and a
 * place for its error right beside it. Server errors ({code, message, field})
 * land beside the field they name; anything else shows at the top of the form.
 */
import { el } from './dom.js';

let sequence = 0;

/**
 * One labelled input. options: {name, label, type, value, hint, required, min,
 * max, step, placeholder, choices: [[value, label]], autocomplete, wide}.
 */
export function field(o) {
  const id = `f-${o.name}-${++sequence}`;
  const hintId = o.hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  let control;
  if (o.choices) {
    control = el('select', { id, name: o.name, required: o.required },
      o.choices.map(([v, l]) => el('option', { value: v, text: l, selected: String(o.value ?? '') === String(v) })));
  } else if (o.type === 'textarea') {
    control = el('textarea', { id, name: o.name, rows: 2, maxlength: o.maxlength, placeholder: o.placeholder });
    control.value = o.value ?? '';
  } else {
    control = el('input', {
      id, name: o.name, type: o.type || 'text', required: o.required, min: o.min, max: o.max, step: o.step,
      placeholder: o.placeholder, autocomplete: o.autocomplete || 'off', inputmode: o.inputmode,
      spellcheck: o.type === 'text' || !o.type ? 'false' : null,
    });
    control.value = o.value ?? '';
  }
  control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  return el('div', { class: `field${o.wide ? ' field-wide' : ''}`, dataset: { field: o.name } },
    el('label', { for: id, text: o.label }, o.required ? el('span', { class: 'required', 'aria-hidden': 'true', text: ' *' }) : null),
    control,
    o.hint ? el('p', { class: 'field-hint', id: hintId, text: o.hint }) : null,
    el('p', { class: 'field-error', id: errorId, hidden: true }));
}

/** A group of checkboxes (a fieldset with a legend); items: [{value, label, detail}]. */
export function checkboxes(name, legend, items, selected, hint) {
  const chosen = new Set(selected || []);
  const errorId = `f-${name}-${++sequence}-error`;
  return el('fieldset', { class: 'field field-wide checks', dataset: { field: name }, 'aria-describedby': errorId },
    el('legend', { text: legend }),
    hint ? el('p', { class: 'field-hint', text: hint }) : null,
    el('div', { class: 'check-grid' }, items.map((it) => el('label', { class: 'check' },
      el('input', { type: 'checkbox', name, value: it.value, checked: chosen.has(it.value) }),
      el('span', { class: 'check-text' }, el('span', { text: it.label }),
        it.detail ? el('span', { class: 'check-detail', text: it.detail }) : null)))),
    el('p', { class: 'field-error', id: errorId, hidden: true }));
}

/** The checked values of a checkbox group. */
export function checked(form, name) {
  return [...form.querySelectorAll(`input[type=checkbox][name="${name}"]`)].filter((c) => c.checked).map((c) => c.value);
}

/** A form-level error area, first in the form. */
export function formError() {
  return el('div', { class: 'form-error', role: 'alert', hidden: true });
}

export function clearErrors(form) {
  for (const p of form.querySelectorAll('.field-error')) {
    p.hidden = true;
    p.textContent = '';
  }
  for (const c of form.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
  for (const f of form.querySelectorAll('.field.invalid')) f.classList.remove('invalid');
  const top = form.querySelector('.form-error');
  if (top) {
    top.hidden = true;
    top.textContent = '';
  }
}

/**
 * Shows an error beside the field it names (focusing that field), else at the
 * top of the form. Returns true when it landed beside a field.
 */
export function showFieldError(form, fieldName, message) {
  const box = fieldName ? form.querySelector(`[data-field="${CSS.escape(fieldName)}"]`) : null;
  if (box) {
    box.classList.add('invalid');
    const p = box.querySelector('.field-error');
    p.textContent = message;
    p.hidden = false;
    const control = box.querySelector('input, select, textarea');
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      control.focus();
    }
    return true;
  }
  const top = form.querySelector('.form-error');
  if (top) {
    top.textContent = message;
    top.hidden = false;
    top.scrollIntoView({ block: 'nearest' });
  }
  return false;
}

/** The value of a named control, trimmed; null when empty. */
export function value(form, name) {
  const c = form.elements.namedItem(name);
  if (!c) return null;
  const v = String(c.value ?? '').trim();
  return v === '' ? null : v;
}

/** A whole number, or null when empty; NaN input is reported beside the field. */
export function number(form, name, label) {
  const v = value(form, name);
  if (v === null) return null;
  const n = Number(v);
  if (!Number.isInteger(n)) {
    throw Object.assign(new Error(`${label} must be a whole number`), { field: name });
  }
  return n;
}
