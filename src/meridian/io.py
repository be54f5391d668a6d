"""Reading the data folder: YAML files in, checked records out.

Three steps, kept apart: :func:`read_raw` parses each file with a safe YAML loader, keeping the
node tree so a problem can be traced to its line; :func:`validate` checks every record against
the JSON Schema committed beside the data (``data/schema/``) and then checks the records against
each other, collecting *every* problem; :func:`load` turns a clean folder into an
:class:`~meridian.model.Atlas`.

Examples
--------
>>> atlas = load()
>>> [c.code for c in atlas.channels][:3]
['LU', 'LI', 'ST']
>>> validate()
[]
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError, UsageError
from .model import (
    Atlas,
    Category,
    Caution,
    Channel,
    FindingKind,
    Frame,
    FrameAxis,
    Landmark,
    Location,
    Needling,
    Organ,
    OrganRelation,
    OtherCode,
    Point,
    RedFlag,
    RelationWeight,
    Source,
    Technique,
    Vessel,
)

__all__ = ["DATA_FILES", "Problem", "default_data_dir", "load", "normalize_name", "validate", "write_atomic"]

#: The files of a data folder, in the order they are read (each has a schema in ``schema/``).
DATA_FILES: tuple[str, ...] = (
    "sources",
    "organs",
    "channels",
    "frames",
    "vessels",
    "points",
    "findings",
    "relations",
    "red_flags",
    "techniques",
)

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in a data folder, printed as ``file:line: record: field: message``."""

    file: str
    line: int
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.record}: {self.field}: {self.message}"


def _shipped_data_dir() -> Path:
    """The data that ships with meridian: inside an installed wheel (``meridian/data``), else the
    ``data/`` folder of the source tree, which is where an editable install finds it."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data", here.parent.parent / "data"):
        if (candidate / "points.yaml").is_file():
            return candidate
    raise DataError(
        [Problem(str(here / "data"), 0, "(folder)", "(files)", "expected meridian's data (got none)")]
    )


def default_data_dir() -> Path:
    """The data folder used when none is given: ``MERIDIAN_DATA`` when set, else the shipped data."""
    env = os.environ.get("MERIDIAN_DATA")
    return Path(env) if env else _shipped_data_dir()


def normalize_name(text: str) -> str:
    """Fold a name for matching: no tone marks, no spaces, hyphens or case.

    >>> normalize_name("Fèi-shū")
    'feishu'
    >>> normalize_name("Du 14")
    'du14'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[\s\-_'’.]+", "", kept).casefold()


def write_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then move it in place.

    A reader never sees half a file, and a failure leaves no file behind. Returns the path.
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


# -- reading ------------------------------------------------------------------------------------


@dataclass(slots=True)
class _File:
    name: str  # e.g. "points.yaml"
    data: Any
    node: Any  # the YAML node tree, for line numbers

    def line(self, path: Sequence[Any]) -> int:
        """Line (1-based) of the deepest node along ``path`` (indices and keys)."""
        node = self.node
        if node is None:
            return 1
        line: int = node.start_mark.line + 1
        for step in path:
            child = None
            if isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if 0 <= step < len(node.value):
                    child = node.value[step]
            elif isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if key.value == step:
                        line = key.start_mark.line + 1
                        child = value
                        break
            if child is None:
                break
            node = child
            line = int(node.start_mark.line) + 1
        return line


def _parse(path: Path) -> tuple[_File | None, list[Problem]]:
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(name, 0, "(file)", "(file)", "expected the file to exist (got none)")]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(name, 0, "(file)", "(file)", f"expected a readable UTF-8 file (got {exc})")]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else 0
        tag = re.search(r"tag '([^']*)'", str(exc.problem))
        got = tag.group(1) if tag else str(exc.problem)
        msg = f"expected plain YAML data; tags that build objects are refused (got {got})"
        return None, [Problem(name, line, "(file)", "(yaml)", msg)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        msg = f"expected valid YAML (got a syntax error: {exc.problem})"
        return None, [Problem(name, line, "(file)", "(yaml)", msg)]
    except yaml.YAMLError as exc:
        return None, [Problem(name, 0, "(file)", "(yaml)", f"expected valid YAML (got {exc})")]
    finally:
        loader.dispose()
    if not isinstance(data, list):
        got = "an empty file" if data is None else type(data).__name__
        return None, [Problem(name, 1, "(file)", "(top)", f"expected a list of records (got {got})")]
    return _File(name, data, node), []


# -- schema -------------------------------------------------------------------------------------


@cache
def _validator(schema_path: str) -> Any:
    from jsonschema import Draft202012Validator  # imported only when data is checked

    with open(schema_path, encoding="utf-8") as fh:
        schema = json.load(fh)
    # Resolving "$ref" on every record is a third of the checking time: inline the definitions
    # (the committed schema keeps them, for editors and readers).
    return Draft202012Validator(_inline_refs(schema, schema.get("$defs", {})))


def _inline_refs(node: Any, defs: Mapping[str, Any]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            target = _inline_refs(defs[ref.removeprefix("#/$defs/")], defs)
            return {**target, **{k: _inline_refs(v, defs) for k, v in node.items() if k != "$ref"}}
        return {k: _inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


def _schema_path(data_dir: Path, stem: str) -> Path:
    local = data_dir / "schema" / f"{stem}.schema.json"
    if local.is_file():
        return local
    # A clinic's edited copy of the data may leave the schemas out: use the shipped ones.
    return _shipped_data_dir() / "schema" / f"{stem}.schema.json"


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "a mapping",
    "boolean": "true or false",
    "null": "null",
}


def _expected(error: Any) -> tuple[str | None, str]:
    """(field name override, 'expected ... (got ...)') for one jsonschema error."""
    v, schema, inst = error.validator, error.schema, error.instance
    desc = schema.get("description") if isinstance(schema, Mapping) else None
    if v == "required":
        missing = re.match(r"'([^']+)'", error.message)
        return (missing.group(1) if missing else None), "expected a value (got nothing: the field is missing)"
    if v == "additionalProperties":
        extra = sorted(set(inst) - set(schema.get("properties", {})))
        allowed = ", ".join(schema.get("properties", {}))
        return (
            extra[0] if extra else None
        ), f"expected one of the known fields {allowed} (got an unknown field)"
    if desc:
        return None, f"expected {desc} (got {_show(inst)})"
    if v == "type":
        types = error.validator_value
        words = [_TYPE_WORDS.get(t, str(t)) for t in (types if isinstance(types, list) else [types])]
        return None, f"expected {' or '.join(words)} (got {_show(inst)})"
    if v == "enum":
        return None, f"expected one of {', '.join(map(str, error.validator_value))} (got {_show(inst)})"
    if v == "const":
        return None, f"expected {_show(error.validator_value)} (got {_show(inst)})"
    if v in ("minimum", "exclusiveMinimum"):
        return None, f"expected a number of at least {error.validator_value} (got {_show(inst)})"
    if v in ("maximum", "exclusiveMaximum"):
        return None, f"expected a number of at most {error.validator_value} (got {_show(inst)})"
    if v == "minLength":
        return None, f"expected non-empty text (got {_show(inst)})"
    if v == "minItems":
        return None, f"expected at least {error.validator_value} item(s) (got {_show(inst)})"
    if v == "uniqueItems":
        return None, f"expected no repeated items (got {_show(inst)})"
    if v == "pattern":
        return None, f"expected text matching {error.validator_value} (got {_show(inst)})"
    return None, f"expected {error.message}"


def _record_label(data: Any, index: int) -> str:
    if isinstance(data, list) and 0 <= index < len(data) and isinstance(data[index], dict):
        rec = data[index]
        for key in ("code", "id", "kind", "relation"):
            if isinstance(rec.get(key), str):
                return str(rec[key])
    return f"record {index + 1}"


def _field_label(path: Sequence[Any]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "(record)"


def _schema_problems(f: _File, data_dir: Path) -> Iterator[Problem]:
    stem = f.name.removesuffix(".yaml")
    validator = _validator(str(_schema_path(data_dir, stem)))
    for error in validator.iter_errors(f.data):
        path = list(error.absolute_path)
        if not path:
            yield Problem(f.name, 1, "(file)", "(top)", _expected(error)[1])
            continue
        index = path[0]
        field_override, message = _expected(error)
        field_path = path[1:] + ([field_override] if field_override else [])
        line = f.line(path)
        yield Problem(f.name, line, _record_label(f.data, index), _field_label(field_path), message)


# -- building records ---------------------------------------------------------------------------


def _tuple(value: Any) -> tuple[Any, ...]:
    return tuple(value or ())


def _point(rec: dict[str, Any]) -> Point:
    loc = rec["location"]
    lateral = loc["lateral_cun"]
    needling = rec.get("needling")
    return Point(
        code=rec["code"],
        channel=rec["channel"],
        number=rec["number"],
        pinyin=rec["pinyin"],
        pinyin_tones=rec["pinyin_tones"],
        hanzi=rec["hanzi"],
        hanzi_simplified=rec["hanzi_simplified"],
        english=rec["english"],
        aliases=_tuple(rec["aliases"]),
        other_codes=tuple(OtherCode(**c) for c in rec["other_codes"]),
        location=Location(
            region=rec["region"],
            level=loc["level"],
            level_to=loc.get("level_to"),
            lateral_cun=None if lateral is None else float(lateral),
            side=loc["side"],
            text=" ".join(loc["text"].split()),
            frame=loc.get("frame", ""),
            along=float(loc.get("along", 0.0)),
            across=float(loc.get("across", 0.0)),
            estimated=bool(loc.get("estimated", True)),
        ),
        categories=tuple(
            Category(**{**c, "channels": _tuple(c.get("channels")), "vessels": _tuple(c.get("vessels"))})
            for c in rec["categories"]
        ),
        organs=tuple(OrganRelation(o["organ"], o["relation"], _tuple(o["sources"])) for o in rec["organs"]),
        cautions=tuple(Caution(**{**c, "text": " ".join(c["text"].split())}) for c in rec["cautions"]),
        notes=tuple(" ".join(n.split()) for n in rec["notes"]),
        sources=_tuple(rec["sources"]),
        needling=None if needling is None else _needling(needling),
    )


def _needling(rec: dict[str, Any]) -> Needling:
    depth = rec["depth_cun"]
    text = rec["text"]
    return Needling(
        angles=_tuple(rec["angles"]),
        depth_cun=None if depth is None else (float(depth[0]), float(depth[1])),
        text=None if text is None else " ".join(text.split()),
    )


def _frame(rec: dict[str, Any]) -> Frame:
    along, across = rec["along"], rec["across"]
    return Frame(
        id=rec["id"],
        name=rec["name"],
        region=rec["region"],
        along=FrameAxis(along["from"], along["to"], along["cun"], along["unit"], along["min"], along["max"]),
        across=FrameAxis(across["zero"], across["positive"], None, "cun", across["min"], across["max"]),
        landmarks=tuple(Landmark(**m) for m in rec["landmarks"]),
        sources=_tuple(rec["sources"]),
    )


def _channel(rec: dict[str, Any]) -> Channel:
    fields = {
        **rec,
        "aliases": _tuple(rec["aliases"]),
        "shared_aliases": _tuple(rec.get("shared_aliases")),
        "sources": _tuple(rec["sources"]),
    }
    fields["flow"] = " ".join(rec["flow"].split())
    return Channel(**fields)


# -- public -------------------------------------------------------------------------------------


def _read_all(data_dir: Path) -> tuple[dict[str, _File], list[Problem]]:
    files: dict[str, _File] = {}
    problems: list[Problem] = []
    for stem in DATA_FILES:
        parsed, found = _parse(data_dir / f"{stem}.yaml")
        problems += found
        if parsed is not None:
            files[stem] = parsed
    return files, problems


def _collect(folder: Path) -> tuple[dict[str, _File], list[Problem]]:
    """Read and check a folder: the parsed files and every problem, in file and line order."""
    files, problems = _read_all(folder)
    for f in files.values():
        problems += _schema_problems(f, folder)
    from .checks import check_records  # imported here: checks builds on this module's readers

    problems += check_records(files)
    order = {f"{stem}.yaml": k for k, stem in enumerate(DATA_FILES)}
    unique = set(problems)
    return files, sorted(unique, key=lambda p: (order.get(p.file, 99), p.line, p.record, p.field, p.message))


def validate(data_dir: str | os.PathLike[str] | None = None) -> list[Problem]:
    """Every problem in a data folder, in file and line order; an empty list when it is clean.

    Parameters
    ----------
    data_dir
        The folder holding ``points.yaml`` and the other files; :func:`default_data_dir` if None.

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = shutil.copytree(default_data_dir(), folder, dirs_exist_ok=True)
    >>> text = (folder / "points.yaml").read_text(encoding="utf-8")
    >>> _ = (folder / "points.yaml").write_text(text.replace("level: T3", "level: T13", 1), encoding="utf-8")
    >>> for problem in validate(folder):
    ...     print(problem.file, problem.record, problem.field)
    ...     print(problem.message)
    points.yaml BL13 location.level
    expected a vertebral level C1-C7, T1-T12, L1-L5 or S1-S4, or null (got "T13")
    """
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    return _collect(folder)[1]


def _cache_dir() -> Path | None:
    if os.environ.get("MERIDIAN_NO_CACHE"):
        return None
    explicit = os.environ.get("MERIDIAN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "meridian"


def _fingerprint(folder: Path) -> str | None:
    """A hash of everything a load depends on, or None when a file cannot be read."""
    from . import __version__

    digest = hashlib.sha256(__version__.encode())
    try:
        for stem in DATA_FILES:
            digest.update((folder / f"{stem}.yaml").read_bytes())
            digest.update(_schema_path(folder, stem).read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


def _cache_get(key: str) -> dict[str, Any] | None:
    folder = _cache_dir()
    if folder is None:
        return None
    try:
        data: dict[str, Any] = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data


def _cache_put(key: str, data: dict[str, Any]) -> None:
    """Store checked data; a cache that cannot be written is simply not used."""
    folder = _cache_dir()
    if folder is None:
        return
    try:
        text = json.dumps(data, ensure_ascii=False)
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / f"{key}.json", text.encode("utf-8"))
        # Keep the few newest entries (one per data folder in use, typically).
        entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in entries[_CACHE_KEEP:]:
            stale.unlink(missing_ok=True)
    except (OSError, TypeError, ValueError):
        return


_MEMO: dict[str, tuple[str, Atlas]] = {}  # folder -> (fingerprint, atlas): the latest only
_CACHE_KEEP = 8


def load(data_dir: str | os.PathLike[str] | None = None, *, cache: bool = True) -> Atlas:
    """Read, check and return the records of a data folder.

    Checking takes most of the time, so data that was checked clean once is remembered, keyed by a
    hash of the files, the schemas and meridian's version (in ``~/.cache/meridian``, or
    ``MERIDIAN_CACHE_DIR``; ``MERIDIAN_NO_CACHE=1`` turns it off). Any change to a file is a new
    key, so an edited file is always checked again.

    Parameters
    ----------
    data_dir
        The folder holding ``points.yaml`` and the other files; :func:`default_data_dir` if None.
    cache
        False reads and checks the files whatever the cache holds.

    Raises
    ------
    DataError
        When anything is wrong; its ``problems`` list every problem, not only the first.

    Examples
    --------
    >>> atlas = load()
    >>> bl13 = next(p for p in atlas.points if p.code == "BL13")
    >>> bl13.pinyin, bl13.location.level, bl13.location.lateral_cun
    ('Feishu', 'T3', 1.5)
    >>> load() is atlas  # the same files give the same (shared, frozen) records
    True
    """
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    if not folder.is_dir():
        raise UsageError(f"no data folder at {folder}")
    key = _fingerprint(folder) if cache else None
    remembered = _MEMO.get(str(folder))
    if key is not None and remembered is not None and remembered[0] == key:
        return remembered[1]
    # Loading makes many small objects and no reference cycles; left on, the cyclic collector
    # would scan them over and over, which costs more than the load itself and grows faster
    # than the data. It is switched back on at the end.
    collecting = gc.isenabled()
    gc.disable()
    try:
        data = _cache_get(key) if key is not None else None
        if data is None:
            files, problems = _collect(folder)
            if problems:
                raise DataError(list(problems))
            data = {stem: f.data for stem, f in files.items()}
            del files  # the YAML node trees, kept for line numbers, are no longer needed
            if key is not None:
                _cache_put(key, data)
        atlas = _atlas(data, folder)
    finally:
        if collecting:
            gc.enable()
    if key is not None:
        _MEMO[str(folder)] = (key, atlas)
    return atlas


def _atlas(data: Mapping[str, Any], folder: Path) -> Atlas:
    return Atlas(
        sources=tuple(Source(**r) for r in data["sources"]),
        organs=tuple(Organ(**{**r, "sources": _tuple(r["sources"])}) for r in data["organs"]),
        channels=tuple(_channel(r) for r in data["channels"]),
        points=tuple(_point(r) for r in data["points"]),
        findings=tuple(
            FindingKind(**{**r, "suggests": _tuple(r["suggests"]), "sources": _tuple(r["sources"])})
            for r in data["findings"]
        ),
        relations=tuple(RelationWeight(**{**r, "sources": _tuple(r["sources"])}) for r in data["relations"]),
        red_flags=tuple(
            RedFlag(**{**r, "terms": _tuple(r["terms"]), "sources": _tuple(r["sources"])})
            for r in data["red_flags"]
        ),
        techniques=tuple(
            Technique(**{**r, "cautions": _tuple(r["cautions"]), "sources": _tuple(r["sources"])})
            for r in data["techniques"]
        ),
        frames=tuple(_frame(r) for r in data["frames"]),
        vessels=tuple(
            Vessel(**{**r, "flow": " ".join(r["flow"].split()), "sources": _tuple(r["sources"])})
            for r in data["vessels"]
        ),
        origin=str(folder),
    )
