"""What counts as text: the characters a saved text may hold, and when a text says nothing.

Every text the app saves can be written to an Excel cell and read back (a workbook is XML, and
XML 1.0 has no place for most control characters, lone surrogates or U+FFFE/U+FFFF: one such
character makes the whole file unreadable), and a text made only of spaces or invisible
characters (a zero-width space, a word joiner) is no text at all: it cannot stand as a reason."""

import re
import unicodedata

# Tab, line feed and carriage return are the only control characters XML 1.0 allows.
UNWRITABLE_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Letters, marks, numbers, punctuation and symbols are seen; spaces, controls and formats
# (U+200B, U+2060, U+FEFF …) are not.
VISIBLE_CATEGORIES = frozenset("LMNPS")


def says_something(text: str) -> bool:
    """Whether ``text`` holds at least one character a reader would see."""
    return any(unicodedata.category(character)[0] in VISIBLE_CATEGORIES for character in text)


def first_unwritable(text: str) -> str | None:
    """The first character of ``text`` that no workbook could hold, if any."""
    found = UNWRITABLE_CHARACTERS.search(text)
    return found.group() if found else None


def writable(text: str) -> str:
    """``text`` without the characters no workbook could hold (for text saved before they were refused)."""
    return UNWRITABLE_CHARACTERS.sub("", text)
