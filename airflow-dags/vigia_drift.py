"""vigia drift and improvements: daily at 02:00 (design: 'Drift detection - daily at 2 AM').

drift evaluates the 7 days ending at the data interval's end against the 7 days before (the design's
evaluation_period_days=7). improvements runs after drift and after the feedback run that ended at
midnight (vigia_feedback's 18:00 run of the previous day, logical date = this run's + 16 h), since it
reads drift_alerts, model_performance_metrics and the processed user_feedback. feedback-themes groups
the negative comments of the same 7 days (against the 7 before) into themes before improvements, which
cites a rising one; it reads the feedback run's sentiment and vigia_daily's privacy scan of the day
(its sanitized copies; logical date = this run's - 1 h).
"""
from datetime import timedelta

from vigia_common import notify_after, vigia_dag, vigia_task, wait_for

DRIFT_WINDOW = ("{{ data_interval_end - macros.timedelta(days=7) }}", "{{ data_interval_end }}")

with vigia_dag("vigia_drift", "0 2 * * *", "vigia: drift per model, then improvement suggestions",
               timeout=timedelta(hours=8)) as dag:
    _, drift = vigia_task("drift", window=DRIFT_WINDOW, timeout=timedelta(hours=4))
    # this run's logical date is D-1 02:00; the feedback run covering up to D 00:00 is D-1 18:00
    feedback_done = wait_for("vigia_feedback", "feedback", execution_delta=timedelta(hours=-16),
                             timeout=timedelta(hours=3))
    scan_done = wait_for("vigia_daily", "privacy_scan", execution_delta=timedelta(hours=1),
                         timeout=timedelta(hours=4))
    themes_first, themes = vigia_task("feedback-themes", window=DRIFT_WINDOW, timeout=timedelta(hours=2))
    [feedback_done, scan_done] >> themes_first
    _, improvements = vigia_task("improvements", timeout=timedelta(hours=1))
    [drift, feedback_done, themes] >> improvements
    notify_after(improvements)
