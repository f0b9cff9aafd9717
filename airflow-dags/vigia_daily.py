"""vigia daily pipeline: ingest yesterday's landing, then the analytic jobs over their windows.

Configuration only: no database or network calls at import, a static start_date, every task scoped
to the data interval, retries set. vigia's tasks are idempotent (a re-run replaces its window), and
a second concurrent run of a job is refused by vigia itself (exit code 3), so retries are safe.

Set in Airflow: a Spark connection `spark_default`, and the Variables / environment that vigia reads
on the driver (VIGIA_JDBC_URL, VIGIA_JDBC_USER, VIGIA_JDBC_PASSWORD, VIGIA_LANDING_DIR, VIGIA_LAKE_DIR),
and `vigia_jar` (the path of jobs/target/vigia.jar on the workers).
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
    dag_id="vigia_daily",
    description="vigia: ingest the raw event landing into Delta, quarantine bad records",
    start_date=datetime(2026, 11, 1),
    schedule="@daily",
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["vigia", "phase5"],
) as dag:
    ingest = vigia_task("ingest", "run", "ingest", *WINDOW)


# Partition maintenance (the design's check_partitioning_needs, daily at 04:00 UTC), then the retention
# tiers (hot PostgreSQL -> warm Delta -> cold -> deleted); both take the interval end as reference time
# and resume what a killed run left (README: partitions, retention).
with DAG(
    dag_id="vigia_maintenance",
    description="vigia: monthly partitions ahead, table measurements, retention tiers",
    start_date=datetime(2026, 11, 1),
    schedule="0 4 * * *",
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["vigia", "phase5", "operations"],
) as maintenance_dag:
    partitions = vigia_task("partitions", "run", "partitions", *WINDOW)
    retention = vigia_task("retention", "run", "retention", *WINDOW)
    partitions >> retention
