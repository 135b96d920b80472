// Samen embed v1: <samen-panel-signup tenant="…" panel="…"> for joining a youth panel from a municipality website,
// and, on panel.html, the links from the panel's mails: confirm, a guardian's consent, leave, and an invitation
// (<samen-panel-consultation>: the consultation and its polls with the participation right applied). Builds on
// samen.js: load both (each with its integrity hash). Licence: EUPL-1.2.
import { SamenElement, SamenConsultation, SamenPoll, Store, call, write, loadTenant, h, uid, writableHere, panelToken }
  from './samen.js';

/** A mail link's token after #name= (a browser never sends it to a server), taken out of the address. */
function takeFragment(name) {
  const m = new RegExp(`^#${name}=([A-Za-z0-9_.-]{1,200})$`).exec(location.hash);
  if (!m) return null;
  try { history.replaceState(null, '', location.pathname + location.search); } catch (e) { /* keep going */ }
  return m[1];
}

const TEXT = {
  nl: {
    panelFor: 'Deze raadpleging is voor het jongerenpanel. Meedoen kan met de persoonlijke link uit je uitnodiging.',
    invited: 'Je doet mee met je uitnodiging. Wat je antwoordt, koppelen we niet aan jou.',
    invitationUsed: 'Deze uitnodiging is al gebruikt. Je kunt er maar één keer mee meedoen.',
    invitationInvalid: 'Deze uitnodigingslink werkt niet (meer). Na een herinnering werkt alleen de nieuwe link.',
    polls: 'Peilingen',
    pollForPanel: 'Stemmen kan alleen voor het jongerenpanel, met de persoonlijke link uit je uitnodiging.',
    join: 'Aanmelden',
    joinHint: 'Meld je aan voor het panel. Je krijgt een e-mail om je aanmelding te bevestigen.',
    panelEmail: 'Je e-mailadres',
    panelEmailHint: 'Alleen voor berichten van het panel. We tonen het nergens.',
    panelAge: 'Je leeftijd',
    panelArea: 'Je woonplaats',
    choose: 'Kies…',
    guardianEmail: 'E-mailadres van je ouder of verzorger',
    guardianHint: 'Ben je jonger dan 16? Dan vragen we je ouder of verzorger om toestemming. Hun adres bewaren we niet.',
    errPanelEmail: 'Vul je e-mailadres in, zoals naam@voorbeeld.nl.',
    errPanelAge: 'Kies je leeftijd.',
    errPanelArea: 'Kies je woonplaats.',
    errGuardian: 'Vul het e-mailadres van je ouder of verzorger in. Het moet een ander adres zijn dan het jouwe.',
    joining: 'Je aanmelding wordt verstuurd…',
    confirm: 'Aanmelding bevestigen',
    confirmIntro: 'Bevestig hier je aanmelding voor het panel.',
    confirmed: 'Je aanmelding is bevestigd. Je bent nu lid van het panel.',
    awaitingGuardian: 'Je aanmelding is bevestigd. We hebben je ouder of verzorger een e-mail gestuurd om toestemming te vragen.',
    consent: 'Toestemming geven',
    consentIntro: 'Uw kind wil meedoen met het jongerenpanel. Geef hier toestemming.',
    consented: 'Dank u. Uw kind is nu lid van het panel.',
    leave: 'Afmelden en mijn gegevens wissen',
    leaveIntro: 'Wil je je afmelden voor het panel? We wissen dan meteen al je gegevens.',
    left: 'Je bent afgemeld. We hebben al je gegevens gewist.',
    linkInvalid: 'Deze link werkt niet (meer). Hij is al gebruikt, of de aanmelding is ouder dan 7 dagen. Meld je opnieuw aan.',
    panelClosed: 'Aanmelden voor dit panel kan nu niet.',
    leaveAnytime: 'Afmelden kan altijd, met de link in elke e-mail van het panel. We wissen dan meteen al je gegevens.',
  },
  en: {
    panelFor: 'This consultation is for the youth panel. You take part with the personal link in your invitation.',
    invited: 'You are taking part with your invitation. What you answer is not linked to you.',
    invitationUsed: 'This invitation has been used already. It works only once.',
    invitationInvalid: 'This invitation link does not work (any more). After a reminder only the new link works.',
    polls: 'Polls',
    pollForPanel: 'Only the youth panel votes here, with the personal link in your invitation.',
    join: 'Sign up',
    joinHint: 'Sign up for the panel. You will get an email to confirm.',
    panelEmail: 'Your email address',
    panelEmailHint: 'Only for the panel\'s messages. We never show it.',
    panelAge: 'Your age',
    panelArea: 'Where you live',
    choose: 'Choose…',
    guardianEmail: 'Email address of your parent or guardian',
    guardianHint: 'Under 16? Then we ask your parent or guardian for consent. We do not keep their address.',
    errPanelEmail: 'Enter your email address, like name@example.com.',
    errPanelAge: 'Choose your age.',
    errPanelArea: 'Choose where you live.',
    errGuardian: 'Enter the email address of your parent or guardian. It must differ from yours.',
    joining: 'Sending your sign-up…',
    confirm: 'Confirm sign-up',
    confirmIntro: 'Confirm your sign-up for the panel here.',
    confirmed: 'Your sign-up is confirmed. You are now a member of the panel.',
    awaitingGuardian: 'Your sign-up is confirmed. We emailed your parent or guardian to ask for consent.',
    consent: 'Give consent',
    consentIntro: 'Your child wants to join the youth panel. Give your consent here.',
    consented: 'Thank you. Your child is now a member of the panel.',
    leave: 'Leave and erase my details',
    leaveIntro: 'Do you want to leave the panel? We erase all your details at once.',
    left: 'You have left the panel. We erased all your details.',
    linkInvalid: 'This link does not work (any more). It was used already, or the sign-up is older than 7 days. Sign up again.',
    panelClosed: 'You cannot sign up for this panel now.',
    leaveAnytime: 'You can leave at any time with the link in every email of the panel. We then erase all your details.',
  },
};

// ---------------------------------------------------------------------------------------------------------------
// <samen-panel-signup tenant="…" panel="…">: joining a panel; on panel.html also the links from the panel's mails
// ---------------------------------------------------------------------------------------------------------------

const PANEL_LINKS = {
  bevestig: { path: 'panel-memberships/confirmation', intro: 'confirmIntro', button: 'confirm' },
  toestemming: { path: 'panel-memberships/guardian-consent', intro: 'consentIntro', button: 'consent' },
  afmelden: { path: 'panel-memberships/leave', intro: 'leaveIntro', button: 'leave' },
};

class SamenPanelSignup extends SamenElement {
  get t() { return { ...super.t, ...TEXT[this.lang2] }; }

  async start() {
    const slug = this.getAttribute('tenant');
    try {
      this.tenant = await loadTenant(slug);
      for (const [name, link] of Object.entries(PANEL_LINKS)) {
        const token = takeFragment(name);
        if (token) { this.loaded(); this.linkAction(link, token); return; }
      }
      const id = this.getAttribute('panel');
      this.panel = (await call(`tenants/${encodeURIComponent(slug)}/panels/${encodeURIComponent(id)}`)).data;
      this.loaded();
      this.body.replaceChildren(this.panel.status === 'open'
        ? (writableHere(this.tenant) ? this.form() : this.originNotice())
        : h('p', { class: 'samen__notice', text: this.t.panelClosed }),
      h('p', { class: 'samen__hint samen-panel__leave-anytime', text: this.t.leaveAnytime }));
    } catch (e) {
      this.loaded();
      this.body.replaceChildren(this.errorBox(e, () => { this.showLoading(); this.start(); }));
    }
  }

  /** A link from a mail: one button that does what it says (a mail scanner's visit changes nothing). */
  linkAction(link, token) {
    const t = this.t;
    const button = h('button', { type: 'button', class: 'samen__button', text: t[link.button] });
    const form = h('div', { class: 'samen__form' }, h('p', { text: t[link.intro] }),
      h('div', { class: 'samen__actions' }, button));
    button.addEventListener('click', async () => {
      if (form.dataset.busy) return;
      this.busy(form, button, true, t.busy);
      let text;
      let ok = true;
      try {
        const { data } = await call(`tenants/${encodeURIComponent(this.tenant.slug)}/${link.path}`,
          { method: 'POST', body: { token } });
        text = link.button === 'leave' ? t.left : link.button === 'consent' ? t.consented
          : data.status === 'awaiting-guardian' ? t.awaitingGuardian : t.confirmed;
      } catch (e) {
        ok = false;
        text = e.kind === 'notfound' || e.kind === 'invalid' ? t.linkInvalid : this.message(e);
      }
      const box = h('div', { class: `samen__alert samen__alert--${ok ? 'success' : 'error'}`, tabindex: '-1',
        role: ok ? null : 'alert' }, h('p', { text }));
      form.replaceWith(box);
      box.focus();
    });
    this.body.replaceChildren(this.heading(0, t[link.button]), form);
  }

  form() {
    const t = this.t;
    const headingId = uid('join');
    const email = this.field('input', 'email', t.panelEmail, t.panelEmailHint,
      { type: 'email', autocomplete: 'email', spellcheck: 'false', required: true });
    const age = this.field('select', 'ageBand', t.panelAge, null, { required: true });
    age.input.append(h('option', { value: '', text: t.choose }),
      ...this.panel.ageBands.map((b) => h('option', { value: b, text: t.ages[b] || b })));
    const area = this.field('select', 'area', t.panelArea, null, { required: true });
    area.input.append(h('option', { value: '', text: t.choose }),
      ...(this.tenant.areas || []).map((a) => h('option', { value: a, text: a })));
    const guardian = this.field('input', 'guardianEmail', t.guardianEmail, t.guardianHint,
      { type: 'email', autocomplete: 'off', spellcheck: 'false' });
    guardian.wrap.hidden = true;
    age.input.addEventListener('change', () => { guardian.wrap.hidden = age.input.value !== 'under-16'; });
    const trap = h('input', { type: 'text', name: 'website', id: uid('website'), tabindex: '-1', autocomplete: 'off' });
    const trapWrap = h('div', { class: 'samen__hp', 'aria-hidden': 'true' },
      h('label', { for: trap.id, text: t.honeypot }), trap);
    const summary = h('div', { class: 'samen__summary-slot' });
    const send = h('button', { type: 'submit', class: 'samen__button', text: t.join });
    const form = h('form', { class: 'samen__form samen-panel__form', novalidate: true, 'aria-labelledby': headingId },
      this.heading(0, this.panel.name, { id: headingId }),
      this.panel.description ? h('p', { text: this.panel.description }) : null,
      h('p', { class: 'samen__hint', text: t.joinHint }), summary, email.wrap, age.wrap, area.wrap, guardian.wrap,
      trapWrap, h('div', { class: 'samen__actions' }, send));
    const fieldOf = { email, ageBand: age, area, guardianEmail: guardian };
    const looksLikeMail = (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (form.dataset.busy) return;
      const errors = [];
      const err = (f, message) => errors.push({ error: f.error, describe: f.input, focus: f.input, message });
      const mail = email.input.value.trim();
      const young = age.input.value === 'under-16';
      const parent = guardian.input.value.trim();
      if (!looksLikeMail(mail)) err(email, t.errPanelEmail);
      if (!age.input.value) err(age, t.errPanelAge);
      if (!area.input.value) err(area, t.errPanelArea);
      if (young && (!looksLikeMail(parent) || parent.toLowerCase() === mail.toLowerCase())) err(guardian, t.errGuardian);
      this.showErrors(form, summary, errors);
      if (errors.length) return;
      const payload = { email: mail, ageBand: age.input.value, area: area.input.value };
      if (young) payload.guardianEmail = parent;
      if (trap.value) payload.website = trap.value;
      this.busy(form, send, true, t.joining);
      try {
        const { data } = await write(this.tenant, `tenants/${encodeURIComponent(this.tenant.slug)}/panels/`
          + `${encodeURIComponent(this.panel.id)}/members`, { method: 'POST', body: payload, pow: true },
        (s) => { if (s) this.announce(t.pow); });
        this.emit('joined', { tenant: this.tenant.slug, panel: this.panel.id });
        const thanks = h('div', { class: 'samen__alert samen__alert--success', tabindex: '-1' },
          h('p', { text: data.message }));
        form.replaceWith(thanks);
        thanks.focus();
      } catch (e) {
        this.busy(form, send, false);
        const list = e.kind === 'invalid' ? (e.problem.errors || []).map((f) => fieldOf[f.field])
          .filter(Boolean).map((f) => ({ error: f.error, describe: f.input, focus: f.input,
            message: f === email ? t.errPanelEmail : f === guardian ? t.errGuardian : t.fixField })) : [];
        if (list.length) { this.showErrors(form, summary, list); return; }
        const box = e.kind === 'conflict' ? h('div', { class: 'samen__alert samen__alert--warning', role: 'alert' },
          h('p', { text: t.panelClosed })) : this.errorBox(e, () => form.requestSubmit());
        box.setAttribute('tabindex', '-1');
        summary.replaceChildren(box);
        box.focus();
      }
    });
    return form;
  }
}

/** Uses the invitation in this page's address (#uitnodiging=…) once: null, 'used' or 'invalid'. */
async function takeInvitation(slug) {
  const token = takeFragment('uitnodiging');
  if (!token) return null;
  try {
    const { data } = await call(`tenants/${encodeURIComponent(slug)}/panel-invitations/use`,
      { method: 'POST', body: { token } });
    // the participation token, for this consultation only: samen.js sends it as the Voter-Token
    Store.update(slug, (d) => {
      d.panel ||= {};
      d.panel[data.consultationId] = { token: data.voterToken, expiresAt: data.expiresAt };
    });
    return null;
  } catch (e) {
    if (e.kind === 'conflict') return 'used';
    if (e.kind === 'notfound' || e.kind === 'invalid') return 'invalid';
    throw e;
  }
}

const PANEL_ONLY = 'https://samen.sed-wf.nl/problems/panel-only';

/** The words for a failure, and for a 403 panel-only (input there needs an invitation) how to take part. */
function panelMessage(element, error, usual) {
  if (error.problem?.type !== PANEL_ONLY) return usual.call(element, error);
  element.emit('error', { kind: 'forbidden', status: 403 });
  return element.t.panelFor;
}

/**
 * A poll of the consultation on an invitation's page (<samen-panel-poll>, made by <samen-panel-consultation>): it
 * sends the invitation's participation token as its voter token, so the member votes (once: a second vote is the
 * poll's usual 409, "already voted"); without an invitation a panel's poll shows its options and says who votes.
 * forPanel: set by the consultation when it is for the panel and open.
 */
class SamenPanelPoll extends SamenPoll {
  get t() {
    const t = { ...super.t, ...TEXT[this.lang2] };
    // not taking votes from this device because it is the panel's; results come to everyone at the close
    return this.panelOnly ? { ...t, notTakingVotes: t.pollForPanel, hiddenAfterVote: t.hiddenAfterClose } : t;
  }

  get participation() { return panelToken(this.tenant.slug, this.getAttribute('consultation')); }

  /** A panel's poll that would take votes now, but not from this device: it has no invitation to it. */
  get panelOnly() { return Boolean(this.poll && this.forPanel && this.opened(this.poll) && !this.participation); }

  opened(poll) { return poll.status === 'open' && !(Date.parse(poll.opensAt) > Date.now()); }

  kept(margin) { return this.participation || super.kept(margin); }

  // the service's acceptingVotes is for everyone, and a panel's poll takes no votes from everyone; with an
  // invitation it does while it is open (the service decides: a 409 if it no longer does, which the poll says)
  forMe(poll) {
    return this.forPanel && !poll.acceptingVotes && this.opened(poll) && this.participation
      ? { ...poll, acceptingVotes: true } : poll;
  }

  render() {
    this.poll = this.forMe(this.poll);
    super.render();
  }

  liveUpdate(poll) { super.liveUpdate(this.forMe(poll)); }

  message(error) { return panelMessage(this, error, super.message); }
}

/** <samen-panel-consultation tenant="…" consultation="…">: where an invitation link lands, with its polls. */
class SamenPanelConsultation extends SamenConsultation {
  get t() { return { ...super.t, ...TEXT[this.lang2] }; }

  message(error) { return panelMessage(this, error, super.message); }

  async start() {
    try {
      this.invitation = await takeInvitation(this.getAttribute('tenant'));
    } catch (e) {
      this.loaded();
      this.body.replaceChildren(this.errorBox(e));
      return;
    }
    await super.start();
  }

  panelNotices(c, invited) {
    const t = this.t;
    const notices = [];
    if (this.invitation) {
      notices.push(h('div', { class: 'samen__alert samen__alert--warning', role: 'alert' },
        h('p', { text: this.invitation === 'used' ? t.invitationUsed : t.invitationInvalid })));
    }
    if (c.audience === 'panel' && c.status === 'open') {
      notices.push(h('p', { class: 'samen__notice', text: invited ? t.invited : t.panelFor }));
    }
    return notices;
  }

  render(page) {
    super.render(page);
    const c = this.consultation;
    const slot = h('div', { class: 'samen-panel__polls-slot' });
    // the polls come before the reaction form (or, without one, the reactions)
    this.body.querySelector('.samen-consultation__form, .samen-consultation__list').before(slot);
    this.showPolls(slot, c.audience === 'panel' && c.status === 'open');
  }

  /** The consultation's polls (all but drafts), each a <samen-panel-poll> under one heading; nothing if none. */
  async showPolls(slot, forPanel) {
    const c = this.consultation;
    let items;
    try {
      items = (await call(`${this.base}/consultations/${encodeURIComponent(c.id)}/polls?limit=20`)).data.items;
    } catch (e) {
      slot.replaceChildren(this.errorBox(e, () => this.showPolls(slot, forPanel)));
      return;
    }
    if (!items.length) { slot.replaceChildren(); return; }
    const headingId = uid('polls');
    slot.replaceChildren(h('section', { class: 'samen-panel__polls', 'aria-labelledby': headingId },
      this.heading(1, this.t.polls, { id: headingId }),
      items.map((p) => Object.assign(h('samen-panel-poll', { tenant: this.tenant.slug, poll: p.id,
        consultation: c.id, 'heading-level': String(Math.min(5, this.level + 2)) }), { forPanel }))));
  }
}

if (!customElements.get('samen-panel-signup')) customElements.define('samen-panel-signup', SamenPanelSignup);
if (!customElements.get('samen-panel-poll')) customElements.define('samen-panel-poll', SamenPanelPoll);
if (!customElements.get('samen-panel-consultation')) {
  customElements.define('samen-panel-consultation', SamenPanelConsultation);
}

export { SamenPanelSignup, SamenPanelConsultation, SamenPanelPoll };
