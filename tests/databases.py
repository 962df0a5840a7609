"""Throwaway databases for the tests: a SQLite file, or a PostgreSQL 15 cluster that the test
session starts and stops itself (PostgreSQL refuses to run as root, so the server runs as the
Debian ``postgres`` user; recipe in shared/recipes/TOOLING.md)."""

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from contextlib import contextmanager

import sqlalchemy as sa

PG_BIN = "/usr/lib/postgresql/15/bin"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_postgres_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def postgres_cluster():
    """Yields the URL of the ``postgres`` database of a fresh cluster on a free local port."""
    directory = tempfile.mkdtemp(prefix="cpas-pg-")
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    data, port = os.path.join(directory, "data"), _free_port()
    quiet = {"check": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    subprocess.run(_as_postgres_user([f"{PG_BIN}/initdb", "-D", data, "-U", "cpas", "--auth=trust",
                                      "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]), **quiet)
    options = (f"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    subprocess.run(_as_postgres_user([f"{PG_BIN}/pg_ctl", "-D", data, "-l", os.path.join(directory, "log"),
                                      "-w", "-o", options, "start"]), **quiet)
    try:
        yield f"postgresql+psycopg://cpas@127.0.0.1:{port}/postgres"
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
