"""Throwaway databases for the tests: a SQLite file, or a PostgreSQL 15 cluster that the test
session starts and stops itself (PostgreSQL refuses to run as root, so the server runs as the
Debian ``postgres`` user; recipe in shared/recipes/TOOLING.md).

The cluster listens only on a Unix socket in its own temporary directory, on no TCP port:
nothing else on the machine can take its address between choosing it and starting the server
(probing for a free TCP port and binding it later raced with every other process), and no other
local user can reach it. libpq finds the socket through PGHOST and PGPORT, set while the cluster
runs: the URL cannot carry the socket's path, because ``cpas migrate`` hands the URL to Alembic's
configuration, which refuses the percent signs that an encoded path brings.
"""

import os
import shutil
import subprocess
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

PG_BIN = "/usr/lib/postgresql/15/bin"
# Only names the socket file (.s.PGSQL.5432) inside the cluster's private directory.
SOCKET_PORT = 5432
SOCKET_VARIABLES = ("PGHOST", "PGPORT")


def _as_postgres_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def postgres_cluster():
    """Yields the URL of the ``postgres`` database of a fresh cluster reached by its Unix socket
    (PGHOST and PGPORT name the socket until the cluster stops)."""
    directory = tempfile.mkdtemp(prefix="cpas-pg-")
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    data = os.path.join(directory, "data")
    quiet = {"check": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    subprocess.run(_as_postgres_user([f"{PG_BIN}/initdb", "-D", data, "-U", "cpas", "--auth=trust",
                                      "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]), **quiet)
    options = (f"-p {SOCKET_PORT} -k {directory} -c listen_addresses='' -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    log = os.path.join(directory, "log")
    try:
        try:
            subprocess.run(_as_postgres_user([f"{PG_BIN}/pg_ctl", "-D", data, "-l", log, "-w", "-o", options,
                                              "start"]), **quiet)
        except subprocess.CalledProcessError as error:
            raise RuntimeError(f"PostgreSQL did not start:\n{Path(log).read_text() if Path(log).exists() else ''}") \
                from error
        previous = {name: os.environ.get(name) for name in SOCKET_VARIABLES}
        os.environ.update(PGHOST=directory, PGPORT=str(SOCKET_PORT))
        try:
            yield "postgresql+psycopg://cpas@/postgres"
        finally:
            for name, value in previous.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
    finally:
        subprocess.run(_as_postgres_user([f"{PG_BIN}/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"]),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(directory, ignore_errors=True)


def create_postgres_database(server_url: str) -> str:
    """A new empty database on the cluster; returns its URL."""
    name = "cpas_" + uuid.uuid4().hex[:12]
    engine = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return sa.make_url(server_url).set(database=name).render_as_string(hide_password=False)


def create_sqlite_database(directory) -> str:
    return f"sqlite:///{directory / ('cpas-' + uuid.uuid4().hex[:12] + '.db')}"
