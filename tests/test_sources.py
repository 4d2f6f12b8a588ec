"""sources.load_manifest and sources.ingest: every bad manifest or file gives a SourceError that
names the file, the entry and the rule; the odd-but-valid files (BOM, CRLF, Unicode spaces) are
read exactly as stored."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from pipeline.errors import SourceError
from pipeline.ingest import sources
from pipeline.models import SourceEntry

GOOD_ENTRY = """\
  - id: {id}
    file: {file}
    title: A title
    published: 2022-01-13
    language: en
"""


def write_seeds(folder: Path, entries: str, files: dict[str, bytes] | None = None) -> Path:
    """A seeds folder holding `sources.yaml` (with `entries` under `sources:`) and `files`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources.yaml").write_text("sources:\n" + entries, encoding="utf-8")
    for name, data in (files or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def one_source(folder: Path, data: bytes, name: str = "a.txt") -> tuple[SourceEntry, Path]:
    seeds = write_seeds(folder, GOOD_ENTRY.format(id="doc-a", file=name), {name: data})
    (entry,) = sources.load_manifest(seeds)
    return entry, seeds


def raises_source_error(rule: str, func, *args) -> SourceError:
    with pytest.raises(SourceError) as info:
        func(*args)
    err = info.value
    assert err.rule == rule, str(err)
    assert f"[{rule}]" in str(err) and err.file in str(err)
    return err


# ---- the manifest ---------------------------------------------------------------------------


def test_manifest_of_the_seeds_folder_loads(seeds_dir: Path) -> None:
    entries = sources.load_manifest(seeds_dir)
    assert [e.source_id for e in entries] == ["nato-rejects-russia-security-demands"]
    assert entries[0].file == "000_adcf2859e38c2429.txt"
    assert entries[0].published.isoformat() == "2022-01-13"
    assert entries[0].language == "en" and entries[0].license is None
    assert entries[0].redistribute_text is False  # unknown licence: the text is withheld


def test_missing_manifest(tmp_path: Path) -> None:
    err = raises_source_error("manifest-missing", sources.load_manifest, tmp_path)
    assert err.file == str(tmp_path / "sources.yaml")


def test_malformed_yaml(tmp_path: Path) -> None:
    (tmp_path / "sources.yaml").write_text("sources:\n  - id: [unclosed\n", encoding="utf-8")
    err = raises_source_error("manifest-yaml", sources.load_manifest, tmp_path)
    assert err.file.endswith("sources.yaml")


def test_empty_manifest(tmp_path: Path) -> None:
    (tmp_path / "sources.yaml").write_text("", encoding="utf-8")
    raises_source_error("manifest-shape", sources.load_manifest, tmp_path)


def test_manifest_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "sources.yaml").write_bytes(b"sources:\n  - id: caf\xe9\n")
    raises_source_error("manifest-utf8", sources.load_manifest, tmp_path)


@pytest.mark.parametrize("missing", ["id", "file"])
def test_missing_required_field(tmp_path: Path, missing: str) -> None:
    entry = GOOD_ENTRY.format(id="doc-a", file="a.txt")
    entry = "".join(line + "\n" for line in entry.splitlines() if f"{missing}:" not in line)
    entry = entry.replace("    ", "  - ", 1) if missing == "id" else entry
    write_seeds(tmp_path, entry, {"a.txt": b"Some text."})
    err = raises_source_error("required-field", sources.load_manifest, tmp_path)
    assert err.record.startswith("entry 1") and repr(missing) in err.detail


def test_duplicate_id(tmp_path: Path) -> None:
    entries = GOOD_ENTRY.format(id="doc-a", file="a.txt")
    entries += GOOD_ENTRY.format(id="doc-a", file="b.txt")
    write_seeds(tmp_path, entries, {"a.txt": b"One.", "b.txt": b"Two."})
    err = raises_source_error("duplicate-id", sources.load_manifest, tmp_path)
    assert err.record == "entry 2 (id 'doc-a')" and "entry 1" in err.detail


def test_one_file_under_two_ids(tmp_path: Path) -> None:
    entries = GOOD_ENTRY.format(id="doc-a", file="a.txt")
    entries += GOOD_ENTRY.format(id="doc-b", file="./a.txt")
    write_seeds(tmp_path, entries, {"a.txt": b"One."})
    err = raises_source_error("duplicate-file", sources.load_manifest, tmp_path)
    assert err.record == "entry 2 (id 'doc-b')" and "entry 1" in err.detail


@pytest.mark.parametrize("file", [".drafts/a.txt", ".a.txt", "sub/.hidden/a.txt"])
def test_hidden_paths_are_refused(tmp_path: Path, file: str) -> None:
    """Hidden files are left out of the no-change fingerprint, so they cannot be sources."""
    write_seeds(tmp_path, GOOD_ENTRY.format(id="doc-a", file=file), {file: b"One."})
    err = raises_source_error("hidden-path", sources.load_manifest, tmp_path)
    assert file in err.detail


@pytest.mark.parametrize("file", ["sources.yaml", "actors.yaml", "notes.md", "a.pdf"])
def test_only_text_files_are_sources(tmp_path: Path, file: str) -> None:
    files = {} if file == "sources.yaml" else {file: b"One."}
    write_seeds(tmp_path, GOOD_ENTRY.format(id="doc-a", file=file), files)
    err = raises_source_error("not-text", sources.load_manifest, tmp_path)
    assert file in err.detail


def test_listed_file_missing(tmp_path: Path) -> None:
    write_seeds(tmp_path, GOOD_ENTRY.format(id="doc-a", file="gone.txt"))
    err = raises_source_error("file-missing", sources.load_manifest, tmp_path)
    assert "doc-a" in err.record and "gone.txt" in err.detail


@pytest.mark.parametrize("file", ["../outside.txt", "sub/../../outside.txt", "/etc/hostname"])
def test_path_escaping_the_folder(tmp_path: Path, file: str) -> None:
    (tmp_path / "outside.txt").write_text("Outside the seeds folder.", encoding="utf-8")
    seeds = write_seeds(tmp_path / "seeds", GOOD_ENTRY.format(id="doc-a", file=file))
    err = raises_source_error("path-escape", sources.load_manifest, seeds)
    assert "doc-a" in err.record and file in err.detail


def test_symlink_to_a_file_outside(tmp_path: Path) -> None:
    (tmp_path / "outside.txt").write_text("Outside the seeds folder.", encoding="utf-8")
    seeds = write_seeds(tmp_path / "seeds", GOOD_ENTRY.format(id="doc-a", file="link.txt"))
    (seeds / "link.txt").symlink_to(tmp_path / "outside.txt")
    err = raises_source_error("path-escape", sources.load_manifest, seeds)
    assert "link.txt" in err.detail


def test_symlinked_folder_leading_outside(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "a.txt").write_text("Outside.", encoding="utf-8")
    seeds = write_seeds(tmp_path / "seeds", GOOD_ENTRY.format(id="doc-a", file="sub/a.txt"))
    (seeds / "sub").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    raises_source_error("path-escape", sources.load_manifest, seeds)


def test_symlink_inside_the_folder_is_refused_too(tmp_path: Path) -> None:
    seeds = write_seeds(tmp_path, GOOD_ENTRY.format(id="doc-a", file="link.txt"), {"a.txt": b"A."})
    (seeds / "link.txt").symlink_to(seeds / "a.txt")
    raises_source_error("path-escape", sources.load_manifest, seeds)


def test_unknown_entry_key(tmp_path: Path) -> None:
    entry = GOOD_ENTRY.format(id="doc-a", file="a.txt") + "    auhtor: somebody\n"
    write_seeds(tmp_path, entry, {"a.txt": b"A."})
    err = raises_source_error("unknown-key", sources.load_manifest, tmp_path)
    assert "doc-a" in err.record and "auhtor" in err.detail


def test_unknown_top_level_key(tmp_path: Path) -> None:
    write_seeds(tmp_path, GOOD_ENTRY.format(id="doc-a", file="a.txt") + "version: 2\n",
                {"a.txt": b"A."})
    err = raises_source_error("unknown-key", sources.load_manifest, tmp_path)
    assert "version" in err.detail


@pytest.mark.parametrize("name", ["stray.txt", "sub/stray.txt", "STRAY.TXT"])
def test_unlisted_text_file(tmp_path: Path, name: str) -> None:
    write_seeds(tmp_path, GOOD_ENTRY.format(id="doc-a", file="a.txt"),
                {"a.txt": b"A.", name: b"Nobody listed me."})
    err = raises_source_error("unlisted-file", sources.load_manifest, tmp_path)
    assert err.record == name


def test_other_files_in_the_folder_are_not_sources(tmp_path: Path) -> None:
    write_seeds(tmp_path, GOOD_ENTRY.format(id="doc-a", file="a.txt"),
                {"a.txt": b"A.", "actors.yaml": b"actors: []\n", "notes.md": b"# notes",
                 ".drafts/b.txt": b"A hidden draft.", ".a.txt.swp": b"editor"})
    assert [e.source_id for e in sources.load_manifest(tmp_path)] == ["doc-a"]


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("    published: 13/01/2022\n", "published-date"),
        ("    language: english\n", "language"),
        ("    title: [not, a, string]\n", "field-type"),
        ("    redistribute_text: maybe\n", "field-type"),
        ("    license: all rights reserved\n", "license"),
        ("    license: CC-BY-4\n", "license"),
    ],
)
def test_bad_field_values(tmp_path: Path, line: str, rule: str) -> None:
    key = line.split(":")[0]
    entry = "".join(
        ln + "\n" for ln in GOOD_ENTRY.format(id="doc-a", file="a.txt").splitlines()
        if not ln.startswith(key)
    ) + line
    write_seeds(tmp_path, entry, {"a.txt": b"A."})
    raises_source_error(rule, sources.load_manifest, tmp_path)


def test_id_must_be_url_safe(tmp_path: Path) -> None:
    write_seeds(tmp_path, GOOD_ENTRY.format(id="'Doc A/1'", file="a.txt"), {"a.txt": b"A."})
    raises_source_error("id-pattern", sources.load_manifest, tmp_path)


# ---- the source files -----------------------------------------------------------------------


def test_ingest_the_seed(seeds_dir: Path) -> None:
    (entry,) = sources.load_manifest(seeds_dir)
    source = sources.ingest(entry, seeds_dir)
    data = (seeds_dir / entry.file).read_bytes()
    assert source.text == data.decode("utf-8")
    assert source.sha256 == hashlib.sha256(data).hexdigest()
    assert source.path == entry.file and source.bom is False


def test_empty_file(tmp_path: Path) -> None:
    entry, seeds = one_source(tmp_path, b"")
    err = raises_source_error("empty-file", sources.ingest, entry, seeds)
    assert err.file == str(seeds / "a.txt") and "doc-a" in err.record


@pytest.mark.parametrize("blank", ["\n\n", "\ufeff \r\n", "\u00a0\t", "\u2003\u3000\u2009\n"])
def test_file_of_only_whitespace_is_empty(tmp_path: Path, blank: str) -> None:
    entry, seeds = one_source(tmp_path, blank.encode("utf-8"))
    raises_source_error("empty-file", sources.ingest, entry, seeds)


def test_binary_file(tmp_path: Path) -> None:
    entry, seeds = one_source(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    err = raises_source_error("binary-file", sources.ingest, entry, seeds)
    assert "offset 8" in err.detail


def test_invalid_utf8(tmp_path: Path) -> None:
    entry, seeds = one_source(tmp_path, "Café au lait".encode("latin-1"))
    err = raises_source_error("invalid-utf8", sources.ingest, entry, seeds)
    assert "byte 3" in err.detail and "doc-a" in err.record


def test_bom_is_kept_and_counts_as_one_code_point(tmp_path: Path) -> None:
    body = "NATO meets Russia\n\nTalks begin."
    entry, seeds = one_source(tmp_path, b"\xef\xbb\xbf" + body.encode("utf-8"))
    source = sources.ingest(entry, seeds)
    assert source.bom is True
    assert source.text[0] == "\ufeff" and source.text[1:] == body
    assert source.text.index("Talks") == body.index("Talks") + 1


def test_crlf_and_unicode_spaces_are_kept(tmp_path: Path) -> None:
    body = "NATO\u00a0meets\u2009Russia\r\n\r\nTalks\u202fbegin\u3000today.\r\n"
    entry, seeds = one_source(tmp_path, body.encode("utf-8"))
    source = sources.ingest(entry, seeds)
    assert source.text == body
    assert source.sha256 == hashlib.sha256(body.encode("utf-8")).hexdigest()


def test_twenty_megabytes_is_refused_with_the_limit(tmp_path: Path) -> None:
    entry, seeds = one_source(tmp_path, b"Talks. " * (20_000_000 // 7 + 1))
    err = raises_source_error("too-large", sources.ingest, entry, seeds)
    size = (seeds / "a.txt").stat().st_size
    assert f"{size} bytes" in err.detail
    assert f"the limit is {sources.MAX_SOURCE_BYTES} bytes" in err.detail


def test_a_file_at_the_limit_is_accepted(tmp_path: Path) -> None:
    entry, seeds = one_source(tmp_path, b"x" * sources.MAX_SOURCE_BYTES)
    assert len(sources.ingest(entry, seeds).text) == sources.MAX_SOURCE_BYTES


def test_seeds_folder_copy_round_trips(tmp_path: Path, seeds_dir: Path) -> None:
    copy = tmp_path / "seeds"
    shutil.copytree(seeds_dir, copy)
    assert sources.load_manifest(copy) == sources.load_manifest(seeds_dir)


def test_a_ten_megabyte_field_is_refused(tmp_path: Path) -> None:
    """A manifest field is one line of the sources table: megabytes there are refused with the
    limit, not reported as a write failure when the table is written."""
    note = "x" * 10_000_000
    write_seeds(tmp_path, GOOD_ENTRY.format(id="doc-a", file="a.txt")
                + f"    published_note: {note}\n", {"a.txt": b"One."})
    err = raises_source_error("field-too-long", sources.load_manifest, tmp_path)
    assert "published_note" in err.detail and "the limit is 2000" in err.detail


BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
sources: [*g]
"""


@pytest.mark.parametrize("name, kind", [("sources.yaml", "manifest"),
                                        ("actors.yaml", "registry"),
                                        ("corrections.yaml", "corrections")])
def test_a_yaml_alias_bomb_is_refused_before_it_expands(tmp_path: Path, name: str,
                                                        kind: str) -> None:
    path = tmp_path / name
    path.write_text(BOMB, encoding="utf-8")
    err = raises_source_error(f"{kind}-alias", sources.read_yaml, path, kind)
    assert err.file == str(path)


def test_a_yaml_file_over_the_limit_is_refused_unread(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text("sources: []\n" + "#" * 200, encoding="utf-8")
    monkeypatch.setattr(sources, "MAX_YAML_BYTES", 100)
    err = raises_source_error("manifest-size", sources.load_manifest, tmp_path)
    assert "the limit is 100 bytes" in err.detail


def test_the_registry_is_checked_like_the_manifest(tmp_path: Path) -> None:
    (tmp_path / "actors.yaml").write_bytes(b"actors: [\xff]")
    raises_source_error("registry-utf8", sources.check_registry, tmp_path)
    sources.check_registry(tmp_path / "absent")  # an absent registry is fine
