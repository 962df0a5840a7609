"""French for issue 9, items 1, 2 and 5 (figures with partial expenditure, revised estimates with
carried amounts, variance headers naming their periods): `python scripts/translate.py
scripts/fr_trust_figures.py` after `make extract-messages`."""

FR = {
    "%(stage)s recorded for %(recorded)d of %(classes)d classes: a class with nothing recorded yet is left "
    "blank (not nil) and has no variance, and subtotals have no variance until every class is recorded.":
        "%(stage)s : montants saisis pour %(recorded)d des %(classes)d catégories ; une catégorie pour laquelle "
        "rien n’est encore saisi reste vide (et non nulle) et n’a pas d’écart, et les totaux partiels n’ont pas "
        "d’écart tant que toutes les catégories ne sont pas saisies.",
    "Cost estimates recorded for %(recorded)d of %(classes)d classes: the %(others)d others are not yet recorded "
    "and are not analysed.":
        "Prévisions de dépenses saisies pour %(recorded)d des %(classes)d catégories : les %(others)d autres ne "
        "sont pas encore saisies et ne sont pas analysées.",
    "Expenditure recorded for %(recorded)d of %(classes)d classes: the %(others)d others are not yet recorded "
    "and are not analysed.":
        "Dépenses saisies pour %(recorded)d des %(classes)d catégories : les %(others)d autres ne sont pas "
        "encore saisies et ne sont pas analysées.",
    "No revision is recorded for this class: its approved amount is carried into the revised estimates.":
        "Aucune révision n’est saisie pour cette catégorie : son montant approuvé est reporté dans les "
        "prévisions révisées.",
    "Percentage of the apportionment (%(period)s)": "Pourcentage de la répartition (%(period)s)",
    "Revised (%(period)s): the apportionment with the revisions applied; a class marked “%(mark)s” has no "
    "revision and carries its approved amount.":
        "Révisé (%(period)s) : la répartition, révisions appliquées ; une catégorie marquée « %(mark)s » n’a pas "
        "de révision et reporte son montant approuvé.",
    "Variance: apportionment (%(period)s) − expenditure (%(period)s)":
        "Écart : répartition (%(period)s) − dépenses (%(period)s)",
    "Variance: cost estimates (%(period)s) − apportionment (%(previous)s)":
        "Écart : prévisions (%(period)s) − répartition (%(previous)s)",
    "carried": "reporté",
}
