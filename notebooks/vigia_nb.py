"""Helpers shared by vigia's notebooks: a PostgreSQL connection from vigia's own settings variables
and a query that returns a pandas DataFrame. The numbers come from vigia's results tables and views;
the notebooks plot them and never recompute a statistic the jobs computed.

Connection: VIGIA_JDBC_URL (jdbc:postgresql://HOST:PORT/DB), VIGIA_JDBC_USER, VIGIA_JDBC_PASSWORD,
exactly the variables `vigia` itself reads.
"""
import os
import re
import warnings

import pandas as pd
import psycopg2

warnings.filterwarnings("ignore", message=".*pandas only supports SQLAlchemy.*")


def connect():
    url = os.environ.get("VIGIA_JDBC_URL", "")
    m = re.match(r"^jdbc:postgresql://([^:/?]+)(?::(\d+))?/([^?]+)(?:\?.*)?$", url)
    if not m:
        raise SystemExit("set VIGIA_JDBC_URL to vigia's database, e.g. jdbc:postgresql://localhost:5432/vigia "
                         "(and VIGIA_JDBC_USER, VIGIA_JDBC_PASSWORD); got %r" % url)
    return psycopg2.connect(host=m.group(1), port=int(m.group(2) or 5432), dbname=m.group(3),
                            user=os.environ.get("VIGIA_JDBC_USER") or None,
                            password=os.environ.get("VIGIA_JDBC_PASSWORD") or None)


def query(conn, sql, params=None):
    return pd.read_sql_query(sql, conn, params=params)


def show(df, empty="no data yet"):
    """Prints a DataFrame, or `empty` when it has no rows (a table the job has not filled yet)."""
    if df.empty:
        print(empty)
    else:
        print(df.to_string(index=False))
