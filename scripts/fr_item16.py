"""French for issue 9 item 16 (the smaller defects): region choice lists, the data workbook's
drop-down lists, choice labels. Merged with `python scripts/translate.py scripts/fr_item16.py`."""

FR = {
    "Not a choice for %(field)s: %(values)s. Choose among %(choices)s.":
        "Ce n'est pas un choix possible pour %(field)s : %(values)s. Choisir parmi %(choices)s.",
}
