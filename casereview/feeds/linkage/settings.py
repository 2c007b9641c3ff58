"""The linkage model's shape: Splink settings (comparisons and blocking rules) for one
partnership's reports. The trained m and u parameters live in `LinkageModel` versions (or
the shipped default model); this module only says what is compared and how.

Every comparison is written as SQL levels (DuckDB dialect) so the model JSON says exactly what
each level means, and the pair page can name the level that fired. See docs/linkage.md."""

from typing import Any

from splink import SettingsCreator, block_on
from splink import comparison_library as cl
from splink.internals.blocking_rule_creator import BlockingRuleCreator

# The version of this shape. A model trained on another shape is not reused: a retrain
# is needed (the default model is rebuilt from this shape with shipped m/u).
SHAPE_VERSION = 1

# m for "same surname, different first name": how often one person's two reports carry
# different first names that are neither a typo nor a nickname of each other.
HOUSEHOLD_M = 0.0005

# No agreement or disagreement is ever certain: trained m and u are kept at least this far
# from zero, so one changed phone or one move cannot outweigh everything else.
PROBABILITY_FLOOR = 0.002

# Labels ("same person") needed before they are used to estimate m.
MIN_LABELS = 20


def _level(sql: str, label: str, *, null: bool = False) -> dict[str, Any]:
    level: dict[str, Any] = {"sql_condition": sql, "label_for_charts": label}
    if null:
        level["is_null_level"] = True
    return level


# Names: one comparison over first name and surname together, because they are not
# independent (a family shares a surname; a swap moves both).
NAME = cl.CustomComparison(
    output_column_name="name",
    comparison_description="First name and surname",
    comparison_levels=[
        _level(
            '"first_name_l" IS NULL OR "first_name_r" IS NULL '
            'OR "surname_l" IS NULL OR "surname_r" IS NULL',
            "Name missing",
            null=True,
        ),
        _level(
            '"first_name_l" = "first_name_r" AND "surname_l" = "surname_r"',
            "Same first name and surname",
        ),
        _level(
            '"first_name_l" = "surname_r" AND "surname_l" = "first_name_r"',
            "First name and surname swapped",
        ),
        _level(
            '(jaro_winkler_similarity("first_name_l", "surname_r") >= 0.88 '
            'OR list_contains("first_names_l", "surname_r")) '
            'AND (jaro_winkler_similarity("surname_l", "first_name_r") >= 0.88 '
            'OR list_contains("first_names_r", "surname_l"))',
            "First name and surname swapped, with a typo or nickname",
        ),
        _level(
            '"surname_l" = "surname_r" AND (list_contains("first_names_l", "first_name_r") '
            'OR list_contains("first_names_r", "first_name_l"))',
            "Same surname, first name a nickname of the other (Bob, Robert)",
        ),
        _level(
            '"surname_l" = "surname_r" '
            'AND damerau_levenshtein("first_name_l", "first_name_r") <= 1 '
            'AND length("first_name_l") >= 4',
            "Same surname, first name one typo apart",
        ),
        _level(
            '"first_name_l" = "first_name_r" '
            'AND jaro_winkler_similarity("surname_l", "surname_r") >= 0.88',
            "Same first name, surname nearly the same (a typo)",
        ),
        _level(
            '("surname_l" = "surname_r" OR damerau_levenshtein("surname_l", "surname_r") <= 1) '
            'AND jaro_winkler_similarity("first_name_l", "first_name_r") >= 0.88',
            "First name and surname both nearly the same",
        ),
        # A household shares a surname, an address and often a landline: a different first
        # name is the evidence that tells its members apart, so EM does not estimate this
        # level's m (it would mistake households for one person); see docs/linkage.md.
        {
            **_level('"surname_l" = "surname_r"', "Same surname, different first name"),
            "m_probability": HOUSEHOLD_M,
            "fix_m_probability": True,
        },
        _level("ELSE", "Different names"),
    ],
)

DATE_OF_BIRTH = cl.CustomComparison(
    output_column_name="date_of_birth",
    comparison_description="Date of birth",
    comparison_levels=[
        _level(
            '"date_of_birth_l" IS NULL OR "date_of_birth_r" IS NULL',
            "Date of birth missing",
            null=True,
        ),
        _level('"date_of_birth_l" = "date_of_birth_r"', "Same date of birth"),
        _level(
            '"date_of_birth_l" = "date_of_birth_swapped_r"',
            "Same date of birth with day and month swapped",
        ),
        _level(
            'damerau_levenshtein("date_of_birth_l", "date_of_birth_r") <= 1',
            "Date of birth one digit apart",
        ),
        _level("ELSE", "Different dates of birth"),
    ],
)

# Where they live: postcode and first line together (they move together), with "same sector"
# for a move nearby.
HOME = cl.CustomComparison(
    output_column_name="home",
    comparison_description="Address and postcode",
    comparison_levels=[
        _level(
            '("postcode_l" IS NULL OR "postcode_r" IS NULL) '
            'AND ("address_l" IS NULL OR "address_r" IS NULL)',
            "Address and postcode missing",
            null=True,
        ),
        _level(
            '"postcode_l" = "postcode_r" AND "address_l" = "address_r"',
            "Same address and postcode",
        ),
        _level(
            '"postcode_l" = "postcode_r" AND "house_number_l" = "house_number_r"',
            "Same postcode and house number",
        ),
        _level(
            '"address_l" = "address_r" OR ("postcode_l" = "postcode_r" '
            'AND ("address_l" IS NULL OR "address_r" IS NULL))',
            "Same address, or same postcode with one address missing",
        ),
        _level('"postcode_l" = "postcode_r"', "Same postcode, different house"),
        _level('"postcode_sector_l" = "postcode_sector_r"', "Same postcode sector (nearby)"),
        _level("ELSE", "Different address"),
    ],
)

# A mobile is one person's; a landline is the household's, so it weighs less.
PHONE = cl.CustomComparison(
    output_column_name="phone",
    comparison_description="Phone",
    comparison_levels=[
        _level('"phone_l" IS NULL OR "phone_r" IS NULL', "Phone missing", null=True),
        _level('"phone_l" = "phone_r" AND "phone_kind_l" = \'mobile\'', "Same mobile phone"),
        _level('"phone_l" = "phone_r"', "Same landline or other phone"),
        _level("ELSE", "Different phones"),
    ],
)

EMAIL = cl.CustomComparison(
    output_column_name="email",
    comparison_description="Email",
    comparison_levels=[
        _level('"email_l" IS NULL OR "email_r" IS NULL', "Email missing", null=True),
        _level('"email_l" = "email_r"', "Same email"),
        _level("ELSE", "Different emails"),
    ],
)

# Pairs are only compared if one of these holds. Together they keep every true pair the truth
# set has (recall) while comparing a small share of all pairs (see docs/linkage.md).
BLOCKING_RULES: list[BlockingRuleCreator | dict[str, Any]] = [
    block_on("surname", "substr(first_name, 1, 1)"),
    block_on("name_key"),
    block_on("date_of_birth"),
    block_on("postcode"),
    block_on("phone"),
    block_on("email"),
]

# The blocking passes on which EM estimates m: each pass trains the comparisons it does not
# block on, and together they train every comparison.
TRAINING_BLOCKS = [
    block_on("date_of_birth"),
    block_on("surname", "substr(first_name, 1, 1)"),
    block_on("postcode"),
]

# Pairs that are surely the same person, for estimating the share of all pairs that match.
DETERMINISTIC_RULES: list[str | BlockingRuleCreator] = [
    "l.first_name = r.first_name AND l.surname = r.surname AND l.date_of_birth = r.date_of_birth",
    "l.email = r.email AND l.surname = r.surname",
    "l.phone = r.phone AND l.first_name = r.first_name AND l.surname = r.surname",
]
DETERMINISTIC_RECALL = 0.7


def settings_creator() -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[NAME, DATE_OF_BIRTH, HOME, PHONE, EMAIL],
        blocking_rules_to_generate_predictions=BLOCKING_RULES,
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=True,
        max_iterations=20,
        em_convergence=0.0001,
    )
