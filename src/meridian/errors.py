"""Exceptions raised by meridian.

Every error meridian raises on purpose derives from :class:`MeridianError`, so callers can catch
one class. The command line turns them into one-line messages and exit codes.
"""

from __future__ import annotations

__all__ = ["AmbiguousError", "DataError", "MeridianError", "NotFoundError", "UsageError"]


class MeridianError(Exception):
    """Base class of meridian's errors.

    ``exit_code`` is what the command line exits with: 2 for bad input or usage, 1 for
    "nothing found".
    """

    exit_code = 2


class UsageError(MeridianError, ValueError):
    """Input that does not follow the documented form (a bad spot, level, code or option)."""


class NotFoundError(MeridianError, LookupError):
    """A well-formed query that matched nothing; ``suggestions`` holds the closest valid names."""

    exit_code = 1

    def __init__(self, message: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.suggestions = suggestions


class AmbiguousError(NotFoundError):
    """A query that names more than one point; ``suggestions`` holds the candidates."""


class DataError(MeridianError):
    """A data folder that cannot be loaded; ``problems`` lists every problem found."""

    def __init__(self, problems: list[object]) -> None:
        self.problems = problems
        count = len(problems)
        first = str(problems[0]) if problems else "no data"
        more = f" (and {count - 1} more; run 'meridian validate' to list them)" if count > 1 else ""
        super().__init__(f"invalid data: {first}{more}")
