"""vigia maintenance: partition maintenance (the design's check_partitioning_needs, daily at 04:00 UTC),
then the retention tiers (hot PostgreSQL -> warm Delta -> cold -> deleted).

Configuration only: no database or network calls at import, a static start_date, every task scoped to
the data interval (the jobs take the interval's end as their reference time), retries set. Both jobs
are idempotent and resume what a killed run left (see README: partitions, retention).

Set in Airflow as for vigia_daily: a Spark connection `spark_default`, the Variables / environment
that vigia reads on the driver (VIGIA_JDBC_URL, VIGIA_JDBC_USER, VIGIA_JDBC_PASSWORD, VIGIA_LAKE_DIR)
and `vigia_jar`.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

DEFAULT_ARGS = {
    "owner": "data-engineering",
    "retries": 2,
    "retry_delay": timedelta(minutes=15),
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
    dag_id="vigia_maintenance",
    description="vigia: monthly partitions ahead, table measurements, retention tiers",
    start_date=datetime(2026, 11, 1),
    schedule="0 4 * * *",
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["vigia", "phase5", "operations"],
) as dag:
    partitions = vigia_task("partitions", "run", "partitions", *WINDOW)
    retention = vigia_task("retention", "run", "retention", *WINDOW)
    partitions >> retention
