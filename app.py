"""Entry point for `flask --app app …` and gunicorn (`app:app`)."""

from cpas import create_app, settle_for_serving

app = create_app()
settle_for_serving()
