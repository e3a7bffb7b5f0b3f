"""What a run leaves behind besides its value: stdout/stderr (capped, streamed in batches) and matplotlib figures.

matplotlib is never imported here: figures are collected only when the user's code already imported pyplot.
"""

import base64
import contextlib
import dataclasses
import io
import json
import math
import re
import struct
import sys
import time

_clock = time.monotonic  # module-level so tests can drive the batching deterministically
STREAM_INTERVAL_S = 0.05


@dataclasses.dataclass(frozen=True)
class Limits:
    """KernelLimits from kernel-constants.ts, same fields in snake_case."""

    max_stream_chars: int
    max_figures: int
    max_figure_pixels: int
    max_table_rows: int
    max_table_columns: int
    max_cell_chars: int
    max_repr_chars: int

    @classmethod
    def from_json(cls, limits_json):
        raw = json.loads(limits_json)
        names = {re.sub(r"_(\w)", lambda m: m.group(1).upper(), f.name): f.name for f in dataclasses.fields(cls)}
        missing, unknown = sorted(set(names) - set(raw)), sorted(set(raw) - set(names))
        if missing or unknown:
            raise ValueError(f"KernelLimits mismatch: missing {missing}, unknown {unknown}")
        bad = [k for k, v in raw.items() if not isinstance(v, int) or isinstance(v, bool) or v < 1]
        if bad:
            raise ValueError(f"KernelLimits must be positive integers: {bad}")
        return cls(**{names[k]: v for k, v in raw.items()})


class _Writer(io.TextIOBase):
    """sys.stdout/sys.stderr stand-in that forwards to the shared OutputCapture."""

    encoding = "utf-8"  # libraries read sys.stdout.encoding; TextIOBase's default is None

    def __init__(self, capture, name):
        super().__init__()
        self._capture, self._name = capture, name

    def writable(self):
        return True

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._capture.write(self._name, text)
        return len(text)


class OutputCapture:
    """Captures stdout and stderr of a run: keeps the first `max_chars` of each, streams what it keeps.

    Chunks go to `on_stream(stream, text)` in write order, at most every STREAM_INTERVAL_S (checked on each write:
    Pyodide has no threads to flush on a timer) and once at the end. In Pyodide `on_stream` is a JS function proxy,
    so it only ever receives str.
    """

    def __init__(self, max_chars, on_stream=None):
        self.max_chars, self.on_stream = max_chars, on_stream
        self._kept = {"stdout": [], "stderr": []}
        self._size = {"stdout": 0, "stderr": 0}
        self._dropped = {"stdout": 0, "stderr": 0}
        self._pending = []  # (stream, text) not yet sent
        self._last_flush = _clock()
        self._stack = contextlib.ExitStack()

    def __enter__(self):
        self._stack.enter_context(contextlib.redirect_stdout(_Writer(self, "stdout")))
        self._stack.enter_context(contextlib.redirect_stderr(_Writer(self, "stderr")))
        return self

    def __exit__(self, *exc):
        self._stack.close()
        return False

    def write(self, stream, text):
        keep = text[: max(self.max_chars - self._size[stream], 0)]
        self._dropped[stream] += len(text) - len(keep)
        if keep:
            self._kept[stream].append(keep)
            self._size[stream] += len(keep)
            if self.on_stream is not None:
                self._pending.append((stream, keep))
        if self.on_stream is not None and _clock() - self._last_flush >= STREAM_INTERVAL_S:
            self._flush()

    def truncated(self, stream):
        return self._dropped[stream] > 0

    def text(self, stream):
        return "".join(self._kept[stream]) + self._marker(stream)

    def finish(self):
        """Send what is left, with the truncation markers, to the stream callback."""
        for stream in ("stdout", "stderr"):
            if self._dropped[stream]:
                self._pending.append((stream, self._marker(stream)))
        self._flush()

    def _marker(self, stream):
        dropped = self._dropped[stream]
        return f"\n… output truncated ({dropped} more characters)" if dropped else ""

    def _flush(self):
        pending, self._pending = self._pending, []
        self._last_flush = _clock()
        if self.on_stream is None:
            return
        chunks = []  # consecutive writes to the same stream become one chunk
        for stream, text in pending:
            if chunks and chunks[-1][0] == stream:
                chunks[-1][1].append(text)
            else:
                chunks.append((stream, [text]))
        try:
            for stream, texts in chunks:
                self.on_stream(stream, "".join(texts))
        except Exception:  # a closed page must not fail the run; the output is still in the result
            self.on_stream = None


def capture_figures(limits):
    """Every open pyplot figure as a PNG Figure dict, capped in count and pixels; closes them all.

    Returns (figures, dropped, notes); notes are messages for figures that failed to draw (e.g. a bad mathtext
    label), meant for stderr, so one broken figure does not fail the run.
    """
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is None:
        return [], 0, []
    try:
        numbers = plt.get_fignums()
        figures, notes = [], []
        for number in numbers[: limits.max_figures]:
            try:
                figures.append(_render(plt.figure(number), limits.max_figure_pixels))
            except Exception as exc:
                notes.append(f"Figure {number} could not be drawn: {type(exc).__name__}: {exc}")
        return figures, max(len(numbers) - limits.max_figures, 0), notes
    finally:
        close_figures()


def close_figures():
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")


def _render(fig, max_pixels):
    # Bound the dpi from the figure size first so a huge figsize is never rasterised at full size; bbox 'tight'
    # (like notebooks, so outside legends are kept) can then grow the image a little, which the loop corrects.
    width_in, height_in = fig.get_size_inches()
    dpi = min(fig.dpi, math.sqrt(max_pixels / max(width_in * height_in, 1e-6)))
    for _ in range(3):
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
        png = buffer.getvalue()
        width, height = struct.unpack(">II", png[16:24])  # the PNG IHDR chunk
        if width * height <= max_pixels:
            break
        dpi *= math.sqrt(max_pixels / (width * height)) * 0.99
    return {"pngBase64": base64.b64encode(png).decode("ascii"), "width": width, "height": height}
