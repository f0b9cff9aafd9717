package io.vigia.cli;

import io.vigia.common.db.Database;
import io.vigia.common.db.Migrations;
import io.vigia.common.settings.Settings;
import io.vigia.workflow.Workflow;
import io.vigia.workflow.Workflow.Action;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * The human steps of the design's API as commands (README, "Workflow commands"): each changes only
 * the row's human-owned columns and records who did it in workflow_actions. Exit code 5 when the
 * row's status does not allow the step.
 */
final class WorkflowCmds {
  private WorkflowCmds() {}

  /** Options every workflow step takes. */
  abstract static class Step implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "the row's id")
    String id;

    @Option(names = "--by", required = true, description = "who does this (recorded in workflow_actions)")
    String by;

    @Option(names = "--tenant", description = "refuse unless the row belongs to this tenant")
    String tenant;

    @Option(names = "--note", description = "why (required to resolve an alert or reject a report)")
    String note;

    abstract Main main();

    abstract Action action();

    @Override
    public Integer call() throws Exception {
      Settings s = main().settings();
      try (Database db = Database.open(s)) {
        Migrations.requireCurrent(db);
        Workflow.Outcome o = new Workflow(db, Clock.systemUTC())
            .apply(action(), id, by, Optional.ofNullable(tenant), Optional.ofNullable(note));
        System.out.println(o);
      }
      return Main.OK;
    }
  }

  @Command(name = "alert", description = "acknowledge or resolve a drift alert",
      subcommands = {AlertAck.class, AlertResolve.class})
  static final class Alert {
    @ParentCommand
    Main main;
  }

  @Command(name = "acknowledge", description = "open -> acknowledged (sets acknowledged_by, acknowledged_at)")
  static final class AlertAck extends Step {
    @ParentCommand
    Alert parent;

    Main main() {
      return parent.main;
    }

    Action action() {
      return Action.ACKNOWLEDGE_ALERT;
    }
  }

  @Command(name = "resolve", description = "open or acknowledged -> resolved (sets resolved_at, resolution_notes = --note)")
  static final class AlertResolve extends Step {
    @ParentCommand
    Alert parent;

    Main main() {
      return parent.main;
    }

    Action action() {
      return Action.RESOLVE_ALERT;
    }
  }

  @Command(name = "experiment", description = "start or stop an A/B experiment",
      subcommands = {ExperimentStart.class, ExperimentStop.class})
  static final class Experiment {
    @ParentCommand
    Main main;
  }

  @Command(name = "start", description = "draft -> running (sets started_at); the definition must be usable")
  static final class ExperimentStart extends Step {
    @ParentCommand
    Experiment parent;

    Main main() {
      return parent.main;
    }

    Action action() {
      return Action.START_EXPERIMENT;
    }
  }

  @Command(name = "stop", description = "running -> stopped (sets ended_at)")
  static final class ExperimentStop extends Step {
    @ParentCommand
    Experiment parent;

    Main main() {
      return parent.main;
    }

    Action action() {
      return Action.STOP_EXPERIMENT;
    }
  }

  @Command(name = "suggestion", description = "approve, reject or mark implemented an improvement suggestion",
      subcommands = {SuggestionApprove.class, SuggestionReject.class, SuggestionImplement.class})
  static final class Suggestion {
    @ParentCommand
    Main main;
  }

  @Command(name = "approve", description = "pending -> approved (sets approved_by, approved_at)")
  static final class SuggestionApprove extends Step {
    @ParentCommand
    Suggestion parent;

    Main main() {
      return parent.main;
    }

    Action action() {
      return Action.APPROVE_SUGGESTION;
    }
  }

  @Command(name = "reject", description = "pending -> rejected")
  static final class SuggestionReject extends Step {
    @ParentCommand
    Suggestion parent;

    Main main() {
      return parent.main;
    }

    Action action() {
      return Action.REJECT_SUGGESTION;
    }
  }

  @Command(name = "implemented", description = "approved -> implemented (sets implemented_at)")
  static final class SuggestionImplement extends Step {
    @ParentCommand
    Suggestion parent;

    Main main() {
      return parent.main;
    }

    Action action() {
      return Action.IMPLEMENT_SUGGESTION;
    }
  }

  @Command(name = "compliance-report", description = "approve or reject a compliance report",
      subcommands = {ReportApprove.class, ReportReject.class})
  static final class ComplianceReport {
    @ParentCommand
    Main main;
  }

  @Command(name = "approve", description = "draft or pending_review -> approved (sets reviewed_by, reviewed_at)")
  static final class ReportApprove extends Step {
    @ParentCommand
    ComplianceReport parent;

    Main main() {
      return parent.main;
    }

    Action action() {
      return Action.APPROVE_REPORT;
    }
  }

  @Command(name = "reject", description = "draft or pending_review -> rejected (sets reviewed_by, reviewed_at; --note required)")
  static final class ReportReject extends Step {
    @ParentCommand
    ComplianceReport parent;

    Main main() {
      return parent.main;
    }

    Action action() {
      return Action.REJECT_REPORT;
    }
  }

  @Command(name = "erasure-request", description = "queue a GDPR erasure request for a data subject (erasure_requests)")
  static final class ErasureRequest implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--tenant", required = true, description = "the tenant")
    String tenant;

    @Option(names = "--subject", required = true, description = "the platform's user id of the data subject")
    String subject;

    @Option(names = "--by", required = true, description = "who asks (recorded)")
    String by;

    @Option(names = "--note", description = "reference of the request (ticket, letter)")
    String note;

    @Override
    public Integer call() throws Exception {
      try (Database db = Database.open(main.settings())) {
        Migrations.requireCurrent(db);
        System.out.println(new Workflow(db, Clock.systemUTC()).queueErasure(tenant, subject, by, Optional.ofNullable(note)));
      }
      return Main.OK;
    }
  }
}
