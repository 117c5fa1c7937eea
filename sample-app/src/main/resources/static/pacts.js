'use strict';

// The pending pacts of /actuator/pacts, refreshed every second; a cancel button per pact
// (DELETE /actuator/pacts/{id}) and a form that starts a deletion (POST /deletions).

const REFRESH_MILLIS = 1000;

const rows = document.querySelector('#pacts tbody');
const empty = document.getElementById('empty');
const updated = document.getElementById('updated');
const message = document.getElementById('message');

/** Seconds of an ISO-8601 duration such as PT1M12.5S or PT-3S (null if absent). */
function seconds(duration) {
  const match = /^PT(?:(-?\d+)H)?(?:(-?\d+)M)?(?:(-?[\d.]+)S)?$/.exec(duration || '');
  if (!match) {
    return null;
  }
  return 3600 * Number(match[1] || 0) + 60 * Number(match[2] || 0) + Number(match[3] || 0);
}

/** 75.4 as "1m 15s", 3.2 as "3s". */
function readable(totalSeconds) {
  const whole = Math.floor(Math.abs(totalSeconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  return (h ? h + 'h ' : '') + (h || m ? m + 'm ' : '') + s + 's';
}

function cell(className, text) {
  const td = document.createElement('td');
  td.className = className;
  td.textContent = text;
  return td;
}

function deadlineText(pact) {
  if (!pact.deadline) {
    return 'none';
  }
  const left = seconds(pact.timeLeft);
  const at = new Date(pact.deadline).toLocaleTimeString();
  if (left === null) {
    return at;
  }
  return at + (left >= 0 ? ' (in ' + readable(left) + ')' : ' (' + readable(left) + ' ago)');
}

function describe(pact) {
  if (pact.type === 'group') {
    return pact.description + ' (' + pact.conditionsHeld + ' of ' + pact.conditions + ' done)';
  }
  return pact.description;
}

function row(pact) {
  const tr = document.createElement('tr');
  tr.dataset.id = pact.id;
  tr.appendChild(cell('id', pact.id));
  tr.appendChild(cell('name', pact.name));
  tr.appendChild(cell('description', describe(pact)));
  tr.appendChild(cell('age', readable(seconds(pact.age) || 0)));
  tr.appendChild(cell('deadline', deadlineText(pact)));
  const state = cell('state', pact.state);
  if (pact.overdue) {
    tr.classList.add('overdue');
    const mark = document.createElement('span');
    mark.className = 'overdue-mark';
    mark.textContent = 'overdue';
    state.append(' ', mark);
  }
  tr.appendChild(state);
  const action = document.createElement('td');
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.className = 'cancel';
  cancel.textContent = 'Cancel';
  cancel.addEventListener('click', () => cancelPact(pact.id, cancel));
  action.appendChild(cancel);
  tr.appendChild(action);
  return tr;
}

function show(text, isError) {
  message.textContent = text;
  message.classList.toggle('error', Boolean(isError));
}

async function problem(response) {
  try {
    const body = await response.json();
    return body.detail || body.message || body.error || response.statusText;
  }
  catch (e) {
    return response.statusText;
  }
}

async function refresh() {
  try {
    const response = await fetch('actuator/pacts?state=pending', { headers: { Accept: 'application/json' } });
    if (!response.ok) {
      throw new Error(response.status + ' ' + (await problem(response)));
    }
    const listing = await response.json();
    rows.replaceChildren(...listing.pacts.map(row));
    empty.hidden = listing.pacts.length > 0;
    updated.textContent = listing.matched + ' pending, updated at ' + new Date().toLocaleTimeString();
  }
  catch (e) {
    updated.textContent = 'Cannot read /actuator/pacts: ' + e.message;
  }
  finally {
    setTimeout(refresh, REFRESH_MILLIS);
  }
}

async function cancelPact(id, button) {
  button.disabled = true;
  const response = await fetch('actuator/pacts/' + encodeURIComponent(id), { method: 'DELETE' });
  if (response.ok) {
    show('Cancelled pact ' + id);
  }
  else {
    show('Pact ' + id + ' was not cancelled: ' + (await problem(response)), true);
  }
}

document.getElementById('start-deletion').addEventListener('submit', async (event) => {
  event.preventDefault();
  const request = { path: document.getElementById('path').value };
  const deadline = document.getElementById('deadline').value;
  if (deadline) {
    request.deadline = 'PT' + deadline + 'S';
  }
  const response = await fetch('deletions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(request),
  });
  if (response.status === 202) {
    const deletion = await response.json();
    show('Started deletion ' + deletion.id + ' of ' + deletion.paths.join(', '));
  }
  else {
    show(response.status + ': ' + (await problem(response)), true);
  }
});

refresh();
