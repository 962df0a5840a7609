"""Entry point for `flask --app app …` and gunicorn (`app:app`)."""

import gc

from cpas import create_app

app = create_app()
# What the app holds from its start (modules, templates, metadata) lives as long as the process:
# moved out of the collector's reach, so that a full collection during a request (set off by the
# objects a big report allocates) scans that request's objects, not everything ever imported. At
# the scale benchmark's size a full collection cost 100-180 ms of the assessment report.
gc.freeze()
