"""French for issue 9, items 7 and 8 (grids and workbook refusing saves based on outdated copies).
Merge with `python scripts/translate.py scripts/fr_trust_edits.py` after `make extract-messages`."""

FR = {
    "Not saved: someone else changed these values after you opened the page.":
        "Non enregistré : quelqu’un d’autre a modifié ces valeurs après l’ouverture de la page.",
    "Your changes are still in the grid below, with the values saved now in the cells you did not change. "
    "Check the current values, then save again.":
        "Vos modifications figurent toujours dans la grille ci-dessous, et les cellules que vous n’avez pas "
        "modifiées montrent les valeurs enregistrées à présent. Vérifiez les valeurs actuelles, puis enregistrez "
        "de nouveau.",
    "Not saved: this page is out of date. Reload it and enter your changes again.":
        "Non enregistré : cette page n’est plus à jour. Rechargez-la et saisissez de nouveau vos modifications.",
    "Cell": "Cellule",
    "Key": "Clé",
    "In the file": "Dans le fichier",
    ("%(num)d field would change", "%(num)d fields would change"):
        ("%(num)d champ serait modifié", "%(num)d champs seraient modifiés"),
    "Only the first 500 changed fields are listed.": "Seuls les 500 premiers champs modifiés sont énumérés.",
    "The version must stay the whole number the workbook was downloaded with (or be empty).":
        "La version doit rester le nombre entier avec lequel le classeur a été téléchargé (ou être vide).",
    "%(field)s is now %(now)s, the file has %(in_file)s":
        "%(field)s vaut à présent %(now)s, le fichier indique %(in_file)s",
    "%(key)s was changed in the database after this workbook was downloaded (version %(file)d, now %(now)d): "
    "%(what)s. Download the workbook again and redo this row, or delete its version to overwrite it.":
        "%(key)s a été modifié dans la base de données après le téléchargement de ce classeur (version %(file)d, "
        "à présent %(now)d) : %(what)s. Téléchargez de nouveau le classeur et refaites cette ligne, ou effacez sa "
        "version pour l’écraser.",
}
