package nl.sed.samen.panel;

/** The panel's mails. Each carries a leave link. */
enum MailKind {
    /** Double opt-in: the link confirms the sign-up. */
    CONFIRM,
    /** A sign-up for an address the panel knows already: said to that address only, never to the one who asked. */
    KNOWN,
    /** Under 16: the parent's or guardian's consent. */
    GUARDIAN,
    /** Reserved (a welcome once active); not sent. */
    WELCOME,
    /** A single-use participation link to a panel consultation. */
    INVITATION,
    /** The one reminder of an unused invitation, with a fresh link (the first stops working). */
    REMINDER,
    /** Not taken part for a long time: the member is erased unless they take part or confirm again. */
    INACTIVE
}
