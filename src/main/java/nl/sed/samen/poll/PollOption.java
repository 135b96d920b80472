package nl.sed.samen.poll;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** One answer a poll offers, in its place in the list. */
@Entity
@Table(name = "poll_option")
public class PollOption {

    @Id
    private UUID id;

    @Column(name = "poll_id")
    private UUID pollId;

    private int position;

    private String label;

    protected PollOption() {
    }

    PollOption(UUID pollId, int position, String label) {
        this.id = UUID.randomUUID();
        this.pollId = pollId;
        this.position = position;
        this.label = label;
    }

    public UUID id() {
        return id;
    }

    public int position() {
        return position;
    }

    public String label() {
        return label;
    }
}
