"""TEST-ONLY STAND-IN FOR AIRFLOW. This is not Airflow and is never deployed.

It installs minimal fake `airflow...` modules in sys.modules so the DAG files can be imported where
Airflow is not installed, and it records what the DAG files pass to DAG and to the operators
(constructor keyword arguments and >> / << dependencies). It checks nothing by itself: the checks are
in test_dags.py. Where Airflow is installed, test_dagbag.py imports the same files with the real one.
"""
import sys
import types

_current_dag = []


class StubDAG:
    def __init__(self, dag_id, **kwargs):
        self.dag_id = dag_id
        self.kwargs = kwargs
        self.tasks = {}

    def __enter__(self):
        _current_dag.append(self)
        return self

    def __exit__(self, *exc):
        _current_dag.pop()
        return False


class StubOperator:
    def __init__(self, task_id, **kwargs):
        if not _current_dag:
            raise AssertionError("operator %s created outside a `with DAG(...)` block" % task_id)
        self.dag = _current_dag[-1]
        if task_id in self.dag.tasks:
            raise AssertionError("duplicate task_id %s in %s" % (task_id, self.dag.dag_id))
        self.task_id = task_id
        self.kwargs = kwargs
        self.kind = type(self).__name__
        self.upstream = set()
        self.downstream = set()
        self.dag.tasks[task_id] = self

    def _link(self, other):
        for o in other if isinstance(other, (list, tuple)) else [other]:
            self.downstream.add(o.task_id)
            o.upstream.add(self.task_id)
        return other

    def __rshift__(self, other):
        return self._link(other)

    def __lshift__(self, other):
        for o in other if isinstance(other, (list, tuple)) else [other]:
            o._link(self)
        return other

    def __rrshift__(self, other):  # [a, b] >> self
        for o in other:
            o._link(self)
        return self

    def __rlshift__(self, other):  # [a, b] << self
        self._link(other)
        return self


class SparkSubmitOperator(StubOperator):
    pass


class ShortCircuitOperator(StubOperator):
    pass


class ExternalTaskSensor(StubOperator):
    pass


class VariableAtImport(AssertionError):
    pass


class StubVariable:
    """Fails when called while DAG files are imported (a database call at parse time); in a test of a
    callable it returns the values put in `values`."""
    importing = True
    values = {}

    @classmethod
    def get(cls, key, default_var=None, **_):
        if cls.importing:
            raise VariableAtImport("Variable.get(%r) called while importing a DAG file" % key)
        return cls.values.get(key, default_var)


MODULES = {
    "airflow": {"DAG": StubDAG},
    "airflow.models": {"Variable": StubVariable, "DAG": StubDAG},
    "airflow.operators": {},
    "airflow.operators.python": {"ShortCircuitOperator": ShortCircuitOperator},
    "airflow.sensors": {},
    "airflow.sensors.external_task": {"ExternalTaskSensor": ExternalTaskSensor},
    "airflow.providers": {},
    "airflow.providers.apache": {},
    "airflow.providers.apache.spark": {},
    "airflow.providers.apache.spark.operators": {},
    "airflow.providers.apache.spark.operators.spark_submit": {"SparkSubmitOperator": SparkSubmitOperator},
}


def install():
    """Installs the stand-in modules (Airflow 2 layout; the DAGs fall back to it from airflow.sdk)."""
    saved = {name: sys.modules.get(name) for name in list(MODULES) + ["airflow.sdk"]}
    for name, attrs in MODULES.items():
        m = types.ModuleType(name)
        m.__dict__.update(attrs)
        m.__stub__ = True
        sys.modules[name] = m
    sys.modules["airflow.sdk"] = None  # `from airflow.sdk import ...` raises ImportError
    return saved


def uninstall(saved):
    for name, mod in saved.items():
        if mod is None:
            sys.modules.pop(name, None)
        else:
            sys.modules[name] = mod
