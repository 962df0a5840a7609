"""French for the new messages of issue 9 items 12 and 13 (readable history, no internal codes):
`python scripts/translate.py scripts/fr_trust_history.py` after `make extract-messages`."""

FR = {
    "Imported: %(created)s, %(updated)s.": "Importation : %(created)s, %(updated)s.",
    ("%(count)s record created", "%(count)s records created"):
        ("%(count)s enregistrement créé", "%(count)s enregistrements créés"),
    ("%(count)s changed", "%(count)s changed"): ("%(count)s modifié", "%(count)s modifiés"),
    ("Imported %(count)s event: %(created)s new, %(updated)s revised, %(unchanged)s unchanged.",
     "Imported %(count)s events: %(created)s new, %(updated)s revised, %(unchanged)s unchanged."):
        ("%(count)s événement importé : %(created)s nouveau(x), %(updated)s révisé(s), %(unchanged)s inchangé(s).",
         "%(count)s événements importés : %(created)s nouveau(x), %(updated)s révisé(s), %(unchanged)s inchangé(s)."),
}
