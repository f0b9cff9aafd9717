package io.vigia.jobs.partitions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigia.jobs.maintenance.ManagedTable;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * The online-migration plan is SQL text (reviewed by an operator, run by OnlineMigration) that names
 * the table in string literals: a table or key that is not a plain name gets a blocker and no SQL,
 * before the database is asked anything.
 */
class MigrationPlanNamesTest {
  @Test
  void aNameThatIsNotPlainBlocksThePlanAndWritesNoSql() throws Exception {
    for (String[] names : new String[][] {
      {"feedback'); DROP TABLE job_runs; --", "created_at"},
      {"user_feedback", "created_at\\' OR true"},
      {"UserFeedback", "created_at"}
    }) {
      ManagedTable t = new ManagedTable(
          names[0], "range", names[1], 1, 1, null, true, false, "timestamp with time zone");
      // no connection: the plan must be refused before any query
      ObjectNode plan = MigrationPlan.build(null, t, LocalDate.parse("2026-11-01"), 3, 1000);
      assertThat(plan.path("online").asBoolean(true)).as(names[0]).isFalse();
      assertThat(plan.path("blockers").toString()).contains("is not a plain lower-case name");
      assertThat(plan.has("prepare")).isFalse();
      assertThat(plan.has("swap")).isFalse();
    }
  }
}
