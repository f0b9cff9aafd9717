package io.vigia.common.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.common.testing.TestEnv;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class EmbeddedPostgresTest {
  @Test
  void startsARealServerReachableOverJdbc() throws Exception {
    Database db = TestEnv.freshDatabase("pgsmoke", false);
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT current_setting('server_version_num')::int, current_setting('TimeZone')")) {
      rs.next();
      assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(140000);
      assertThat(rs.getString(2)).isEqualTo("UTC");
    }
  }
}
