"""House rules of ARCHITECTURE.md that a change can quietly break, checked on the source."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "cpas" / "entry"
DOMAINS = {"missions", "mandates", "rbb", "activities", "budget", "results", "assessments", "record_types",
           "reports", "workbook"}
# A test of which named spec or field is at hand: ``spec.name == "posts"``, ``spec.name in ("posts", …)``,
# ``attr == "region"``, ``spec.name != "mandated-tasks"`` (the engine compares names only with names).
NAME_SWITCH = re.compile(r"\b(spec\.name|attr|spec_name|field_spec\.attr|f\.attr)\s*(==|!=)\s*['\"]"
                         r"|spec\.name\s+in\s+[(\[{]")


def _model_switch():
    """A test of which model is at hand: ``spec.model is Activity``, ``isinstance(value, BudgetPeriod)``."""
    from cpas.models import Base

    names = "|".join(sorted(mapper.class_.__name__ for mapper in Base.registry.mappers))
    return re.compile(rf"(\bis|is not|==|!=)\s+({names})\b|isinstance\([^)]*\b({names})\b")


def _engine_sources():
    return [*ENGINE.glob("*.py"), *(ROOT / "templates" / "records").glob("*.html")]


def test_the_entry_engine_has_no_switch_on_a_record_type():
    model_switch = _model_switch()
    switches = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
                for path in _engine_sources()
                for number, line in enumerate(path.read_text().splitlines(), start=1)
                if NAME_SWITCH.search(line) or model_switch.search(line)]
    assert switches == []


def test_the_entry_engine_imports_no_domain():
    imported = set()
    for path in ENGINE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("cpas."):
                imported.add(node.module.split(".")[1])
    assert imported & DOMAINS == set()


def test_every_entered_record_type_is_in_the_entry_menu_once():
    from cpas import record_types
    from cpas.entry.spec import SPECS

    menu_names = [name for _, names in record_types.ENTRY_MENU for name in names]
    assert sorted(menu_names) == sorted(name for name, spec in SPECS.items() if spec.entered)


def test_the_readme_code_map_names_every_package_and_module():
    readme = (ROOT / "README.md").read_text()
    code_map = readme[readme.index("## The code"):readme.index("Data flows one way")]
    names = [path.name for path in (ROOT / "cpas").iterdir()
             if path.name not in ("__pycache__", "__init__.py") and (path.is_dir() or path.suffix == ".py")]
    missing = [name for name in names
               if not re.search(rf"(cpas/|\s){re.escape(name.removesuffix('.py'))}(/|\.py|\s|,)", code_map)]
    assert missing == []


def test_the_only_savepoint_is_the_one_that_is_always_rolled_back():
    """cpas.db.rolled_back explains why: on SQLite a released outermost savepoint would commit."""
    users = [str(path.relative_to(ROOT)) for path in (ROOT / "cpas").rglob("*.py")
             if "begin_nested" in path.read_text()]
    assert users == ["cpas/db.py"]


def test_the_entry_engine_names_no_record_type():
    """No string of the engine is the name of a record type (``"budget-lines"``, ``"mandated-tasks"``)."""
    from cpas.entry.spec import SPECS

    named = [f"{path.relative_to(ROOT)}: {name}" for path in _engine_sources() for name in SPECS
             if re.search(rf"['\"]{re.escape(name)}['\"]", path.read_text())]
    assert named == []
