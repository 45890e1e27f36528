"""gunicorn settings for production: `gunicorn cms.wsgi` reads this file from the working directory.

Every value can be overridden by an environment variable (listed in .env.example) or on the
command line, e.g. `gunicorn -c gunicorn.conf.py --workers 2 cms.wsgi`.

Threads, not only processes: with local media files (small installs) the audio URL streams the
file through Django, and a listener on a slow connection would hold a sync worker for the whole
download. With the gthread worker such a download holds one thread, and the worker's other
threads keep answering pages. (With S3 the audio URL is a redirect and answers at once.)
"""

import multiprocessing
import os


def _int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")

# One process per core and one more, each with a few threads: pages are mostly database and
# template work (the GIL is released while waiting on PostgreSQL, Redis and S3).
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1)
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)

# A request that takes longer than this is killed and its worker restarted: S3 calls are bounded
# to seconds (AWS_S3_*_TIMEOUT), so only a real fault gets here.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Seconds an idle keep-alive connection stays open (the load balancer reconnects when needed).
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Workers are recycled now and then, so a slow leak never grows without bound; the jitter stops
# them restarting all at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 500)

# The load balancer terminates TLS and sets X-Forwarded-*; trust it (production.py reads
# X-Forwarded-Proto, TRUSTED_PROXY_COUNT the client's address).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
