"""Keeps CITATION.cff in step with the released version and derives .zenodo.json from it."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import PublishError
from ..files import write_text

VERSION_LINE = re.compile(r"^version:.*$", re.MULTILINE)
DATE_LINE = re.compile(r"^date-released:.*$", re.MULTILINE)


def sync_citation(path: Path, version: str, date: dt.date | None) -> bool:
    """Rewrite only the top-level `version:` and `date-released:` lines of CITATION.cff
    (every other byte stays as it was). Returns True when the file changed."""
    text = path.read_text(encoding="utf-8")
    for pattern, key in ((VERSION_LINE, "version"), (DATE_LINE, "date-released")):
        if len(pattern.findall(text)) != 1:
            raise PublishError(str(path), None, "citation", f"expected one top-level {key!r} line")
    new = VERSION_LINE.sub(f'version: "{version}"', text)
    if date is not None:
        new = DATE_LINE.sub(f'date-released: "{date.isoformat()}"', new)
    if new == text:
        return False
    write_text(path, new)
    return True


def read_citation(path: Path) -> dict[str, Any]:
    """CITATION.cff as a mapping (dates kept as ISO strings)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(data.get("date-released"), dt.date):
        data["date-released"] = data["date-released"].isoformat()
    return data


def _creator(author: dict[str, Any]) -> dict[str, Any]:
    if "name" in author:
        creator = {"name": author["name"]}
    else:
        creator = {"name": f"{author.get('family-names', '')}, {author.get('given-names', '')}"}
    if author.get("affiliation"):
        creator["affiliation"] = author["affiliation"]
    if str(author.get("orcid", "")).startswith("https://orcid.org/"):
        creator["orcid"] = author["orcid"].removeprefix("https://orcid.org/")
    return creator


def zenodo_from_citation(cff_path: Path) -> dict[str, Any]:
    """Zenodo deposit metadata derived from CITATION.cff (title, version, date, creators,
    description, licence id, keywords, upload type; the DOI and the repository's address when
    the maintainer has filled them in)."""
    cff = read_citation(cff_path)
    found = {}
    if cff.get("doi"):
        found["doi"] = str(cff["doi"])
    if cff.get("repository-code"):
        found["related_identifiers"] = [{"identifier": str(cff["repository-code"]),
                                         "relation": "isSupplementTo", "scheme": "url",
                                         "resource_type": "software"}]
    return found | {
        "title": cff["title"],
        "version": str(cff["version"]),
        "publication_date": str(cff["date-released"]),
        "creators": [_creator(a) for a in cff["authors"]],
        "description": " ".join(str(cff.get("abstract", cff["title"])).split()),
        "license": str(cff["license"]).lower(),
        "keywords": list(cff.get("keywords") or []),
        "upload_type": "dataset",
    }


def write_zenodo(cff_path: Path) -> Path:
    """Write .zenodo.json next to CITATION.cff (stable key order, indent 2, trailing newline)."""
    out = cff_path.parent / ".zenodo.json"
    text = json.dumps(zenodo_from_citation(cff_path), indent=2, ensure_ascii=False) + "\n"
    if not out.is_file() or out.read_text(encoding="utf-8") != text:
        write_text(out, text)
    return out


def citation_text(cff_path: Path | None, release: dict[str, Any]) -> str:
    """One-line recommended citation. Authors, title and DOI come from CITATION.cff when
    given, else from `release`; version and year always from `release` (keys: author, title,
    version, year)."""
    info = dict(release)
    if cff_path is not None and cff_path.is_file():
        cff = read_citation(cff_path)
        info["author"] = "; ".join(_creator(a)["name"] for a in cff["authors"])
        info["title"] = cff["title"]
        if cff.get("doi"):
            info["doi"] = cff["doi"]
    doi = f" https://doi.org/{info['doi']}" if info.get("doi") else ""
    return f"{info['author']} ({info['year']}). {info['title']} (version {info['version']}).{doi}"


CITE_MARK = "<!-- citation: kept in step with each release by the publish step -->"


def sync_readme(readme: Path, text: str) -> bool:
    """Replace the line after CITE_MARK in the repository's README with `text`; False when the
    README has no such mark or already says it."""
    if not readme.is_file():
        return False
    lines = readme.read_text(encoding="utf-8").split("\n")
    if CITE_MARK not in lines or lines.index(CITE_MARK) + 1 >= len(lines):
        return False
    at = lines.index(CITE_MARK) + 1
    if lines[at] == text:
        return False
    lines[at] = text
    write_text(readme, "\n".join(lines))
    return True
