"""`make bench`: argmap served by gunicorn and loaded with wrk, measured against a bare Django view (run.py)."""
