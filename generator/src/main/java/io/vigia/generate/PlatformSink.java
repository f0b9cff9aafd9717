package io.vigia.generate;

import java.io.IOException;
import java.sql.SQLException;

/** Receives the generated platform tables (ab_experiments, ab_experiment_observations, user_feedback). */
public interface PlatformSink {
  /** Loads the tables, replacing earlier rows of the same tenants; all or nothing. */
  void load(PlatformTables tables) throws IOException, SQLException;
}
