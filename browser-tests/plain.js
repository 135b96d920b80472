// Issue 13's check without the widget: a page's own script on a tenant's origin gets a voter token with a
// proof-of-work solved by altcha-lib's reference solver (served from node_modules), votes, and meets the 409.
import { solveChallenge } from '/vendor/altcha-lib/v1/index.js';

const q = new URLSearchParams(location.search);
const api = `${q.get('service')}/api/v1/tenants/stede-broec`;
const status = async (promise) => { try { return (await promise).status; } catch (e) { return 'blocked'; } };

async function solved() {
  const c = await (await fetch(`${api}/proof-of-work`)).json();
  const started = performance.now();
  const s = await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise;
  const ms = Math.round(performance.now() - started);
  return { ms, tries: s.number + 1, payload: btoa(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: s.number,
    salt: c.salt, signature: c.signature })) };
}

window.plainResult = null;
(async () => {
  const out = {};
  out.withoutPow = await status(fetch(`${api}/voter-tokens`, { method: 'POST' }));
  const { ms, tries, payload } = await solved();
  out.solveMs = ms;
  out.tries = tries;
  let token = null;
  try {
    const r = await fetch(`${api}/voter-tokens`, { method: 'POST', headers: { Altcha: payload } });
    out.token = r.status;
    token = (await r.json()).token;
  } catch (e) {
    out.token = 'blocked';
  }
  out.replay = await status(fetch(`${api}/voter-tokens`, { method: 'POST', headers: { Altcha: payload } }));
  const vote = () => fetch(`${api}/polls/${q.get('poll')}/votes`, { method: 'POST',
    headers: { 'Voter-Token': token || 'none', 'Content-Type': 'application/json' },
    body: JSON.stringify({ optionIds: [q.get('option')] }) });
  out.vote = await status(vote());
  out.second = await status(vote());
  document.getElementById('plain-status').textContent = JSON.stringify(out);
  window.plainResult = out;
})();
