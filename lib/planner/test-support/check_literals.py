"""Checks pythonString() output under CPython: each literal must parse to exactly the original text, be a single
string token (no code outside it), and pass the kernel's policy check inside a small program.

Input (stdin, JSON): [{"value": str, "literal": str}]. Output (stdout, JSON): one report per entry.
"""

import ast
import io
import json
import sys
import tokenize
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / "workers" / "testing"))

from kernel_setup import configure_kernel, kernel_runner  # noqa: E402  (needs the path above)


def tokens_of(source):
    try:
        kinds = [tok.type for tok in tokenize.generate_tokens(io.StringIO(source).readline)]
    except (tokenize.TokenError, SyntaxError):
        return None
    return [kind for kind in kinds if kind not in (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER)]


def main():
    entries = json.load(sys.stdin)
    configure_kernel("/data")
    reports = []
    for entry in entries:
        literal, value = entry["literal"], entry["value"]
        try:
            parsed = ast.literal_eval(literal)
        except (ValueError, SyntaxError):
            parsed = None  # not a literal at all: reported as a failed round trip
        policy = json.loads(kernel_runner.check_code(f"label = {literal}\nprint(label)\n"))
        reports.append({
            "roundTrip": parsed == value,
            "singleToken": tokens_of(literal) == [tokenize.STRING],
            "oneLine": "\n" not in literal and "\r" not in literal,
            "policyOk": policy["ok"],
        })
    json.dump(reports, sys.stdout)


if __name__ == "__main__":
    main()
