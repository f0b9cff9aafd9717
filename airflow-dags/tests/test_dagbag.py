"""Where Airflow is installed: a real DagBag imports every vigia DAG without errors and finds the
DAG ids the stand-in test saw. Skipped, saying so, where it is not (the Maven test prints it)."""
import os
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
DAGS_DIR = os.path.abspath(os.path.join(HERE, ".."))

try:
    import airflow  # noqa: F401
    HAVE_AIRFLOW = not getattr(airflow, "__stub__", False)
except ImportError:
    HAVE_AIRFLOW = False


@unittest.skipUnless(HAVE_AIRFLOW, "Airflow is not installed for this python3: DagBag import test skipped")
class DagBagTest(unittest.TestCase):
    def test_every_dag_imports(self):
        try:
            from airflow.models import DagBag
        except ImportError:
            from airflow.dag_processing.dagbag import DagBag
        bag = DagBag(dag_folder=DAGS_DIR, include_examples=False)
        self.assertEqual({}, bag.import_errors)
        self.assertEqual({"vigia_hourly", "vigia_drift", "vigia_feedback", "vigia_maintenance", "vigia_compliance",
                          "vigia_daily"}, set(bag.dag_ids))
        for dag in bag.dags.values():
            self.assertFalse(dag.catchup, dag.dag_id)


if __name__ == "__main__":
    unittest.main(verbosity=2)
