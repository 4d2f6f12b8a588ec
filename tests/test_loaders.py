"""The loader snippets of the datasheet (and docs/loaders.md) run as written inside a release."""

from __future__ import annotations

import functools
import http.server
import io
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from pipeline.release.datasheet import LOADERS_FILE
from tests.factories import do_publish

ROOT = Path(__file__).resolve().parent.parent
PYTHON_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("loaders") / "pkg"
    do_publish(out)
    return out


def snippets() -> list[str]:
    return PYTHON_BLOCK.findall(LOADERS_FILE.read_text(encoding="utf-8"))


def test_docs_hold_the_datasheet_text() -> None:
    assert LOADERS_FILE.read_text("utf-8") in (ROOT / "docs" / "loaders.md").read_text("utf-8")


def test_the_datasheet_holds_the_loaders(release: Path) -> None:
    assert LOADERS_FILE.read_text("utf-8") in (release / "README.md").read_text("utf-8")
    assert len(snippets()) == 4


@pytest.mark.parametrize("n", [0, 1, 3], ids=["pandas", "duckdb-fts", "frictionless"])
def test_snippet_runs_in_the_release(release: Path, n: int) -> None:
    result = subprocess.run([sys.executable, "-c", snippets()[n]], cwd=release,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    if n == 0:
        assert "Demand rights" in result.stdout  # the label joined on the code
    if n == 1:
        assert "[('1.0.0',)]" in result.stdout and "We will not compromise on security" \
            in result.stdout
    if n == 3:
        assert "'1043')" in result.stdout and "'cameo_code': '043'" in result.stdout  # text


class _Ranged(http.server.SimpleHTTPRequestHandler):
    """A static server answering range requests, as web servers and object stores do (Python's
    own answers every request whole)."""

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        asked = re.match(r"bytes=(\d+)-(\d*)$", self.headers.get("Range") or "")
        if not asked or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        start, end = int(asked[1]), min(int(asked[2] or size - 1), size - 1)
        with path.open("rb") as fh:
            fh.seek(start)
            data = fh.read(end + 1 - start)
        self.send_response(206)
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        return io.BytesIO(data)


def test_remote_snippet_reads_a_release_served_over_http(release: Path) -> None:
    pytest.importorskip("duckdb_extension_httpfs", reason="pinned in requirements.lock")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Ranged, directory=str(release)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        code = snippets()[2].replace("127.0.0.1:8000", f"127.0.0.1:{server.server_port}")
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                timeout=120)
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["[('rejected', 1)]", "[('1.0.0',)]"]
