package io.vigia.generate;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Loads the platform tables into PostgreSQL in ONE transaction: makes sure user_feedback has monthly
 * partitions for the covered range, deletes the generated tenants' earlier rows (observations first),
 * then streams each file with COPY FROM STDIN. A re-run with the same spec leaves the same rows.
 */
public final class JdbcPlatformSink implements PlatformSink {
    private final Connection connection;
    private long[] copied = new long[3];

    public JdbcPlatformSink(Connection connection) {
        this.connection = connection;
    }

    /** Rows copied by the last load: experiments, observations, feedback. */
    public long[] copiedRows() {
        return copied.clone();
    }

    @Override
    public void load(PlatformTables tables) throws IOException, SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (PreparedStatement ps = connection.prepareStatement(
                "SELECT vigia_ensure_monthly_partitions('user_feedback', ?::timestamptz, ?::timestamptz)")) {
                ps.setObject(1, tables.coveredFrom().atOffset(ZoneOffset.UTC));
                ps.setObject(2, tables.coveredUntil().atOffset(ZoneOffset.UTC));
                ps.execute();
            }
            Array tenants = connection.createArrayOf("text", tables.tenantIds().toArray());
            for (String table : List.of("ab_experiment_observations", "user_feedback", "ab_experiments")) {
                try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + table + " WHERE tenant_id = ANY(?)")) {
                    ps.setArray(1, tenants);
                    ps.executeUpdate();
                }
            }
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            long[] n = new long[3];
            n[0] = copy(copy, "ab_experiments", PlatformTables.EXPERIMENT_COLUMNS, tables.experiments());
            n[1] = copy(copy, "ab_experiment_observations", PlatformTables.OBSERVATION_COLUMNS, tables.observations());
            n[2] = copy(copy, "user_feedback", PlatformTables.FEEDBACK_COLUMNS, tables.feedback());
            if (Files.isRegularFile(tables.budgets())) {
                try (PreparedStatement ps = connection.prepareStatement("DELETE FROM tenant_budgets WHERE tenant_id = ANY(?)")) {
                    ps.setArray(1, tenants);
                    ps.executeUpdate();
                }
                copy(copy, "tenant_budgets", PlatformTables.BUDGET_COLUMNS, tables.budgets());
            }
            connection.commit();
            copied = n;
        } catch (SQLException | IOException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static long copy(CopyManager copy, String table, List<String> columns, Path file) throws SQLException, IOException {
        String sql = "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN (FORMAT text)";
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return copy.copyIn(sql, reader, 1 << 16);
        }
    }
}
