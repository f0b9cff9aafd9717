"""vigia maintenance: partitions daily at 04:00 (design: 'Check partitioning needs - daily at 4 AM'),
then retention (daily), which archives and drops what the partitions made droppable."""
from datetime import timedelta

from vigia_common import notify_after, vigia_dag, vigia_task

with vigia_dag("vigia_maintenance", "0 4 * * *", "vigia: partition maintenance, then retention",
               timeout=timedelta(hours=6)) as dag:
    _, partitions = vigia_task("partitions", timeout=timedelta(hours=2))
    retention, retention_run = vigia_task("retention", timeout=timedelta(hours=3))
    partitions >> retention
    notify_after(retention_run)
