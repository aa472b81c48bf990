"""gunicorn settings for production: ``gunicorn -c site/gunicorn.conf.py portal.wsgi``."""

import os

pythonpath = os.path.dirname(os.path.abspath(__file__))
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 60
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
