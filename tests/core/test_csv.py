"""Every CSV the product writes is safe to open in a spreadsheet: no cell is a formula."""

import csv
import io
import re
from pathlib import Path

import pytest

from casereview.accounts.models import Membership
from casereview.core.audit import Actor, audit_record
from casereview.core.csv import csv_cell
from casereview.core.models import AuditAction

FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("value", FORMULAS)
def test_a_cell_that_would_be_a_formula_is_text(value: str) -> None:
    assert csv_cell(value) == "'" + value


def test_other_cells_are_unchanged() -> None:
    assert [csv_cell(v) for v in ["Robin", "", "a=b", 5, -5, None]] == [
        "Robin",
        "",
        "a=b",
        5,
        -5,
        None,
    ]


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_the_audit_csv_holds_no_formula(client_for) -> None:
    dpo = Membership.objects.get(user__email="dpo@nul.example")
    audit_record(
        actor=Actor(label="=cmd|' /C calc'!A0"),
        action=AuditAction.ALTER,
        object_type="=thing",
        object_id="-1",
        partnership_id=dpo.partnership_id,
        purpose='=HYPERLINK("http://evil.example","Open")',
        recipients=["+victim"],
    )
    text = client_for("dpo@nul.example").get("/audit.csv").content.decode()
    cells = _cells(text)
    assert '\'=HYPERLINK("http://evil.example","Open")' in cells
    assert not [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))]
    assert not [c for c in cells if c.startswith("-")]


def test_the_figures_csv_goes_through_the_same_writer(client_for) -> None:
    text = client_for("pso@nul.example").get("/statistics.csv").content.decode()
    assert text.startswith("figure,label,value")
    assert not [c for c in _cells(text) if c.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_no_code_writes_csv_around_the_shared_writer() -> None:
    root = Path(__file__).resolve().parents[2] / "casereview"
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        # devdata writes made-up agencies' feed files (input, not an export): there a phone
        # "+44 7700 900123" is data the import must read back as it is.
        if path.name != "csv.py"
        and "devdata" not in path.parts
        and re.search(r"\bcsv\.(writer|DictWriter)\(", path.read_text())
    ]
    assert offenders == []
