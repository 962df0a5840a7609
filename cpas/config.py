"""Configuration: the only module that reads ``os.environ``.

Layering (see ``create_app``): these defaults, then the environment, then a test config.
"""

import os
import secrets
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

# How new passwords are hashed: a werkzeug method string ("scrypt", "pbkdf2:sha256:600000" …).
# Any stored hash still verifies after a change: each hash names its own method.
LOGIN_DAYS = 14
DEFAULT_PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - a method name, not a password


def default_sqlite_url(instance_path: str) -> str:
    return "sqlite:///" + str(Path(instance_path) / "cpas.db")


def load_secret_key(instance_path: str) -> str:
    """SECRET_KEY from the environment, else one generated once into ``instance/``.

    Keeping it on disk means sessions survive a restart and several gunicorn workers agree;
    generating it means no secret ever lives in the code or the repository.
    """
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    key_file = Path(instance_path) / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return key_file.read_text().strip()


def environment_config(instance_path: str, given: dict) -> dict:
    """Settings from the environment, with the product's defaults, for the keys not ``given``
    (a test config gives its own database and key, and nothing is written to ``instance/``)."""
    settings = {
        # Cookies: never readable from scripts, not sent on cross-site posts; Secure when served
        # over HTTPS (set SESSION_COOKIE_SECURE=1 behind TLS).
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "0") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "0") == "1",
        # A login lasts at most this long, "keep me signed in" included; then the password again.
        "REMEMBER_COOKIE_DURATION": timedelta(days=LOGIN_DAYS),
        # The variance rule of the UN budget reports: explain at least ±5 % OR ±$100,000.
        "VARIANCE_THRESHOLD_PERCENT": Decimal(os.environ.get("VARIANCE_THRESHOLD_PERCENT", "5")),
        "VARIANCE_THRESHOLD_AMOUNT": Decimal(os.environ.get("VARIANCE_THRESHOLD_AMOUNT", "100000")),
        # CPAS: how far behind its target path an impact indicator may be and still be on track.
        "CPAS_TOLERANCE_PERCENT": Decimal(os.environ.get("CPAS_TOLERANCE_PERCENT", "15")),
        # The threat calendar: a region's month is high-risk when its incidents or fatalities are at or
        # above this percentile of the region's months (75: the top quartile).
        "THREAT_HIGH_RISK_PERCENTILE": Decimal(os.environ.get("THREAT_HIGH_RISK_PERCENTILE", "75")),
        # How long an assembled report (the dashboard) may be kept while its data is unchanged
        # (cpas/reports/cache.py); 0 turns the cache off.
        "REPORT_CACHE_SECONDS": int(os.environ.get("REPORT_CACHE_SECONDS", "600")),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_UPLOAD_BYTES", str(20 * 1024 * 1024))),
        "PASSWORD_HASH_METHOD": os.environ.get("PASSWORD_HASH_METHOD", DEFAULT_PASSWORD_HASH_METHOD),
    }
    if "DATABASE_URL" not in given:
        settings["DATABASE_URL"] = os.environ.get("DATABASE_URL") or default_sqlite_url(instance_path)
    if "SECRET_KEY" not in given:
        settings["SECRET_KEY"] = load_secret_key(instance_path)
    return settings


DEFAULTS = {
    "BABEL_DEFAULT_LOCALE": "en",
    "LANGUAGES": {"en": "English", "fr": "Français"},
    # Bootstrap is served from the bootstrap-flask package: field offices are offline.
    "BOOTSTRAP_SERVE_LOCAL": True,
    "WTF_CSRF_TIME_LIMIT": None,
    "ROWS_PER_PAGE": 50,
}
