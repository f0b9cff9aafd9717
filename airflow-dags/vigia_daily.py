"""vigia daily jobs at 01:00, after the hourly run of the day's last hour: experiments and budgets
(design: daily), and the privacy scan of the day followed by the erasure queue.

Each job's window is the data interval [D-1 01:00, D 01:00); budgets and experiments read their
inputs up to the window end.
"""
from datetime import timedelta

from vigia_common import notify_after, vigia_dag, vigia_task

with vigia_dag("vigia_daily", "0 1 * * *", "vigia: experiments, budgets, privacy scan and erasures",
               timeout=timedelta(hours=6)) as dag:
    _, experiments = vigia_task("experiments", timeout=timedelta(hours=2))
    _, budgets = vigia_task("budgets", timeout=timedelta(hours=1))
    _, scan = vigia_task("privacy-scan", timeout=timedelta(hours=3))
    _, erasure = vigia_task("erasure", timeout=timedelta(hours=2))
    scan >> erasure
    notify_after(experiments, budgets, erasure)
