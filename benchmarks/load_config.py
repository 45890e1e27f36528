"""The load benchmark's settings (benchmarks/load.py), from the environment: where PostgreSQL
and Redis are, how many employees, requests and client threads, the burst and the scale cases."""

import os
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SERVER_URL = os.environ.get(
    "BENCH_LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
REDIS_BASE = os.environ.get("BENCH_LOAD_REDIS", "redis://127.0.0.1:6379")
REDIS_DB = int(os.environ.get("BENCH_LOAD_REDIS_DB", "12"))
USERS = int(os.environ.get("BENCH_LOAD_USERS", "1000"))
REQUESTS = int(os.environ.get("BENCH_LOAD_REQUESTS", "200"))
MISS_REQUESTS = int(os.environ.get("BENCH_LOAD_MISS_REQUESTS", "40"))
CONCURRENCY = int(os.environ.get("BENCH_LOAD_CONCURRENCY", "4"))
BURST_USERS = int(os.environ.get("BENCH_BURST_USERS", "1000"))
BURST_SECONDS = float(os.environ.get("BENCH_BURST_SECONDS", "60"))
SCALE = (5, int(os.environ.get("BENCH_SCALE_ITEMS", "500")))
WORKERS = 2
