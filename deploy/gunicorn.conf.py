"""gunicorn settings for the bulletin site (`gunicorn -c deploy/gunicorn.conf.py config.wsgi`).

Everything can be overridden from the environment of the systemd unit."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # PDF rendering of a large issue takes a few seconds
graceful_timeout = 30
keepalive = 5
# The workers' heartbeat file, touched by each worker between requests: in memory, not on a disk
# (gunicorn's own advice where /tmp is on a disk or an overlay file system).
# gunicorn makes its own file there (mkstemp) and unlinks it at once.
SHARED_MEMORY = "/dev/shm"  # noqa: S108
worker_tmp_dir = SHARED_MEMORY if os.path.isdir(SHARED_MEMORY) else None
max_requests = 2000  # recycle workers now and then; jitter keeps them from restarting together
max_requests_jitter = 200
# Only the local reverse proxy may tell us the client's address and scheme.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "bulletin"
