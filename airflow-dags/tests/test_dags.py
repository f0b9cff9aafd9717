"""Checks of vigia's DAG files that run without Airflow (python3 -m unittest, from the Maven build
by io.vigia.cli.AirflowDagsTest, or by hand):

- every DAG file imports (against the test-only stand-in in airflow_stub.py) without calling
  Variables at import, and every DAG has catchup off, a static start_date, tags, retries, timeouts;
- the schedules equal the design's, and each design job is scheduled exactly once;
- the dependencies where one job reads another's output;
- every task's job is in the jar's `vigia list --json` (file named by VIGIA_LIST_JSON) and the
  options it passes are ones that job accepts; jobs the jar does not have yet are reported as
  skipped with the issue that adds them;
- the *_ENABLED gates.

With VIGIA_DAG_TASKS_OUT set, the rendered `vigia` arguments of every task are written there as JSON;
AirflowDagsTest then hands each to the jar's own argument validation (`vigia run ... --validate-only`).
VIGIA_DAGS_DIR points at another DAG folder (the negative fixture in fixtures/bad).
"""
import datetime as dt
import importlib
import json
import os
import re
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_DAGS_DIR = os.path.abspath(os.path.join(HERE, ".."))
DAGS_DIR = os.path.abspath(os.environ.get("VIGIA_DAGS_DIR", os.path.join(HERE, "..")))
sys.path.insert(0, HERE)
import airflow_stub  # noqa: E402  (test-only stand-in, see its docstring)

HOURLY = "0 * * * *"
# The design's schedules (shared/seed/phase5-audit-optimization.md, 'Celery Workers Configuration',
# and issue 9): job -> cron, or "daily" where the design only says daily.
DESIGN_SCHEDULE = {
    "ingest": HOURLY,
    "performance": HOURLY,
    "costs": HOURLY,
    "cache": HOURLY,
    "drift": "0 2 * * *",
    "partitions": "0 4 * * *",
    "feedback": "0 */6 * * *",
    "compliance-reports": "0 3 * * 1",
    "experiments": "daily",
    "budgets": "daily",
    "retention": "daily",
    "improvements": "daily",
}
# Jobs another issue adds; until that branch is merged the jar does not list them, and their name
# and argument checks are skipped with this message (they then run like the others).
PENDING = {}  # every job the DAGs run is in the jar (issues 5-8 merged)
# (upstream job, downstream job): the downstream reads the upstream's output.
READS_OUTPUT_OF = [
    ("ingest", "performance"), ("ingest", "costs"), ("ingest", "cache"),
    ("drift", "improvements"), ("feedback", "improvements"),
    ("privacy-scan", "erasure"), ("partitions", "retention"),
    ("privacy-scan", "feedback-themes"), ("feedback", "feedback-themes"), ("feedback-themes", "improvements"),
]
GATES = {
    "drift": "DRIFT_DETECTION_ENABLED", "experiments": "AB_TESTING_ENABLED",
    "privacy-scan": "PRIVACY_AUDIT_ENABLED", "compliance-reports": "PRIVACY_AUDIT_ENABLED",
    "feedback": "FEEDBACK_PROCESSING_ENABLED", "partitions": "PARTITIONING_ENABLED",
}
SAMPLE_INTERVAL = (dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.timezone.utc),
                   dt.datetime(2026, 11, 28, 2, 0, tzinfo=dt.timezone.utc))


def dag_files():
    return sorted(f for f in os.listdir(DAGS_DIR)
                  if f.endswith(".py") and f != "vigia_common.py" and not f.startswith("_"))


def load_dags():
    """Imports every DAG file against the stand-in; returns {dag_id: StubDAG} and {file: error}."""
    saved = airflow_stub.install()
    sys.path.insert(0, REPO_DAGS_DIR)  # vigia_common
    sys.path.insert(0, DAGS_DIR)
    airflow_stub.StubVariable.importing = True
    dags, errors = {}, {}
    try:
        for f in dag_files():
            name = f[:-3]
            for mod in (name, "vigia_common"):
                sys.modules.pop(mod, None)
            try:
                module = importlib.import_module(name)
            except Exception as e:  # reported by the test, with the file
                errors[f] = "%s: %s" % (type(e).__name__, e)
                continue
            found = [v for v in vars(module).values() if isinstance(v, airflow_stub.StubDAG)]
            if not found:
                errors[f] = "defines no DAG"
            for d in found:
                d.file = f
                dags[d.dag_id] = d
    finally:
        airflow_stub.StubVariable.importing = False
        sys.path.remove(DAGS_DIR)
        sys.path.remove(REPO_DAGS_DIR)
        airflow_stub.uninstall(saved)
    return dags, errors


class PendulumLike(dt.datetime):
    """Airflow's data_interval_* are pendulum DateTimes, whose str() is ISO-8601 with a 'T'."""

    def __str__(self):
        return self.isoformat()


def render(value, interval=SAMPLE_INTERVAL):
    """Renders a templated field as Airflow would for the interval, with every Variable unset."""
    import jinja2

    class VarValue:
        @staticmethod
        def get(key, default=None):
            return default

    ctx = {
        "data_interval_start": PendulumLike.fromisoformat(interval[0].isoformat()),
        "data_interval_end": PendulumLike.fromisoformat(interval[1].isoformat()),
        "ts_nodash": interval[0].strftime("%Y%m%dT%H%M%S"),
        "macros": type("macros", (), {"timedelta": dt.timedelta}),
        "var": type("var", (), {"value": VarValue}),
    }
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    return env.from_string(value).render(**ctx)


def jar_jobs():
    path = os.environ.get("VIGIA_LIST_JSON")
    if not path:
        return None
    with open(path, encoding="utf-8") as fh:
        return {j["name"]: j for j in json.load(fh)}


def spark_tasks(dags):
    for d in dags.values():
        for t in d.tasks.values():
            if t.kind == "SparkSubmitOperator":
                yield d, t


def job_of(task):
    args = task.kwargs["application_args"]
    return args[1]


def upstream_closure(dag, task_id):
    seen, todo = set(), [task_id]
    while todo:
        for u in dag.tasks[todo.pop()].upstream:
            if u not in seen:
                seen.add(u)
                todo.append(u)
    return seen


class DagFilesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dags, cls.errors = load_dags()
        cls.jobs = {}
        for d, t in spark_tasks(cls.dags):
            cls.jobs.setdefault(job_of(t), []).append((d, t))

    def test_every_dag_file_imports_without_variables_at_parse_time(self):
        self.assertTrue(dag_files(), "no DAG files in " + DAGS_DIR)
        self.assertEqual({}, self.errors)

    def test_dag_level_settings(self):
        for d in self.dags.values():
            k = d.kwargs
            with self.subTest(dag=d.dag_id):
                self.assertIs(k.get("catchup"), False)
                start = k.get("start_date")
                self.assertIsInstance(start, dt.datetime)
                self.assertIsNotNone(start.tzinfo, "start_date must be timezone-aware")
                self.assertLess(start, dt.datetime.now(dt.timezone.utc))
                self.assertIn("vigia", k.get("tags", []))
                self.assertIsNotNone(k.get("dagrun_timeout"))
                self.assertEqual(1, k.get("max_active_runs"))
                self.assertGreaterEqual(k.get("default_args", {}).get("retries", 0), 1)
        # static: nothing in the DAG folder derives a date from the clock
        for f in dag_files() + ["vigia_common.py"]:
            path = os.path.join(DAGS_DIR, f)
            if os.path.exists(path):
                with open(path, encoding="utf-8") as fh:
                    src = fh.read()
                self.assertIsNone(re.search(r"\b(now|utcnow|today|days_ago)\(", src), f)

    def test_schedules_equal_the_design(self):
        for job, expected in DESIGN_SCHEDULE.items():
            with self.subTest(job=job):
                where = self.jobs.get(job, [])
                self.assertEqual(1, len(where), "%s is scheduled %d times" % (job, len(where)))
                schedule = where[0][0].kwargs["schedule"]
                if expected == "daily":
                    f = schedule.split()
                    self.assertTrue(len(f) == 5 and f[0].isdigit() and f[1].isdigit() and f[2:] == ["*"] * 3,
                                    "%s: %r is not once a day" % (job, schedule))
                else:
                    self.assertEqual(expected, schedule)

    def test_spark_submit_arguments(self):
        for d, t in spark_tasks(self.dags):
            k = t.kwargs
            with self.subTest(task=t.task_id):
                self.assertEqual("io.vigia.cli.Main", k["java_class"])
                self.assertRegex(k["application"], r"var\.value\.get\('vigia_jar', '[^']+'\)")
                args = k["application_args"]
                self.assertEqual("run", args[0])
                self.assertIn("data_interval_start" if job_of(t) not in ("drift", "feedback-themes")
                              else "data_interval_end",
                              args[args.index("--from") + 1])
                self.assertEqual("{{ data_interval_end + macros.timedelta(days=1) }}" if job_of(t) == "notify"
                                 else "{{ data_interval_end }}", args[args.index("--to") + 1])
                self.assertIsNotNone(k.get("execution_timeout"), "no execution_timeout")
                for key in ("application", "packages"):
                    self.assertNotIn("{{", render(k[key]))

    def test_dependencies_where_a_job_reads_another(self):
        for up, down in READS_OUTPUT_OF:
            with self.subTest(up=up, down=down):
                d, t = self.jobs[down][0]
                ups = upstream_closure(d, t.task_id)
                if up in self.jobs and self.jobs[up][0][0] is d:
                    self.assertIn(self.jobs[up][0][1].task_id, ups)
                else:  # another DAG: a sensor on it
                    sensors = [d.tasks[u] for u in ups if d.tasks[u].kind == "ExternalTaskSensor"]
                    self.assertTrue(any(s.kwargs["external_task_id"] == up.replace("-", "_") for s in sensors),
                                    "%s does not wait for %s" % (down, up))

    def test_every_dag_ends_with_notify_whatever_its_tasks_came_to(self):
        for d in self.dags.values():
            with self.subTest(dag=d.dag_id):
                notify = [t for t in d.tasks.values() if t.kind == "SparkSubmitOperator" and job_of(t) == "notify"]
                self.assertEqual(1, len(notify), "%s has no notify task" % d.dag_id)
                n = notify[0]
                self.assertEqual("all_done", n.kwargs.get("trigger_rule"))
                others = {t.task_id for t in d.tasks.values() if t.task_id != n.task_id}
                self.assertEqual(others, upstream_closure(d, n.task_id), "notify must run after every other task")

    def test_the_feedback_sensor_targets_the_run_ending_at_midnight(self):
        d, t = self.jobs["improvements"][0]
        sensor = d.tasks["wait_for_feedback"]
        feedback_dag = self.jobs["feedback"][0][0]
        self.assertEqual(feedback_dag.dag_id, sensor.kwargs["external_dag_id"])
        # logical date of this run (02:00 cron: interval start D-1 02:00) minus execution_delta must be
        # the feedback run whose interval ends at D 00:00 (0 */6 cron: interval start D-1 18:00)
        logical = SAMPLE_INTERVAL[0]
        target = logical - sensor.kwargs["execution_delta"]
        self.assertEqual(dt.datetime(2026, 11, 27, 18, 0, tzinfo=dt.timezone.utc), target)

    def test_enabled_settings_gate_their_jobs(self):
        import vigia_gate_check  # noqa: F401  (imports vigia_common's callable against the stand-in)
        jar = jar_jobs()
        if jar is not None:
            # the jar declares the same switches the design names (and the DAGs gate on them)
            declared = {n: j["enabled_by"]["env"] for n, j in jar.items()
                        if j.get("enabled_by") and j["enabled_by"].get("env")}
            self.assertEqual(GATES, declared)
        for job, setting in GATES.items():
            with self.subTest(job=job):
                d, t = self.jobs[job][0]
                gates = [d.tasks[u] for u in t.upstream if d.tasks[u].kind == "ShortCircuitOperator"]
                self.assertEqual(1, len(gates), "%s has no *_ENABLED gate" % job)
                self.assertEqual({"name": setting}, gates[0].kwargs["op_kwargs"])
                self.assertIs(gates[0].kwargs.get("ignore_downstream_trigger_rules"), False)

    def test_gate_callable_reads_variable_then_environment(self):
        from vigia_gate_check import setting_enabled
        V = airflow_stub.StubVariable
        V.values = {"DRIFT_DETECTION_ENABLED": "false"}
        self.assertFalse(setting_enabled("DRIFT_DETECTION_ENABLED"))
        V.values = {}
        os.environ["DRIFT_DETECTION_ENABLED"] = "FALSE"
        try:
            self.assertFalse(setting_enabled("DRIFT_DETECTION_ENABLED"))
        finally:
            del os.environ["DRIFT_DETECTION_ENABLED"]
        self.assertTrue(setting_enabled("DRIFT_DETECTION_ENABLED"))
        V.values = {"AB_TESTING_ENABLED": "maybe"}
        with self.assertRaisesRegex(ValueError, "AB_TESTING_ENABLED"):
            setting_enabled("AB_TESTING_ENABLED")
        V.values = {}


class JarAgreementTest(unittest.TestCase):
    """Every task's job is one the jar lists, with options it accepts; writes the rendered arguments."""

    @classmethod
    def setUpClass(cls):
        cls.dags, errors = load_dags()
        if errors:
            raise AssertionError(errors)
        cls.jar = jar_jobs()

    def test_jobs_and_options_are_the_jars(self):
        if self.jar is None:
            self.skipTest("VIGIA_LIST_JSON not set: run from Maven (AirflowDagsTest) or give `vigia list --json` output")
        rendered = []
        for d, t in spark_tasks(self.dags):
            job = job_of(t)
            with self.subTest(task="%s.%s" % (d.dag_id, t.task_id)):
                if job not in self.jar:
                    if job in PENDING:
                        print("SKIPPED: job %s (%s.%s) is not in this jar yet; issue %d adds it"
                              % (job, d.dag_id, t.task_id, PENDING[job]), file=sys.stderr)
                        continue
                    self.fail("%s.%s runs job %r, which the jar does not list (%s)"
                              % (d.dag_id, t.task_id, job, ", ".join(sorted(self.jar))))
                args = [render(a) for a in t.kwargs["application_args"]]
                accepted = set(self.jar[job]["options"])
                for a in args[2:]:
                    if a.startswith("--"):
                        self.assertIn(a, accepted, "%s does not accept %s" % (job, a))
                rendered.append({"dag": d.dag_id, "task": t.task_id, "job": job, "args": args})
        out = os.environ.get("VIGIA_DAG_TASKS_OUT")
        if out:
            with open(out, "w", encoding="utf-8") as fh:
                json.dump(rendered, fh, indent=1)
            # the same, one task a line, tab-separated, for the Java side
            with open(out + ".tsv", "w", encoding="utf-8") as fh:
                for r in rendered:
                    fh.write("\t".join([r["dag"] + "." + r["task"]] + r["args"]) + "\n")


if __name__ == "__main__":
    unittest.main(verbosity=2)
