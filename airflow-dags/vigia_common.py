"""Shared pieces of vigia's Airflow DAGs (imported by the vigia_*.py DAG files; not a DAG itself).

A DAG file is configuration: importing it makes no database or network call. Everything that can
change per site is read when a task runs, through templates over Airflow Variables with defaults:

  Variable                 default                                 used for
  vigia_jar                /opt/vigia/vigia.jar                    the shaded jar (mvn -DskipTests package)
  vigia_spark_packages     io.delta:delta-spark_2.13:4.4.0         --packages (empty if Delta is on the cluster)
  vigia_landing_dir        work-data/landing                       VIGIA_LANDING_DIR of the driver
  vigia_lake_dir           work-data/lake                          VIGIA_LAKE_DIR of the driver
  vigia_conf               (empty)                                 VIGIA_CONF: a settings file on the driver
  DRIFT_DETECTION_ENABLED, AB_TESTING_ENABLED, PRIVACY_AUDIT_ENABLED,
  FEEDBACK_PROCESSING_ENABLED, PARTITIONING_ENABLED   true         a false value skips that job's task

The Spark connection id is not a templated field of SparkSubmitOperator, so it is read at parse
time from the environment variable AIRFLOW_VAR_VIGIA_SPARK_CONN_ID (the environment form of the
Airflow Variable vigia_spark_conn_id; reading os.environ is not a database call), default
spark_default. The PostgreSQL credentials (VIGIA_JDBC_URL, VIGIA_JDBC_USER, VIGIA_JDBC_PASSWORD)
are never Variables: give them to the worker's environment or to spark-defaults (see docs/operations/airflow.md).

vigia's runs are idempotent (a re-run replaces its window) and a second concurrent run of a job is
refused by vigia itself (exit code 3), so retries are safe.
"""
import json
import os
from datetime import datetime, timedelta, timezone

try:  # Airflow 3
    from airflow.sdk import DAG
except ImportError:  # Airflow 2.7+
    from airflow import DAG
try:
    from airflow.providers.standard.operators.python import ShortCircuitOperator
    from airflow.providers.standard.sensors.external_task import ExternalTaskSensor
except ImportError:
    from airflow.operators.python import ShortCircuitOperator
    from airflow.sensors.external_task import ExternalTaskSensor
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

# Static: never computed from the current time (a moving start_date makes runs disappear).
START_DATE = datetime(2026, 11, 1, tzinfo=timezone.utc)
TAGS = ["vigia", "phase5"]
SPARK_CONN_ID = os.environ.get("AIRFLOW_VAR_VIGIA_SPARK_CONN_ID", "spark_default")

DEFAULT_ARGS = {
    "owner": "data-engineering",
    "depends_on_past": False,
    "retries": 2,
    "retry_delay": timedelta(minutes=5),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=30),
}

SPARK_CONF = {
    "spark.driver.extraJavaOptions": "-Duser.timezone=UTC",
    "spark.executor.extraJavaOptions": "-Duser.timezone=UTC",
}

# The run window of a task: its data interval [start, end). Airflow renders these as ISO-8601
# instants with offset (2026-11-27T02:00:00+00:00), which `vigia run --from/--to` accepts.
INTERVAL = ("{{ data_interval_start }}", "{{ data_interval_end }}")

# Which setting switches which job off: read from vigia_jobs.json beside this file, which is the jar's
# own `vigia list --json` (each job's enabled_by setting and its environment variable). Regenerate it
# with `./vigia list --json > airflow-dags/vigia_jobs.json` and deploy it with the DAGs; the test command
# fails when it differs from the jar's list, so the gates and the jobs cannot drift apart. A gated job
# is also skipped by vigia itself (recorded in job_runs as skipped) when the setting is false.
JOBS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vigia_jobs.json")


def enabled_settings(jobs):
    """{job: environment variable of its enable setting} for the jobs of `vigia list --json` that have one."""
    return {j["name"]: j["enabled_by"]["env"] for j in jobs
            if j.get("enabled_by") and j["enabled_by"].get("env")}


with open(JOBS_FILE, encoding="utf-8") as _f:
    ENABLED_SETTING = enabled_settings(json.load(_f))


def var(name, default):
    """A template reading the Airflow Variable `name` at run time, `default` when it is not set."""
    return "{{ var.value.get('%s', '%s') }}" % (name, default)


def setting_enabled(name, **_context):
    """ShortCircuit callable: the *_ENABLED setting from the Airflow Variable, else the worker's
    environment, else true. Anything but true/false stops the task naming the variable."""
    try:
        from airflow.sdk import Variable
    except ImportError:
        from airflow.models import Variable
    raw = Variable.get(name, default_var=None)
    if raw is None:
        raw = os.environ.get(name, "true")
    value = str(raw).strip().lower()
    if value in ("true", "1", "yes", "on"):
        return True
    if value in ("false", "0", "no", "off"):
        print("%s = %s: the task is skipped" % (name, raw))
        return False
    raise ValueError("Airflow Variable / environment %s = %r: expected true or false" % (name, raw))


def vigia_task(job, window=INTERVAL, timeout=timedelta(hours=1), extra_args=(), **operator_args):
    """A spark-submit of `vigia run JOB --from START --to END` on the shaded jar, gated by the job's
    *_ENABLED setting when it has one. Returns (first task, the spark-submit task)."""
    task_id = job.replace("-", "_")
    operator_args.setdefault("trigger_rule", "none_failed")
    submit = SparkSubmitOperator(
        task_id=task_id,
        conn_id=SPARK_CONN_ID,
        application=var("vigia_jar", "/opt/vigia/vigia.jar"),
        java_class="io.vigia.cli.Main",
        packages=var("vigia_spark_packages", "io.delta:delta-spark_2.13:4.4.0"),
        conf=SPARK_CONF,
        name="vigia-%s-{{ ts_nodash }}" % job,
        env_vars={
            "VIGIA_LANDING_DIR": var("vigia_landing_dir", "work-data/landing"),
            "VIGIA_LAKE_DIR": var("vigia_lake_dir", "work-data/lake"),
            "VIGIA_CONF": var("vigia_conf", ""),
        },
        application_args=["run", job, "--from", window[0], "--to", window[1], *extra_args],
        execution_timeout=timeout,
        # (default none_failed: the drift, feedback and improvement tasks may see an upstream gate skipped)
        **operator_args,
    )
    setting = ENABLED_SETTING.get(job)
    if setting is None:
        return submit, submit
    gate = ShortCircuitOperator(
        task_id="%s_enabled" % task_id,
        python_callable=setting_enabled,
        op_kwargs={"name": setting},
        # skip only this job's task, not everything downstream (improvements still run without drift)
        ignore_downstream_trigger_rules=False,
    )
    gate >> submit
    return gate, submit


# notify delivers every notification created up to the moment it runs: its window ends a day after the
# data interval (vigia caps a window end in the future at the present), so the breaches the DAG's jobs
# committed after the interval ended are in it.
NOTIFY_WINDOW = ("{{ data_interval_start }}", "{{ data_interval_end + macros.timedelta(days=1) }}")


def notify_after(*tasks):
    """The DAG's last task: `vigia run notify` once every given task is done, whatever their outcome (a
    failed run notifies too), so a breach reaches people within a minute of the run's end. It starts no
    Spark work. A notify already running elsewhere refuses this one (exit 3): retried every 30 s."""
    _, notify = vigia_task("notify", window=NOTIFY_WINDOW, timeout=timedelta(minutes=15), trigger_rule="all_done",
                           retries=10, retry_delay=timedelta(seconds=30), retry_exponential_backoff=False)
    for t in tasks:
        t >> notify
    return notify


def vigia_dag(dag_id, schedule, description, timeout):
    return DAG(
        dag_id=dag_id,
        description=description,
        start_date=START_DATE,
        schedule=schedule,
        catchup=False,
        max_active_runs=1,
        dagrun_timeout=timeout,
        default_args=DEFAULT_ARGS,
        tags=TAGS,
    )


def wait_for(dag_id, task_id, execution_delta, timeout):
    """Waits for a task of another DAG whose logical date is this run's minus execution_delta."""
    return ExternalTaskSensor(
        task_id="wait_for_%s" % task_id,
        external_dag_id=dag_id,
        external_task_id=task_id,
        execution_delta=execution_delta,
        allowed_states=["success", "skipped"],
        failed_states=["failed"],
        mode="reschedule",
        poke_interval=300,
        timeout=int(timeout.total_seconds()),
    )
