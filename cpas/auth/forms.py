from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length
from wtforms.widgets import HiddenInput

from cpas.auth.services import (
    MAX_LOGIN_LENGTH,
    MAX_NAME_LENGTH,
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    MISSION_ROLES,
)
from cpas.labels import label
from cpas.models import Mission, Role, User

PASSWORD_HELP = _l("At least %(count)d characters.", count=MIN_PASSWORD_LENGTH)


class LoginForm(FlaskForm):
    login = StringField(_l("Login"), validators=[DataRequired(), Length(max=MAX_LOGIN_LENGTH)],
                        render_kw={"autocomplete": "username", "autofocus": True})
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Keep me signed in on this computer"))
    submit = SubmitField(_l("Log in"))


def _new_password_field(label_text) -> PasswordField:
    return PasswordField(label_text, validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)],
                         description=PASSWORD_HELP, render_kw={"autocomplete": "new-password"})


ROLE_HELP = _l("Held in every mission: an administrator's, or a headquarters account's (a budget reviewer "
               "reading every mission, say). Leave it empty for an account of one or more missions, and give "
               "it its role in each below.")


class _Roles:
    """The role held in every mission and one held in each mission, labelled in the language of
    the request; ``missions``: (mission, its field), by code."""

    missions: list = []

    def set_role_choices(self) -> None:
        self.role.choices = [("", _l("None: roles by mission only"))] + [(role.value, label(role)) for role in Role]
        for _mission, field in self.missions:
            field.choices = [("", "—")] + [(role.value, label(role)) for role in MISSION_ROLES]

    def role_held_everywhere(self) -> Role | None:
        return Role(self.role.data) if self.role.data else None

    def mission_roles(self) -> dict[int, Role]:
        """{mission id: role} as chosen in the form."""
        return {mission.id: Role(field.data) for mission, field in self.missions if field.data}

    def show_account(self, account: User) -> None:
        """Fill the role fields with what the account holds now."""
        self.role.data = account.role.value if account.role else ""
        held = {row.mission_id: row.role.value for row in account.mission_roles}
        for mission, field in self.missions:
            field.data = held.get(mission.id, "")


def with_missions(form_class, missions: list[Mission], *args, **kwargs):
    """A form of ``form_class`` with a role field for each of ``missions`` (mission_<id>): the
    number of fields is the number of missions, which only administrators create."""
    fields = {f"mission_{mission.id}": SelectField(mission.code, description=mission.name, default="")
              for mission in missions}
    form = type(form_class.__name__, (form_class,), fields)(*args, **kwargs)
    form.missions = [(mission, form[f"mission_{mission.id}"]) for mission in missions]
    form.set_role_choices()
    return form


class NewAccountForm(FlaskForm, _Roles):
    login = StringField(_l("Login"), validators=[DataRequired(), Length(max=MAX_LOGIN_LENGTH)],
                        description=_l("Usually the person's e-mail address."),
                        render_kw={"autocomplete": "off", "autofocus": True})
    display_name = StringField(_l("Name"), validators=[Length(max=MAX_NAME_LENGTH)],
                               description=_l("As shown in the app and in the history of changes."))
    role = SelectField(_l("Role in every mission"), description=ROLE_HELP)
    password = _new_password_field(_l("Temporary password"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_role_choices()
        self.password.description = _l(
            "At least %(count)d characters. Give it to the person; they must choose their own at their "
            "first login.", count=MIN_PASSWORD_LENGTH)


class AccountForm(FlaskForm, _Roles):
    display_name = StringField(_l("Name"), validators=[Length(max=MAX_NAME_LENGTH)])
    role = SelectField(_l("Role in every mission"), description=ROLE_HELP)
    is_active = BooleanField(_l("Active"), description=_l(
        "A deactivated account cannot log in; its open sessions end at once."))
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_role_choices()


class TemporaryPasswordForm(FlaskForm):
    temporary_password = _new_password_field(_l("New temporary password"))


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Current password"),
                                     validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)],
                                     render_kw={"autocomplete": "current-password", "autofocus": True})
    password = _new_password_field(_l("New password"))
    confirmation = PasswordField(_l("New password again"), validators=[
        DataRequired(), EqualTo("password", message=_l("The two new passwords differ."))],
        render_kw={"autocomplete": "new-password"})
