"""Format fields follow attributes the AST check cannot see (hole 1): `"{0.gi_frame.f_back}".format(gen)` with a
format string built at run time reached the kernel's frames and the real builtins, without a single dunder."""

import pytest

GEN = "def g():\n    yield 1\ngen = g()\n"
FIELD = "field = '{0.gi_' + 'frame.f_back.f_' + 'builtins}'\n"  # built at run time: the AST sees no attribute


@pytest.mark.parametrize("call", [
    "field.format(gen)",
    "str.format(field, gen)",
    "field.format_map({0: gen})",
    "f = field.format\nf(gen)",
    "list(map(str.format, [field], [gen]))",
    "('{0:{1.gi_' + 'frame}}').format(1, gen)",  # a nested field in the format spec
])
def test_runtime_format_strings_may_not_follow_frame_attributes(kernel, call):
    answer = kernel.run(GEN + FIELD + call + "\nprint('ESCAPED')")
    assert answer["status"] == "policy", answer
    assert answer["error"]["rule"] == "format"
    assert "gi_frame" in answer["error"]["message"] and "format rule" in answer["error"]["message"]
    assert "ESCAPED" not in answer["stdout"]


def test_a_swallowed_format_refusal_is_still_a_refusal(kernel):
    answer = kernel.run(GEN + FIELD + "try:\n    field.format(gen)\nexcept Exception:\n    pass\nprint('ESCAPED')")
    assert answer["status"] == "policy"


def test_literal_format_fields_are_checked_before_the_run(kernel):
    answer = kernel.check(GEN + "'{0.gi_frame.f_back}'.format(gen)")
    assert answer["ok"] is False and answer["error"]["rule"] == "frame"


@pytest.mark.parametrize("code", [
    "import string\nstring.Formatter().format('{0}', 1)",
    "import string\nstring.Formatter().get_field('0.real', [1], {})",
    "import string\nclass F(string.Formatter):\n    pass\nF().vformat('{0}', [1], {})",
])
def test_string_formatter_is_refused(kernel, code):
    answer = kernel.run(code)
    assert answer["status"] == "policy", answer
    assert answer["error"]["rule"] == "format"
    assert "string.Formatter" in answer["error"]["message"]


def test_logging_is_not_reachable_through_matplotlib(kernel):
    answer = kernel.check("import matplotlib\nmatplotlib.logging.Formatter('{msg}', style='{')")
    assert answer["ok"] is False and answer["error"]["rule"] == "import"


def test_ordinary_formatting_keeps_working(kernel):
    code = ("import string\nrow = {'city': 'Oslo', 'n': 3}\nfmt = '{:.2f}'\nparts = [fmt.format(3.14159), "
            "'{0} {1}'.format('a', 'b'), '{name}'.format(name='x'), '{city}: {n:,}'.format_map(row), "
            "'{0[city]}'.format(row), f'{2.5:.1f}', format(0.25, '.0%'), str.format('{}-{}', 1, 2), "
            "string.Template('$city').substitute(row), '{x.real}'.format(x=4)]\n"
            "result = parts + list(map('{:>4}'.format, [1, 22]))")
    assert kernel.value(code)["value"] == ["3.14", "a b", "x", "Oslo: 3", "Oslo", "2.5", "25%", "1-2", "Oslo", "4",
                                          "   1", "  22"]


def test_a_user_class_with_a_format_method_is_left_alone(kernel):
    code = "class Report:\n    def format(self, x):\n        return f'<{x}>'\nresult = Report().format(5)"
    assert kernel.value(code)["value"] == "<5>"
