"""Who may do what: the role the signed-in user holds here, and the one decorator for role checks.

A role is held per mission (``User.role_in``): pages under ``/m/<MISSION>/…`` check the role held
in that mission, which ``cpas.scope`` has refused (404) to anyone holding none there; the pages
outside any mission (the accounts) check the role held in every mission."""

from functools import wraps

from flask import abort, g
from flask_login import current_user

from cpas.models import Role

# Who may write what. Reading is open to whoever holds a role in the mission.
EDITORS = (Role.ADMIN, Role.PLANNING_OFFICER)
VARIANCE_WRITERS = (Role.ADMIN, Role.PLANNING_OFFICER, Role.BUDGET_REVIEWER)
# Who may compare missions side by side (the all-missions page): those who read budgets across
# missions, not planning officers, whose work is their own mission's.
MISSION_COMPARERS = (Role.ADMIN, Role.BUDGET_REVIEWER, Role.LEADERSHIP)


def role_here() -> Role | None:
    """The signed-in user's role in the request's mission (outside one: the role held in every
    mission); None for nobody."""
    if not current_user.is_authenticated:
        return None
    return current_user.role_in(g.get("mission"))


def enters_data_here() -> bool:
    """Whether the signed-in user enters the mission's data (an editor's role here): what the
    views that import and save check with ``roles_required(*EDITORS)``, for pages to offer alike."""
    return role_here() in EDITORS


def writes_some_records_here() -> bool:
    """Whether the signed-in user writes any of the mission's records (a reviewer its variance
    explanations), for whom the records' menu is data entry rather than reading."""
    return role_here() in VARIANCE_WRITERS


def administers_here() -> bool:
    """Whether the signed-in user is an administrator here (who also runs the server's commands)."""
    return role_here() is Role.ADMIN


def may_compare_missions(user) -> bool:
    """Whether ``user`` may open the all-missions page: it holds a comparer's role in every
    mission or in at least one."""
    if user is None or not user.is_authenticated:
        return False
    return user.role in MISSION_COMPARERS or any(held.role in MISSION_COMPARERS for held in user.mission_roles)


def compared_missions(user, missions: list) -> list:
    """The missions of ``missions`` that ``user`` may compare: those where the role it holds is a
    comparer's (a mission where it is an officer, or nobody, is left out)."""
    return [mission for mission in missions if user.role_in(mission) in MISSION_COMPARERS]


def roles_required(*roles: Role):
    """Let through only signed-in users holding one of ``roles`` here; others get 403 Forbidden."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if role_here() not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


# The page each role opens a mission's period on (the others: the overview): leadership reads
# the dashboard, a budget reviewer the financial resources, a planning officer what awaits it.
LANDING_PAGES = {Role.LEADERSHIP: "reports.dashboard", Role.BUDGET_REVIEWER: "reports.financial",
                 Role.PLANNING_OFFICER: "home.my_work"}


def landing_endpoint(role: Role | None) -> str:
    """The endpoint a user holding ``role`` in a mission lands on when opening one of its periods."""
    return LANDING_PAGES.get(role, "home.overview")
