"""French of the strings of issue 9, item 14 and item 16 (part): read-only and closed states."""

FR = {
    "You can read these figures; planning officers enter them.":
        "Vous pouvez consulter ces chiffres ; les chargés de planification les saisissent.",
    "One workbook holds every record of %(mission)s for %(period)s: a sheet per record type, a Key column to "
    "match rows, and an Instructions sheet.":
        "Un classeur contient tous les enregistrements de %(mission)s pour %(period)s : une feuille par type "
        "d’enregistrement, une colonne Key pour associer les lignes et une feuille d’instructions.",
    "You can download the workbook to read the figures; planning officers upload changes.":
        "Vous pouvez télécharger le classeur pour consulter les chiffres ; les chargés de planification "
        "téléversent les modifications.",
}
