"""gunicorn's configuration for `jalon serve --production`.

Every value can be overridden from the environment (the README's Configuration table):
JALON_BIND, JALON_WORKERS, JALON_THREADS, JALON_TIMEOUT, JALON_MAX_REQUESTS.
"""

import multiprocessing
import os

bind = os.environ.get("JALON_BIND", "127.0.0.1:8000")
# The usual rule of thumb: two workers per core, plus one.
workers = int(os.environ.get("JALON_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("JALON_THREADS", "2"))
# A request that runs longer than this is killed and logged; imports and documents of
# the real programme take well under a second.
timeout = int(os.environ.get("JALON_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so that a slow leak never grows without bound (0: never,
# e.g. to read the workers' CPU from /proc over a long benchmark).
max_requests = int(os.environ.get("JALON_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# The application is loaded once, before the workers fork: a broken configuration stops
# the server at start, not in each worker.
preload_app = True
# gunicorn's control socket (`gunicornc`) is not used; one shared path in $HOME would let
# two servers on one machine collide.
control_socket_disable = True

# Both logs on stderr, one JSON line per event, like the application's own log.
accesslog = "-"
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "jalon.operations.logs.JsonFormatter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        }
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}
