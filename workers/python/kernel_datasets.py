"""Dataset bindings: the kernel, not generated code, turns the mounted files into df1..dfN.

A binding is data from the page (JSON): the variable, the file's path under the data folder, its format and the
catalog's reading options. None of it is ever spliced into Python source. Binding is lazy: right before a run, only
the bound variables the cell reads (an ast.Name load) are read with pandas, and only when they are missing from the
namespace or the binding or the file changed since they were read (options, size, mtime, inode). So a user who
reassigns df1 keeps their value until the binding changes or the file is mounted again.

pandas is imported only when a bound file is actually read. This module is library code: it reads with the real
builtins, not the user's restricted ones.
"""

import ast
import codecs
import importlib.util
import json
import keyword
import os
import posixpath
import re
import weakref

_VARIABLE = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}\Z")
# DatasetBinding['options'] in kernel-protocol.ts: name → accepted JSON types.
_OPTION_TYPES = {"delimiter": (str,), "encoding": (str,), "decimal": (str,), "thousands": (str,), "quoteChar": (str,),
                 "skipRows": (int,), "hasHeader": (bool,), "names": (list,), "sheet": (str, int)}
# The catalog's delimiter for "runs of spaces or tabs" (lib/files/sniff/read-options-schema.ts WHITESPACE_DELIMITER).
_WHITESPACE = " "
# The catalog's encoding names (lib/files/sniff/read-options-schema.ts TEXT_ENCODINGS) that are not Python codec names, or that
# need a BOM-tolerant codec: a UTF-8 file may start with a BOM whatever the catalog called it.
_UTF8 = ("utf-8", "utf-8-bom")
_UTF16 = {"utf-16le": "utf-16-le", "utf-16be": "utf-16-be"}


class DatasetLoadError(Exception):
    """A bound file that pandas could not read; reported as a Python error of the run, not of the user's code."""

    def __init__(self, binding, cause):
        self.binding = binding
        self.message = f"Could not load {binding.variable} from {binding.path}: {_describe(cause)}"
        super().__init__(self.message)

    @property
    def hint(self):
        binding = self.binding
        options = ", ".join(f"{name}={value!r}" for name, value in binding.options.items() if name != "names")
        reader = _READERS[binding.format][0]
        return (f"The kernel reads {binding.path} as {binding.format}" + (f" ({options})" if options else "")
                + f". If the file needs other options, read it yourself under another name, e.g. "
                f"data = pd.{reader}({binding.path!r}, ...).")


class Binding:
    def __init__(self, variable, path, format, options):
        self.variable, self.path, self.format, self.options = variable, path, format, options
        self.spec = json.dumps([path, format, options], sort_keys=True)

    def signature(self):
        """What must be unchanged for a loaded value to still be this binding's file."""
        stat = os.stat(self.path)
        return (self.spec, stat.st_size, stat.st_mtime_ns, stat.st_ino)

    def read(self):
        import pandas as pd  # lazily: a kernel whose code never mentions a dataset never pays for pandas

        frame = _READERS[self.format][1](pd, self)
        names = self.options.get("names")
        if names is not None and len(names) == frame.shape[1]:
            frame.columns = names
        elif not self.options.get("hasHeader", True):
            frame.columns = [f"column_{index + 1}" for index in range(frame.shape[1])]  # as the catalog names them
        return frame


class Datasets:
    """The bindings of one kernel and what has been loaded from them."""

    def __init__(self, policy):
        self.policy = policy
        self.bindings = {}  # variable → Binding, in the page's order
        self.loaded = {}  # variable → (signature when read, weak reference to the value read)

    def bind(self, bindings_json, namespace):
        """Replace the bindings. Values read under a binding that changed or went away are dropped from the
        namespace, unless the user has put their own value in that variable since."""
        bindings = parse_bindings(bindings_json, self.policy)
        for variable, (signature, ref) in list(self.loaded.items()):
            binding = bindings.get(variable)
            if binding is None or binding.spec != signature[0]:
                del self.loaded[variable]
                if ref is not None and variable in namespace and namespace[variable] is ref():
                    del namespace[variable]
        self.bindings = bindings

    def forget_loaded(self):
        """After a reset: the namespace is new, so every bound variable is read again when next used."""
        self.loaded.clear()

    def referenced(self, tree):
        """The bindings whose variable the code reads, in binding order."""
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                names.add(node.id)
            elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
                names.add(node.target.id)  # `df1 += 1` reads df1 first
        return [binding for variable, binding in self.bindings.items() if variable in names]

    def packages(self, tree):
        """Pyodide packages the referenced bindings need (policy.json datasetPackages)."""
        packages = []
        for binding in self.referenced(tree):
            for package in self.policy.dataset_packages[binding.format]:
                if package not in packages:
                    packages.append(package)
        return packages

    def load(self, tree, namespace):
        """Read the referenced bindings that are missing or stale into the namespace; DatasetLoadError on failure."""
        for binding in self.referenced(tree):
            try:
                signature = binding.signature()
                record = self.loaded.get(binding.variable)
                if record is not None and record[0] == signature and binding.variable in namespace:
                    continue
                value = binding.read()
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as exc:
                raise DatasetLoadError(binding, exc) from None
            namespace[binding.variable] = value
            self.loaded[binding.variable] = (signature, _weak(value))


def parse_bindings(bindings_json, policy):
    """The JSON list of DatasetBinding-with-path as {variable: Binding}; ValueError for anything malformed."""
    raw = json.loads(bindings_json)
    if not isinstance(raw, list):
        raise ValueError("bindings must be a JSON list")
    bindings = {}
    for entry in raw:
        if not isinstance(entry, dict):
            raise ValueError(f"a binding must be an object, not {entry!r}")
        unknown = sorted(set(entry) - {"variable", "path", "format", "options"})
        if unknown:
            raise ValueError(f"unknown binding fields {unknown}")
        variable = _variable(entry.get("variable"), policy)
        if variable in bindings:
            raise ValueError(f"variable {variable!r} is bound twice")
        path = _path(entry.get("path"), policy)
        format = entry.get("format")
        if format not in policy.dataset_packages or format not in _READERS:
            raise ValueError(f"{variable}: unknown format {format!r}")
        bindings[variable] = Binding(variable, path, format, _options(variable, entry.get("options") or {}))
    return bindings


def _variable(variable, policy):
    if not isinstance(variable, str) or not _VARIABLE.match(variable) or keyword.iskeyword(variable):
        raise ValueError(f"binding variable {variable!r} must be a plain identifier such as 'df1'")
    if variable in policy.denied_calls or variable == "open":
        raise ValueError(f"binding variable {variable!r} would hide a name the policy refuses")
    return variable


def _path(path, policy):
    if not isinstance(path, str) or "\0" in path:
        raise ValueError(f"binding path {path!r} must be a string")
    normal = posixpath.normpath(path)
    if not normal.startswith(policy.data_dir + "/"):
        raise ValueError(f"binding path {path!r} must be under {policy.data_dir}")
    return normal


def _options(variable, options):
    if not isinstance(options, dict):
        raise ValueError(f"{variable}: options must be an object")
    for name, value in options.items():
        types = _OPTION_TYPES.get(name)
        if types is None:
            raise ValueError(f"{variable}: unknown option {name!r}")
        # bool is an int: a sheet given as true is a mistake, not sheet 1
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise ValueError(f"{variable}: option {name!r} has the wrong type ({type(value).__name__})")
    for name in ("delimiter", "decimal", "thousands", "quoteChar"):
        if name in options and len(options[name]) != 1:
            raise ValueError(f"{variable}: option {name!r} must be one character")
    if "skipRows" in options and options["skipRows"] < 0:
        raise ValueError(f"{variable}: option 'skipRows' cannot be negative")
    if "names" in options and not all(isinstance(n, str) for n in options["names"]):
        raise ValueError(f"{variable}: option 'names' must be a list of strings")
    encoding = options.get("encoding")
    if encoding is not None and encoding not in _UTF8 and encoding not in _UTF16:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ValueError(f"{variable}: unknown encoding {encoding!r}") from None
    return dict(options)


def _codec(binding):
    """The Python codec for the catalog's encoding name."""
    encoding = binding.options.get("encoding", "utf-8")
    if encoding in _UTF8:
        return "utf-8-sig"  # also reads files without a BOM
    if encoding in _UTF16:
        with open(binding.path, "rb") as file:
            bom = file.read(2)
        # 'utf-16' reads the byte order from the BOM and drops it; the explicit codecs would keep it as a character.
        return "utf-16" if bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else _UTF16[encoding]
    return encoding


def _header(binding):
    return 0 if binding.options.get("hasHeader", True) else None


def _read_delimited(default_sep):
    def read(pd, binding):
        options = binding.options
        # low_memory=False: one dtype per column for the whole file, not per chunk (and no DtypeWarning on stderr).
        sep = options.get("delimiter", default_sep)
        return pd.read_csv(binding.path, sep=r"\s+" if sep == _WHITESPACE else sep, encoding=_codec(binding),
                           decimal=options.get("decimal", "."), thousands=options.get("thousands"),
                           quotechar=options.get("quoteChar", '"'), skiprows=options.get("skipRows", 0),
                           header=_header(binding), low_memory=False)

    return read


def _read_json(pd, binding):
    return pd.read_json(binding.path, orient="records", encoding=_codec(binding))


def _read_jsonl(pd, binding):
    return pd.read_json(binding.path, lines=True, encoding=_codec(binding))


def _read_parquet(pd, binding):
    return pd.read_parquet(binding.path)


def _read_xlsx(pd, binding):
    return pd.read_excel(binding.path, sheet_name=binding.options.get("sheet", 0), header=_header(binding),
                         skiprows=binding.options.get("skipRows", 0), **_excel_engine(pd))


def _excel_engine(pd):
    """Pyodide has python-calamine but no openpyxl; pandas reads xlsx with calamine from 2.2 on."""
    version = tuple(int(part) for part in re.findall(r"\d+", pd.__version__)[:2])
    if version >= (2, 2) and importlib.util.find_spec("python_calamine") is not None:
        return {"engine": "calamine"}
    return {}


# format → (the pandas reader named in hints, the function reading a binding)
_READERS = {
    "csv": ("read_csv", _read_delimited(",")),
    "tsv": ("read_csv", _read_delimited("\t")),
    "json": ("read_json", _read_json),
    "jsonl": ("read_json", _read_jsonl),
    "parquet": ("read_parquet", _read_parquet),
    "xlsx": ("read_excel", _read_xlsx),
}


def _weak(value):
    try:
        return weakref.ref(value)
    except TypeError:
        return None


def _describe(exc):
    try:
        text = str(exc).strip()  # pandas' C parser errors end with a newline
    except Exception:
        text = ""
    if isinstance(exc, OSError) and exc.strerror:  # '[Errno 2] No such file or directory: ...' without the noise
        text = exc.strerror
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
