package io.vigia.cli;

import io.vigia.common.db.Database;
import io.vigia.common.settings.Settings;
import io.vigia.workflow.Workflow;
import io.vigia.workflow.Workflow.Action;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * The human steps of the design's API as commands (docs/operations/workflow.md): each changes only
 * the row's human-owned columns and records who did it in workflow_actions. Exit code 5 when the
 * row's status does not allow the step.
 */
final class WorkflowCmds {
  private WorkflowCmds() {}

  /** One workflow command: `vigia ENTITY STEP ID --by WHO [--tenant T] [--note TEXT]`. */
  abstract static class Step implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "STEP", description = "the step (see the description)")
    String step;

    @Parameters(index = "1", paramLabel = "ID", description = "the row's id")
    String id;

    @Option(
        names = "--by",
        required = true,
        description = "who does this (recorded in workflow_actions)")
    String by;

    @Option(names = "--tenant", description = "refuse unless the row belongs to this tenant")
    String tenant;

    @Option(names = "--note", description = "why (required to resolve an alert or reject a report)")
    String note;

    /** step name -> action, in the order the help lists them. */
    abstract Map<String, Action> steps();

    @Override
    public Integer call() throws Exception {
      Action a = steps().get(step);
      if (a == null) {
        throw new IllegalArgumentException(
            "unknown step '" + step + "'; one of: " + String.join(", ", steps().keySet()));
      }
      Settings s = main.settings();
      try (Database db = Database.openCurrent(s)) {
        System.out.println(new Workflow(db, Clock.systemUTC())
            .apply(a, id, by, Optional.ofNullable(tenant), Optional.ofNullable(note)));
      }
      return Main.OK;
    }
  }

  @Command(
      name = "alert",
      mixinStandardHelpOptions = true,
      description = {
        "acknowledge: open -> acknowledged (acknowledged_by, acknowledged_at)",
        "resolve: open or acknowledged -> resolved (resolved_at, resolution_notes = --note, required)"
      })
  static final class Alert extends Step {
    Map<String, Action> steps() {
      return ordered("acknowledge", Action.ACKNOWLEDGE_ALERT, "resolve", Action.RESOLVE_ALERT);
    }
  }

  @Command(
      name = "experiment",
      mixinStandardHelpOptions = true,
      description = {
        "start: draft -> running (started_at); the definition must be usable",
        "stop: running -> stopped (ended_at)"
      })
  static final class Experiment extends Step {
    Map<String, Action> steps() {
      return ordered("start", Action.START_EXPERIMENT, "stop", Action.STOP_EXPERIMENT);
    }
  }

  @Command(
      name = "suggestion",
      mixinStandardHelpOptions = true,
      description = {
        "approve: pending -> approved (approved_by, approved_at)",
        "reject: pending -> rejected",
        "implemented: approved -> implemented (implemented_at)"
      })
  static final class Suggestion extends Step {
    Map<String, Action> steps() {
      return ordered(
          "approve",
          Action.APPROVE_SUGGESTION,
          "reject",
          Action.REJECT_SUGGESTION,
          "implemented",
          Action.IMPLEMENT_SUGGESTION);
    }
  }

  @Command(
      name = "compliance-report",
      mixinStandardHelpOptions = true,
      description = {
        "approve: draft or pending_review -> approved (reviewed_by, reviewed_at)",
        "reject: draft or pending_review -> rejected (reviewed_by, reviewed_at; --note required)"
      })
  static final class ComplianceReport extends Step {
    Map<String, Action> steps() {
      return ordered("approve", Action.APPROVE_REPORT, "reject", Action.REJECT_REPORT);
    }
  }

  private static Map<String, Action> ordered(Object... kv) {
    Map<String, Action> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (Action) kv[i + 1]);
    }
    return m;
  }

  @Command(
      name = "erasure-request",
      mixinStandardHelpOptions = true,
      description = "queue a GDPR erasure request for a data subject (erasure_requests)")
  static final class ErasureRequest implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--tenant", required = true, description = "the tenant")
    String tenant;

    @Option(
        names = "--subject",
        required = true,
        description = "the platform's user id of the data subject")
    String subject;

    @Option(names = "--by", required = true, description = "who asks (recorded)")
    String by;

    @Option(names = "--note", description = "reference of the request (ticket, letter)")
    String note;

    @Override
    public Integer call() throws Exception {
      try (Database db = Database.openCurrent(main.settings())) {
        System.out.println(new Workflow(db, Clock.systemUTC())
            .queueErasure(tenant, subject, by, Optional.ofNullable(note)));
      }
      return Main.OK;
    }
  }
}
