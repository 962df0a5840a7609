"""French for the threat calendar's strings, for `python scripts/translate.py scripts/fr_threat_calendar.py`
(after `make extract-messages`). A plural message is keyed by its (singular, plural) pair and gives
French's two forms (one for 0 and 1, the other above)."""

FR = {
    # Months' short names, as French abbreviates them
    "Jan": "janv.",
    "Feb": "févr.",
    "Mar": "mars",
    "Apr": "avr.",
    "May": "mai",
    "Jun": "juin",
    "Jul": "juil.",
    "Aug": "août",
    "Sep": "sept.",
    "Oct": "oct.",
    "Nov": "nov.",
    "Dec": "déc.",
    # cpas/reports/threat_calendar.py
    "Activities and operations laid over the calendar": "Activités et opérations superposées au calendrier",
    "Months": "Mois",
    "On the calendar as": "Sur le calendrier comme",
    "An activity without dates runs over its budget period. An operation is an activity with a named operation; "
    "only operations cover a high-risk month.":
        "Une activité sans dates se déroule sur toute sa période budgétaire. Une opération est une activité qui "
        "porte le nom d'une opération ; seules les opérations couvrent un mois à haut risque.",
    "Not laid over: cancelled": "Non superposée : annulée",
    "Not laid over: no region of the mission": "Non superposée : aucune région de la mission",
    "Operation": "Opération",
    "Other activity": "Autre activité",
    "Incidents by month": "Incidents par mois",
    "Year": "Année",
    "Month": "Mois",
    "Event type": "Type d'événement",
    "Events": "Événements",
    "Fatalities": "Décès",
    "One row per region, year, month and event type that had incidents; a month without a row had none.":
        "Une ligne par région, année, mois et type d'événement ayant connu des incidents ; un mois sans ligne "
        "n'en a connu aucun.",
    "Incidents by region and month": "Incidents par région et par mois",
    "Fatalities by region and month": "Décès par région et par mois",
    "(Incidents per month)": "(Incidents par mois)",
    "(Fatalities per month)": "(Décès par mois)",
    "Incidents by month of the year: mean over the years": "Incidents par mois de l'année : moyenne sur les années",
    "(Mean incidents per month)": "(Moyenne des incidents par mois)",
    "Fatalities by month of the year: mean over the years": "Décès par mois de l'année : moyenne sur les années",
    "(Mean fatalities per month)": "(Moyenne des décès par mois)",
    "Highest month": "Mois le plus élevé",
    "A mean, not a total: each month of the year is averaged over the years the data covers it, a month without "
    "incidents counting as nil.":
        "Une moyenne, pas un total : chaque mois de l'année est moyenné sur les années où les données le "
        "couvrent, un mois sans incident comptant pour zéro.",
    "High-risk months without an operation": "Mois à haut risque sans opération",
    "High-risk by": "Haut risque par",
    "Other activities running": "Autres activités en cours",
    "High-risk: a month whose incidents or fatalities are at or above the %(percentile)sth percentile of the "
    "region's months, and not nil. Covered: a named operation, not cancelled, runs in the region that month. "
    "Only months of budget periods with activities recorded are judged.":
        "Haut risque : un mois dont les incidents ou les décès atteignent au moins le %(percentile)se centile des "
        "mois de la région, sans être nuls. Couvert : une opération nommée, non annulée, se déroule dans la "
        "région ce mois-là. Seuls les mois des périodes budgétaires dont les activités sont enregistrées sont "
        "jugés.",
    "incidents and fatalities": "incidents et décès",
    "incidents": "incidents",
    "fatalities": "décès",
    "Region not recorded": "Région non renseignée",
    "From %(first)s to %(last)s; a month without incidents counts as nil.":
        "De %(first)s à %(last)s ; un mois sans incident compte pour zéro.",
    "No incidents are recorded for this mission.": "Aucun incident n'est enregistré pour cette mission.",
    # cpas/reports/threat_charts.py
    "Incidents": "Incidents",
    "Incidents<br>per month": "Incidents<br>par mois",
    "Mean incidents<br>per month": "Moyenne des incidents<br>par mois",
    "Fatalities<br>per month": "Décès<br>par mois",
    "Mean fatalities<br>per month": "Moyenne des décès<br>par mois",
    "High-risk month": "Mois à haut risque",
    "Named operation running": "Opération nommée en cours",
    "Other activity running": "Autre activité en cours",
    "High-risk month without an operation": "Mois à haut risque sans opération",
    "Mean over the years": "Moyenne sur les années",
    # templates/base.html, templates/reports/threat_calendar.html
    "Threat calendar": "Calendrier des menaces",
    "Threat calendar workbook (Excel)": "Classeur du calendrier des menaces (Excel)",
    "Threat calendar, %(mission)s": "Calendrier des menaces, %(mission)s",
    "Measure": "Mesure",
    "Incidents and fatalities by region and month over the years, with the mission's activities and operations "
    "laid over them, so that protection operations that miss the high-risk months stand out.":
        "Incidents et décès par région et par mois au fil des années, avec les activités et les opérations de la "
        "mission superposées, pour faire ressortir les opérations de protection qui manquent les mois à haut "
        "risque.",
    "No incidents are recorded for %(mission)s yet.": "Aucun incident n'est encore enregistré pour %(mission)s.",
    "Import an incident file in the ACLED format from the command line:":
        "Importez un fichier d'incidents au format ACLED en ligne de commande :",
    "%(incidents)s incidents and %(fatalities)s fatalities from %(first)s to %(last)s.":
        "%(incidents)s incidents et %(fatalities)s décès du %(first)s au %(last)s.",
    ("%(num)d high-risk month had no operation running in its region.",
     "%(num)d high-risk months had no operation running in their region."): (
        "%(num)d mois à haut risque n'a eu aucune opération en cours dans sa région.",
        "%(num)d mois à haut risque n'ont eu aucune opération en cours dans leur région."),
    "See the list": "Voir la liste",
    "Every high-risk month of the planned periods had an operation running in its region.":
        "Chaque mois à haut risque des périodes planifiées a eu une opération en cours dans sa région.",
    "No high-risk month falls in a budget period with activities recorded: nothing to judge yet.":
        "Aucun mois à haut risque ne tombe dans une période budgétaire dont les activités sont enregistrées : "
        "rien à juger pour l'instant.",
    "Fatalities month by month": "Décès mois par mois",
    "Incidents month by month": "Incidents mois par mois",
    "Heat map of fatalities by region and month": "Carte de chaleur des décès par région et par mois",
    "Heat map of incidents by region and month": "Carte de chaleur des incidents par région et par mois",
    "a named operation runs in the region that month": "une opération nommée se déroule dans la région ce mois-là",
    "another activity runs": "une autre activité se déroule",
    "a high-risk month without an operation": "un mois à haut risque sans opération",
    "High-risk: incidents or fatalities at or above the %(percentile)sth percentile of the region's months, and "
    "not nil.":
        "Haut risque : des incidents ou des décès atteignant au moins le %(percentile)se centile des mois de la "
        "région, sans être nuls.",
    "Only the months of budget periods with activities recorded are judged: %(spans)s.":
        "Seuls les mois des périodes budgétaires dont les activités sont enregistrées sont jugés : %(spans)s.",
    "The seasons: each month of the year, a mean over the years":
        "Les saisons : chaque mois de l'année, moyenne sur les années",
    "None.": "Aucun.",
    "◆ operation running, ● other activity, ✕ high-risk month without an operation; a bold figure is a high-risk "
    "month.":
        "◆ opération en cours, ● autre activité, ✕ mois à haut risque sans opération ; un chiffre en gras est un "
        "mois à haut risque.",
    "high-risk month without an operation": "mois à haut risque sans opération",
    "operation running": "opération en cours",
    "other activity running": "autre activité en cours",
    "No activity is recorded for this mission yet.": "Aucune activité n'est encore enregistrée pour cette mission.",
    "The workbook also holds one row per region, year, month and event type.":
        "Le classeur contient aussi une ligne par région, année, mois et type d'événement.",
    "The chart needs JavaScript; the tables below hold the same figures.":
        "Le graphique a besoin de JavaScript ; les tableaux ci-dessous donnent les mêmes chiffres.",
}
