"""French for the CPAS impact assessment outputs and the link to the RBB framework and the budget,
for `python scripts/translate.py scripts/fr_assessment_outputs.py` (after `make extract-messages`).
A plural message is keyed by its (singular, plural) pair and gives French's two forms (one for 0
and 1, the other above). The words follow the catalogue: résultat escompté, indicateur d'impact,
tâche prescrite, indicateur de succès, sur / hors trajectoire, valeur de référence, objectif."""

FR = {
    # cpas/reports/assessment.py: the summary and the round
    "CPAS impact assessment": "Évaluation d’impact CPAS",
    "NOT APPROVED by leadership. Outcomes without an approved assessment in this round: %(count)d of %(total)d.":
        "NON APPROUVÉE par la direction. Résultats sans évaluation approuvée dans ce cycle : %(count)d sur %(total)d.",
    "Approved: leadership approved the assessment of every outcome of this round.":
        "Approuvée : la direction a approuvé l’évaluation de chaque résultat de ce cycle.",
    "No intended outcome is recorded for this mission.": "Aucun résultat escompté n’est enregistré pour cette mission.",
    "The round holds each intended outcome's latest impact assessment ending within %(period)s (%(starts)s to "
    "%(ends)s). Indicators are judged as of the end of that assessment, or as of %(as_of)s for an outcome not yet "
    "assessed.":
        "Le cycle retient, pour chaque résultat escompté, sa dernière évaluation d’impact qui se termine pendant "
        "l’exercice %(period)s (du %(starts)s au %(ends)s). Les indicateurs sont jugés à la fin de cette évaluation, "
        "ou au %(as_of)s pour un résultat pas encore évalué.",
    "Rating the data suggests": "Notation suggérée par les données",
    "Rating given": "Notation retenue",
    "Indicators off track": "Indicateurs hors trajectoire",
    "Approved resources attributed (derived)": "Ressources approuvées attribuées (calculées)",
    "%(off)d of %(total)d": "%(off)d sur %(total)d",
    "No data to suggest one": "Pas de données pour en suggérer une",
    "Total attributed to the outcomes": "Total attribué aux résultats",
    "No mandated task linked": "Aucune tâche prescrite liée",
    "Not yet assessed in this round": "Pas encore évalué dans ce cycle",
    "Approved by leadership": "Approuvée par la direction",
    "%(status)s — not approved by leadership": "%(status)s — sans approbation de la direction",
    # The indicators and their data
    "Impact indicators and their data": "Indicateurs d’impact et leurs données",
    "Latest value": "Dernière valeur",
    "Latest date": "Date de la dernière valeur",
    "Way to the target covered": "Part du chemin parcourue vers l’objectif",
    "Expected by then": "Part attendue à cette date",
    "On or off track": "Sur ou hors trajectoire",
    "Trend": "Tendance",
    "Data": "Données",
    "Suggested rating": "Notation suggérée",
    "Fresh": "À jour",
    "Not fresh for a %(frequency)s indicator": "Trop anciennes pour un indicateur de fréquence « %(frequency)s »",
    "On %(date)s the regions add up to %(regions)s, not %(whole)s":
        "Le %(date)s, les régions totalisent %(regions)s et non %(whole)s",
    "Regions add up": "Les régions concordent avec le total",
    "Way to the target covered: the change since the baseline as a share of the change the target asks for "
    "(negative: moved away from the target). Expected by then: the share the straight path from the baseline to "
    "the target expects by the latest value's date; an indicator is on track within the tolerance of that path. A "
    "target that caps a worsening is judged against the target itself.":
        "Part du chemin parcourue : l’évolution depuis la valeur de référence rapportée à celle que demande "
        "l’objectif (négative : éloignement de l’objectif). Part attendue : celle que prévoit, à la date de la "
        "dernière valeur, la trajectoire rectiligne de la valeur de référence à l’objectif ; un indicateur est sur "
        "la trajectoire dans la marge de tolérance de celle-ci. Un objectif qui plafonne une dégradation est jugé "
        "par rapport à l’objectif lui-même.",
    # Findings and recommendations
    "Findings": "Constatations",
    "No analysis written yet.": "Aucune analyse rédigée pour l’instant.",
    "No assessment of this outcome ends within this period yet.":
        "Aucune évaluation de ce résultat ne se termine encore pendant cet exercice.",
    "No recommendation.": "Aucune recommandation.",
    "Overdue": "En retard",
    "Overdue: still open or in progress after its due date, as of %(date)s.":
        "En retard : encore ouverte ou en cours après son échéance, au %(date)s.",
    # Resources
    "Approved resources attributed to each outcome": "Ressources approuvées attribuées à chaque résultat",
    "Approved resources attributed": "Ressources approuvées attribuées",
    "Approved, whole activity": "Montant approuvé de l’activité entière",
    "Division": "Répartition",
    "Attributed to the outcome (derived)": "Attribué au résultat (calculé)",
    "Attributed to %(outcome)s": "Attribué à %(outcome)s",
    "Budget period %(period)s, approved stage.": "Exercice budgétaire %(period)s, montants approuvés.",
    "No activity of the period serves this task.": "Aucune activité de l’exercice ne sert cette tâche.",
    "The outcome is linked to no mandated task: no money can be attributed to it.":
        "Le résultat n’est lié à aucune tâche prescrite : aucun montant ne peut lui être attribué.",
    "divided among %(count)d mandated tasks": "réparti entre %(count)d tâches prescrites",
    "then among %(count)d outcomes": "puis entre %(count)d résultats",
    "whole": "en entier",
    "Derived, not entered: the approved amounts of the period's budget lines attributed to the activities that "
    "serve the outcome's mandated task. An activity serving several tasks is divided equally among them, and a "
    "task's share equally among the outcomes linked to it, so that no dollar counts twice; money of tasks no "
    "outcome is linked to is attributed to none.":
        "Calculé, non saisi : les montants approuvés des lignes budgétaires de l’exercice attribuées aux activités "
        "qui servent la tâche prescrite du résultat. Une activité qui sert plusieurs tâches est répartie à parts "
        "égales entre elles, et la part d’une tâche à parts égales entre les résultats qui lui sont liés, afin "
        "qu’aucun dollar ne soit compté deux fois ; les montants des tâches liées à aucun résultat ne sont "
        "attribués à aucun.",
    # Trends
    "Indicator trends": "Évolution des indicateurs",
    "Target path": "Trajectoire vers l’objectif",
    "No data yet.": "Pas encore de données.",
    "Values: the whole mission area's last values up to the date the indicator is judged as of (at most "
    "%(count)d; the data workbook holds them all). Target path: the baseline, then each target at its date.":
        "Valeurs : les dernières valeurs pour l’ensemble de la zone de la mission jusqu’à la date à laquelle "
        "l’indicateur est jugé (%(count)d au plus ; le classeur de données les contient toutes). Trajectoire : la "
        "valeur de référence, puis chaque objectif à sa date.",
    # templates/reports/assessment.html
    "NOT APPROVED": "NON APPROUVÉE",
    "Not approved": "Non approuvée",
    "United Nations": "Nations Unies",
    "Budget period %(starts)s to %(ends)s": "Exercice budgétaire du %(starts)s au %(ends)s",
    "Printed from the CPAS tracker on %(date)s": "Imprimé depuis le suivi CPAS le %(date)s",
    "Download the workbook (Excel)": "Télécharger le classeur (Excel)",
    "Print": "Imprimer",
    "Serves": "Sert",
    "covering %(starts)s to %(ends)s": "couvrant la période du %(starts)s au %(ends)s",
    ("%(num)d earlier assessment of this outcome in the period is on the results page.",
     "%(num)d earlier assessments of this outcome in the period are on the results page."): (
        "%(num)d évaluation antérieure de ce résultat pendant l’exercice figure sur la page des résultats.",
        "%(num)d évaluations antérieures de ce résultat pendant l’exercice figurent sur la page des résultats."),
    "the indicators below are judged as of %(date)s; an officer drafts the assessment in Data entry.":
        "les indicateurs ci-dessous sont jugés au %(date)s ; un responsable rédige l’évaluation dans Saisie des "
        "données.",
    "expected %(share)s": "attendu : %(share)s",
    "Outcomes %(first)d to %(last)d of %(total)d in detail below.":
        "Résultats %(first)d à %(last)d sur %(total)d en détail ci-dessous.",
    "Every outcome on one page, to print the whole round":
        "Tous les résultats sur une page, pour imprimer le cycle entier",
    "Ten outcomes a page": "Dix résultats par page",
    "of the approved budget of %(period)s": "du budget approuvé de l’exercice %(period)s",
    # templates/base.html
    "CPAS impact assessment workbook (Excel)": "Classeur de l’évaluation d’impact CPAS (Excel)",
    # templates/results/index.html
    "Impact assessment of %(period)s (print, Excel)":
        "Évaluation d’impact de l’exercice %(period)s (impression, Excel)",
    "Approved resources attributed, %(period)s:": "Ressources approuvées attribuées, %(period)s :",
    "How it is attributed": "Mode d’attribution",
    "of %(amount)s approved": "sur %(amount)s approuvés",
    # cpas/results/specs.py: the link to the RBB framework
    "RBB indicator of achievement": "Indicateur de succès du cadre de budgétisation axée sur les résultats",
    "The indicator of achievement of a period's RBB framework that this indicator measures: the performance "
    "report then takes its actual from this indicator's data when none is entered.":
        "L’indicateur de succès du cadre de budgétisation axée sur les résultats d’un exercice que mesure cet "
        "indicateur : le rapport sur l’exécution du budget en tire alors la valeur effective lorsqu’aucune n’est "
        "saisie.",
    # cpas/reports/rbb_framework.py: actuals from CPAS data
    "from CPAS data": "d’après les données CPAS",
    "From CPAS data: no actual was entered for %(period)s; this is the value of impact indicator %(code)s "
    "(%(name)s) observed on %(date)s, the latest within the period.":
        "D’après les données CPAS : aucune valeur effective n’a été saisie pour %(period)s ; il s’agit de la valeur "
        "de l’indicateur d’impact %(code)s (%(name)s) observée le %(date)s, la dernière de l’exercice.",
    "from CPAS data: no actual was entered for the period; the figure is the latest value for the whole mission "
    "area, observed within the period, of the CPAS impact indicator mapped to the indicator of achievement. An "
    "entered actual takes precedence.":
        "d’après les données CPAS : aucune valeur effective n’a été saisie pour l’exercice ; le chiffre est la "
        "dernière valeur pour l’ensemble de la zone de la mission, observée pendant l’exercice, de l’indicateur "
        "d’impact CPAS associé à l’indicateur de succès. Une valeur effective saisie l’emporte.",
}
