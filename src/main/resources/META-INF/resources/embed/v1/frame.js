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
// the body's own height (not the document's, which is never less than the frame): the frame can shrink again
new ResizeObserver(() => tell({ type: 'samen:height', height: Math.ceil(document.body.getBoundingClientRect().height) }))
  .observe(document.body);
for (const name of ['voted', 'reacted', 'error']) {
  element.addEventListener(`samen:${name}`, (e) => tell({ type: `samen:${name}`, detail: e.detail }));
}
