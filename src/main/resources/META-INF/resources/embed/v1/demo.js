// The demo page (demo.html?tenant=…): every open consultation of the tenant's published projects, with its polls,
// in the widgets — for officials to preview what residents will see. The newest few only, so the page stays quick.
const MAX = 5;
const api = new URL('/api/v1/', import.meta.url);
const tenant = new URLSearchParams(location.search).get('tenant') || '';
const list = document.getElementById('demo-list');

const get = async (path) => {
  const r = await fetch(new URL(path, api), { headers: { Accept: 'application/json' } });
  if (!r.ok) throw new Error(String(r.status));
  return r.json();
};
const say = (text) => { const p = document.createElement('p'); p.textContent = text; list.append(p); };

async function show() {
  const t = await get(`tenants/${encodeURIComponent(tenant)}`);
  document.querySelector('h1').textContent = `Voorbeeld: peilingen en raadplegingen van ${t.name}`;
  let shown = 0;
  const projects = await get(`tenants/${encodeURIComponent(tenant)}/projects?limit=100`);
  for (const project of projects.items) {
    if (shown >= MAX) break;
    const consultations = await get(`tenants/${encodeURIComponent(tenant)}/projects/${project.id}/consultations?limit=100`);
    for (const c of consultations.items.filter((x) => x.status === 'open').slice(0, MAX - shown)) {
      const item = document.createElement('section');
      item.className = 'demo__item';
      item.setAttribute('aria-label', c.title);
      const consultation = document.createElement('samen-consultation');
      consultation.setAttribute('tenant', tenant);
      consultation.setAttribute('consultation', c.id);
      item.append(consultation);
      const polls = await get(`tenants/${encodeURIComponent(tenant)}/consultations/${c.id}/polls?limit=100`);
      for (const p of polls.items.filter((x) => x.status === 'open')) {
        const poll = document.createElement('samen-poll');
        poll.setAttribute('tenant', tenant);
        poll.setAttribute('poll', p.id);
        poll.setAttribute('heading-level', '3');
        item.append(poll);
      }
      list.append(item);
      shown += 1;
    }
  }
  if (!shown) say(`${t.name} heeft nu geen open raadplegingen.`);
}

show().catch(() => say(tenant ? 'Deze gemeente is niet gevonden, of de verbinding mislukte.'
  : 'Geef de gemeente op in het adres, bijvoorbeeld demo.html?tenant=enkhuizen.'));
