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
            with mine as (select r.id, r.status, r.flagged, r.created_at, r.flagged_at from reaction r
                          where (r.status = 'PENDING' or r.flagged) and %s)
            select (select count(*) from mine where status = 'PENDING'),
                   array(select id from mine where status = 'PENDING' order by created_at, id limit ?),
                   (select count(*) from mine where flagged),
                   array(select id from mine where flagged order by flagged_at, id limit ?)"""
            .formatted(ModerationService.reactionsOf("?"));

    private final AgroalDataSource dataSource;

    public ModerationQueues(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    Snapshot read(String tenant, int maxIds) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(READ)) {
            statement.setString(1, tenant);
            statement.setString(2, tenant);
            statement.setInt(3, maxIds);
            statement.setInt(4, maxIds);
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
