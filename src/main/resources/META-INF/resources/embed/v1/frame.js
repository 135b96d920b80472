// The iframe variant (poll.html, consultation.html, panel.html): the same elements, for websites that allow no
// scripts, and the pages the panel's mails link to. Reads ?tenant=…&poll=… (or &consultation=…, &panel=…) and
// &lang=en, tells the host page its height (postMessage) and passes the elements' events on to it (they carry no
// personal data). A link's token stays after the # (never sent to a server); the element takes it from there.
const params = new URLSearchParams(location.search);
// panel.html with a consultation: where a panel invitation lands
const kind = document.documentElement.dataset.kind === 'panel-signup' && params.get('consultation')
  ? 'panel-consultation' : document.documentElement.dataset.kind;
const lang = params.get('lang') === 'en' ? 'en' : 'nl';
document.documentElement.lang = lang;
const element = document.createElement(`samen-${kind}`);
element.setAttribute('tenant', params.get('tenant') || '');
const attribute = { 'panel-signup': 'panel', 'panel-consultation': 'consultation' }[kind] || kind;
element.setAttribute(attribute, params.get(attribute) || '');
element.setAttribute('heading-level', '1');
document.querySelector('main').append(element);

const tell = (message) => { if (parent !== window) parent.postMessage(message, '*'); };
// the body's own height (not the document's, which is never less than the frame): the frame can shrink again
new ResizeObserver(() => tell({ type: 'samen:height', height: Math.ceil(document.body.getBoundingClientRect().height) }))
  .observe(document.body);
for (const name of ['voted', 'reacted', 'joined', 'error']) {
  element.addEventListener(`samen:${name}`, (e) => tell({ type: `samen:${name}`, detail: e.detail }));
}
