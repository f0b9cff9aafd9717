"""vigia feedback loop: the feedback job every 6 hours (the design's process-user-feedback schedule),
improvement suggestions weekly.

Configuration only: no database or network calls at import, a static start_date, every task scoped
to the data interval, retries set. Both jobs are idempotent: feedback only touches rows still pending
(a retry finds nothing left to do), improvements updates the open suggestion of a tenant, model and
type instead of adding another, and never writes the human-owned columns.

Set in Airflow as for vigia_daily: a Spark connection `spark_default`, the Variable `vigia_jar` and the
environment vigia reads on the driver (VIGIA_JDBC_URL, VIGIA_JDBC_USER, VIGIA_JDBC_PASSWORD, VIGIA_LAKE_DIR).
"""
from datetime import datetime

from airflow import DAG

# the same spark-submit task, retries and window as the daily DAG (the DAG folder is on sys.path)
from vigia_daily import DEFAULT_ARGS, WINDOW, vigia_task

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
