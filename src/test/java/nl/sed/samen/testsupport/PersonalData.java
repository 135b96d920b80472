package nl.sed.samen.testsupport;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks for a piece of personal data (an address, a name, a text) in every column of every table of the database —
 * not only where it was meant to be — so a test can prove it is gone. Text, JSON, arrays, search vectors and every
 * other type are compared as text, case-insensitively; bytea columns are searched for the UTF-8 bytes.
 */
public final class PersonalData {

    private PersonalData() {
    }

    /** Every {@code table.column} that holds the value somewhere; empty when it is nowhere. */
    public static List<String> whereFound(String value) {
        List<String> found = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(PostgresResource.jdbcUrl())) {
            List<String[]> columns = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("""
                    select c.table_name, c.column_name, c.data_type
                    from information_schema.columns c
                    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
                    order by c.table_name, c.ordinal_position""");
                 ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    columns.add(new String[] {result.getString(1), result.getString(2), result.getString(3)});
                }
            }
            if (columns.isEmpty()) {
                throw new AssertionError("no tables to search: the scan would prove nothing");
            }
            for (String[] column : columns) {
                String table = quote(column[0]);
                String name = quote(column[1]);
                boolean bytes = "bytea".equals(column[2]);
                String sql = bytes
                        ? "select exists (select 1 from " + table + " where position(? in " + name + ") > 0)"
                        : "select exists (select 1 from " + table + " where strpos(lower(" + name + "::text), lower(?)) > 0)";
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    if (bytes) {
                        statement.setBytes(1, value.getBytes(StandardCharsets.UTF_8));
                    } else {
                        statement.setString(1, value);
                    }
                    try (ResultSet result = statement.executeQuery()) {
                        result.next();
                        if (result.getBoolean(1)) {
                            found.add(column[0] + "." + column[1]);
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    /** How many columns were searched: a scan that searched nothing would pass vacuously. */
    public static long columnsSearched() {
        return Database.count("select count(*) from information_schema.columns c join information_schema.tables t "
                + "on t.table_schema = c.table_schema and t.table_name = c.table_name "
                + "where c.table_schema = 'public' and t.table_type = 'BASE TABLE'");
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
