"""The format-field guard: str.format, str.format_map and string.Formatter follow attribute chains written inside a
string (`"{0.gi_frame.f_back}".format(gen)`), which the AST check cannot see when the string is built at run time.

Python offers no hook on str.format, so the kernel rewrites the cell instead (after the AST check passed it): every
`x.format` / `x.format_map` / `x.vformat` / `x.get_field` the cell reads becomes `__kernel_format__(x, 'format')`.
At run time that returns the real method, wrapped so each call first checks its format string: the attribute names
of every field (nested specs too) must pass the same rules as an attribute written in the cell (dunder, frame,
private, module and call rules). So a format string reaches exactly what the cell could have written itself, and
`"{:.2f}".format(x)`, `"{0} {1}"`, `"{name}"`, `"{row[city]}"`, `map("{:,}".format, xs)` and f-strings (compiled,
hence checked like code) work as before. string.Formatter is refused outright: a subclass can override parse() and
hand get_field() a different field from the one checked.

Library code keeps the plain methods: a library formatting a string the cell built (matplotlib's
StrMethodFormatter) formats tick values and the like; the wall around the kernel is the boundary (DESIGN.md).
"""

import _string  # formatter_parser / formatter_field_name_split: the parser str.format itself uses
import ast
import string

from kernel_checker import Checker
from kernel_violations import PolicyViolation, normalize

GUARD_NAME = "__kernel_format__"  # a dunder: the AST check refuses it in cells, so users cannot shadow or call it
FORMAT_METHODS = frozenset({"format", "format_map", "vformat", "get_field"})


class FormatRewriter(ast.NodeTransformer):
    """`x.format` (read, not assigned) → `__kernel_format__(x, 'format')`; positions kept for tracebacks."""

    def visit_Attribute(self, node):
        self.generic_visit(node)
        if isinstance(node.ctx, ast.Load) and normalize(node.attr) in FORMAT_METHODS:
            call = ast.Call(func=ast.Name(GUARD_NAME, ast.Load()), args=[node.value, ast.Constant(node.attr)],
                            keywords=[])
            return ast.copy_location(call, node)
        return node


def rewrite(tree):
    """The cell's tree with its format-method reads guarded (in place; returned for convenience)."""
    return ast.fix_missing_locations(FormatRewriter().visit(tree))


def format_guard(policy, refuse):
    """The `__kernel_format__` builtin for `policy`; `refuse(violation)` records and raises a refusal.

    Everything it uses is bound here, so rebinding a module attribute later (string.Formatter, this module's
    globals) changes nothing for guards already handed out.
    """
    formatter_class = string.Formatter
    parse, split_field = _string.formatter_parser, _string.formatter_field_name_split
    real_getattr, is_instance, is_subclass, str_type, type_type = getattr, isinstance, issubclass, str, type
    checker, violation_type, norm, as_list, value_error = Checker(policy), PolicyViolation, normalize, list, ValueError

    def check_format_string(text, depth=0):
        try:
            fields = as_list(parse(text))
        except value_error:
            return  # malformed: the real method raises its own ValueError
        for _literal, field, spec, _conversion in fields:
            if field is None:
                continue
            try:
                _first, rest = split_field(field)
                steps = as_list(rest)
            except value_error:
                continue
            for is_attribute, name in steps:
                if is_attribute:
                    check_field_attribute(field, str_type(name))
            if spec and depth < 2:  # Python itself allows one level of nesting ("{0:{1}}")
                check_format_string(spec, depth + 1)

    def check_field_attribute(field, name):
        try:
            checker.check_attribute(norm(name), None, None)
        except violation_type as violation:
            preview = field if len(field) <= 60 else field[:57] + "..."
            refuse(violation_type(
                "format", f"Format field '{{{preview}}}' is refused (format rule): it reads attribute '{name}', which "
                f"your code could not write either ({violation.message})",
                "Format values, not their attributes: compute the value first (v = obj.attr) and format it with "
                "'{:.2f}'.format(v) or an f-string."))

    def checked(method, format_string_of):
        def call(*args, **kwargs):
            text = format_string_of(args)
            if is_instance(text, str_type):
                check_format_string(text)
            return method(*args, **kwargs)
        return call

    def guard(receiver, name):
        method = real_getattr(receiver, name)
        if is_instance(receiver, formatter_class) or (is_instance(receiver, type_type)
                                                       and is_subclass(receiver, formatter_class)):
            refuse(violation_type(
                "format", f"string.Formatter().{name} is refused (format rule): a Formatter follows attribute chains "
                "written in its fields, and a subclass can change which field it follows.",
                "Use str.format or an f-string: '{:.2f}'.format(x), f'{x:.2f}'."))
        if name not in ("format", "format_map"):
            return method  # a vformat/get_field of the user's own class
        if is_instance(receiver, str_type):
            return checked(method, lambda args: receiver)
        if is_instance(receiver, type_type) and is_subclass(receiver, str_type):  # str.format(text, ...)
            return checked(method, lambda args: args[0] if args else None)
        return method

    return guard
