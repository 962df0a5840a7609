"""The demo mission's figures, each with its source (DOMAIN.md).

Verified [V]: the 2019/20 appropriation of $1,138,457,900 and the 2018/19 approved resources and
expenditure (A/74/737/Add.11); the GA cut of $11,320,900 below the request and $7,600,000 below the
ACABQ recommendation, and the civilian death tallies 71 / 192 / 815 (CIVIC issue brief, 2019).
Derived [D]: the request ($1,149,778,800) and ACABQ recommendation ($1,146,057,900).
Illustrative: every split of those totals across classes, the staff assessment income and
voluntary contributions in kind of 2019/20, and the RBB and activity detail.
"""

from decimal import Decimal

APPROVED_2019_20 = Decimal("1138457900")
PROPOSED_2019_20 = APPROVED_2019_20 + Decimal("11320900")
RECOMMENDED_2019_20 = APPROVED_2019_20 + Decimal("7600000")
APPROVED_2018_19 = Decimal("1107318900")
EXPENDITURE_2018_19 = Decimal("1105667000")

ACABQ_REPORT = "A/74/737/Add.11"
CIVIC_BRIEF = "CIVIC issue brief on MINUSMA (2019)"

# The Secretary-General's request split across classes of expenditure: illustrative.
PROPOSED_BY_CLASS = {
    "military_observers": Decimal("1250000"),
    "military_contingents": Decimal("447000000"),
    "united_nations_police": Decimal("21500000"),
    "formed_police_units": Decimal("52800000"),
    "international_staff": Decimal("176400000"),
    "national_staff": Decimal("34900000"),
    "united_nations_volunteers": Decimal("11200000"),
    "general_temporary_assistance": Decimal("4100000"),
    "government_provided_personnel": Decimal("1600000"),
    "civilian_electoral_observers": Decimal("350000"),
    "consultants": Decimal("1900000"),
    "official_travel": Decimal("4800000"),
    "facilities_infrastructure": Decimal("128600000"),
    "ground_transportation": Decimal("24700000"),
    "air_operations": Decimal("149300000"),
    "marine_operations": Decimal("1100000"),
    "communications_it": Decimal("47500000"),
    "medical": Decimal("3400000"),
    "special_equipment": Decimal("150000"),
    "other_supplies": Decimal("32428800"),
    "quick_impact_projects": Decimal("4800000"),
}

# Where the ACABQ's $3,720,900 and the General Assembly's further $7,600,000 fall: illustrative.
ACABQ_CUTS = {
    "international_staff": Decimal("1500000"),
    "official_travel": Decimal("420900"),
    "air_operations": Decimal("1200000"),
    "consultants": Decimal("600000"),
}
GENERAL_ASSEMBLY_CUTS = {
    "military_contingents": Decimal("3000000"),
    "facilities_infrastructure": Decimal("2100000"),
    "ground_transportation": Decimal("1000000"),
    "international_staff": Decimal("1500000"),
}

# The rows after the gross requirements of 2019/20, the same at each stage recorded (proposed,
# recommended, approved): staff assessment income and voluntary contributions in kind (budgeted).
# Illustrative: no UN document of them is among the demo's sources, so they are labelled so, and
# the net requirements ($1,117,542,900 approved) and total requirements ($1,141,478,600) the
# table derives from them are illustrative too.
BELOW_GROSS_2019_20 = {
    "staff_assessment_income": Decimal("20915000"),
    "voluntary_contributions_in_kind": Decimal("3020700"),
}
BELOW_GROSS_STAGES = ("proposed", "recommended", "approved")
BELOW_GROSS_NOTE = "Illustrative figure for the demonstration, not read from a UN document."

# Civilian deaths from violence against civilians in Mali, "according to one tally" (CIVIC).
CIVILIAN_DEATHS = {2016: Decimal(71), 2017: Decimal(192), 2018: Decimal(815)}


def split_in_proportion(total: Decimal, weights: dict[str, Decimal]) -> dict[str, Decimal]:
    """Whole dollars in proportion to ``weights`` that add up to ``total`` exactly
    (largest remainder), so that an illustrative split never changes a verified total."""
    weight_sum = sum(weights.values())
    exact = {key: total * weight / weight_sum for key, weight in weights.items()}
    shares = {key: value.to_integral_value(rounding="ROUND_FLOOR") for key, value in exact.items()}
    shortfall = int(total - sum(shares.values()))
    by_remainder = sorted(exact, key=lambda key: exact[key] - shares[key], reverse=True)
    for key in by_remainder[:shortfall]:
        shares[key] += 1
    return shares


def stage_amounts_2019_20() -> dict[str, dict[str, Decimal]]:
    """{stage: {class code: amount}} for 2019/20; the totals are checked against the seed."""
    proposed = dict(PROPOSED_BY_CLASS)
    recommended = {code: amount - ACABQ_CUTS.get(code, 0) for code, amount in proposed.items()}
    approved = {code: amount - GENERAL_ASSEMBLY_CUTS.get(code, 0) for code, amount in recommended.items()}
    stages = {"proposed": proposed, "recommended": recommended, "approved": approved}
    expected = {"proposed": PROPOSED_2019_20, "recommended": RECOMMENDED_2019_20, "approved": APPROVED_2019_20}
    for stage, amounts in stages.items():
        if sum(amounts.values()) != expected[stage]:
            raise AssertionError(f"demo {stage} split does not add up to {expected[stage]}")
    return stages


def stage_amounts_2018_19() -> dict[str, dict[str, Decimal]]:
    """Approved resources and expenditure of 2018/19, split like the 2019/20 request."""
    return {
        "approved": split_in_proportion(APPROVED_2018_19, PROPOSED_BY_CLASS),
        "expenditure": split_in_proportion(EXPENDITURE_2018_19, PROPOSED_BY_CLASS),
    }

# Illustrative, not a mission figure: a target for the demo's CPAS indicator, so that its progress
# can be judged (fewer deaths than the 2016 tally by the end of 2019/20).
CIVILIAN_DEATHS_TARGET = Decimal(50)
CIVILIAN_DEATHS_TARGET_NOTE = "Illustrative target for the demonstration: fewer deaths than in 2016, by 30 June 2020."
