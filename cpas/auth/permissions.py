"""Who may do what: the one decorator for role checks."""

from functools import wraps

from flask import abort
from flask_login import current_user

from cpas.models import Role

# Who may write what. Reading is open to every signed-in account.
EDITORS = (Role.ADMIN, Role.PLANNING_OFFICER)
VARIANCE_WRITERS = (Role.ADMIN, Role.PLANNING_OFFICER, Role.BUDGET_REVIEWER)


def roles_required(*roles: Role):
    """Let through only signed-in users with one of ``roles``; others get 403 Forbidden."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated or current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


# The page each role opens a mission's period on (the others: the overview).
LANDING_PAGES = {Role.LEADERSHIP: "reports.dashboard"}


def landing_endpoint(role: Role) -> str:
    """The endpoint a user of ``role`` lands on when opening a mission and period."""
    return LANDING_PAGES.get(role, "home.overview")
