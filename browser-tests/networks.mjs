// Residents on the networks they really have, in a real browser, against the real service and its real allowances:
// a school whose pupils share one address, a neighbour at home, and IPv6 phones on one carrier's /64. In front of the
// service stands an ingress, as in the cluster: a reverse proxy that forwards every request and adds the resident's
// address in X-Forwarded-For (the service trusts it as a proxy). Each network has its own host name on the ingress,
// so a page loads the widget from, and talks to, the ingress as its residents would. Each resident is a fresh browser
// context (no voter token yet). Nothing is injected: every 403, challenge and 429 comes from the service.
// Started by NetworkAllowanceBrowserTest with a config file it wrote; writes results.json and screenshots.
//   node browser-tests/networks.mjs target/browser-networks/config.json
import { createServer, request } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { recorder } from './lib.mjs';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { record, axe, step, finish, measurements } = recorder(config.out);
const service = new URL(config.service);
const ingressHost = (network) => `${network}.ingress.samen.test`;
const ingress = (network) => `http://${ingressHost(network)}:${config.ingressPort}`;
const hostOrigin = config.hostOrigin;
const forwarded = [];

// ---- the ingress: forwards everything, adds X-Forwarded-For by the network its host name names --------------------
const proxy = createServer((req, res) => {
  const network = String(req.headers.host || '').split('.')[0];
  const address = config.networks[network];
  if (!address) { res.writeHead(421); res.end(); return; }
  forwarded.push({ network, method: req.method, path: req.url });
  const upstream = request({ host: service.hostname, port: service.port, method: req.method, path: req.url,
    headers: { ...req.headers, 'x-forwarded-for': address, 'x-forwarded-proto': 'http' } }, (answer) => {
    res.writeHead(answer.statusCode, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => { if (!res.headersSent) res.writeHead(502); res.end(); });
  req.pipe(upstream);
});
await new Promise((resolve) => proxy.listen(config.ingressPort, '127.0.0.1', resolve));

// ---- the municipality's page: the widget loaded from the ingress host of the page's network -----------------------
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const host = createServer((req, res) => {
  const url = new URL(req.url, 'http://host');
  const network = url.searchParams.get('network');
  if (url.pathname !== '/peiling' || !config.networks[network]) { res.writeHead(404); res.end(); return; }
  const api = ingress(network);
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store',
    'Content-Security-Policy': `default-src 'none'; script-src ${api}; style-src ${api}; connect-src ${api}; `
      + `worker-src blob:; img-src 'self'; base-uri 'none'; form-action 'none'` });
  res.end(`<!doctype html><html lang="nl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Gemeente Drechterland: peiling</title>
<script type="module" src="${api}/embed/v1/samen.js" integrity="${esc(config.integrity)}" crossorigin="anonymous"></script>
</head><body><main><h1>Peiling over het dorpsplein</h1>
<samen-poll tenant="${esc(config.tenant)}" poll="${esc(config.poll)}"></samen-poll></main></body></html>`);
});
await new Promise((resolve) => host.listen(config.hostPort, '127.0.0.1', resolve));

const browser = await chromium.launch({
  executablePath: config.chromium,
  args: ['--no-sandbox',
    `--host-resolver-rules=MAP ${new URL(hostOrigin).hostname} 127.0.0.1, MAP *.ingress.samen.test 127.0.0.1`,
    `--unsafely-treat-insecure-origin-as-secure=${[hostOrigin, ...Object.keys(config.networks).map(ingress)].join(',')}`],
});

/**
 * One resident of a network votes in a fresh browser: what the widget asked of the service (method, path, status,
 * whether it carried a solved proof-of-work) and what the resident sees at the end.
 */
async function resident(network, { keep = false } = {}) {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await ctx.newPage();
  const calls = [];
  const pending = [];
  page.on('response', (r) => {
    const req = r.request();
    const path = new URL(r.url()).pathname;
    if (req.method() === 'OPTIONS' || !path.startsWith('/api/v1/')) return;
    const call = { method: req.method(), path: path.replace(/^\/api\/v1\/tenants\/[^/]+/, ''), status: r.status() };
    calls.push(call);
    pending.push(req.allHeaders().then((h) => { call.altcha = Boolean(h.altcha); }, () => {}));
    if (r.status() >= 400) pending.push(r.json().then((b) => { call.problem = b.type; }, () => {}));
  });
  const started = Date.now();
  await page.goto(`${hostOrigin}/peiling?network=${network}`);
  await page.waitForSelector('samen-poll form');
  await page.check('samen-poll input[type=radio]');
  await page.click('samen-poll button[type=submit]');
  await page.waitForFunction(() => !document.querySelector('samen-poll form')
    || document.querySelector('samen-poll .samen__alert--error'), null, { timeout: 90000 });
  const text = await page.$eval('samen-poll', (e) => e.textContent);
  await Promise.all(pending);
  const tokenCalls = calls.filter((c) => c.method === 'POST' && c.path === '/voter-tokens');
  const result = { network, ms: Date.now() - started, calls, text: text.slice(0, 300),
    voted: /U heeft gestemd/.test(text), tokenStatuses: tokenCalls.map((c) => c.status + (c.altcha ? '+pow' : '')),
    challenged: calls.some((c) => c.method === 'GET' && c.path === '/proof-of-work') };
  if (!keep) await ctx.close(); else { result.page = page; result.ctx = ctx; }
  return result;
}
const summary = ({ page, ctx, ...rest }) => rest;
const free = config.allowance.free;
const withPow = config.allowance.withProofOfWork;

await step('a school: pupils behind one address vote free, then with proof-of-work, then are told to wait', async () => {
  const pupils = [];
  for (let i = 0; i < free; i++) pupils.push(await resident('school'));
  record(`school: the first ${free} pupils vote without proof-of-work`,
    pupils.every((p) => p.voted && !p.challenged && p.tokenStatuses.join() === '201'), { pupils });
  const asked = [];
  for (let i = 0; i < withPow; i++) asked.push(await resident('school', { keep: i === 0 }));
  record(`school: the next ${withPow} pupils are asked by the service (403 proof-of-work-required), the widget `
    + 'solves the challenge and they vote', asked.every((p) => p.voted && p.challenged
      && p.tokenStatuses.join() === '403,201+pow'
      && p.calls.some((c) => c.status === 403 && c.problem === 'https://samen.sed-wf.nl/problems/proof-of-work-required')),
  { asked: asked.map(summary) });
  measurements.schoolSolveMs = asked.map((p) => p.ms);
  await axe(asked[0].page, 'voted after the service asked for proof-of-work');
  await asked[0].ctx.close();

  const late = await resident('school', { keep: true });
  const alert = await late.page.$eval('samen-poll .samen__alert--error', (e) => e.textContent).catch(() => '');
  const focused = await late.page.evaluate(() => !!document.activeElement.closest('.samen__alert--error'));
  record('school: past the allowance with proof-of-work the service answers 429 and the pupil is told when to try '
    + 'again, with focus on the message', !late.voted && late.calls.some((c) => c.status === 429)
    && /opnieuw/.test(alert) && focused, { late: summary(late), alert });
  await axe(late.page, 'network past its allowance (429)');
  await late.page.screenshot({ path: join(config.out, 'network-past-allowance.png'), fullPage: true });
  await late.ctx.close();
});

await step('a neighbour at home is not affected by the school', async () => {
  const neighbour = await resident('home');
  record('home: votes without proof-of-work while the school is past its allowance',
    neighbour.voted && !neighbour.challenged && neighbour.tokenStatuses.join() === '201', { neighbour });
});

await step('IPv6: phones on one /64 share an allowance, the next /64 does not', async () => {
  const first = [];
  for (let i = 0; i < free; i++) first.push(await resident('carrier-a'));
  const sameNetwork = await resident('carrier-b');
  const otherNetwork = await resident('carrier-c');
  record('IPv6: another address in the same /64 is asked for proof-of-work once the /64 used its free allowance',
    first.every((p) => p.voted && !p.challenged) && sameNetwork.voted && sameNetwork.challenged,
    { first, sameNetwork });
  record('IPv6: an address in another /64 votes without proof-of-work', otherNetwork.voted && !otherNetwork.challenged,
    { otherNetwork });
});

record('every request went through the ingress of its network', forwarded.length > 0
  && forwarded.every((f) => config.networks[f.network]), { requests: forwarded.length });

await browser.close();
proxy.close();
host.close();
process.exit(finish());
