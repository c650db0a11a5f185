/** How desktop states (as the API spells them) show on the admin pages. */

/** Display order: ready first, then busy, then idle and trouble. */
export const STATE_ORDER = ['available', 'assigned', 'in-use', 'provisioning', 'starting', 'refreshing', 'stopped',
  'deleting', 'error', 'unavailable'];

const STATES = {
  available: { label: 'Available', tone: 'ready' },
  assigned: { label: 'Assigned', tone: 'inuse' },
  'in-use': { label: 'In use', tone: 'inuse' },
  provisioning: { label: 'Provisioning', tone: 'progress' },
  starting: { label: 'Starting', tone: 'progress' },
  refreshing: { label: 'Refreshing', tone: 'progress' },
  stopped: { label: 'Stopped', tone: 'neutral' },
  deleting: { label: 'Deleting', tone: 'neutral' },
  error: { label: 'Error', tone: 'error' },
  unavailable: { label: 'Unavailable', tone: 'warning' },
};

export function stateView(state) {
  return STATES[state] || { label: state || 'Unknown', tone: 'neutral' };
}
