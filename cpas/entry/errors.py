"""What the record services raise instead of saving: a view puts each back on its form, a
workbook import on its cell, a command on standard error."""

# The key of a refusal that concerns the record as a whole rather than one field.
FORM_ERROR = "__all__"


class ValidationError(ValueError):
    """Refusals keyed by field (``FORM_ERROR`` for the record as a whole)."""

    def __init__(self, errors: dict):
        super().__init__("; ".join(f"{key}: {message}" for key, message in errors.items()))
        self.errors = errors


class ConflictError(ValueError):
    """Someone else saved the record since this user opened it."""

    def __init__(self, differences: list[tuple]):
        super().__init__("edit conflict")
        self.differences = differences


class DependentsError(ValueError):
    """The record cannot go: others depend on it."""

    def __init__(self, dependents: list[tuple], held: list[tuple] = ()):
        super().__init__("has dependents")
        self.dependents = dependents
        self.held = list(held)
