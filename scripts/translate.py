"""Merge French translations into the catalogue: `python scripts/translate.py FILE.py`, where
FILE.py defines FR = {msgid: msgstr}. Existing translations are kept unless FILE gives a new one;
run `make extract-messages` first so that the catalogue knows every msgid."""

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

CATALOGUE = Path(__file__).resolve().parent.parent / "cpas/translations/fr/LC_MESSAGES/messages.po"


def main(translations_file: str) -> None:
    translations = runpy.run_path(translations_file)["FR"]
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="fr")
    catalogue.fuzzy = False
    for message in catalogue:
        if message.id and message.id in translations:
            message.string = translations[message.id]
            message.flags.discard("fuzzy")
    with CATALOGUE.open("wb") as handle:
        write_po(handle, catalogue, no_location=True, sort_output=True)


if __name__ == "__main__":
    main(sys.argv[1])
