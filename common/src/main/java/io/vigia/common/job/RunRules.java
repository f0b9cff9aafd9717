package io.vigia.common.job;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the runner must know of a job before and around its run, declared in one place per job
 * ({@link Job#rules()}) so that no job checks any of it by hand:
 * <ul>
 *   <li>{@code enabledBy}: the boolean setting (its reference.conf path) whose false value switches
 *       the job off: the runner records a skipped run, naming the setting, and never starts it;</li>
 *   <li>{@code reads}: the storage roots it reads; each must exist and be listable, else the run fails
 *       with one line naming the setting;</li>
 *   <li>{@code readsIfPresent}: storage roots it reads when they exist (never required);</li>
 *   <li>{@code tables}: the PostgreSQL tables it reads in bulk. With {@code reads} and
 *       {@code readsIfPresent} they size the run's input for vigia.spark.codegen = auto
 *       ({@link CodegenChoice});</li>
 *   <li>{@code exclusiveTables}: Delta tables (relative to the lake) it rewrites that another job
 *       rewrites too; only one run declaring a table proceeds at a time, the other is refused (exit 3);</li>
 *   <li>{@code directWrites}: what it writes outside the results writer's transaction, each with how a
 *       failed or killed run recovers (shown by {@code vigia list --json}).</li>
 * </ul>
 */
public record RunRules(
    Optional<String> enabledBy,
    Set<Input> reads,
    Set<Input> readsIfPresent,
    Set<String> tables,
    Set<String> exclusiveTables,
    List<String> directWrites) {
  public static final RunRules NONE =
      new RunRules(Optional.empty(), Set.of(), Set.of(), Set.of(), Set.of(), List.of());

  public RunRules {
    reads = Set.copyOf(reads);
    readsIfPresent = Set.copyOf(readsIfPresent);
    tables = Set.copyOf(new TreeSet<>(tables));
    exclusiveTables = Set.copyOf(new TreeSet<>(exclusiveTables));
    directWrites = List.copyOf(directWrites);
  }

  public RunRules enabledBy(String settingPath) {
    return new RunRules(
        Optional.of(settingPath), reads, readsIfPresent, tables, exclusiveTables, directWrites);
  }

  public RunRules reads(Input... roots) {
    return new RunRules(
        enabledBy, Set.of(roots), readsIfPresent, tables, exclusiveTables, directWrites);
  }

  public RunRules readsIfPresent(Input... roots) {
    return new RunRules(enabledBy, reads, Set.of(roots), tables, exclusiveTables, directWrites);
  }

  public RunRules readsTables(String... names) {
    return new RunRules(
        enabledBy, reads, readsIfPresent, Set.of(names), exclusiveTables, directWrites);
  }

  public RunRules exclusive(String... deltaTables) {
    return new RunRules(
        enabledBy, reads, readsIfPresent, tables, Set.of(deltaTables), directWrites);
  }

  public RunRules directWrites(String... writes) {
    return new RunRules(enabledBy, reads, readsIfPresent, tables, exclusiveTables, List.of(writes));
  }

  /** Whether the job declares anything that sizes its input (reads, readsIfPresent, tables). */
  boolean declaresInput() {
    return !reads.isEmpty() || !readsIfPresent.isEmpty() || !tables.isEmpty();
  }
}
