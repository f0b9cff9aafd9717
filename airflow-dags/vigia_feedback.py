"""vigia feedback: every 6 hours (design: 'Process user feedback - every 6 hours')."""
from datetime import timedelta

from vigia_common import notify_after, vigia_dag, vigia_task

with vigia_dag("vigia_feedback", "0 */6 * * *", "vigia: sentiment and processing status of user feedback",
               timeout=timedelta(hours=5)) as dag:
    _, feedback = vigia_task("feedback", timeout=timedelta(hours=2))
    notify_after(feedback)
