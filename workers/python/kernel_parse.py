"""Parsing a cell for the checks: quietly, and refusing code shaped to make the checker itself slow or crash."""

import ast
import warnings

# Python 3.14 parses far deeper than 3.11 (its limit is the C stack), and checking an attribute chain costs the square
# of its length (each link is checked with its whole dotted path): a 100,000-link chain would hang the kernel. Real
# chains have a handful of links.
MAX_ATTRIBUTE_CHAIN = 200


def parse(code, filename):
    """ast.parse, quietly: parser warnings (e.g. invalid escapes) would go to the worker console on every check."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        try:
            tree = ast.parse(code, filename)
        except RecursionError:
            raise SyntaxError("the code is nested too deeply to parse", (filename, None, None, None)) from None
    longest = _longest_attribute_chain(tree)
    if longest > MAX_ATTRIBUTE_CHAIN:
        raise SyntaxError(f"an attribute chain of {longest} links is too long to check (at most {MAX_ATTRIBUTE_CHAIN})",
                          (filename, None, None, None))
    return tree


def _longest_attribute_chain(tree):
    """Links of the longest a.b.c… chain, counted once per chain from its outermost node, iteratively."""
    longest = 0
    inner = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or id(node) in inner:
            continue
        links = 0
        while isinstance(node, ast.Attribute):
            links += 1
            node = node.value
            inner.add(id(node))
        longest = max(longest, links)
    return longest
