"""``casereview threshold FILE|-``: exact JSON out, exit 0 met or not, exit 2 on bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from casereview.threshold.cli import main
from casereview.threshold.engine import evaluate

MET = {
    "received": "2026-11-20",
    "complaints": [
        {"id": "c1", "behaviour_date": "2026-06-10", "reported_date": "2026-06-11", "agency": "a"},
        {"id": "c3", "behaviour_date": "2026-10-01", "reported_date": "2026-10-01", "agency": "b"},
        {"id": "c5", "behaviour_date": "2026-11-01", "reported_date": "2026-11-02", "agency": "c"},
    ],
}
FIRST = {"id": "c1", "behaviour_date": "2026-06-10", "reported_date": "2026-06-11", "agency": "a"}
NOT_MET = {**MET, "complaints": [FIRST]}
EXAMPLE_3 = {
    "received": "2026-11-20",
    "complaints": [
        {"id": "c3", "behaviour_date": "2026-10-05", "reported_date": "2026-10-01", "agency": "a"}
    ],
}


def run(args: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(args, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def write(tmp_path: Path, data: Any) -> str:
    path = tmp_path / "input.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_met_prints_exactly_the_output_json(tmp_path: Path) -> None:
    status, out, err = run([write(tmp_path, MET)])
    assert status == 0
    assert out == json.dumps(evaluate(MET), indent=2, ensure_ascii=False) + "\n"
    assert json.loads(out)["met"] is True
    assert err == ""


def test_not_met_still_exits_zero(tmp_path: Path) -> None:
    status, out, _ = run([write(tmp_path, NOT_MET)])
    assert status == 0
    assert json.loads(out)["met"] is False


def test_reads_standard_input_for_a_dash() -> None:
    status, out, _ = run(["-"], stdin=json.dumps(MET))
    assert status == 0
    assert json.loads(out) == evaluate(MET)


def test_invalid_input_exits_2_with_the_message_on_stderr(tmp_path: Path) -> None:
    status, out, err = run([write(tmp_path, EXAMPLE_3)])
    assert status == 2
    assert out == ""
    assert err == 'complaint "c3": reported_date 2026-10-01 is before behaviour_date 2026-10-05\n'


def test_malformed_json_exits_2() -> None:
    status, out, err = run(["-"], stdin='{"received": ')
    assert (status, out) == (2, "")
    assert err.startswith("invalid JSON: ")


def test_nan_is_not_json() -> None:
    status, _, err = run(["-"], stdin='{"received": NaN}')
    assert status == 2
    assert "NaN is not valid JSON" in err


def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    status, _, err = run([str(tmp_path / "missing.json")])
    assert status == 2
    assert err.startswith("cannot read ")


def test_wrong_arguments_print_usage() -> None:
    assert run([]) == (2, "", "usage: casereview threshold FILE|-\n")
    assert run(["a", "b"])[0] == 2
    assert run(["--help"]) == (0, "usage: casereview threshold FILE|-\n", "")


def test_non_ascii_is_written_as_is() -> None:
    data = {**MET, "complaints": [{**FIRST, "id": "Siân Łódź"}]}
    _, out, _ = run(["-"], stdin=json.dumps(data))
    assert '"Siân Łódź"' in out


def test_runs_as_a_program_with_real_standard_streams() -> None:
    root = Path(__file__).resolve().parents[2]
    completed = subprocess.run(
        [sys.executable, "-m", "casereview.threshold.cli", "-"],
        input=json.dumps(EXAMPLE_3),
        capture_output=True,
        text=True,
        cwd=root,
        check=False,
    )
    assert completed.returncode == 2
    assert "reported_date 2026-10-01 is before behaviour_date 2026-10-05" in completed.stderr
