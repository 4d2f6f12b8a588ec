"""The import-layering contract of pyproject.toml ([tool.importlinter]): every stage imports
only the stages below it, metadata/ and the shared modules, and no module closes a cycle
inside its package. Deferred imports inside functions count like the others."""

from __future__ import annotations

from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_every_import_keeps_the_layers_and_no_cycle(capsys) -> None:
    status = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)
    assert status == 0, capsys.readouterr().out
