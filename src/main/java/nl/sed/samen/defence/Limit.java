package nl.sed.samen.defence;

/** The classes of anonymous write, each with its own allowance per client and tenant. */
public enum Limit {
    VOTER_TOKENS("voter-tokens"),
    VOTES("votes"),
    REACTIONS("reactions"),
    FLAGS("flags"),
    /** Sign-ups for a panel: each sends a mail, so each also needs a solved proof-of-work. */
    PANEL_JOINS("panel-joins");

    private final String key;

    Limit(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
