from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length
from wtforms.widgets import HiddenInput

from cpas.auth.services import MAX_LOGIN_LENGTH, MAX_NAME_LENGTH, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from cpas.labels import label
from cpas.models import Role

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


class _RoleChoices:
    """Role choices, labelled in the language of the request."""

    def set_role_choices(self) -> None:
        self.role.choices = [(role.value, label(role)) for role in Role]


class NewAccountForm(FlaskForm, _RoleChoices):
    login = StringField(_l("Login"), validators=[DataRequired(), Length(max=MAX_LOGIN_LENGTH)],
                        description=_l("Usually the person's e-mail address."),
                        render_kw={"autocomplete": "off", "autofocus": True})
    display_name = StringField(_l("Name"), validators=[Length(max=MAX_NAME_LENGTH)],
                               description=_l("As shown in the app and in the history of changes."))
    role = SelectField(_l("Role"), validators=[InputRequired()])
    password = _new_password_field(_l("Temporary password"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_role_choices()
        self.password.description = _l(
            "At least %(count)d characters. Give it to the person; they must choose their own at their "
            "first login.", count=MIN_PASSWORD_LENGTH)


class AccountForm(FlaskForm, _RoleChoices):
    display_name = StringField(_l("Name"), validators=[Length(max=MAX_NAME_LENGTH)])
    role = SelectField(_l("Role"), validators=[InputRequired()])
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
