"""The direct upload benchmark's processes (benchmarks/direct_upload.py): waiting for and
stopping the servers it starts, and the gunicorn worker's memory read from /proc."""

import os
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

from benchmarks.direct_upload_config import PROJECT_DIR, PYTHON, SAMPLE_SECONDS


def wait_for_port(port, process, name, deadline=90):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if process.poll() is not None:
            raise SystemExit(f"{name} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{name} did not start")


def stop(process):
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)  # its own session: only what it started
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


def proc_status(pid, field):
    """A /proc/<pid>/status field in bytes (VmRSS, VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(field)


def gunicorn_worker(master_pid, deadline=60):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
        if len(children) == 1:
            return int(children[0])
        time.sleep(0.2)
    raise SystemExit("gunicorn's worker did not start")


class RssSampler(threading.Thread):
    """The worker's RSS every SAMPLE_SECONDS, as (epoch seconds, bytes)."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.samples = []
        self.halt = threading.Event()

    def run(self):
        while not self.halt.is_set():
            self.samples.append((time.time(), proc_status(self.pid, "VmRSS")))
            self.halt.wait(SAMPLE_SECONDS)

    def peak(self, start=0.0, end=float("inf")):
        return max((rss for at, rss in self.samples if start <= at <= end), default=0)


def manage(env, *args):
    result = subprocess.run(  # noqa: S603  (fixed arguments)
        [PYTHON, "manage.py", *args], cwd=PROJECT_DIR, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")
