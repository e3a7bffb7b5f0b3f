"""Checks lib/text/python-literal.ts output under CPython (the twin runtime: the browser's Python).

Input (stdin, JSON): {"entries": [{"value": str, "literal": str}], "printable": bool}.
Output (stdout, JSON): {"reports": [one per entry], "nonPrintable": [[first, last], ...] or null}.

Each report says whether the literal evaluates to exactly the value (ast.literal_eval, so nothing but a literal is
accepted), is one STRING token (no code before or after it), sits on one line (docstrings excepted by the caller),
and holds only characters Python itself would print as they are (str.isprintable(), what repr() leaves unescaped).
With "printable", the code point ranges str.isprintable() rejects are listed, with the Unicode version, so the test
can compare the TypeScript escape set with CPython's own.
"""

import ast
import io
import json
import sys
import tokenize
import unicodedata


def tokens_of(source):
    try:
        kinds = [tok.type for tok in tokenize.generate_tokens(io.StringIO(source).readline)]
    except (tokenize.TokenError, SyntaxError):
        return None
    return [kind for kind in kinds if kind not in (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER)]


def report(entry):
    literal, value = entry["literal"], entry["value"]
    try:
        parsed = ast.literal_eval(literal)
    except (ValueError, SyntaxError) as error:
        parsed = error
    return {
        "roundTrip": parsed == value,
        "singleToken": tokens_of(literal) == [tokenize.STRING],
        "oneLine": "\n" not in literal and "\r" not in literal,
        # Newlines are the one unprintable character a docstring keeps on purpose.
        "printable": all(char.isprintable() or char == "\n" for char in literal),
    }


def non_printable_ranges():
    ranges = []
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char.isprintable():
            continue
        # Unassigned here (Cn) may be assigned in the newer Unicode of the JavaScript side: reported separately.
        unassigned = unicodedata.category(char) == "Cn"
        if ranges and ranges[-1][1] == code - 1 and ranges[-1][2] == unassigned:
            ranges[-1][1] = code
        else:
            ranges.append([code, code, unassigned])
    return ranges


def main():
    request = json.load(sys.stdin)
    json.dump({
        "reports": [report(entry) for entry in request["entries"]],
        "nonPrintable": non_printable_ranges() if request.get("printable") else None,
        "unicode": unicodedata.unidata_version,
    }, sys.stdout)


if __name__ == "__main__":
    main()
