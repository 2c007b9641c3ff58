"""``casereview threshold FILE|-``: evaluate threshold JSON from a file or standard input.

Prints exactly the engine's output JSON and exits 0 whether or not the threshold is met; exits
2 with a message on standard error when the input cannot be read, is not JSON, or breaks the
contract of THRESHOLD.md.
"""

from __future__ import annotations

import json
import sys
from typing import NoReturn, TextIO

from casereview.threshold.engine import ThresholdInputError, evaluate

USAGE = "usage: casereview threshold FILE|-\n"
EXIT_OK = 0
EXIT_INVALID = 2


class _InputError(Exception):
    pass


def _read(source: str, stdin: TextIO) -> str:
    if source == "-":
        return stdin.read()
    try:
        with open(source, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as error:
        raise _InputError(f"cannot read {source}: {error}") from error


def _reject_constant(name: str) -> NoReturn:
    # NaN and Infinity are not JSON, though Python's decoder accepts them by default.
    raise ValueError(f"{name} is not valid JSON")


def _decode(text: str) -> object:
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except ValueError as error:
        raise _InputError(f"invalid JSON: {error}") from error


def _run(source: str, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    try:
        output = evaluate(_decode(_read(source, stdin)))
    except (_InputError, ThresholdInputError) as error:
        stderr.write(f"{error}\n")
        return EXIT_INVALID
    stdout.write(json.dumps(output, indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


def main(
    argv: list[str] | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command with ``argv`` (the arguments after ``threshold``); return the exit code."""
    args = sys.argv[1:] if argv is None else argv
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    if args in (["-h"], ["--help"]):
        stdout.write(USAGE)
        return EXIT_OK
    if len(args) != 1:
        stderr.write(USAGE)
        return EXIT_INVALID
    return _run(args[0], stdin or sys.stdin, stdout, stderr)


if __name__ == "__main__":
    raise SystemExit(main())
