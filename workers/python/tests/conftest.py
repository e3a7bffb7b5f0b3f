"""Fixtures for the Python half of the kernel, run under Debian's CPython with real pandas and matplotlib.

The kernel is configured as the worker configures it (workers/testing/kernel_setup.py).
"""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "testing"))

# POLICY_JSON and default_limits are imported from here by the test modules.
from kernel_setup import POLICY_JSON, configure_kernel, default_limits, kernel_runner  # noqa: E402, F401
import kernel_policy  # noqa: E402  (on the path kernel_setup adds)

# The start of an import refusal's hint, shared by the test_policy*.py modules.
ALLOWED_IMPORTS_HINT = ("Allowed imports: pandas, numpy, matplotlib, seaborn, scipy, sklearn, statsmodels, altair; "
                        "standard library: math,")

# Shared by the test_evaluated*.py modules: a cell defining df for formulas and queries, built so that every
# coefficient of the formulas there is known exactly.
DATA = """import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
df = pd.DataFrame({'x': np.arange(10.0), 'group': ['a', 'b'] * 5})
df['y'] = 3 + 2 * df['x']
df['q'] = 1 + 2 * df['x'] ** 2
df['growth'] = np.exp(1 + 0.5 * df['x'] + 0.3 * (df['group'] == 'b'))
df['weird name'] = df['x'] * 1.0
df['w'] = 4 * df['weird name'] + 1
"""
DATA_LINES = DATA.count("\n")
U = "u = '_' * 2\n"  # dunders built at run time, out of the AST check's sight


class Kernel:
    """kernel_runner configured on a temporary data folder, with the JSON answers decoded."""

    def __init__(self, data_dir):
        self.data_dir = data_dir
        self.configure()

    def configure(self, **limits):
        configure_kernel(self.data_dir, **limits)

    def run(self, code, on_stream=None):
        return json.loads(kernel_runner.run_cell(code, on_stream))

    def check(self, code):
        return json.loads(kernel_runner.check_code(code))

    def value(self, code):
        """Run code that must succeed; return its ResultValue."""
        answer = self.run(code)
        assert answer["status"] == "ok", answer["error"]
        return answer["result"]


@pytest.fixture
def kernel(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "sales.csv").write_text("region,amount\nnorth,10\nsouth,5\nnorth,7\n", encoding="utf-8")
    return Kernel(data_dir)


@pytest.fixture
def unchecked(monkeypatch):
    """Run cells with the AST check switched off, to reach what only the runtime guards stop."""
    monkeypatch.setattr(kernel_policy, "check_tree", lambda tree, policy: [])


@pytest.fixture
def marker(tmp_path):
    """A path the malicious code tries to create: it must not exist afterwards."""
    path = tmp_path / "pwned"
    yield path
    assert not path.exists(), "the refused code ran"
