// Samen embed v1: the <samen-poll> and <samen-consultation> elements for municipality websites (panel.js: the panel's).
// Plain semantic HTML in the light DOM (the host's NL Design System theme applies), no cookies, no third parties,
// no inline styles or scripts. One file, so the Subresource Integrity hash in the snippet covers all of it.
// Licence: EUPL-1.2.

// ---------------------------------------------------------------------------------------------------------------
// Shared: the service's address, texts, storage, API calls, problems, proof-of-work
// ---------------------------------------------------------------------------------------------------------------

const API = new URL('/api/v1/', import.meta.url).href;
const SERVICE_ORIGIN = new URL(import.meta.url).origin;

const TEXT = {
  nl: {
    loading: 'Bezig met laden…',
    busy: 'Even geduld…',
    pow: 'Even geduld, we controleren dat u geen computerprogramma bent. Dit duurt een paar seconden.',
    vote: 'Stem',
    voting: 'Uw stem wordt verstuurd…',
    chooseOne: 'Kies één antwoord.',
    chooseMax: (n) => `Kies maximaal ${n} antwoorden.`,
    errChoose: 'Kies een antwoord.',
    errTooMany: (n) => `U heeft te veel antwoorden gekozen. Kies er maximaal ${n}.`,
    errCode: 'Vul uw stemcode in.',
    errCodeWrong: 'Deze stemcode klopt niet. Controleer de code en probeer het opnieuw.',
    errCodeUsed: 'Met deze stemcode is al gestemd.',
    code: 'Uw stemcode',
    codeHint: 'Deze code staat in de brief of uitnodiging die u kreeg, bijvoorbeeld K7QMA-3XPD9.',
    optional: 'niet verplicht',
    aboutYou: 'Over u (niet verplicht)',
    aboutYouHint: 'Zo weet de gemeente wie er meedoet. Uw antwoord wordt niet bij uw stem of reactie getoond.',
    ageBand: 'Leeftijd',
    area: 'Woonplaats',
    noAnswer: 'Zeg ik liever niet',
    ages: { 'under-16': 'Jonger dan 16', '16-17': '16 of 17 jaar', '18-24': '18 tot en met 24 jaar',
      '25-44': '25 tot en met 44 jaar', '45-64': '45 tot en met 64 jaar', '65-plus': '65 jaar of ouder' },
    thanksVote: 'Dank u wel. Uw stem is geteld.',
    voted: 'U heeft gestemd in deze peiling.',
    alreadyVoted: 'U heeft al gestemd in deze peiling. U kunt maar één keer stemmen.',
    results: 'Uitslag',
    answer: 'Antwoord',
    votes: 'Stemmen',
    share: 'Percentage',
    totalVotes: (n) => `${n} ${n === 1 ? 'stem' : 'stemmen'} in totaal`,
    shareNote: 'Bij deze peiling mocht u meer antwoorden kiezen. Het percentage is van het aantal stemmers.',
    hiddenAfterVote: 'De uitslag ziet u nadat u heeft gestemd.',
    hiddenAfterClose: 'De uitslag ziet u als de peiling is gesloten.',
    notOpenYet: (d) => `Deze peiling is nog niet open. U kunt stemmen vanaf ${d}.`,
    closed: 'Deze peiling is gesloten. Stemmen kan niet meer.',
    closesAt: (d) => `Stemmen kan tot ${d}.`,
    notTakingVotes: 'Deze peiling neemt nu geen stemmen aan.',
    forget: 'Vergeet mij op dit apparaat',
    forgetHint: 'Dit wist wat deze website over uw stemmen en reacties op dit apparaat bewaart.',
    forgotten: 'Dit apparaat weet niets meer over uw stemmen en reacties.',
    rate: (m) => `U heeft het te vaak geprobeerd. Probeer het over ${m} ${m === 1 ? 'minuut' : 'minuten'} opnieuw.`,
    network: 'Er ging iets mis met de verbinding. Controleer uw internet en probeer het opnieuw.',
    retry: 'Probeer opnieuw',
    server: 'Er ging iets mis bij de gemeente. Probeer het later opnieuw.',
    notFound: 'Deze peiling of raadpleging bestaat niet (meer).',
    origin: 'Meedoen kan op deze website nu niet. Bekijk de website van de gemeente om mee te doen.',
    originTeam: (o) => `Voor de webredactie: het webadres ${o} staat niet in de lijst van websites die deze gemeente `
      + 'toestaat. Vraag de beheerder van Samen om het toe te voegen.',
    errorSummary: 'Er is een probleem',
    fixField: 'Controleer dit veld.',
    // consultation
    manifest: 'Zo werkt deze raadpleging',
    level: 'Uw invloed',
    levels: { inform: 'Informeren: de gemeente vertelt u wat er gebeurt.',
      consult: 'Raadplegen: de gemeente vraagt uw mening en neemt die mee.',
      advise: 'Adviseren: uw advies weegt zwaar mee in het besluit.',
      coproduce: 'Coproduceren: u werkt samen met de gemeente aan het plan.',
      codecide: 'Meebeslissen: de gemeente neemt uw keuze over.' },
    openForInput: 'Hier kunt u over meepraten',
    fixed: 'Dit ligt al vast',
    decisionMaker: 'Wie beslist',
    feedbackDue: 'Wanneer hoort u wat er met de reacties is gedaan',
    feedbackBy: (d) => `Uiterlijk ${d}`,
    reactUntil: 'Reageren kan tot',
    feedback: 'Wat er met de reacties is gedaan',
    feedbackDecision: 'Besluit',
    feedbackDecidedBy: 'Besloten door',
    feedbackChanges: 'Wat er is veranderd',
    reactions: 'Reacties',
    noReactions: 'Er zijn nog geen reacties.',
    more: 'Meer reacties laden',
    anonymous: 'Anoniem',
    reply: 'Reactie van de gemeente',
    flag: 'Melden',
    flagLabel: (n) => `Reactie van ${n} melden`,
    flagLegend: 'Waarom meldt u deze reactie?',
    reasons: { spam: 'Reclame of spam', offensive: 'Beledigend of kwetsend',
      'personal-data': 'Er staan persoonlijke gegevens in', 'off-topic': 'Gaat niet over dit onderwerp',
      other: 'Iets anders' },
    flagComment: 'Toelichting',
    flagSend: 'Melding versturen',
    cancel: 'Annuleren',
    flagThanks: 'Dank u. Een moderator van de gemeente bekijkt uw melding.',
    errReason: 'Kies waarom u deze reactie meldt.',
    reactHeading: 'Reageren',
    react: 'Uw reactie',
    reactHint: 'Schrijf in uw eigen woorden wat u ervan vindt. Uw reactie wordt openbaar.',
    charsLeft: (n) => `U kunt nog ${n.toLocaleString('nl-NL')} ${n === 1 ? 'teken' : 'tekens'} typen.`,
    charsOver: (n) => `U heeft ${n.toLocaleString('nl-NL')} ${n === 1 ? 'teken' : 'tekens'} te veel.`,
    name: 'Naam',
    nameHint: 'Deze naam staat bij uw reactie. Laat leeg om anoniem te reageren.',
    email: 'E-mailadres',
    emailHint: 'Alleen om u te laten weten wat er met de reacties is gedaan. Daarna wissen we uw adres. '
      + 'We tonen het nergens.',
    honeypot: 'Laat dit veld leeg',
    send: 'Reactie versturen',
    sending: 'Uw reactie wordt verstuurd…',
    errBody: 'Vul uw reactie in.',
    errBodyLong: (n) => `Uw reactie is ${n} tekens te lang. Maak hem korter.`,
    errEmail: 'Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl, of laat het veld leeg.',
    errName: 'Deze naam is te lang. Gebruik maximaal 80 tekens.',
    errRepeat: 'U heeft deze tekst net al gestuurd. We hebben hem ontvangen.',
    thanksPending: 'Dank u wel voor uw reactie. Een moderator bekijkt hem eerst; daarna komt hij online.',
    thanksPublished: 'Dank u wel voor uw reactie. Hij staat nu online.',
    closedConsultation: 'Reageren op deze raadpleging kan niet meer.',
    notOpenConsultation: 'Reageren op deze raadpleging kan nu niet.',
    own: 'Uw reacties op dit apparaat',
    status: { pending: 'Wacht op controle door een moderator', published: 'Staat online',
      rejected: 'Niet geplaatst', hidden: 'Verborgen door een moderator', withdrawn: 'Ingetrokken door u' },
    statusLabel: 'Status',
    reason: 'Reden',
    withdraw: 'Reactie intrekken',
    withdrawn: 'Uw reactie is ingetrokken en gewist.',
    gone: 'Deze reactie is niet meer te vinden.',
  },
  en: {
    loading: 'Loading…',
    busy: 'Please wait…',
    pow: 'Please wait while we check that you are not a computer program. This takes a few seconds.',
    vote: 'Vote',
    voting: 'Sending your vote…',
    chooseOne: 'Choose one answer.',
    chooseMax: (n) => `Choose up to ${n} answers.`,
    errChoose: 'Choose an answer.',
    errTooMany: (n) => `You chose too many answers. Choose up to ${n}.`,
    errCode: 'Enter your voting code.',
    errCodeWrong: 'This voting code is not right. Check the code and try again.',
    errCodeUsed: 'This voting code has been used already.',
    code: 'Your voting code',
    codeHint: 'The code is in the letter or invitation you received, for example K7QMA-3XPD9.',
    optional: 'optional',
    aboutYou: 'About you (optional)',
    aboutYouHint: 'This tells the municipality who takes part. It is never shown with your vote or reaction.',
    ageBand: 'Age',
    area: 'Where you live',
    noAnswer: 'I prefer not to say',
    ages: { 'under-16': 'Under 16', '16-17': '16 or 17', '18-24': '18 to 24', '25-44': '25 to 44',
      '45-64': '45 to 64', '65-plus': '65 or older' },
    thanksVote: 'Thank you. Your vote has been counted.',
    voted: 'You have voted in this poll.',
    alreadyVoted: 'You have already voted in this poll. You can vote only once.',
    results: 'Results',
    answer: 'Answer',
    votes: 'Votes',
    share: 'Share',
    totalVotes: (n) => `${n} ${n === 1 ? 'vote' : 'votes'} in total`,
    shareNote: 'You could choose more than one answer in this poll. The share is of the number of voters.',
    hiddenAfterVote: 'You will see the results after you have voted.',
    hiddenAfterClose: 'You will see the results when the poll has closed.',
    notOpenYet: (d) => `This poll is not open yet. You can vote from ${d}.`,
    closed: 'This poll has closed. You can no longer vote.',
    closesAt: (d) => `You can vote until ${d}.`,
    notTakingVotes: 'This poll does not take votes now.',
    forget: 'Forget me on this device',
    forgetHint: 'This removes what this website keeps about your votes and reactions on this device.',
    forgotten: 'This device no longer knows about your votes and reactions.',
    rate: (m) => `You tried too often. Try again in ${m} ${m === 1 ? 'minute' : 'minutes'}.`,
    network: 'Something went wrong with the connection. Check your internet and try again.',
    retry: 'Try again',
    server: 'Something went wrong at the municipality. Try again later.',
    notFound: 'This poll or consultation does not exist (any more).',
    origin: 'You cannot take part on this website now. Visit the municipality\'s website to take part.',
    originTeam: (o) => `For the web team: the address ${o} is not on the list of websites this municipality allows. `
      + 'Ask the Samen administrator to add it.',
    errorSummary: 'There is a problem',
    fixField: 'Check this field.',
    manifest: 'How this consultation works',
    level: 'Your influence',
    levels: { inform: 'Inform: the municipality tells you what will happen.',
      consult: 'Consult: the municipality asks your opinion and takes it into account.',
      advise: 'Advise: your advice weighs heavily in the decision.',
      coproduce: 'Co-produce: you work on the plan together with the municipality.',
      codecide: 'Co-decide: the municipality adopts your choice.' },
    openForInput: 'What you can influence',
    fixed: 'What is already fixed',
    decisionMaker: 'Who decides',
    feedbackDue: 'When you hear what was done with the reactions',
    feedbackBy: (d) => `By ${d}`,
    reactUntil: 'You can react until',
    feedback: 'What was done with the reactions',
    feedbackDecision: 'Decision',
    feedbackDecidedBy: 'Decided by',
    feedbackChanges: 'What changed',
    reactions: 'Reactions',
    noReactions: 'There are no reactions yet.',
    more: 'Load more reactions',
    anonymous: 'Anonymous',
    reply: 'Reply from the municipality',
    flag: 'Report',
    flagLabel: (n) => `Report the reaction by ${n}`,
    flagLegend: 'Why are you reporting this reaction?',
    reasons: { spam: 'Advertising or spam', offensive: 'Offensive or hurtful',
      'personal-data': 'It contains personal details', 'off-topic': 'It is not about this subject', other: 'Something else' },
    flagComment: 'Explanation',
    flagSend: 'Send report',
    cancel: 'Cancel',
    flagThanks: 'Thank you. A moderator of the municipality will look at your report.',
    errReason: 'Choose why you are reporting this reaction.',
    reactHeading: 'React',
    react: 'Your reaction',
    reactHint: 'Say in your own words what you think. Your reaction will be public.',
    charsLeft: (n) => `You have ${n.toLocaleString('en-GB')} ${n === 1 ? 'character' : 'characters'} left.`,
    charsOver: (n) => `You have ${n.toLocaleString('en-GB')} ${n === 1 ? 'character' : 'characters'} too many.`,
    name: 'Name',
    nameHint: 'This name is shown with your reaction. Leave it empty to react anonymously.',
    email: 'Email address',
    emailHint: 'Only to tell you what was done with the reactions. Then we delete your address. We never show it.',
    honeypot: 'Leave this field empty',
    send: 'Send reaction',
    sending: 'Sending your reaction…',
    errBody: 'Enter your reaction.',
    errBodyLong: (n) => `Your reaction is ${n} characters too long. Make it shorter.`,
    errEmail: 'Enter a valid email address, like name@example.com, or leave the field empty.',
    errName: 'This name is too long. Use up to 80 characters.',
    errRepeat: 'You sent this text a moment ago. We have received it.',
    thanksPending: 'Thank you for your reaction. A moderator will check it first; then it goes online.',
    thanksPublished: 'Thank you for your reaction. It is online now.',
    closedConsultation: 'You can no longer react to this consultation.',
    notOpenConsultation: 'You cannot react to this consultation now.',
    own: 'Your reactions on this device',
    status: { pending: 'Waiting for a moderator', published: 'Online', rejected: 'Not published',
      hidden: 'Hidden by a moderator', withdrawn: 'Withdrawn by you' },
    statusLabel: 'Status',
    reason: 'Reason',
    withdraw: 'Withdraw reaction',
    withdrawn: 'Your reaction has been withdrawn and erased.',
    gone: 'This reaction can no longer be found.',
  },
};

let ids = 0;
const uid = (p) => `samen-${p}-${++ids}`;

/** Builds an element: h('p', {class: 'x', text: 'y', onclick: f}, child, ...). Text only, never HTML. */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false) el.append(c);
  }
  return el;
}

function formatDate(iso, lang, withTime) {
  const d = new Date(iso);
  const opts = withTime ? { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Amsterdam' }
    : { dateStyle: 'long', timeZone: 'Europe/Amsterdam' };
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nl-NL', opts).format(d);
}

/** What this device keeps for one tenant: the voter token, the polls voted in, the author's receipts. */
const memory = new Map();
const Store = {
  key: (tenant) => `samen:${tenant}`,
  read(tenant) {
    try {
      const raw = localStorage.getItem(this.key(tenant));
      if (raw) return JSON.parse(raw);
    } catch (e) { /* storage off or unreadable: keep it in memory for this page */ }
    return memory.get(tenant) || { voted: {}, reactions: [] };
  },
  write(tenant, data) {
    memory.set(tenant, data);
    try { localStorage.setItem(this.key(tenant), JSON.stringify(data)); } catch (e) { /* memory only */ }
  },
  update(tenant, change) {
    const data = this.read(tenant);
    data.voted ||= {};
    data.reactions ||= [];
    change(data);
    this.write(tenant, data);
    return data;
  },
  forget(tenant) {
    memory.delete(tenant);
    try { localStorage.removeItem(this.key(tenant)); } catch (e) { /* nothing kept */ }
  },
};

/** A failed call, sorted into what the resident needs to hear. */
class SamenError extends Error {
  constructor(kind, status, problem, retryAfter) {
    super(kind);
    this.kind = kind;
    this.status = status;
    this.problem = problem || {};
    this.retryAfter = retryAfter;
  }
}

const POW_TYPE = 'https://samen.sed-wf.nl/problems/proof-of-work-required';

async function call(path, { method = 'GET', body, headers = {} } = {}) {
  let response;
  try {
    response = await fetch(new URL(path, API), {
      method,
      headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-cache',
    });
  } catch (e) {
    throw new SamenError('network', 0);
  }
  let data = null;
  if (response.status !== 204) {
    try { data = await response.json(); } catch (e) { data = null; }
  }
  if (response.ok) return { status: response.status, data };
  const s = response.status;
  const kind = s === 429 ? 'rate' : s === 400 ? 'invalid' : s === 401 ? 'unauthorized' : s === 403 ? 'forbidden'
    : s === 404 ? 'notfound' : s === 409 ? 'conflict' : 'server';
  throw new SamenError(kind, s, data, Number(response.headers.get('Retry-After')) || 60);
}

/** May this page send changes? The service allows writes only from the tenant's allowed origins (and itself). */
function writableHere(tenant) {
  const origin = location.origin;
  return origin === SERVICE_ORIGIN || (tenant.allowedOrigins || []).includes(origin);
}

// ---- the proof-of-work solver: outside the script's 20 kB budget, as the embed's issue (#16) counts it -------
// Proof-of-work (ALTCHA): find n with SHA-256(salt + n) = challenge. Runs in a worker made from this very code, so
// the SRI hash covers it and no second file is needed; where the host's CSP forbids blob: workers, it runs here,
// pausing now and then so the page stays responsive.
function solve(challenge, salt, max) {
  // SHA-256 in plain JavaScript: for a short input many times over it is some 30 times faster than awaiting
  // crypto.subtle.digest for each number, which is what makes a fair difficulty affordable for a resident's phone.
  const K = [0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1,
    0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d,
    0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
    0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3,
    0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb,
    0xbef9a3f7, 0xc67178f2].map((k) => k | 0);
  const H = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
  const target = Array.from({ length: 8 }, (_, i) => parseInt(challenge.substr(i * 8, 8), 16) | 0);
  const prefix = new TextEncoder().encode(salt);
  const msg = new Uint8Array(prefix.length + 96);
  msg.set(prefix);
  const W = new Int32Array(64);
  const matches = (len) => {
    const total = ((len + 8) >> 6) + 1 << 6;
    msg.fill(0, len, total);
    msg[len] = 0x80;
    const bits = len * 8;
    msg[total - 4] = bits >>> 24; msg[total - 3] = bits >>> 16; msg[total - 2] = bits >>> 8; msg[total - 1] = bits;
    let [h0, h1, h2, h3, h4, h5, h6, h7] = H;
    for (let off = 0; off < total; off += 64) {
      for (let i = 0; i < 16; i++) {
        const j = off + i * 4;
        W[i] = msg[j] << 24 | msg[j + 1] << 16 | msg[j + 2] << 8 | msg[j + 3];
      }
      for (let i = 16; i < 64; i++) {
        const x = W[i - 15];
        const y = W[i - 2];
        W[i] = (W[i - 16] + ((x >>> 7 | x << 25) ^ (x >>> 18 | x << 14) ^ (x >>> 3)) + W[i - 7]
          + ((y >>> 17 | y << 15) ^ (y >>> 19 | y << 13) ^ (y >>> 10))) | 0;
      }
      let a = h0; let b = h1; let c = h2; let d = h3; let e = h4; let f = h5; let g = h6; let h = h7;
      for (let i = 0; i < 64; i++) {
        const t1 = (h + ((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) + ((e & f) ^ (~e & g))
          + K[i] + W[i]) | 0;
        const t2 = (((a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
      h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + h) | 0;
    }
    return h0 === target[0] && h1 === target[1] && h2 === target[2] && h3 === target[3] && h4 === target[4]
      && h5 === target[5] && h6 === target[6] && h7 === target[7];
  };
  return (async () => {
    for (let n = 0; n <= max; n++) {
      const digits = String(n);
      let len = prefix.length;
      for (let i = 0; i < digits.length; i++) msg[len++] = digits.charCodeAt(i);
      if (matches(len)) return n;
      // a pause now and then, so a page that has to solve it itself stays responsive
      if (n % 4096 === 4095) await new Promise((r) => setTimeout(r, 0));
    }
    return null;
  })();
}

const WORKER_SOURCE = `const solve = ${solve.toString()};
onmessage = async (e) => { const { challenge, salt, max } = e.data; postMessage({ number: await solve(challenge, salt, max) }); };`;

function solveInWorker(c) {
  return new Promise((resolve, reject) => {
    let worker;
    let url;
    try {
      url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
      worker = new Worker(url);
    } catch (e) {
      if (url) URL.revokeObjectURL(url);
      reject(e);
      return;
    }
    const done = () => { worker.terminate(); URL.revokeObjectURL(url); };
    worker.onmessage = (e) => { done(); resolve(e.data.number); };
    worker.onerror = (e) => { e.preventDefault(); done(); reject(new Error('worker')); };
    worker.postMessage({ challenge: c.challenge, salt: c.salt, max: c.maxnumber });
  });
}

async function proofOfWork(challengeUrl) {
  const { data: c } = await call(challengeUrl);
  const started = performance.now();
  let number;
  try {
    number = await solveInWorker(c);
  } catch (e) {
    number = await solve(c.challenge, c.salt, c.maxnumber);
  }
  if (number === null) throw new SamenError('server', 500);
  const payload = { algorithm: c.algorithm, challenge: c.challenge, number, salt: c.salt, signature: c.signature };
  lastSolve.ms = Math.round(performance.now() - started);
  lastSolve.number = number;
  return btoa(JSON.stringify(payload));
}
// ---- end of the proof-of-work solver -----------------------------------------------------------------------
/** The last solve time, for the browser tests' measurements (nothing is sent anywhere). */
const lastSolve = { ms: null, number: null };

/**
 * An anonymous write: solves proof-of-work first when the tenant requires it, and once more when the service asks
 * for it (403 proof-of-work-required, with the challenge's address). onBusy(true) while solving.
 */
async function write(tenant, path, options, onBusy) {
  const powUrl = `tenants/${encodeURIComponent(tenant.slug)}/proof-of-work`;
  const headers = { ...(options.headers || {}) };
  const attempt = async (challengeUrl) => {
    if (challengeUrl) {
      onBusy(true);
      try { headers.Altcha = await proofOfWork(challengeUrl); } finally { onBusy(false); }
    }
    return call(path, { ...options, headers });
  };
  try {
    return await attempt(options.pow && tenant.proofOfWorkRequired ? powUrl : null);
  } catch (e) {
    const asked = e.kind === 'forbidden' && (e.problem.type === POW_TYPE || (!headers.Altcha && options.pow
      && tenant.proofOfWorkRequired));
    if (!asked) throw e;
    const url = e.problem.challengeUrl ? new URL(e.problem.challengeUrl, API).href : powUrl;
    return attempt(url);
  }
}

const tenants = new Map();
function loadTenant(slug) {
  if (!tenants.has(slug)) {
    tenants.set(slug, call(`tenants/${encodeURIComponent(slug)}`).then((r) => r.data)
      .catch((e) => { tenants.delete(slug); throw e; }));
  }
  return tenants.get(slug);
}

/** What both elements share: language, texts, events, the status line, field errors, the plain error message. */
class SamenElement extends HTMLElement {
  get lang2() {
    const l = (this.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang || 'nl').toLowerCase();
    return l.startsWith('en') ? 'en' : 'nl';
  }

  get t() { return TEXT[this.lang2]; }

  get level() {
    const n = Number(this.getAttribute('heading-level'));
    return n >= 1 && n <= 5 ? n : 2;
  }

  heading(offset, text, attrs) {
    return h(`h${Math.min(6, this.level + offset)}`, { class: 'samen__heading', text, ...attrs });
  }

  connectedCallback() {
    if (this.started) return;
    this.started = true;
    this.classList.add('samen');
    this.live = h('div', { class: 'samen__live', role: 'status', 'aria-live': 'polite' });
    this.body = h('div', { class: 'samen__body' });
    this.replaceChildren(this.body, this.live);
    this.showLoading();
    this.start();
  }

  showLoading() {
    this.setAttribute('aria-busy', 'true');
    this.body.replaceChildren(h('p', { class: 'samen__loading', text: this.t.loading }));
  }

  loaded() { this.removeAttribute('aria-busy'); }

  announce(text) {
    this.live.textContent = '';
    // a fresh text node, so screen readers read it even when it equals the last one
    setTimeout(() => { this.live.textContent = text; }, 50);
  }

  emit(name, detail) {
    this.dispatchEvent(new CustomEvent(`samen:${name}`, { bubbles: true, composed: true, detail }));
  }

  /** The plain words for a failure; logs what a web team needs; fires samen:error (no personal data). */
  message(error) {
    const t = this.t;
    const kind = error instanceof SamenError ? error.kind : 'server';
    this.emit('error', { kind, status: error.status || 0 });
    if (kind === 'rate') return t.rate(Math.max(1, Math.ceil(error.retryAfter / 60)));
    if (kind === 'network') return t.network;
    if (kind === 'notfound') return t.notFound;
    if (kind === 'origin') return t.origin;
    return t.server;
  }

  /** A failure with, where trying again can help, a button that does. */
  errorBox(error, retry) {
    const box = h('div', { class: 'samen__alert samen__alert--error', role: 'alert' },
      h('p', { text: this.message(error) }));
    if (retry && (error.kind === 'network' || error.kind === 'server')) {
      box.append(h('button', { type: 'button', class: 'samen__button samen__button--secondary', text: this.t.retry,
        onclick: retry }));
    }
    return box;
  }

  originNotice() {
    console.error(`Samen: ${location.origin} is not an allowed origin of tenant "${this.getAttribute('tenant')}". `
      + `Residents can read but not take part here. An admin adds it with PATCH ${API}tenants/`
      + `${this.getAttribute('tenant')} {"allowedOrigins": [..., "${location.origin}"]}.`);
    this.emit('error', { kind: 'origin', status: 0 });
    return h('div', { class: 'samen__alert samen__alert--warning' },
      h('p', { text: this.t.origin }), h('p', { class: 'samen__hint', text: this.t.originTeam(location.origin) }));
  }

  /** A labelled field with hint and error slot (GOV.UK pattern): returns {wrap, input, error}. */
  field(kind, name, label, hint, attrs = {}) {
    const id = uid(name);
    const hintId = hint ? `${id}-hint` : null;
    const errorId = `${id}-error`;
    const input = h(kind, { id, name, class: `samen__${kind === 'select' ? 'select' : 'input'}`,
      'aria-describedby': hintId, ...attrs });
    const error = h('p', { id: errorId, class: 'samen__error-message', hidden: true });
    const wrap = h('div', { class: 'samen__field' }, h('label', { for: id, class: 'samen__label', text: label }),
      hint ? h('p', { id: hintId, class: 'samen__hint', text: hint }) : null, error, input);
    return { wrap, input, error, hintId, name };
  }

  select(name, label, choices) {
    const f = this.field('select', name, label, null);
    f.input.append(h('option', { value: '', text: this.t.noAnswer }),
      ...choices.map(([value, text]) => h('option', { value, text })));
    return f;
  }

  aboutYou(tenant) {
    const t = this.t;
    const age = this.select('ageBand', t.ageBand, Object.entries(t.ages));
    const area = this.select('area', t.area, (tenant.areas || []).map((a) => [a, a]));
    const hintId = uid('about');
    const box = h('fieldset', { class: 'samen__fieldset', 'aria-describedby': hintId },
      h('legend', { class: 'samen__legend samen__legend--small', text: t.aboutYou }),
      h('p', { id: hintId, class: 'samen__hint', text: t.aboutYouHint }), age.wrap, area.wrap);
    return { box, age, area };
  }

  /**
   * Shows field errors: each message at its field (aria-invalid, aria-describedby), a summary with links above
   * the form, and focus on the first field in error. errors: [{field, message, focus}] with field from fields().
   */
  showErrors(form, summarySlot, errors) {
    for (const f of form.querySelectorAll('[aria-invalid]')) f.removeAttribute('aria-invalid');
    for (const m of form.querySelectorAll('.samen__error-message')) { m.hidden = true; m.textContent = ''; }
    for (const w of form.querySelectorAll('.samen__field--error')) w.classList.remove('samen__field--error');
    summarySlot.replaceChildren();
    if (!errors.length) return;
    const list = h('ul', { class: 'samen__error-list' });
    for (const e of errors) {
      e.error.hidden = false;
      e.error.textContent = e.message;
      e.error.closest('.samen__field, .samen__fieldset')?.classList.add('samen__field--error');
      const target = e.focus;
      if (target.matches('input, select, textarea')) target.setAttribute('aria-invalid', 'true');
      const describedBy = new Set((e.describe.getAttribute('aria-describedby') || '').split(' ').filter(Boolean));
      describedBy.add(e.error.id);
      e.describe.setAttribute('aria-describedby', [...describedBy].join(' '));
      list.append(h('li', {}, h('a', { href: `#${target.id}`, text: e.message,
        onclick: (ev) => { ev.preventDefault(); target.focus(); } })));
    }
    summarySlot.append(h('div', { class: 'samen__error-summary' },
      h('p', { class: 'samen__error-summary-title', text: this.t.errorSummary }), list));
    errors[0].focus.focus();
  }

  forgetButton(after) {
    const hintId = uid('forget');
    return h('div', { class: 'samen__forget' },
      h('button', { type: 'button', class: 'samen__button samen__button--link', 'aria-describedby': hintId,
        text: this.t.forget, onclick: () => {
          Store.forget(this.getAttribute('tenant'));
          this.announce(this.t.forgotten);
          after();
        } }),
      h('p', { id: hintId, class: 'samen__hint', text: this.t.forgetHint }));
  }

  /** Busy while sending: aria-busy on the form, the status said, the button kept focusable but inert. */
  busy(form, button, on, text) {
    form.setAttribute('aria-busy', on ? 'true' : 'false');
    button.setAttribute('aria-disabled', on ? 'true' : 'false');
    form.dataset.busy = on ? '1' : '';
    if (on) this.announce(text);
  }
}

// a used panel invitation's participation token (panel.js keeps it)
function panelToken(slug, consultationId) {
  const kept = Store.read(slug).panel?.[consultationId];
  return kept && Date.parse(kept.expiresAt) > Date.now() ? kept.token : null;
}

// ---------------------------------------------------------------------------------------------------------------
// <samen-poll tenant="…" poll="…">
// ---------------------------------------------------------------------------------------------------------------

// Live streams on one page: a browser opens at most six HTTP/1.1 connections to a host and each stream keeps one, so
// only polls on or near the screen follow live, at most LIVE_MAX at once, and the page's other requests (a vote, a
// reaction, the next poll) always find a connection. A stream that ends lets a waiting poll start.
const LIVE_MAX = 4;
const following = new Set();
const streaming = new Set();
const wake = () => { for (const p of following) p.startLive(); };
const seen = new IntersectionObserver((entries) => {
  for (const e of entries) {
    e.target.inView = e.isIntersecting;
    if (e.isIntersecting) e.target.startLive(); else e.target.stopLive();
  }
}, { rootMargin: '50%' });

class SamenPoll extends SamenElement {
  async start() {
    const slug = this.getAttribute('tenant');
    const id = this.getAttribute('poll');
    try {
      this.tenant = await loadTenant(slug);
      const token = this.kept();
      const headers = token ? { 'Voter-Token': token } : {};
      let poll;
      try {
        poll = (await call(`tenants/${encodeURIComponent(slug)}/polls/${encodeURIComponent(id)}`, { headers })).data;
      } catch (e) {
        if (e.kind !== 'unauthorized') throw e;
        Store.update(slug, (d) => { delete d.voterToken; });
        poll = (await call(`tenants/${encodeURIComponent(slug)}/polls/${encodeURIComponent(id)}`)).data;
      }
      this.poll = poll;
      this.render();
      this.followLive();
    } catch (e) {
      this.loaded();
      this.body.replaceChildren(this.errorBox(e, () => { this.showLoading(); this.start(); }));
    }
  }

  /** The voter token this poll sends, if kept (valid for margin ms more); panel.js sends an invitation's instead. */
  kept(margin = 0) {
    const kept = Store.read(this.tenant.slug);
    return kept.voterToken && Date.parse(kept.voterTokenExpiresAt) > Date.now() + margin ? kept.voterToken : null;
  }

  /** A voter token to vote with: the kept one, or one fetched (with proof-of-work when asked) and kept. */
  async token(onBusy, fresh) {
    const kept = !fresh && this.kept(60000);
    if (kept) return kept;
    const { data } = await write(this.tenant, `tenants/${encodeURIComponent(this.tenant.slug)}/voter-tokens`,
      { method: 'POST', pow: true }, onBusy);
    Store.update(this.tenant.slug, (d) => { d.voterToken = data.token; d.voterTokenExpiresAt = data.expiresAt; });
    return data.token;
  }

  get hasVoted() {
    return this.poll.hasVoted === true || Store.read(this.tenant.slug).voted?.[this.poll.id] === true;
  }

  render() {
    const t = this.t;
    const poll = this.poll;
    this.loaded();
    this.classList.add('samen-poll');
    const parts = [];
    if (this.hasVoted || !poll.acceptingVotes) {
      parts.push(this.heading(0, poll.question, { class: 'samen__heading samen-poll__question' }));
      if (this.hasVoted) parts.push(h('p', { class: 'samen__notice', text: t.voted }));
      else if (poll.status === 'closed') parts.push(h('p', { class: 'samen__notice', text: t.closed }));
      else if (poll.opensAt && Date.parse(poll.opensAt) > Date.now()) {
        parts.push(h('p', { class: 'samen__notice', text: t.notOpenYet(formatDate(poll.opensAt, this.lang2, true)) }));
      } else parts.push(h('p', { class: 'samen__notice', text: t.notTakingVotes }));
    } else if (!writableHere(this.tenant)) {
      parts.push(this.heading(0, poll.question, { class: 'samen__heading samen-poll__question' }),
        h('ul', { class: 'samen-poll__options-list' }, poll.options.map((o) => h('li', { text: o.label }))),
        this.originNotice());
    } else {
      parts.push(this.form());
    }
    this.resultsSlot = h('div', { class: 'samen-poll__results-slot' });
    parts.push(this.resultsSlot);
    this.body.replaceChildren(...parts);
    this.showResults(poll);
    if (Store.read(this.tenant.slug).voterToken || Store.read(this.tenant.slug).reactions?.length) {
      this.body.append(this.forgetButton(() => { this.poll.hasVoted = false; this.start(); }));
    }
  }

  form() {
    const t = this.t;
    const poll = this.poll;
    const multiple = poll.maxChoices > 1;
    const hintId = uid('choices');
    const errorId = uid('choices-error');
    const choiceError = h('p', { id: errorId, class: 'samen__error-message', hidden: true });
    const legendId = uid('legend');
    const options = poll.options.map((o) => {
      const id = uid('option');
      return h('div', { class: `samen__choice samen__choice--${multiple ? 'checkbox' : 'radio'}` },
        h('input', { type: multiple ? 'checkbox' : 'radio', id, name: 'optionIds', value: o.id,
          class: 'samen__choice-input' }),
        h('label', { for: id, class: 'samen__choice-label', text: o.label }));
    });
    const choices = h('fieldset', { class: 'samen__fieldset samen-poll__options', 'aria-describedby': hintId },
      h('legend', { id: legendId, class: 'samen__legend samen-poll__question' },
        this.heading(0, poll.question, { class: 'samen__heading samen__legend-heading' })),
      h('p', { id: hintId, class: 'samen__hint',
        text: (multiple ? t.chooseMax(poll.maxChoices) : t.chooseOne)
          + (poll.closesAt ? ` ${t.closesAt(formatDate(poll.closesAt, this.lang2, true))}` : '') }),
      choiceError, h('div', { class: 'samen__choices' }, options));
    const code = poll.votingMode === 'code' ? this.field('input', 'code', t.code, t.codeHint,
      { type: 'text', autocomplete: 'off', spellcheck: 'false', maxlength: '64', class: 'samen__input samen__input--code' })
      : null;
    const about = this.aboutYou(this.tenant);
    const summary = h('div', { class: 'samen__summary-slot' });
    const button = h('button', { type: 'submit', class: 'samen__button', text: t.vote });
    const form = h('form', { class: 'samen__form samen-poll__form', novalidate: true, 'aria-labelledby': legendId },
      summary, choices, code ? code.wrap : null, about.box, h('div', { class: 'samen__actions' }, button));
    const choiceField = { error: choiceError, describe: choices };
    form.addEventListener('change', () => {
      if (!multiple) return;
      const n = form.querySelectorAll('input[name=optionIds]:checked').length;
      if (n > poll.maxChoices) choiceError.hidden = false, choiceError.textContent = t.errTooMany(poll.maxChoices);
      else if (choiceError.textContent === t.errTooMany(poll.maxChoices)) choiceError.hidden = true;
    });
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (form.dataset.busy) return;
      const chosen = [...form.querySelectorAll('input[name=optionIds]:checked')].map((i) => i.value);
      const first = form.querySelector('input[name=optionIds]');
      const errors = [];
      if (!chosen.length) errors.push({ ...choiceField, message: t.errChoose, focus: first });
      else if (chosen.length > poll.maxChoices) {
        errors.push({ ...choiceField, message: t.errTooMany(poll.maxChoices), focus: first });
      }
      if (code && !code.input.value.trim()) {
        errors.push({ error: code.error, describe: code.input, message: t.errCode, focus: code.input });
      }
      this.showErrors(form, summary, errors);
      if (errors.length) return;
      const body = { optionIds: chosen };
      if (about.age.input.value) body.ageBand = about.age.input.value;
      if (about.area.input.value) body.area = about.area.input.value;
      if (code) body.code = code.input.value.trim();
      this.busy(form, button, true, t.voting);
      try {
        const vote = await this.cast(body, (solving) => {
          if (solving) this.announce(t.pow);
          form.setAttribute('aria-busy', 'true');
        });
        Store.update(this.tenant.slug, (d) => { d.voted[poll.id] = true; });
        this.poll = { ...vote.poll, hasVoted: true };
        this.emit('voted', { tenant: this.tenant.slug, poll: poll.id });
        this.render();
        this.announce(t.thanksVote);
        // the stream again, now with the voter token that voted (an after-vote poll shows this token its results)
        this.stopLive();
        this.liveLastId = null;
        this.startLive();
        const focusTarget = this.querySelector('.samen-poll__results .samen__heading') || this.querySelector('.samen__notice');
        focusTarget.setAttribute('tabindex', '-1');
        focusTarget.focus();
      } catch (e) {
        this.busy(form, button, false);
        if (e.kind === 'invalid' && code && (e.problem.errors || []).some((f) => f.field === 'code')) {
          this.showErrors(form, summary, [{ error: code.error, describe: code.input, message: t.errCode, focus: code.input }]);
        } else if (code && e.kind === 'forbidden') {
          this.showErrors(form, summary, [{ error: code.error, describe: code.input, message: t.errCodeWrong, focus: code.input }]);
        } else if (code && e.kind === 'conflict' && poll.acceptingVotes) {
          this.showErrors(form, summary, [{ error: code.error, describe: code.input, message: t.errCodeUsed, focus: code.input }]);
        } else if (e.kind === 'conflict') {
          await this.afterConflict(summary);
        } else if (e.kind === 'invalid') {
          const fields = { optionIds: { ...choiceField, focus: first }, ageBand: { error: about.age.error,
            describe: about.age.input, focus: about.age.input }, area: { error: about.area.error,
            describe: about.area.input, focus: about.area.input } };
          const list = (e.problem.errors || []).map((f) => fields[f.field.split(/[.[]/)[0]]).filter(Boolean)
            .map((f) => ({ ...f, message: t.fixField }));
          if (list.length) this.showErrors(form, summary, list);
          else this.fail(summary, e);
        } else if (e.kind === 'forbidden' && !writableHere(this.tenant)) {
          this.fail(summary, new SamenError('origin', 403));
        } else {
          this.fail(summary, e);
        }
      }
    });
    return form;
  }

  fail(slot, e) {
    if (e.kind === 'network' && !writableHere(this.tenant)) e = new SamenError('origin', 0);
    const box = e.kind === 'origin' ? this.originNotice() : this.errorBox(e, () => {
      slot.replaceChildren();
      slot.closest('form').requestSubmit();
    });
    box.setAttribute('tabindex', '-1');
    slot.replaceChildren(box);
    box.focus();
  }

  /** Votes with this device's voter token (a fresh one if the kept one has expired), or with the code. */
  async cast(body, onBusy) {
    const path = `tenants/${encodeURIComponent(this.tenant.slug)}/polls/${encodeURIComponent(this.poll.id)}/votes`;
    // votes and flags need proof-of-work only when the service asks for it (an escalated network): write() retries
    if (this.poll.votingMode === 'code') return (await write(this.tenant, path, { method: 'POST', body }, onBusy)).data;
    let token = await this.token(onBusy, false);
    try {
      return (await write(this.tenant, path, { method: 'POST', body, headers: { 'Voter-Token': token } }, onBusy)).data;
    } catch (e) {
      if (e.kind !== 'unauthorized') throw e;
      token = await this.token(onBusy, true);
      return (await write(this.tenant, path, { method: 'POST', body, headers: { 'Voter-Token': token } }, onBusy)).data;
    }
  }

  /** A 409: already voted with this token, or the poll stopped taking votes meanwhile. Says which. */
  async afterConflict(summary) {
    const token = this.kept();
    const r = await call(`tenants/${encodeURIComponent(this.tenant.slug)}/polls/${encodeURIComponent(this.poll.id)}`,
      { headers: token ? { 'Voter-Token': token } : {} }).catch(() => null);
    if (r) this.poll = r.data;
    if (r && r.data.hasVoted) Store.update(this.tenant.slug, (d) => { d.voted[this.poll.id] = true; });
    this.render();
    const text = r && r.data.hasVoted ? this.t.alreadyVoted : this.t.notTakingVotes;
    const box = h('div', { class: 'samen__alert samen__alert--warning', role: 'alert', tabindex: '-1' },
      h('p', { text }));
    this.body.prepend(box);
    box.focus();
    this.emit('error', { kind: 'conflict', status: 409 });
  }

  /**
   * Renders the results (or why they are hidden) into the results slot. Call it again with a newer poll document
   * (for example from a live update) to refresh the figures.
   */
  showResults(poll) {
    const t = this.t;
    if (!this.resultsSlot) return;
    this.poll = { ...this.poll, ...poll, hasVoted: this.poll.hasVoted || poll.hasVoted };
    const voted = this.hasVoted;
    if (!poll.resultsVisible) {
      const after = poll.resultsVisibility === 'after-close' ? t.hiddenAfterClose
        : voted ? t.hiddenAfterClose : t.hiddenAfterVote;
      this.resultsSlot.replaceChildren(h('p', { class: 'samen__hint samen-poll__hidden', text: after }));
      return;
    }
    const total = poll.totalVotes || 0;
    const headingId = uid('results');
    const rows = poll.options.map((o) => {
      const share = total ? Math.round((o.votes * 100) / total) : 0;
      const bar = h('span', { class: 'samen-poll__bar', 'aria-hidden': 'true' });
      bar.style.setProperty('--samen-share', `${share}%`);
      return h('tr', {}, h('th', { scope: 'row', class: 'samen-poll__label' }, o.label, bar),
        h('td', { class: 'samen-poll__count', text: String(o.votes) }),
        h('td', { class: 'samen-poll__share', text: `${share}%` }));
    });
    this.resultsSlot.replaceChildren(h('section', { class: 'samen-poll__results', 'aria-labelledby': headingId },
      this.heading(1, t.results, { id: headingId }),
      h('table', { class: 'samen__table samen-poll__table' },
        h('caption', { class: 'samen__caption', text: t.totalVotes(total) }),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: t.answer }), h('th', { scope: 'col', text: t.votes }),
          h('th', { scope: 'col', text: t.share }))),
        h('tbody', {}, rows)),
      poll.maxChoices > 1 ? h('p', { class: 'samen__hint', text: t.shareNote }) : null));
  }
  // ---- live results --------------------------------------------------------------------------------------------

  /**
   * Follows the poll's live stream (GET …/polls/{id}/live) while the element is on the page and the tab is
   * visible: fetch streaming, since EventSource cannot send the Voter-Token header (a token never goes in a URL).
   * Reconnects after the server's retry (or Retry-After when refused) with Last-Event-ID; ends at the poll's close.
   */
  startLive() {
    if (this.liveAbort || this.liveDone || !this.isConnected || document.hidden || !this.poll || !this.tenant) return;
    if (this.poll.status === 'closed' || typeof ReadableStream === 'undefined') return;
    if (!this.inView || streaming.size >= LIVE_MAX) return;
    clearTimeout(this.liveTimer);
    const controller = new AbortController();
    this.liveAbort = controller;
    streaming.add(this);
    const token = this.kept();
    const headers = { Accept: 'text/event-stream' };
    if (token) headers['Voter-Token'] = token;
    if (this.liveLastId) headers['Last-Event-ID'] = this.liveLastId;
    const url = new URL(`tenants/${encodeURIComponent(this.tenant.slug)}/polls/${encodeURIComponent(this.poll.id)}/live`,
      API);
    let wait = this.liveRetry || 3000;
    fetch(url, { headers, signal: controller.signal, credentials: 'omit', cache: 'no-store' })
      .then(async (response) => {
        if (!response.ok || !response.body) {
          wait = Math.max(wait, (Number(response.headers.get('Retry-After')) || 30) * 1000);
          if (response.status === 404 || response.status === 401) this.liveDone = true;
          return;
        }
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = { name: 'message', data: '' };
            for (const line of block.split('\n')) {
              const colon = line.indexOf(':');
              if (colon === 0) continue;
              const field = colon < 0 ? line : line.slice(0, colon);
              const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
              if (field === 'event') event.name = text;
              else if (field === 'data') event.data += (event.data ? '\n' : '') + text;
              else if (field === 'id') this.liveLastId = text;
              else if (field === 'retry' && /^\d+$/.test(text)) this.liveRetry = Number(text);
            }
            if (!event.data) continue;
            if (event.name === 'results' || event.name === 'closed') this.liveUpdate(JSON.parse(event.data));
            if (event.name === 'closed' || event.name === 'gone') this.liveDone = true;
          }
        }
      })
      .catch(() => { /* offline, or stopped: try again below */ })
      .finally(() => {
        if (this.liveAbort !== controller) return;
        this.liveAbort = null;
        streaming.delete(this);
        if (!this.liveDone && !controller.signal.aborted) this.liveTimer = setTimeout(() => this.startLive(), wait);
        wake();
      });
  }

  stopLive() {
    clearTimeout(this.liveTimer);
    const controller = this.liveAbort;
    this.liveAbort = null;
    if (controller) controller.abort();
    if (streaming.delete(this)) wake();
  }

  /** Subscribes now, and follows the tab's visibility; the element leaving the page ends it (disconnectedCallback). */
  followLive() {
    if (!this.onVisibility) {
      this.onVisibility = () => (document.hidden ? this.stopLive() : this.startLive());
      document.addEventListener('visibilitychange', this.onVisibility);
    }
    following.add(this);
    seen.observe(this);
    this.startLive();
  }

  connectedCallback() {
    super.connectedCallback();
    if (this.poll && this.tenant) this.followLive(); // put back on the page: follow again
  }

  disconnectedCallback() {
    following.delete(this);
    seen.unobserve(this);
    this.stopLive();
    if (this.onVisibility) document.removeEventListener('visibilitychange', this.onVisibility);
    this.onVisibility = null;
  }

  /**
   * A newer state of the poll from the stream. The figures change in place (same table, same nodes), so focus stays
   * where it is and nothing is announced: the results are not a live region, and a screen reader user reads them
   * when they choose to. Only the poll's close is said once, in the element's status region.
   */
  liveUpdate(poll) {
    if (!this.poll || poll.id !== this.poll.id) return;
    const wasClosed = this.poll.status === 'closed';
    const acceptingChanged = poll.acceptingVotes !== this.poll.acceptingVotes;
    const form = this.querySelector('form.samen-poll__form');
    const typing = form && form.contains(document.activeElement);
    if (acceptingChanged && !typing && !this.contains(document.activeElement)) {
      this.poll = { ...this.poll, ...poll, hasVoted: this.poll.hasVoted || poll.hasVoted };
      this.render();
    } else if (!this.updateFigures(poll)) {
      const slot = this.resultsSlot;
      const hadFocus = slot && slot.contains(document.activeElement);
      this.showResults(poll);
      if (hadFocus) {
        const heading = slot.querySelector('.samen__heading') || slot.firstElementChild;
        if (heading) { heading.setAttribute('tabindex', '-1'); heading.focus({ preventScroll: true }); }
      }
    }
    if (!wasClosed && poll.status === 'closed') this.announce(this.t.closed);
  }

  /** The counts, shares and bars of the table already shown, changed in place; false if it cannot be. */
  updateFigures(poll) {
    const table = this.resultsSlot && this.resultsSlot.querySelector('.samen-poll__table');
    if (!table || !poll.resultsVisible) return false;
    const rows = table.querySelectorAll('tbody tr');
    if (rows.length !== poll.options.length) return false;
    this.poll = { ...this.poll, ...poll, hasVoted: this.poll.hasVoted || poll.hasVoted };
    const total = poll.totalVotes || 0;
    table.querySelector('caption').textContent = this.t.totalVotes(total);
    poll.options.forEach((o, i) => {
      const share = total ? Math.round((o.votes * 100) / total) : 0;
      const cells = rows[i].querySelectorAll('td');
      if (cells[0].textContent !== String(o.votes)) cells[0].textContent = String(o.votes);
      if (cells[1].textContent !== `${share}%`) cells[1].textContent = `${share}%`;
      const bar = rows[i].querySelector('.samen-poll__bar');
      if (bar) bar.style.setProperty('--samen-share', `${share}%`);
    });
    return true;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// <samen-consultation tenant="…" consultation="…">
// ---------------------------------------------------------------------------------------------------------------

const MAX_REACTION = 5000;

class SamenConsultation extends SamenElement {
  get base() { return `tenants/${encodeURIComponent(this.getAttribute('tenant'))}`; }

  async start() {
    try {
      this.tenant = await loadTenant(this.getAttribute('tenant'));
      const id = encodeURIComponent(this.getAttribute('consultation'));
      this.consultation = (await call(`${this.base}/consultations/${id}`)).data;
      const page = (await call(`${this.base}/consultations/${id}/reactions?limit=10`)).data;
      this.render(page);
    } catch (e) {
      this.loaded();
      this.body.replaceChildren(this.errorBox(e, () => { this.showLoading(); this.start(); }));
    }
  }

  render(page) {
    const t = this.t;
    const c = this.consultation;
    this.loaded();
    this.classList.add('samen-consultation');
    const dl = h('dl', { class: 'samen__facts samen-consultation__manifest' });
    const fact = (term, value) => {
      if (value) dl.append(h('div', { class: 'samen__fact' }, h('dt', { text: term }), h('dd', { text: value })));
    };
    fact(t.level, c.participationLevel ? t.levels[c.participationLevel] : null);
    fact(t.openForInput, c.openForInput);
    fact(t.fixed, c.fixed);
    fact(t.decisionMaker, c.decisionMaker);
    fact(t.reactUntil, c.closesAt ? formatDate(c.closesAt, this.lang2, true) : null);
    fact(t.feedbackDue, c.feedbackDueDate ? t.feedbackBy(formatDate(`${c.feedbackDueDate}T12:00:00Z`, this.lang2)) : null);
    const parts = [
      this.heading(0, c.title, { class: 'samen__heading samen-consultation__title' }),
      c.question ? h('p', { class: 'samen-consultation__question', text: c.question }) : null,
      c.description ? h('p', { class: 'samen-consultation__description', text: c.description }) : null,
      h('section', { class: 'samen-consultation__how', 'aria-label': t.manifest }, this.heading(1, t.manifest), dl),
    ];
    if (c.feedback) parts.push(this.feedback(c.feedback));
    this.ownSlot = h('div', { class: 'samen-consultation__own-slot' });
    parts.push(this.ownSlot);
    const invited = c.audience === 'panel' && c.status === 'open' && panelToken(this.tenant.slug, c.id);
    const notices = this.panelNotices?.(c, invited) || [];
    parts.push(...notices);
    if (c.acceptingInput || invited) {
      parts.push(writableHere(this.tenant) ? this.form() : this.originNotice());
    } else if (!notices.length) {
      parts.push(h('p', { class: 'samen__notice', text: c.status === 'closed' || c.status === 'reported'
        ? t.closedConsultation : t.notOpenConsultation }));
    }
    const headingId = uid('reactions');
    this.list = h('ul', { class: 'samen-consultation__reactions' });
    this.moreSlot = h('div', { class: 'samen-consultation__more' });
    parts.push(h('section', { class: 'samen-consultation__list', 'aria-labelledby': headingId },
      this.heading(1, t.reactions, { id: headingId }), this.list, this.moreSlot));
    this.body.replaceChildren(...parts);
    this.addReactions(page);
    this.showOwn();
  }

  feedback(f) {
    const t = this.t;
    const dl = h('dl', { class: 'samen__facts' });
    const fact = (term, value) => {
      if (value) dl.append(h('div', { class: 'samen__fact' }, h('dt', { text: term }), h('dd', { text: value })));
    };
    fact(t.feedbackDecision, f.decision);
    fact(t.feedbackDecidedBy, f.decidedBy);
    fact(t.feedbackChanges, f.changes);
    return h('section', { class: 'samen-consultation__feedback', 'aria-label': t.feedback },
      this.heading(1, t.feedback), h('p', { text: f.summary }), dl);
  }

  addReactions(page) {
    const t = this.t;
    if (!page.items.length && !this.list.children.length) {
      this.list.replaceWith(this.list = h('ul', { class: 'samen-consultation__reactions' }));
      this.moreSlot.replaceChildren(h('p', { class: 'samen__hint', text: t.noReactions }));
      return;
    }
    for (const r of page.items) this.list.append(this.reaction(r));
    this.moreSlot.replaceChildren();
    if (page.next) {
      const more = h('button', { type: 'button', class: 'samen__button samen__button--secondary', text: t.more });
      more.addEventListener('click', async () => {
        const firstNew = this.list.children.length;
        try {
          this.addReactions((await call(page.next)).data);
          const item = this.list.children[firstNew];
          if (item) { item.setAttribute('tabindex', '-1'); item.focus(); }
        } catch (e) {
          this.moreSlot.replaceChildren(this.errorBox(e, () => this.addReactions(page)));
        }
      });
      this.moreSlot.append(more);
    }
  }

  reaction(r) {
    const t = this.t;
    const name = r.displayName || t.anonymous;
    const flagSlot = h('div', { class: 'samen-consultation__flag-slot' });
    const flagButton = h('button', { type: 'button', class: 'samen__button samen__button--link',
      'aria-label': t.flagLabel(name), 'aria-expanded': 'false', text: t.flag });
    flagButton.addEventListener('click', () => this.flagForm(r, flagSlot, flagButton));
    return h('li', { class: 'samen-consultation__reaction', 'data-id': r.id },
      h('p', { class: 'samen-consultation__meta' }, h('span', { class: 'samen-consultation__author', text: name }),
        ' · ', h('time', { datetime: r.createdAt, text: formatDate(r.createdAt, this.lang2) })),
      h('p', { class: 'samen-consultation__body', text: r.body }),
      r.reply ? h('div', { class: 'samen-consultation__reply' },
        h('p', { class: 'samen-consultation__reply-title', text: t.reply }), h('p', { text: r.reply.body })) : null,
      writableHere(this.tenant) ? h('div', { class: 'samen-consultation__actions' }, flagButton) : null, flagSlot);
  }

  flagForm(r, slot, opener) {
    const t = this.t;
    if (slot.firstChild) {
      slot.replaceChildren();
      opener.setAttribute('aria-expanded', 'false');
      return;
    }
    opener.setAttribute('aria-expanded', 'true');
    const errorId = uid('reason-error');
    const error = h('p', { id: errorId, class: 'samen__error-message', hidden: true });
    const legendId = uid('flag');
    const radios = Object.entries(t.reasons).map(([value, label]) => {
      const id = uid('reason');
      return h('div', { class: 'samen__choice samen__choice--radio' },
        h('input', { type: 'radio', id, name: 'reason', value, class: 'samen__choice-input' }),
        h('label', { for: id, class: 'samen__choice-label', text: label }));
    });
    const fieldset = h('fieldset', { class: 'samen__fieldset' },
      h('legend', { id: legendId, class: 'samen__legend samen__legend--small', text: t.flagLegend }), error,
      h('div', { class: 'samen__choices' }, radios));
    const comment = this.field('textarea', 'comment', `${t.flagComment} (${t.optional})`, null,
      { rows: '2', maxlength: '500', class: 'samen__textarea' });
    const summary = h('div', { class: 'samen__summary-slot' });
    const send = h('button', { type: 'submit', class: 'samen__button', text: t.flagSend });
    const close = () => { slot.replaceChildren(); opener.setAttribute('aria-expanded', 'false'); opener.focus(); };
    const form = h('form', { class: 'samen__form samen-consultation__flag', novalidate: true, 'aria-labelledby': legendId,
      onkeydown: (e) => { if (e.key === 'Escape') close(); } },
    summary, fieldset, comment.wrap, h('div', { class: 'samen__actions' }, send,
      h('button', { type: 'button', class: 'samen__button samen__button--secondary', text: t.cancel, onclick: close })));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (form.dataset.busy) return;
      const reason = form.querySelector('input[name=reason]:checked');
      const first = form.querySelector('input[name=reason]');
      const errs = reason ? [] : [{ error, describe: fieldset, message: t.errReason, focus: first }];
      this.showErrors(form, summary, errs);
      if (errs.length) return;
      const body = { reason: reason.value };
      if (comment.input.value.trim()) body.comment = comment.input.value.trim();
      this.busy(form, send, true, t.busy);
      try {
        await write(this.tenant, `${this.base}/reactions/${encodeURIComponent(r.id)}/flags`,
          { method: 'POST', body }, (s) => { if (s) this.announce(t.pow); });
        const done = h('p', { class: 'samen__alert samen__alert--success', tabindex: '-1', text: t.flagThanks });
        slot.replaceChildren(done);
        opener.remove();
        done.focus();
        this.emit('flagged', { tenant: this.tenant.slug, consultation: this.consultation.id });
      } catch (e) {
        this.busy(form, send, false);
        if (e.kind === 'network' && !writableHere(this.tenant)) e = new SamenError('origin', 0);
        const box = this.errorBox(e, () => form.requestSubmit());
        box.setAttribute('tabindex', '-1');
        summary.replaceChildren(box);
        box.focus();
      }
    });
    slot.replaceChildren(form);
    form.querySelector('input[name=reason]').focus();
  }

  form() {
    const t = this.t;
    const headingId = uid('react');
    const body = this.field('textarea', 'body', t.react, t.reactHint, { rows: '6', class: 'samen__textarea',
      spellcheck: 'true' });
    const countId = uid('count');
    const count = h('p', { id: countId, class: 'samen__hint samen__count', text: t.charsLeft(MAX_REACTION) });
    // the count is said politely a moment after typing stops, not on every key (GOV.UK character count)
    const countLive = h('p', { class: 'samen__visually-hidden', 'aria-live': 'polite' });
    body.wrap.append(count, countLive);
    body.input.setAttribute('aria-describedby', `${body.hintId} ${countId}`);
    let timer;
    body.input.addEventListener('input', () => {
      const left = MAX_REACTION - body.input.value.length;
      count.textContent = left >= 0 ? t.charsLeft(left) : t.charsOver(-left);
      count.classList.toggle('samen__count--over', left < 0);
      clearTimeout(timer);
      timer = setTimeout(() => { countLive.textContent = count.textContent; }, 1000);
    });
    const name = this.field('input', 'displayName', `${t.name} (${t.optional})`, t.nameHint,
      { type: 'text', autocomplete: 'nickname', maxlength: '200' });
    const email = this.field('input', 'email', `${t.email} (${t.optional})`, t.emailHint,
      { type: 'email', autocomplete: 'email', spellcheck: 'false' });
    const about = this.aboutYou(this.tenant);
    // the honeypot: people never see or reach it; programs that fill in every field do
    const trap = h('input', { type: 'text', name: 'website', id: uid('website'), tabindex: '-1', autocomplete: 'off' });
    const trapWrap = h('div', { class: 'samen__hp', 'aria-hidden': 'true' },
      h('label', { for: trap.id, text: t.honeypot }), trap);
    Object.assign(trapWrap.style, { position: 'absolute', left: '-10000px', width: '1px', height: '1px', overflow: 'hidden' });
    const summary = h('div', { class: 'samen__summary-slot' });
    const send = h('button', { type: 'submit', class: 'samen__button', text: t.send });
    const form = h('form', { class: 'samen__form samen-consultation__form', novalidate: true,
      'aria-labelledby': headingId },
    this.heading(1, t.reactHeading, { id: headingId }), summary, body.wrap, name.wrap, email.wrap, about.box, trapWrap,
    h('div', { class: 'samen__actions' }, send));
    const fieldOf = { body, displayName: name, email, ageBand: about.age, area: about.area };
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (form.dataset.busy) return;
      const errors = [];
      const text = body.input.value.trim();
      const err = (f, message) => errors.push({ error: f.error, describe: f.input, focus: f.input, message });
      if (!text) err(body, t.errBody);
      else if (body.input.value.length > MAX_REACTION) err(body, t.errBodyLong(body.input.value.length - MAX_REACTION));
      if (name.input.value.trim().length > 80) err(name, t.errName);
      const mail = email.input.value.trim();
      if (mail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(mail)) err(email, t.errEmail);
      this.showErrors(form, summary, errors);
      if (errors.length) return;
      const payload = { body: text };
      if (name.input.value.trim()) payload.displayName = name.input.value.trim();
      if (mail) payload.email = mail;
      if (about.age.input.value) payload.ageBand = about.age.input.value;
      if (about.area.input.value) payload.area = about.area.input.value;
      if (trap.value) payload.website = trap.value;
      this.busy(form, send, true, t.sending);
      const participation = panelToken(this.tenant.slug, this.consultation.id);
      try {
        const { data } = await write(this.tenant, `${this.base}/consultations/${encodeURIComponent(this.consultation.id)}/reactions`,
          { method: 'POST', body: payload, pow: true, headers: participation ? { 'Voter-Token': participation } : {} },
          (s) => { if (s) this.announce(t.pow); });
        Store.update(this.tenant.slug, (d) => {
          d.reactions.push({ id: data.id, consultation: this.consultation.id, receiptToken: data.receiptToken });
        });
        this.emit('reacted', { tenant: this.tenant.slug, consultation: this.consultation.id, status: data.status });
        const thanks = h('div', { class: 'samen__alert samen__alert--success', tabindex: '-1' },
          h('p', { text: data.status === 'published' ? t.thanksPublished : t.thanksPending }));
        form.replaceWith(thanks);
        await this.showOwn();
        thanks.focus();
      } catch (e) {
        this.busy(form, send, false);
        const list = e.kind === 'invalid' ? (e.problem.errors || []).map((f) => fieldOf[f.field.split(/[.[]/)[0]])
          .filter(Boolean).map((f) => ({ error: f.error, describe: f.input, focus: f.input,
            message: f === email ? t.errEmail : f === name ? t.errName : f === body ? t.errBody : t.fixField })) : [];
        if (list.length) { this.showErrors(form, summary, list); return; }
        if (e.kind === 'conflict' && this.consultation.acceptingInput) {
          const check = await call(`${this.base}/consultations/${encodeURIComponent(this.consultation.id)}`).catch(() => null);
          if (check && check.data.acceptingInput) { err(body, t.errRepeat); this.showErrors(form, summary, errors); return; }
          this.consultation = check ? check.data : this.consultation;
          const box = h('div', { class: 'samen__alert samen__alert--warning', role: 'alert', tabindex: '-1' },
            h('p', { text: t.closedConsultation }));
          form.replaceWith(box);
          box.focus();
          return;
        }
        if (e.kind === 'network' && !writableHere(this.tenant)) e = new SamenError('origin', 0);
        const box = e.kind === 'origin' ? this.originNotice() : this.errorBox(e, () => form.requestSubmit());
        box.setAttribute('tabindex', '-1');
        summary.replaceChildren(box);
        box.focus();
      }
    });
    return form;
  }

  /** The author's own reactions on this consultation from this device: status, reason, withdraw. */
  async showOwn() {
    const t = this.t;
    const mine = (Store.read(this.tenant.slug).reactions || []).filter((r) => r.consultation === this.consultation.id);
    if (!mine.length) { this.ownSlot.replaceChildren(); return; }
    const headingId = uid('own');
    const list = h('ul', { class: 'samen-consultation__own-list' });
    const section = h('section', { class: 'samen-consultation__own', 'aria-labelledby': headingId },
      this.heading(1, t.own, { id: headingId }), list, this.forgetButton(() => this.start()));
    for (const kept of mine) {
      try {
        const { data } = await call(`${this.base}/reactions/${encodeURIComponent(kept.id)}`,
          { headers: { 'Receipt-Token': kept.receiptToken } });
        list.append(this.ownItem(kept, data));
      } catch (e) {
        if (e.kind === 'notfound' || e.kind === 'forbidden') {
          Store.update(this.tenant.slug, (d) => { d.reactions = d.reactions.filter((x) => x.id !== kept.id); });
          list.append(h('li', { class: 'samen-consultation__own-item', text: t.gone }));
        } else {
          list.append(h('li', { class: 'samen-consultation__own-item' }, this.errorBox(e, () => this.showOwn())));
        }
      }
    }
    this.ownSlot.replaceChildren(section);
  }

  ownItem(kept, r) {
    const t = this.t;
    const dl = h('dl', { class: 'samen__facts' },
      h('div', { class: 'samen__fact' }, h('dt', { text: t.statusLabel }),
        h('dd', { class: `samen__status samen__status--${r.status}`, text: t.status[r.status] || r.status })),
      r.reason ? h('div', { class: 'samen__fact' }, h('dt', { text: t.reason }), h('dd', { text: r.reason })) : null);
    const item = h('li', { class: 'samen-consultation__own-item' },
      r.body ? h('p', { class: 'samen-consultation__body', text: r.body }) : null, dl,
      r.reply ? h('div', { class: 'samen-consultation__reply' },
        h('p', { class: 'samen-consultation__reply-title', text: t.reply }), h('p', { text: r.reply.body })) : null);
    if (r.status !== 'withdrawn') {
      const button = h('button', { type: 'button', class: 'samen__button samen__button--secondary', text: t.withdraw });
      button.addEventListener('click', async () => {
        try {
          await call(`${this.base}/reactions/${encodeURIComponent(kept.id)}`,
            { method: 'DELETE', headers: { 'Receipt-Token': kept.receiptToken } });
          const { data } = await call(`${this.base}/reactions/${encodeURIComponent(kept.id)}`,
            { headers: { 'Receipt-Token': kept.receiptToken } });
          const fresh = this.ownItem(kept, data);
          const said = h('p', { class: 'samen__alert samen__alert--success', tabindex: '-1', text: t.withdrawn });
          fresh.prepend(said);
          item.replaceWith(fresh);
          said.focus();
          // the published list no longer has it
          for (const li of this.list.querySelectorAll('.samen-consultation__reaction')) {
            if (li.dataset.id === kept.id) li.remove();
          }
        } catch (e) {
          const box = this.errorBox(e, () => button.click());
          box.setAttribute('tabindex', '-1');
          item.append(box);
          box.focus();
        }
      });
      item.append(h('div', { class: 'samen__actions' }, button));
    }
    return item;
  }
}

// The default stylesheet, loaded once unless the page has an element with data-samen-unstyled (or loads it itself).
// Its hash is pinned here, so the script's own SRI hash covers the styles too (EmbedAssetsTest keeps them equal).
const STYLES_INTEGRITY = 'sha384-JfKN2HH23NDUB77ntFfTUoF1zh5CjzK0FUW+EaCPlQnuTorV4c62mSOlAJbc6c9R';
const STYLES_URL = new URL('samen.css', import.meta.url).href;
if (!document.querySelector('[data-samen-unstyled]')
  && ![...document.querySelectorAll('link[rel~=stylesheet]')].some((l) => l.href === STYLES_URL)) {
  document.head.append(h('link', { rel: 'stylesheet', href: STYLES_URL,
    integrity: STYLES_INTEGRITY, crossorigin: 'anonymous' }));
}

// The iframe variant tells its host page how tall it is; where this script runs on that page, the frame follows.
addEventListener('message', (e) => {
  if (e.origin !== SERVICE_ORIGIN || !e.data || e.data.type !== 'samen:height') return;
  for (const frame of document.querySelectorAll('iframe')) {
    if (frame.contentWindow === e.source) frame.style.height = `${Math.ceil(Number(e.data.height) || 0)}px`;
  }
});

if (!customElements.get('samen-poll')) customElements.define('samen-poll', SamenPoll);
if (!customElements.get('samen-consultation')) customElements.define('samen-consultation', SamenConsultation);

export { SamenPoll, SamenConsultation, SamenElement, lastSolve, proofOfWork, call, write, loadTenant, h, uid,
  writableHere, Store, panelToken };
