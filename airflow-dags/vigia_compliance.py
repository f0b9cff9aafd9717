"""vigia compliance reports: weekly, Monday 03:00 (design: 'Generate compliance reports - weekly')."""
from datetime import timedelta

from vigia_common import notify_after, vigia_dag, vigia_task

with vigia_dag("vigia_compliance", "0 3 * * 1", "vigia: weekly GDPR, privacy-impact and data-inventory reports",
               timeout=timedelta(hours=6)) as dag:
    _, reports = vigia_task("compliance-reports", timeout=timedelta(hours=3))
    notify_after(reports)
