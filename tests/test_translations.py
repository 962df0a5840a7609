"""Every user-facing string has a French translation: a missing one fails here."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "cpas" / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None, "ngettext": (1, 2)}


def extracted_msgids() -> set[str]:
    found = set()
    for directory, method in ((ROOT / "cpas", "python"), (ROOT / "templates", "jinja2")):
        pattern = "**.py" if method == "python" else "**.html"
        # Folders starting with "_" are searched too (babel skips them by default): templates/_macros.
        for _filename, _lineno, message, _comments, _context in extract_from_dir(
            directory, method_map=[(pattern, method)], keywords=KEYWORDS, directory_filter=lambda path: True
        ):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_msgid_has_a_french_translation():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="fr")
    translated = {
        (message.id[0] if isinstance(message.id, tuple) else message.id)
        for message in catalogue
        if message.id and message.string and all(message.string if isinstance(message.string, tuple) else [1])
        and not message.fuzzy
    }
    missing = sorted(extracted_msgids() - translated)
    assert missing == [], f"{len(missing)} strings lack a French translation: {missing[:10]}"


def test_french_translations_keep_their_placeholders():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="fr")
    problems = [(message.id, errors) for message, errors in catalogue.check() if errors]
    assert problems == []
