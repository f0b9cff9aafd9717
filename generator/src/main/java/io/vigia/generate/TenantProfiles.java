package io.vigia.generate;

import io.vigia.common.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Loads the generated tenants' countries into tenant_privacy_profile (the platform's own profiles elsewhere).
 * {@link JdbcPlatformSink} does the same inside its load (and guards it); this is for a report loaded apart.
 */
public final class TenantProfiles {
  private TenantProfiles() {}

  public static void load(Database db, GeneratorReport report) throws SQLException {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO tenant_privacy_profile (tenant_id, country) VALUES (?, ?) "
                + "ON CONFLICT (tenant_id) DO UPDATE SET country = EXCLUDED.country, updated_at = now()")) {
      for (GeneratorReport.TenantSummary t : report.tenants()) {
        ps.setString(1, t.tenantId());
        ps.setString(2, t.country());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
