"""Imports vigia_common.setting_enabled against the test-only Airflow stand-in (airflow_stub.py)."""
import os
import sys

import airflow_stub

_saved = airflow_stub.install()
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
try:
    sys.modules.pop("vigia_common", None)
    from vigia_common import setting_enabled  # noqa: F401
finally:
    sys.path.pop(0)
# keep the stand-in's Variable importable for setting_enabled's run-time import
