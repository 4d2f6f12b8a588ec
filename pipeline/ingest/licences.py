"""Licences of source texts: which ids a manifest may name, and whether a source's passage text
may be republished in the package (the rights rule)."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

LICENCES_FILE = Path(__file__).with_name("licences.yaml")
# SPDX's form for a licence it does not list, e.g. `LicenseRef-all-rights-reserved`.
LICENSE_REF = re.compile(r"^LicenseRef-[A-Za-z0-9.-]+$")
TEXT_POLICIES = ("licence", "withhold")  # the `text_policy` setting's values


@functools.cache
def known_licences() -> dict[str, dict]:
    """SPDX id -> {open, title}, from licences.yaml."""
    return yaml.safe_load(LICENCES_FILE.read_text(encoding="utf-8"))["licences"]


def canonical_licence(value: str) -> str | None:
    """The SPDX id `value` names (ids match whatever their case, as SPDX says), a
    `LicenseRef-...` id unchanged, or None when it is neither."""
    by_lower = {k.lower(): k for k in known_licences()}
    if value.strip().lower() in by_lower:
        return by_lower[value.strip().lower()]
    return value if LICENSE_REF.match(value) else None


def is_open(licence: str | None) -> bool:
    """Whether `licence` lets anyone republish the text (unknown or custom: no)."""
    return bool(licence and known_licences().get(licence, {}).get("open"))


def may_redistribute(licence: str | None, explicit: bool | None, policy: str = "licence") -> bool:
    """The rights rule: passage text is published when the text policy is `licence` and either
    the manifest says so for this source (`explicit`) or its licence is open; an explicit
    `false` always withholds; the policy `withhold` withholds every source's text."""
    if policy == "withhold" or explicit is False:
        return False
    return bool(explicit) or is_open(licence)
