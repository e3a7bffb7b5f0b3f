"""Files through allowed libraries (hole 2) and modules written by the cell (hole 3): the audit hook's file rules."""

import os
import sys
from pathlib import Path

import pytest

import kernel_runner

KERNEL_DIR = Path(kernel_runner.__file__).resolve().parent


@pytest.fixture
def outside(tmp_path):
    """A file outside the data folder, and a folder for files the refused code must not create."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text("secret", encoding="utf-8")
    return folder


WRITES = [
    "import io\nio.FileIO({target!r}, 'w').write(b'x')",
    "import io\nio.open({target!r}, 'w').write('x')",
    "import io\nmode = 'w' + ''\nf = io.open\nf({target!r}, mode).write('x')",
    "import gzip\ngzip.GzipFile({target!r}, 'wb').write(b'x')",
    "import gzip\ngzip.open({target!r}, 'wb').write(b'x')",
    "import pandas as pd\npd.DataFrame({{'a': [1]}}).to_csv({target!r})",
    "import numpy as np\nnp.save({target!r}, np.arange(3))",
    "import numpy as np\nnp.arange(3).tofile({target!r})",
    "import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.savefig({target!r})",
    "import zlib, io\nwith io.FileIO({target!r}, 'a') as f:\n    f.write(zlib.compress(b'x'))",
]


@pytest.mark.parametrize("template", WRITES)
def test_writes_outside_the_data_folder_are_refused(kernel, outside, template):
    target = str(outside / "written")
    answer = kernel.run(template.format(target=target) + "\nprint('ESCAPED')")
    assert answer["status"] == "policy", answer
    # io.open/gzip.open with a literal mode meet the AST's open rule first; numpy's tofile calls the cell's open().
    assert answer["error"]["rule"] in ("file", "open")
    if answer["error"]["rule"] == "file":
        assert "file rule" in answer["error"]["message"] and answer["error"]["hint"].startswith("Write results under")
    assert not any(outside.glob("written*"))


def test_the_kernel_module_folder_is_not_writable(kernel):
    target = KERNEL_DIR / "planted_by_cell.py"
    try:
        answer = kernel.run(f"import io\nio.FileIO({str(target)!r}, 'w').write(b'print(1)')")
        assert answer["status"] == "policy" and answer["error"]["rule"] == "file"
        assert not target.exists()
    finally:
        target.unlink(missing_ok=True)


def test_writes_under_the_data_folder_are_allowed(kernel):
    code = (f"import pandas as pd\npd.DataFrame({{'a': [1, 2]}}).to_csv({str(kernel.data_dir / 'out.csv')!r}, "
            "index=False)\nresult = open(" + repr(str(kernel.data_dir / "out.csv")) + ").read()")
    assert kernel.value(code)["value"] == "a\n1\n2\n"


def test_the_cell_reading_outside_the_data_folder_directly_is_refused(kernel, outside):
    answer = kernel.run(f"import io\nio.FileIO({str(outside / 'secret.txt')!r}).read()")
    assert answer["status"] == "policy" and answer["error"]["rule"] == "open"
    assert "outside" in answer["error"]["message"]


def test_libraries_keep_reading_their_own_files(kernel, outside):
    code = (f"import pandas as pd\nimport matplotlib.pyplot as plt\nplt.plot([1, 2])\n"
            f"result = pd.read_csv({str(outside / 'secret.txt')!r}, header=None).shape[0]")
    assert kernel.value(code)["value"] == 1


def test_a_module_written_to_the_data_folder_never_runs(kernel, unchecked, marker):
    module = kernel.data_dir / "statistics.py"
    module.write_text(f"open({str(marker)!r}, 'w')\n", encoding="utf-8")
    # Even with the folder put on sys.path by code past the AST check, its module code is refused.
    answer = kernel.run(f"import statistics as s\ns.sys.path.insert(0, {str(kernel.data_dir)!r})\n"
                        "s.sys.modules.pop('statistics')\nimport statistics")
    assert answer["status"] == "policy" and answer["error"]["rule"] == "import", answer
    sys.modules.pop("statistics", None)
    sys.path[:] = [p for p in sys.path if p != str(kernel.data_dir)]


def test_no_writable_folder_stays_on_the_module_search_path(kernel):
    assert "" not in sys.path and "." not in sys.path
    roots = (str(kernel.data_dir), kernel_runner._kernel.audit.scratch_dir)
    assert not [p for p in sys.path if p.startswith(roots)]


def test_the_scratch_folder_takes_library_temp_files(kernel):
    code = "import gzip\nresult = len(gzip.compress(b'x' * 1000)) > 0"
    assert kernel.value(code)["value"] is True
