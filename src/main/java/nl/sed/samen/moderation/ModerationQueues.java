package nl.sed.samen.moderation;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The size of a tenant's two queues and the ids of their oldest reactions, in one statement: what the live desk
 * compares between ticks. The same predicates and order as {@link ModerationService#queue}.
 */
@ApplicationScoped
public class ModerationQueues {

    /** A queue: its exact size and its oldest ids, oldest first. */
    public record Queue(long count, List<UUID> ids) {
    }

    /** Both queues of one tenant at one moment. */
    public record Snapshot(Queue pending, Queue flagged) {
    }

    private static final String READ = """
            select (select count(*) from reaction where tenant_slug = ? and status = 'PENDING'),
                   array(select id from reaction where tenant_slug = ? and status = 'PENDING'
                         order by created_at, id limit ?),
                   (select count(*) from reaction where tenant_slug = ? and flagged),
                   array(select id from reaction where tenant_slug = ? and flagged
                         order by flagged_at, id limit ?)""";

    private final AgroalDataSource dataSource;

    public ModerationQueues(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    Snapshot read(String tenant, int maxIds) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(READ)) {
            for (int i : new int[] {1, 2, 4, 5}) {
                statement.setString(i, tenant);
            }
            statement.setInt(3, maxIds);
            statement.setInt(6, maxIds);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return new Snapshot(new Queue(result.getLong(1), ids(result, 2)),
                        new Queue(result.getLong(3), ids(result, 4)));
            }
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
    }

    private static List<UUID> ids(ResultSet result, int column) throws SQLException {
        Object[] values = (Object[]) result.getArray(column).getArray();
        return Arrays.stream(values).map(UUID.class::cast).toList();
    }
}
