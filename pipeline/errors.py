"""Errors that name the file, the record and the rule that was broken."""

from __future__ import annotations


class PipelineError(Exception):
    """Base class: every message says where (file, record) and which rule; `hint`, when set,
    says what to try next (the command line prints it on a line of its own)."""

    def __init__(self, file: str, record: str | None, rule: str, detail: str,
                 hint: str | None = None) -> None:
        self.file, self.record, self.rule, self.detail = file, record, rule, detail
        self.hint = hint
        where = f"{file}: {record}" if record else file
        super().__init__(f"{where}: [{rule}] {detail}")


class SourceError(PipelineError):
    """A bad manifest entry or source file."""


class ValidationFailed(PipelineError):
    """Tables or a package broke one or more rules; `problems` lists every one."""

    def __init__(self, file: str, problems: list[str]) -> None:
        self.problems = problems
        shown = "\n  ".join(problems[:200])
        more = f"\n  … and {len(problems) - 200} more" if len(problems) > 200 else ""
        super().__init__(file, None, "validation", f"{len(problems)} problem(s):\n  {shown}{more}")


class PublishError(PipelineError):
    """Publishing could not complete; the previous release is untouched."""
