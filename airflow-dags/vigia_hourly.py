"""vigia hourly: ingest the landing, then the hourly rollups that read the ingested events.

ingest re-reads the whole landing date of its hour and replaces that date's Delta partition (so a
late file of the day is picked up by the next hour); performance, costs and cache then aggregate the
hour. Schedule: every hour on the hour (design: 'Aggregate metrics - hourly').
"""
from datetime import timedelta

from vigia_common import notify_after, vigia_dag, vigia_task

with vigia_dag("vigia_hourly", "0 * * * *", "vigia: ingest, then performance, cost and cache rollups of the hour",
               timeout=timedelta(minutes=55)) as dag:
    _, ingest = vigia_task("ingest", timeout=timedelta(minutes=30))
    rollups = []
    for job in ("performance", "costs", "cache"):
        first, rollup = vigia_task(job, timeout=timedelta(minutes=20))
        ingest >> first
        rollups.append(rollup)
    notify_after(*rollups)
