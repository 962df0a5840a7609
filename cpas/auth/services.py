"""Accounts: creating and changing them, passwords and sessions. Plain functions over a session;
each change is audited; no commits."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import flag_modified
from werkzeug.security import check_password_hash, generate_password_hash

from cpas.audit import now, snapshot
from cpas.config import DEFAULT_PASSWORD_HASH_METHOD, LOGIN_DAYS
from cpas.db import get_session
from cpas.labels import label
from cpas.models import AuditAction, AuditEntry, LoginFailure, LoginSession, Mission, MissionRole, Role, User

MIN_PASSWORD_LENGTH = 8
# Hashing is slow on purpose: an unbounded password would make each login attempt cost more.
MAX_PASSWORD_LENGTH = 128
MAX_LOGIN_LENGTH = 254
MAX_NAME_LENGTH = 200
# Browsers an account may be signed in on at once; a further login ends the oldest.
MAX_LOGINS_PER_ACCOUNT = 10


def password_hash_method() -> str:
    """The app's PASSWORD_HASH_METHOD (scrypt unless configured otherwise)."""
    return current_app.config["PASSWORD_HASH_METHOD"] if has_app_context() else DEFAULT_PASSWORD_HASH_METHOD


@cache
def _unknown_user_hash(method: str) -> str:
    """Checked against when the login is unknown, hashed like new accounts are, so that a wrong
    login and a wrong password take the same time and cannot be told apart."""
    return generate_password_hash("not a password of anyone", method=method)


class AccountError(ValueError):
    """A refused account change, keyed by the form field it concerns ("" for the whole form)."""

    def __init__(self, field: str, message):
        super().__init__(str(message))
        self.field = field
        self.message = message


@dataclass
class AccountConflict(ValueError):
    """Someone changed the account since this form was opened: (field label, now, in the form)."""

    differences: list[tuple]


def normalise_login(login: str) -> str:
    return login.strip().lower()


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("password", _l("The password must have at least %(count)d characters.",
                                          count=MIN_PASSWORD_LENGTH))
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError("password", _l("The password may have at most %(count)d characters.",
                                          count=MAX_PASSWORD_LENGTH))


def _hash(password: str) -> str:
    return generate_password_hash(password, method=password_hash_method())


# The roles an account may hold in one mission: an administrator's holds in every mission.
MISSION_ROLES = (Role.PLANNING_OFFICER, Role.BUDGET_REVIEWER, Role.LEADERSHIP)


def create_user(session: Session, login: str, password: str, role: Role | None, display_name: str = "", *,
                temporary: bool = False, check_password: bool = True) -> User:
    """Create an account holding ``role`` in every mission (None: in no mission until given
    roles by mission); the password is stored only as a salted hash (PASSWORD_HASH_METHOD,
    scrypt by default). A ``temporary`` password must be changed at the first login."""
    login = normalise_login(login)
    if not login:
        raise AccountError("login", _l("A login is required."))
    if len(login) > MAX_LOGIN_LENGTH or any(character.isspace() for character in login):
        raise AccountError("login", _l("A login is one word (an e-mail address, for instance) of at most "
                                       "%(count)d characters.", count=MAX_LOGIN_LENGTH))
    if len(display_name) > MAX_NAME_LENGTH:
        raise AccountError("display_name", _l("At most %(count)d characters.", count=MAX_NAME_LENGTH))
    if check_password:
        check_new_password(password)
    if session.scalar(select(User.id).where(User.login == login)) is not None:
        raise AccountError("login", _l("An account with the login %(login)s exists already.", login=login))
    user = User(login=login, display_name=display_name.strip() or login, password_hash=_hash(password),
                role=role, must_change_password=temporary, created_at=datetime.now(UTC).replace(tzinfo=None))
    session.add(user)
    session.flush()
    return user


def create_account(session: Session, login: str, display_name: str, role: Role | None, temporary_password: str, *,
                   acting_user: User | None, mission_roles: dict[int, Role] | None = None) -> User:
    """An account created by an administrator (``acting_user``; None: the command line), with a
    temporary password to be changed at the first login, holding ``role`` in every mission and
    ``mission_roles`` ({mission id: role}) in those missions; audited."""
    mission_roles = mission_roles or {}
    _check_roles(role, mission_roles)
    user = create_user(session, login, temporary_password, role, display_name, temporary=acting_user is not None)
    _set_mission_roles(session, user, mission_roles)
    _audit(session, AuditAction.CREATE, user, acting_user=acting_user, before=None,
           summary="Account created" if acting_user else "Account created from the command line")
    return user


def _check_roles(role: Role | None, mission_roles: dict[int, Role]) -> None:
    if role is Role.ADMIN and mission_roles:
        raise AccountError("", _l("An administrator holds every mission: leave the roles by mission empty."))
    if any(held not in MISSION_ROLES for held in mission_roles.values()):
        raise AccountError("", _l("An administrator's role is held in every mission, not in one."))


def _set_mission_roles(session: Session, account: User, wanted: dict[int, Role]) -> None:
    """Give the account exactly ``wanted`` ({mission id: role}) as its roles by mission."""
    held = {row.mission_id: row for row in account.mission_roles}
    for mission_id, row in held.items():
        if mission_id not in wanted:
            account.mission_roles.remove(row)
        elif row.role is not wanted[mission_id]:
            row.role = wanted[mission_id]
    for mission_id, role in wanted.items():
        if mission_id not in held:
            account.mission_roles.append(MissionRole(mission_id=mission_id, role=role))
    session.flush()


def missions_held(session: Session, account: User) -> dict[str, str]:
    """The account's roles by mission as the audit log keeps them: {mission code: role}, by code."""
    rows = session.execute(select(Mission.code, MissionRole.role).join(MissionRole.mission)
                           .where(MissionRole.user_id == account.id).order_by(Mission.code)).all()
    return {code: role.value for code, role in rows}


def _account_snapshot(session: Session, account: User) -> dict:
    return {**snapshot(account), "missions": missions_held(session, account)}


def _audit(session: Session, action: AuditAction, account: User, *, acting_user: User | None, before: dict | None,
           summary: str) -> None:
    """The account's audit entry, its roles by mission (another table's rows) among its fields."""
    session.flush()
    session.add(AuditEntry(at=now(), user_id=acting_user.id if acting_user else None, action=action,
                           table_name=User.__tablename__, record_id=account.id, summary=summary[:300],
                           before=before, after=_account_snapshot(session, account), reason=""))
    session.flush()


def _active_admins(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User)
                          .where(User.role == Role.ADMIN, User.is_active.is_(True)))


def update_account(session: Session, account: User, *, display_name: str, role: Role | None, is_active: bool,
                   mission_roles: dict[int, Role], acting_user: User, expected_version: int) -> bool:
    """Change an account's name, role in every mission, roles by mission ({mission id: role}) or
    state; False when nothing changed. Deactivating ends its sessions at once. Refused: a form
    opened before someone else's change (AccountConflict), an administrator locking themself out,
    leaving the app without an active administrator, and roles by mission for an administrator."""
    display_name = display_name.strip() or account.login
    if len(display_name) > MAX_NAME_LENGTH:
        raise AccountError("display_name", _l("At most %(count)d characters.", count=MAX_NAME_LENGTH))
    codes = dict(session.execute(select(Mission.id, Mission.code).where(Mission.id.in_(mission_roles))).all())
    if set(codes) != set(mission_roles):
        raise AccountError("", _l("A mission of the form no longer exists: open the account again."))
    before = _account_snapshot(session, account)
    wanted = {"display_name": display_name, "role": role.value if role else None, "is_active": is_active,
              "missions": {codes[mission_id]: held.value for mission_id, held in
                           sorted(mission_roles.items(), key=lambda item: codes[item[0]])}}
    changed = {attr: value for attr, value in wanted.items() if before[attr] != value}
    if expected_version != account.version:
        raise AccountConflict([(ACCOUNT_FIELDS[attr], shown_account_value(attr, before[attr]),
                                shown_account_value(attr, value)) for attr, value in changed.items()])
    if not changed:
        return False
    if account.id == acting_user.id and changed.keys() & {"role", "missions", "is_active"}:
        raise AccountError("", _l("You cannot change your own role or deactivate your own account: "
                                  "ask another administrator."))
    _check_roles(role, mission_roles)
    leaves_admins = account.role is Role.ADMIN and account.is_active and (role is not Role.ADMIN or not is_active)
    if leaves_admins and _active_admins(session) <= 1:
        raise AccountError("", _l("This is the last active administrator account: make another account an "
                                  "administrator first."))
    account.display_name, account.role, account.is_active = display_name, role, is_active
    if "missions" in changed:
        _set_mission_roles(session, account, mission_roles)
        flag_modified(account, "display_name")  # the account's edit counter moves on with its missions
    if "is_active" in changed and not is_active:
        end_login_sessions(session, account)
    events = {"is_active": "Account deactivated" if not is_active else "Account reactivated",
              "role": "Role changed", "missions": "Roles by mission changed", "display_name": "Name changed"}
    _audit(session, AuditAction.UPDATE, account, acting_user=acting_user, before=before,
           summary="; ".join(events[attr] for attr in changed))
    return True


def set_temporary_password(session: Session, account: User, password: str, *, acting_user: User) -> None:
    """Give an account a password it must change at its next login; its sessions end at once."""
    check_new_password(password)
    before = _account_snapshot(session, account)
    account.password_hash = _hash(password)
    account.must_change_password = True
    end_login_sessions(session, account, keeping=acting_user.login_token if account.id == acting_user.id else None)
    _audit(session, AuditAction.UPDATE, account, acting_user=acting_user, before=before,
           summary="Temporary password set")


def change_own_password(session: Session, user: User, current_password: str, new_password: str) -> None:
    """A user's own new password, given the current one; every other session of the user ends."""
    if not check_password_hash(user.password_hash, current_password):
        raise AccountError("current_password", _l("This is not your current password."))
    check_new_password(new_password)
    if check_password_hash(user.password_hash, new_password):
        raise AccountError("password", _l("Choose a password other than the current one."))
    before = _account_snapshot(session, user)
    user.password_hash = _hash(new_password)
    user.must_change_password = False
    end_login_sessions(session, user, keeping=user.login_token)
    _audit(session, AuditAction.UPDATE, user, acting_user=user, before=before,
           summary="Password changed by its owner")


def start_login_session(session: Session, user: User) -> None:
    """A new login of ``user``: a random token of its own (``user.login_token``) for the cookies.
    Only the most recent logins of an account are kept."""
    user.login_token = LoginSession.new_token()
    session.add(LoginSession(token=user.login_token, user_id=user.id, started_at=now()))
    session.flush()
    kept = select(LoginSession.id).where(LoginSession.user_id == user.id).order_by(
        LoginSession.started_at.desc(), LoginSession.id.desc()).limit(MAX_LOGINS_PER_ACCOUNT)
    session.execute(delete(LoginSession).where(LoginSession.user_id == user.id, LoginSession.id.not_in(kept)))


def end_login_sessions(session: Session, user: User, *, keeping: str | None = None) -> None:
    """End every session of ``user`` on the server (but the login ``keeping``, if given): its
    cookies, wherever they are, name no login any more."""
    ended = delete(LoginSession).where(LoginSession.user_id == user.id)
    if keeping is not None:
        ended = ended.where(LoginSession.token != keeping)
    session.execute(ended)


def open_login_sessions(session: Session, user: User) -> int:
    return session.scalar(select(func.count()).select_from(LoginSession).where(
        LoginSession.user_id == user.id, LoginSession.started_at >= now() - timedelta(days=LOGIN_DAYS)))


# Logins refused in a row before logging in waits: per login (guessing one account's password) and
# per address (trying many accounts; an office behind one address gets more).
FAILURE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_LOGIN = 10
MAX_FAILURES_PER_ADDRESS = 50


def login_wait_minutes(session: Session, login: str, address: str) -> int | None:
    """How long logging in as ``login`` from ``address`` must wait after too many failures, in
    whole minutes; None when it need not wait."""
    since = now() - FAILURE_WINDOW
    login = normalise_login(login)[:MAX_LOGIN_LENGTH]
    waits = []
    for column, value, limit in ((LoginFailure.login, login, MAX_FAILURES_PER_LOGIN),
                                 (LoginFailure.address, address, MAX_FAILURES_PER_ADDRESS)):
        recent = select(LoginFailure.at).where(column == value, LoginFailure.at >= since) \
            .order_by(LoginFailure.at.desc()).limit(limit).subquery()
        count, oldest = session.execute(select(func.count(), func.min(recent.c.at)).select_from(recent)).one()
        if count >= limit:
            waits.append(oldest + FAILURE_WINDOW - now())
    if not waits:
        return None
    return max(1, -(-int(max(waits).total_seconds()) // 60))


def record_failed_login(session: Session, login: str, address: str) -> None:
    """Count a refused login; failures older than the window are forgotten."""
    session.execute(delete(LoginFailure).where(LoginFailure.at < now() - FAILURE_WINDOW))
    session.add(LoginFailure(login=normalise_login(login)[:MAX_LOGIN_LENGTH], address=address[:45], at=now()))
    session.flush()


def forget_failed_logins(session: Session, login: str) -> None:
    session.execute(delete(LoginFailure).where(LoginFailure.login == normalise_login(login)))


def authenticate(session: Session, login: str, password: str) -> User | None:
    """The active account with this login and password, or None (whichever part was wrong)."""
    password = password[:MAX_PASSWORD_LENGTH + 1]  # longer can match no account: hash no more
    user = session.scalar(select(User).where(User.login == normalise_login(login)))
    if user is None:
        check_password_hash(_unknown_user_hash(password_hash_method()), password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.is_active:
        return None
    return user


def load_user(token: str) -> User | None:
    """Flask-Login's user loader: the active account of the login ``token`` names, if that login
    has not ended and is less than LOGIN_DAYS old."""
    if not token or len(token) > 64:
        return None
    user = get_session().scalar(
        select(User).join(LoginSession, LoginSession.user_id == User.id)
        .where(LoginSession.token == token, LoginSession.started_at >= now() - timedelta(days=LOGIN_DAYS),
               User.is_active.is_(True)))
    if user is not None:
        user.login_token = token
    return user


# The audit log keeps these summaries in English, as stored data; pages show them translated.
ACCOUNT_EVENTS = {
    "Account created": _l("Account created"),
    "Account created from the command line": _l("Account created from the command line"),
    "Account deactivated": _l("Account deactivated"),
    "Account reactivated": _l("Account reactivated"),
    "Role changed": _l("Role changed"),
    "Roles by mission changed": _l("Roles by mission changed"),
    "Name changed": _l("Name changed"),
    "Temporary password set": _l("Temporary password set"),
    "Password changed by its owner": _l("Password changed by its owner"),
}

ACCOUNT_FIELDS = {"display_name": _l("Name"), "role": _l("Role in every mission"),
                  "missions": _l("Roles by mission"), "is_active": _l("Active")}


def shown_account_value(attr: str, value) -> str:
    """A field of an account as a page shows it: a role by its label, roles by mission as
    ``MINUSMA: Planning officer``, a flag as yes or no. Takes the member or its stored value, as
    the audit log keeps it."""
    if value is None or value == {}:
        return "—"
    if attr == "role":
        return str(label(Role(value)))
    if attr == "missions":
        return "; ".join(f"{code}: {label(Role(role))}" for code, role in value.items())
    if attr == "is_active":
        return str(_l("Yes") if value else _l("No"))
    return str(value)


ACCOUNT_HISTORY_ENTRIES = 50


def account_history(session: Session, account: User) -> list[tuple]:
    """The account's last changes as its page shows them: (entry, what happened, [(field, before,
    after)]), newest first, in one query."""
    entries = session.scalars(
        select(AuditEntry).options(selectinload(AuditEntry.user))
        .where(AuditEntry.table_name == User.__tablename__, AuditEntry.record_id == account.id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(ACCOUNT_HISTORY_ENTRIES)).all()
    history = []
    for entry in entries:
        before, after = entry.before or {}, entry.after or {}
        changes = [(ACCOUNT_FIELDS[attr], shown_account_value(attr, before.get(attr)),
                    shown_account_value(attr, after.get(attr)))
                   for attr in ACCOUNT_FIELDS if before and before.get(attr) != after.get(attr)]
        events = [str(ACCOUNT_EVENTS.get(part, part)) for part in entry.summary.split("; ") if part]
        history.append((entry, "; ".join(events), changes))
    return history
