"""The load benchmark's HTTP client (keep-alive connections, one per thread) and its two ways of
sending requests: closed loop over CONCURRENCY threads, and the open-loop launch burst."""

import http.client
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from benchmarks.load_config import BURST_SECONDS, BURST_USERS, CONCURRENCY


class Client:
    def __init__(self, port):
        self.port = port
        self.local = threading.local()

    def connection(self):
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.local.conn = conn
        return conn

    def request(self, path, session_key=None, method="GET"):
        headers = {"Host": "localhost", "X-Forwarded-Proto": "https"}
        if session_key:
            headers["Cookie"] = f"sessionid={session_key}"
        started = time.perf_counter()
        for attempt in (1, 2):
            conn = self.connection()
            try:
                conn.request(method, path, headers=headers)
                response = conn.getresponse()
                body = response.read()
                break
            except (http.client.HTTPException, OSError):
                conn.close()
                self.local.conn = None
                if attempt == 2:
                    return time.perf_counter() - started, 599, 0, 0
        elapsed = time.perf_counter() - started
        queries = int(response.getheader("X-Bench-Queries") or 0)
        return elapsed, response.status, queries, len(body)


def run_closed(client, path, sessions, count, before_each=None):
    """`count` requests over CONCURRENCY threads, each by the next employee."""
    results = []
    lock = threading.Lock()
    counter = iter(range(count))

    def worker():
        while True:
            with lock:
                number = next(counter, None)
            if number is None:
                return
            if before_each:
                before_each()
            result = client.request(path, sessions[number % len(sessions)])
            with lock:
                results.append(result)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return summarise(results, wall)


def summarise(results, wall):
    times = sorted(result[0] for result in results)
    errors = sum(1 for result in results if result[1] != 200)
    statuses = {}
    for result in results:
        statuses[result[1]] = statuses.get(result[1], 0) + 1
    return {
        "statuses": statuses,
        "rps": len(results) / wall if wall else 0,
        "p50": times[len(times) // 2] * 1000,
        "p95": times[min(len(times) - 1, int(len(times) * 0.95))] * 1000,
        "queries": statistics.median(result[2] for result in results),
        "bytes": statistics.median(result[3] for result in results),
        "errors": errors,
        "n": len(results),
    }


def run_burst(client, path, sessions):
    """BURST_USERS distinct employees, arrivals spread evenly over BURST_SECONDS (open loop)."""
    interval = BURST_SECONDS / BURST_USERS
    results = []
    lock = threading.Lock()
    started = time.perf_counter()

    def one(number):
        due = started + number * interval
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        result = client.request(path, sessions[number % len(sessions)])
        with lock:
            results.append(result)

    with ThreadPoolExecutor(max_workers=64) as pool:
        list(pool.map(one, range(BURST_USERS)))
    return summarise(results, time.perf_counter() - started)
