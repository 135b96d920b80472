package nl.sed.samen.security;

/** What an official may do, from the {@code groups} claim of their token. */
public enum Role {
    /** Creates and runs projects, consultations and polls, publishes feedback, exports reports. */
    EDITOR,
    /** Works the moderation queue and replies officially to reactions. */
    MODERATOR,
    /** Everything, plus tenant settings and the audit log. */
    ADMIN;

    public String claim() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
