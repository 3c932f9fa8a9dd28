"""gunicorn's settings (read from the working directory by default; `scripts/run_stack.sh` and the
Docker image start gunicorn in the project root, and pass `--config` to be sure).

The access log names no one: the request line is logged without its query string (a case search
carries a family's name there, a join link its token), the referrer (a full URL, query and all)
is left out, and gunicorn knows no user. Who read what is in the read audit (AccessEvent), by id.
"""

# host, time, "METHOD /path HTTP/x", status, bytes, duration in microseconds, user agent
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(D)sus "%(a)s"'
