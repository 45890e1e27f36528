"""SQLite (the default database outside production) serves one writer at a time. Two requests
writing at once must queue, not fail: in SQLite's default (deferred) transactions, two that
read and then write deadlock, and one fails at once with "database is locked". That is how a
translator's save in the translation editor failed while the editor was still loading image
renditions (the intermittent browser test)."""

import contextlib
import threading

import pytest
from django.db import connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

ALIAS = "sqlite-concurrency-test"


def writer(path, barrier, errors):
    """Read, wait until the other writer has read too, then write: in one transaction."""
    database = DatabaseWrapper({**connections["default"].settings_dict, "NAME": path}, ALIAS)
    connections[ALIAS] = database  # this thread's connections only
    try:
        with transaction.atomic(using=ALIAS), database.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM note")
            # Broken when the other writer is already waiting for this one's lock.
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=1)
            cursor.execute("INSERT INTO note (text) VALUES ('saved')")
    except Exception as error:  # any failure is what this test reports
        errors.append(error)
    finally:
        database.close()


@pytest.mark.skipif(
    connections["default"].vendor != "sqlite", reason="PostgreSQL has row-level locks"
)
def test_two_requests_writing_at_once_both_succeed(tmp_path, django_db_blocker):
    # Its own database file, outside the test database and its per-test transaction.
    with django_db_blocker.unblock():
        run_two_writers(str(tmp_path / "concurrency.sqlite3"))


def run_two_writers(path):
    setup = DatabaseWrapper({**connections["default"].settings_dict, "NAME": path}, ALIAS)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT)")
    setup.close()

    barrier = threading.Barrier(2)
    errors = []
    threads = [threading.Thread(target=writer, args=(path, barrier, errors)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    setup = DatabaseWrapper({**connections["default"].settings_dict, "NAME": path}, ALIAS)
    with setup.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM note")
        assert cursor.fetchone()[0] == 2
    setup.close()
