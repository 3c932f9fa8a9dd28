"""gunicorn's settings (read from the working directory by default; `scripts/run_stack.sh` and the
Docker image start gunicorn in the project root, and pass `--config` to be sure).

The access log names no one: the request line is logged without its query string (a case search
carries a family's name there, a join link its token), the referrer (a full URL, query and all)
is left out, and gunicorn knows no user. Who read what is in the read audit (AccessEvent), by id.
"""

# host, time, "METHOD /path HTTP/x", status, bytes, duration in microseconds, user agent
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(D)sus "%(a)s"'


def post_worker_init(worker):
    """Once a worker has loaded the app: import every URL's view too, then freeze what is loaded.

    Python's full garbage collection walks every tracked object, and a loaded Django app is some
    190,000 of them that live as long as the worker. Measured in-process on the benchmark's four
    pages, one full collection came every few hundred requests and took over half a second (about
    1 ms a request on average); frozen objects are left out of every collection."""
    import gc

    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - the import is the point
    gc.freeze()
