"""Reading a data file again after an edit: only the records whose text changed are parsed.

Parsing the YAML is most of what checking a data folder costs, and an edit usually touches one
record. So the records parsed last are remembered in the cache (:func:`meridian.cache.put_memo`),
each under a hash of its own text, and a file is read record by record: a record whose text is
remembered is taken as it was parsed, a new one is parsed alone.

A data file is a list of records, each starting at the left margin with ``-``. Cutting the text
there is sound for a record that parses alone to exactly one record: its quotes and brackets are
all closed, so the next ``-`` at the left margin starts the next record, as it would in the whole
file. Anything else is parsed whole, as before: a directive or document marker, an anchor (its
name holds across the file), a header other than comments, a record that does not parse alone (a
quote left open, a key written twice). A record parsed alone carries no line numbers, so a folder
with any problem is read again whole to say where (:func:`meridian.io.validate`).

Examples
--------
>>> text = "# two records\\n- code: A1\\n  n: 1\\n- code: A2\\n  n: 2\\n"
>>> records(text)
['- code: A1\\n  n: 1\\n', '- code: A2\\n  n: 2\\n']
>>> memo = Memo({})
>>> memo.read("x", text) is None  # nothing remembered yet: parse it whole, then learn it
True
>>> memo.learn("x", text, [{"code": "A1", "n": 1}, {"code": "A2", "n": 2}])
>>> later = Memo(memo.now)  # as the next command finds it in the cache (Memo.load)
>>> later.alone = 1  # parse new records alone, however many there are (here one of two)
>>> later.read("x", text.replace("n: 2", "n: 3"))
[{'code': 'A1', 'n': 1}, {'code': 'A2', 'n': 3}]
>>> later.parsed  # records parsed alone: the edited one
1
"""

from __future__ import annotations

import marshal
import re
import sys

from . import cache
from .read import _ANCHOR, parse_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Memo", "records"]

#: Where a record starts: ``-`` at the left margin, then a space, a tab or the end of the line.
_START = re.compile(r"^-(?=[ \t\r\n]|\Z)", re.M)
#: What this reading leaves to a whole parse: directives (``%YAML``) and document markers.
_MARKER = re.compile(r"^(?:%|---|\.\.\.)", re.M)
_KEY = "records"
#: At most this share of a file's records is parsed one by one; more, and the whole is parsed.
_ALONE = 4


def records(text: str) -> list[str] | None:
    """The text of each record of a data file, or None when it cannot be cut safely (no record
    at the left margin, a directive or document marker, an anchor, or a header other than
    comments)."""
    starts = [m.start() for m in _START.finditer(text)]
    if not starts or _MARKER.search(text) or _ANCHOR.search(text):  # anchors span the whole file
        return None
    header = text[: starts[0]]
    if any(line.strip() and not line.lstrip().startswith("#") for line in header.splitlines()):
        return None
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def _stamp() -> str:
    """What a record's parse depends on besides its text: meridian's reading code, PyYAML, Python."""
    import yaml

    return f"{cache.code_stamp().hex()} {yaml.__version__} {sys.implementation.cache_tag}"


class Memo:
    """The records of each data file as parsed last, by the hash of their text.

    ``stored`` maps a file's stem to ``{hash: marshalled record}``; :meth:`read` and
    :meth:`learn` collect what the files hold now, and :meth:`save` keeps that for next time.
    """

    def __init__(self, stored: dict[str, dict[str, bytes]]) -> None:
        self.stored = stored
        self.now: dict[str, dict[str, bytes]] = {}
        self.parsed = 0  # records parsed alone, for the tests and benchmarks to see
        self.alone = _ALONE  # 1 parses every new record alone, however many

    @classmethod
    def load(cls) -> Memo:
        """The memo kept in the cache (empty when there is none, or it was made by other code)."""
        entry = cache.get_memo(_KEY)
        stems = entry.get("stems") if entry is not None and entry.get("stamp") == _stamp() else None
        valid = isinstance(stems, dict) and all(
            isinstance(v, dict) and all(isinstance(b, bytes) for b in v.values()) for v in stems.values()
        )
        return cls(stems if valid and stems is not None else {})

    def read(self, stem: str, text: str) -> list[Any] | None:
        """The records of a file from what is remembered, parsing only new records; None when
        the file must be parsed whole (then :meth:`learn` what that gives)."""
        parts = records(text)
        known = self.stored.get(stem, {})
        if parts is None:
            return None
        keys = [cache.digest(part.encode("utf-8")) for part in parts]
        if sum(k not in known for k in keys) * self.alone > len(keys):
            return None
        now: dict[str, bytes] = {}
        data = []
        for key, part in zip(keys, parts, strict=True):
            raw = known.get(key) or now.get(key)
            if raw is None:
                parsed, problems = parse_text(f"{stem}.yaml", part)
                if parsed is None or problems or len(parsed.data) != 1:
                    return None
                try:
                    raw = marshal.dumps(parsed.data[0])
                except ValueError:  # not plain data (the reader should never give such): parse whole
                    return None
                self.parsed += 1
            now[key] = raw
            data.append(marshal.loads(raw))  # each record its own objects, even when two are alike
        self.now[stem] = now
        return data

    def learn(self, stem: str, text: str, data: list[Any]) -> None:
        """Remember the records of a file parsed whole and clean: when it holds one record per
        cut, the cuts are where its records start, and each record is what its text parses to."""
        parts = records(text)
        if parts is None or len(parts) != len(data):
            return
        try:
            learned = zip(parts, data, strict=True)
            self.now[stem] = {cache.digest(p.encode("utf-8")): marshal.dumps(d) for p, d in learned}
        except ValueError:  # not plain data
            return

    def save(self) -> None:
        """Keep what the files hold now for the next read (only when it changed)."""
        if all(set(self.stored.get(stem, {})) == set(now) for stem, now in self.now.items()):
            return
        cache.put_memo(_KEY, {"stamp": _stamp(), "stems": {**self.stored, **self.now}})
