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
 *   <li>{@code exclusiveTables}: Delta tables (relative to the lake) it rewrites that another job
 *       rewrites too; only one run declaring a table proceeds at a time, the other is refused (exit 3);</li>
 *   <li>{@code directWrites}: what it writes outside the results writer's transaction, each with how a
 *       failed or killed run recovers (shown by {@code vigia list --json}).</li>
 * </ul>
 */
public record RunRules(
    Optional<String> enabledBy,
    Set<Input> reads,
    Set<String> exclusiveTables,
    List<String> directWrites) {
  public static final RunRules NONE = new RunRules(Optional.empty(), Set.of(), Set.of(), List.of());

  public RunRules {
    reads = Set.copyOf(reads);
    exclusiveTables = Set.copyOf(new TreeSet<>(exclusiveTables));
    directWrites = List.copyOf(directWrites);
  }

  public RunRules enabledBy(String settingPath) {
    return new RunRules(Optional.of(settingPath), reads, exclusiveTables, directWrites);
  }

  public RunRules reads(Input... roots) {
    return new RunRules(enabledBy, Set.of(roots), exclusiveTables, directWrites);
  }

  public RunRules exclusive(String... tables) {
    return new RunRules(enabledBy, reads, Set.of(tables), directWrites);
  }

  public RunRules directWrites(String... writes) {
    return new RunRules(enabledBy, reads, exclusiveTables, List.of(writes));
  }
}
