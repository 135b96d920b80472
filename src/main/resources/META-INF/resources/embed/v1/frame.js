// The iframe variant (poll.html, consultation.html): the same elements, for websites that allow no scripts.
// Reads ?tenant=…&poll=… (or &consultation=…) and &lang=en, tells the host page its height (postMessage) and passes
// the elements' events on to it (they carry no personal data).
const params = new URLSearchParams(location.search);
const kind = document.documentElement.dataset.kind;
const lang = params.get('lang') === 'en' ? 'en' : 'nl';
document.documentElement.lang = lang;
const element = document.createElement(`samen-${kind}`);
element.setAttribute('tenant', params.get('tenant') || '');
element.setAttribute(kind, params.get(kind) || '');
element.setAttribute('heading-level', '1');
document.querySelector('main').append(element);

const tell = (message) => { if (parent !== window) parent.postMessage(message, '*'); };
new ResizeObserver(() => tell({ type: 'samen:height', height: document.documentElement.scrollHeight }))
  .observe(document.body);
for (const name of ['voted', 'reacted', 'error']) {
  element.addEventListener(`samen:${name}`, (e) => tell({ type: `samen:${name}`, detail: e.detail }));
}
