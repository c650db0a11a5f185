/**
 * Reports: per pool and hour (peak desktops in use, logons, session length,
 * time to desktop, refusals), per user (sessions and time) and per host
 * (desktops and memory now), as charts over a date range. Each chart links to
 * its data as CSV: the same rows as the API's JSON (/api/v1/reports/...).
 * The range and pool can be given in the address: #reports?from=2026-03-01&to=2026-03-07&pool=<id>
 * (to is the last day shown, inclusive).
 */
import { api } from '../api.js';
import { describe, el, empty, icon, showError, announce, mib } from './dom.js';
import { clearErrors, field, showFieldError } from './forms.js';
import { barChart, lineChart } from './charts.js';

const DAY = 24 * 3600 * 1000;
const TOP_USERS = 20;

/** yyyy-mm-dd of a Date, in UTC (the reports count in UTC hours). */
function isoDay(d) {
  return d.toISOString().slice(0, 10);
}

function nextDay(day) {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + DAY));
}

/** An hour's label: the UTC hour, with the date where a day starts. */
function hourLabel(iso) {
  const d = new Date(iso);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  return d.getUTCHours() === 0 ? `${iso.slice(5, 10)} 00h` : `${hh}h`;
}

const count = (v) => String(Math.round(v));
function duration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 120) return `${Number(seconds.toFixed(1))} s`;
  if (seconds < 7200) return `${Number((seconds / 60).toFixed(1))} min`;
  return `${Number((seconds / 3600).toFixed(1))} h`;
}
const orNull = (v) => (v === undefined ? null : v);

function csvLink(id, href, what) {
  return el('a', { class: 'button button-quiet', id, href, download: '', 'aria-label': `Download ${what} as CSV` },
    icon('download'), el('span', { text: 'CSV' }));
}

function chartPanel(title, link, ...body) {
  const h = el('h2', { text: title });
  return el('section', { class: 'section panel report-panel' },
    el('div', { class: 'section-head' }, h, el('div', { class: 'section-actions' }, link)), body);
}

export default {
  title: 'Reports',
  lead: 'Usage per pool and hour, per user and per host, from the session and request records. Hours are UTC.',

  async mount(ctx) {
    const params = new URLSearchParams(location.hash.split('?')[1] || '');
    const today = isoDay(new Date());
    const from0 = params.get('from') || isoDay(new Date(Date.now() - 6 * DAY));
    const to0 = params.get('to') || today;
    const form = el('form', { class: 'filters report-filters', role: 'search', 'aria-label': 'Report range', novalidate: true },
      field({ name: 'from', label: 'From', type: 'date', value: from0 }),
      field({ name: 'to', label: 'To (inclusive)', type: 'date', value: to0 }),
      field({ name: 'pool', label: 'Pool', choices: [['', 'Loading…']] }),
      el('div', { class: 'filter filter-submit' },
        el('button', { type: 'submit', class: 'button button-primary', id: 'report-show', text: 'Show' })));
    const summary = el('p', { class: 'muted small', id: 'report-summary' });
    const charts = el('div', { class: 'report-charts', id: 'report-charts', 'aria-busy': 'true' });
    ctx.root.append(el('section', { class: 'section panel', 'aria-label': 'Report range' }, form, summary), charts);

    const poolSelect = form.elements.namedItem('pool');
    try {
      const pools = await api.get('/pools');
      pools.sort((a, b) => a.name.localeCompare(b.name));
      poolSelect.replaceChildren(...pools.map((p) => el('option', { value: p.id, text: p.name })));
      if (pools.length === 0) poolSelect.append(el('option', { value: '', text: 'No pools yet' }));
      const wanted = params.get('pool');
      if (wanted && pools.some((p) => p.id === wanted)) poolSelect.value = wanted;
    } catch (err) {
      showError(describe(err, 'Loading the pools'));
    }

    function query() {
      const v = (n) => form.elements.namedItem(n).value.trim();
      const q = new URLSearchParams();
      if (v('from')) q.set('from', v('from'));
      if (v('to')) q.set('to', /^\d{4}-\d{2}-\d{2}$/.test(v('to')) ? nextDay(v('to')) : v('to'));
      return q;
    }

    async function load() {
      clearErrors(form);
      const q = query();
      const pool = poolSelect.value;
      const pq = new URLSearchParams(q);
      if (pool) pq.set('pool', pool);
      charts.setAttribute('aria-busy', 'true');
      try {
        const [hours, users, hosts] = await Promise.all([
          pool ? api.get(`/reports/pools/hourly?${pq}`) : Promise.resolve([]),
          api.get(`/reports/users?${q}`),
          api.get('/reports/hosts'),
        ]);
        const panels = [];
        const poolName = poolSelect.selectedOptions[0] ? poolSelect.selectedOptions[0].textContent : '';
        if (pool) {
          const cats = hours.map((h) => hourLabel(h.hour));
          const hourly = csvLink('csv-pool-hours', `/api/v1/reports/pools/hourly.csv?${pq}`, `the hourly figures of ${poolName}`);
          const link = () => hourly.cloneNode(true);
          panels.push(
            chartPanel(`Peak desktops in use · ${poolName}`, hourly, barChart({ id: 'peak', label: 'Peak desktops in use per hour',
              categories: cats, series: [{ name: 'Peak in use', values: hours.map((h) => h.peakInUse) }], format: count, integer: true })),
            chartPanel('Logons', link(), barChart({ id: 'logons', label: 'Console logons per hour',
              categories: cats, series: [{ name: 'Logons', values: hours.map((h) => h.logons) }], format: count, integer: true })),
            chartPanel('Session length', link(), lineChart({ id: 'session-length', label: 'Length of the sessions started per hour',
              categories: cats, format: duration, series: [
                { name: 'Average', values: hours.map((h) => orNull(h.avgSessionSeconds)) },
                { name: '95th percentile', values: hours.map((h) => orNull(h.p95SessionSeconds)) }] })),
            chartPanel('Time to desktop', link(), lineChart({ id: 'time-to-desktop', label: 'Time from request to a running desktop, per hour',
              categories: cats, format: duration, series: [
                { name: 'Average', values: hours.map((h) => orNull(h.avgTimeToDesktopSeconds)) },
                { name: '95th percentile', values: hours.map((h) => orNull(h.p95TimeToDesktopSeconds)) }] })),
            chartPanel('Refusals (no desktop available)', link(), barChart({ id: 'refusals', label: 'Requests refused per hour',
              categories: cats, series: [{ name: 'Refusals', values: hours.map((h) => h.refusals) }], format: count, integer: true })));
          for (const a of panels.slice(1).map((p) => p.querySelector('a[download]'))) a.removeAttribute('id');
        }
        const top = users.slice(0, TOP_USERS);
        panels.push(chartPanel(`Users by time (top ${TOP_USERS})`, csvLink('csv-users', `/api/v1/reports/users.csv?${q}`, 'the per user figures'),
          top.length === 0 ? empty('session', 'No console session in this range.')
            : barChart({ id: 'users', label: 'Console time per user', categories: top.map((u) => u.user), format: duration,
              series: [{ name: 'Time', values: top.map((u) => u.seconds) }] })));
        panels.push(chartPanel('Hosts: memory now', csvLink('csv-hosts', '/api/v1/reports/hosts.csv', 'the per host figures'),
          hosts.length === 0 ? empty('host', 'No host registered.')
            : barChart({ id: 'hosts', label: 'Memory of running desktops and the limit, per host', categories: hosts.map((h) => h.host),
              format: (v) => mib(v), series: [{ name: 'Used', values: hosts.map((h) => h.memoryUsedMib) },
                { name: 'Limit', values: hosts.map((h) => h.maxMemoryMib) }] }),
          hosts.length === 0 ? null
            : barChart({ id: 'host-desktops', label: 'Desktops per host: running and held', categories: hosts.map((h) => h.host),
              format: count, integer: true, series: [{ name: 'Running', values: hosts.map((h) => h.running) },
                { name: 'Held by a user', values: hosts.map((h) => h.inUse) }] })));
        charts.replaceChildren(...panels);
        const logons = hours.reduce((n, h) => n + h.logons, 0);
        const refusals = hours.reduce((n, h) => n + h.refusals, 0);
        summary.textContent = pool
          ? `${poolName}: ${hours.length} hours, ${logons} logon${logons === 1 ? '' : 's'}, ${refusals} refusal${refusals === 1 ? '' : 's'}; ${users.length} user${users.length === 1 ? '' : 's'} in all pools.`
          : `${users.length} user${users.length === 1 ? '' : 's'}; no pool to show hourly figures for.`;
        announce(summary.textContent);
      } catch (err) {
        if (!err.field || !showFieldError(form, err.field, err.message)) showError(describe(err, 'Loading the reports'));
      } finally {
        charts.setAttribute('aria-busy', 'false');
      }
    }

    form.addEventListener('submit', (e) => {
      e.preventDefault();
      load();
    });
    load();
  },
};
