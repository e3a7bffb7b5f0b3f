"""Test support: runs an exported .py and .ipynb with plain CPython (the twin runtime), question by question.

The script runs twice: as a whole (`python analysis.py`, which must succeed) and cut at its `# %% Question N` markers,
the parts executed in order in one namespace, so each question's printed output can be told apart (the two runs must
print the same). The notebook's code cells run in order in one namespace with the notebook's folder as the working
directory, as Jupyter would run them (nbclient is not in the twin); a cell's display is what Jupyter shows, the value
of a final expression, or, for a cell that assigns `result` (what the browser kernel shows), that value.

Input (stdin, JSON): {"script": path, "notebook": path}.
Output (stdout, JSON): {"scriptWhole": str, "script": [{"question", "output"}], "notebook": [{"question", "output"}]}.
"""

import ast
import contextlib
import io
import json
import os
import re
import subprocess
import sys


def run_cell(source, namespace, filename):
    tree = ast.parse(source, filename)
    shown = None
    last = tree.body[-1] if tree.body else None
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        if isinstance(last, ast.Expr):
            exec(compile(ast.Module(tree.body[:-1], []), filename, "exec"), namespace)
            value = eval(compile(ast.Expression(last.value), filename, "eval"), namespace)
            shown = None if value is None else repr(value)
        else:
            exec(compile(tree, filename, "exec"), namespace)
            assigns = any(isinstance(node, ast.Name) and node.id == "result" and isinstance(node.ctx, ast.Store)
                          for node in ast.walk(tree))
            if assigns:
                shown = repr(namespace["result"])
    return buffer.getvalue() + ("" if shown is None else shown + "\n")


def run_script(path):
    whole = subprocess.run([sys.executable, path], capture_output=True, text=True, cwd="/")
    if whole.returncode != 0:
        raise SystemExit(f"the script failed:\n{whole.stderr}")
    source = open(path, encoding="utf-8").read()
    parts = re.split(r"^(?=# %% Question \d+:)", source, flags=re.M)
    namespace = {"__name__": "__main__", "__file__": path}
    outputs = []
    for part in parts:
        match = re.match(r"# %% Question (\d+):", part)
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            exec(compile(part, path, "exec"), namespace)
        if match:
            outputs.append({"question": int(match.group(1)), "output": buffer.getvalue()})
    return whole.stdout, outputs


def run_notebook(path):
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    os.chdir(os.path.dirname(path))
    namespace = {"__name__": "__main__"}
    outputs = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        output = run_cell(cell.source, namespace, cell.id)
        match = re.match(r"code-(\d+)$", cell.id)
        if match:
            outputs.append({"question": int(match.group(1)), "output": output})
    return outputs


def main():
    request = json.load(sys.stdin)
    whole, script = run_script(request["script"])
    notebook = run_notebook(request["notebook"])
    json.dump({"scriptWhole": whole, "script": script, "notebook": notebook}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
