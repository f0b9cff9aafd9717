"""vigia feedback loop: the feedback job every 6 hours (the design's process-user-feedback schedule),
improvement suggestions weekly.

Configuration only: no database or network calls at import, a static start_date, every task scoped
to the data interval, retries set. Both jobs are idempotent: feedback only touches rows still pending
(a retry finds nothing left to do), improvements updates the open suggestion of a tenant, model and
type instead of adding another, and never writes the human-owned columns.

Set in Airflow as for vigia_daily: a Spark connection `spark_default`, the Variable `vigia_jar` and the
environment vigia reads on the driver (VIGIA_JDBC_URL, VIGIA_JDBC_USER, VIGIA_JDBC_PASSWORD, VIGIA_LAKE_DIR).
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

DEFAULT_ARGS = {
    "owner": "data-engineering",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
}

SPARK_CONF = {
    "spark.driver.extraJavaOptions": "-Duser.timezone=UTC",
    "spark.executor.extraJavaOptions": "-Duser.timezone=UTC",
}

WINDOW = ["--from", "{{ data_interval_start.isoformat() }}", "--to", "{{ data_interval_end.isoformat() }}"]


def vigia_task(task_id, *args):
    return SparkSubmitOperator(
        task_id=task_id,
        conn_id="spark_default",
        application="{{ var.value.vigia_jar }}",
        java_class="io.vigia.cli.Main",
        packages="io.delta:delta-spark_2.13:4.4.0",
        conf=SPARK_CONF,
        application_args=list(args),
    )


with DAG(
    dag_id="vigia_feedback",
    description="vigia: sentiment of pending user feedback, corrections per model",
    start_date=datetime(2026, 11, 1),
    schedule="0 */6 * * *",
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["vigia", "phase5", "feedback"],
) as feedback_dag:
    feedback = vigia_task("feedback", "run", "feedback", *WINDOW)

with DAG(
    dag_id="vigia_improvements",
    description="vigia: rule-based improvement suggestions from the week's evidence",
    start_date=datetime(2026, 11, 2),
    schedule="@weekly",
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["vigia", "phase5", "feedback"],
) as improvements_dag:
    improvements = vigia_task("improvements", "run", "improvements", *WINDOW)
