"""Records: the frozen dataclasses that hold meridian's data once it is loaded and checked.

The records mirror the YAML files in ``data/`` field for field; :mod:`meridian.io` builds them and
:mod:`meridian.graph` turns them into a graph. Vertebral levels are ordered along the spine by
:data:`LEVELS`.

Examples
--------
>>> level_index("T3") - level_index("T1")
2
>>> levels_between("T11", "L2")
('T11', 'T12', 'L1', 'L2')
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .levels import LEVELS, level_index, levels_between

__all__ = [
    "LEVELS",
    "Atlas",
    "Category",
    "Caution",
    "Channel",
    "Contraindication",
    "FindingKind",
    "Frame",
    "FrameAxis",
    "Landmark",
    "Location",
    "Needling",
    "Organ",
    "OrganRelation",
    "OtherCode",
    "Point",
    "RedFlag",
    "RelationWeight",
    "Source",
    "SymptomWords",
    "Technique",
    "TermGroup",
    "Vessel",
    "level_index",
    "levels_between",
]


@dataclass(frozen=True, slots=True)
class Source:
    """A reference the facts were checked against."""

    id: str
    title: str
    kind: str
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Organ:
    """An organ (zang or fu) or another structure that back points are related to."""

    id: str
    name: str
    kind: str
    pinyin: str
    hanzi: str
    sources: tuple[str, ...]
    phase: str | None = None  # the five-phase correspondence of a zang or fu organ


@dataclass(frozen=True, slots=True)
class Channel:
    """A channel: one of the fourteen, or a group of extra points (``EX-B``, ``EX-HN``)."""

    code: str
    name: str
    pinyin: str
    pinyin_tones: str
    hanzi: str
    hanzi_simplified: str
    kind: str
    aliases: tuple[str, ...]
    organ: str | None
    paired: str | None
    point_count: int | None
    complete: bool
    flow: str
    sources: tuple[str, ...]
    flows_to: str | None = None  # the next channel of the daily cycle
    limb: str | None = None  # hand | foot, for the twelve regular channels
    polarity: str | None = None  # yin | yang
    shared_aliases: tuple[str, ...] = ()  # codes that also name another channel in another school


@dataclass(frozen=True, slots=True)
class Vessel:
    """One of the eight extraordinary vessels, with its confluent point."""

    id: str
    name: str
    pinyin: str
    pinyin_tones: str
    hanzi: str
    hanzi_simplified: str
    channel: str | None  # GV and CV are channels with points of their own
    confluent: str
    coupled: str
    flow: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FrameAxis:
    """One axis of a body frame: from a landmark at 0 to another at ``cun`` B-cun (or levels)."""

    start: str
    end: str
    cun: float | None
    unit: str
    min: float
    max: float


@dataclass(frozen=True, slots=True)
class Landmark:
    """A named place of a frame at its coordinates."""

    id: str
    name: str
    along: float
    across: float


@dataclass(frozen=True, slots=True)
class Frame:
    """A body segment in which points are placed by proportional bone cun (B-cun)."""

    id: str
    name: str
    region: str
    along: FrameAxis
    across: FrameAxis
    landmarks: tuple[Landmark, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Location:
    """Where a point is: its frame and B-cun coordinates there, level and lateral distance, in words."""

    region: str
    level: str | None
    lateral_cun: float | None
    side: str
    text: str
    level_to: str | None = None
    frame: str = ""
    along: float = 0.0
    across: float = 0.0
    estimated: bool = True

    @property
    def levels(self) -> tuple[str, ...]:
        """Every vertebral level the point lies at (several for a segmental point such as Jiaji)."""
        if self.level is None:
            return ()
        return levels_between(self.level, self.level_to or self.level)


@dataclass(frozen=True, slots=True)
class Category:
    """A traditional category of a point, such as back-shu of the lung or the he-sea point."""

    kind: str
    organ: str | None = None
    of: str | None = None
    role: str | None = None
    phase: str | None = None
    vessel: str | None = None
    channels: tuple[str, ...] = ()
    vessels: tuple[str, ...] = ()

    def describe(self) -> str:
        """A short label, e.g. ``back-shu (lung)`` or ``five-shu he-sea (earth)``."""
        if self.kind == "five-shu":
            return f"five-shu {self.role} ({self.phase})"
        if self.kind == "meeting":
            return "meeting (" + ", ".join(self.channels + self.vessels) + ")"
        detail = self.organ or self.of or self.vessel
        return f"{self.kind} ({detail})" if detail else self.kind


@dataclass(frozen=True, slots=True)
class OrganRelation:
    """A traditional link from a point to an organ, with the references that give it."""

    organ: str
    relation: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Caution:
    """A needling or treatment caution, as a flag (``pneumothorax``, ``pregnancy`` ...) and a sentence."""

    flag: str
    text: str


@dataclass(frozen=True, slots=True)
class OtherCode:
    """A code another standard or an older numbering uses for the point."""

    code: str
    system: str
    note: str


@dataclass(frozen=True, slots=True)
class Needling:
    """How a point is needled: angles, a depth range in cun (None when pricked or not needled)."""

    angles: tuple[str, ...]
    depth_cun: tuple[float, float] | None
    text: str | None


@dataclass(frozen=True, slots=True)
class Point:
    """An acupuncture point."""

    code: str
    channel: str
    number: int
    pinyin: str
    pinyin_tones: str
    hanzi: str
    hanzi_simplified: str
    english: str
    aliases: tuple[str, ...]
    other_codes: tuple[OtherCode, ...]
    location: Location
    categories: tuple[Category, ...]
    organs: tuple[OrganRelation, ...]
    cautions: tuple[Caution, ...]
    notes: tuple[str, ...]
    sources: tuple[str, ...]
    needling: Needling | None = None


@dataclass(frozen=True, slots=True)
class FindingKind:
    """A kind of palpation finding (tender, nodule, cold ...) and what it traditionally suggests."""

    kind: str
    label: str
    suggests: tuple[str, ...]
    text: str
    weight: float
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RelationWeight:
    """How much a point-to-organ relation counts when findings are weighed."""

    relation: str
    weight: float
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TermGroup:
    """Terms of which one must be said for a sign that needs several things together."""

    name: str
    terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RedFlag:
    """A warning sign that calls for a doctor before treatment (``emergency`` or ``see-doctor``)."""

    id: str
    text: str
    urgency: str
    action: str
    terms: tuple[str, ...]
    sources: tuple[str, ...]
    min_days: int | None = None
    age_over: int | None = None
    age_under: int | None = None
    together: tuple[TermGroup, ...] = ()
    past_counts: bool = False
    applies_when: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True, slots=True)
class SymptomWords:
    """Words that mean the same in a symptom (``CHEST``: chest, breastbone ...)."""

    id: str
    text: str
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Contraindication:
    """Something about the person that rules out some techniques or points (pregnancy, a pacemaker)."""

    id: str
    text: str
    terms: tuple[str, ...]
    sources: tuple[str, ...]
    #: techniques not to use at all, and caution flags whose points are not to be used
    withholds_techniques: tuple[str, ...] = ()
    withholds_cautions: tuple[str, ...] = ()
    #: (technique id, what to take care of) for techniques that may be used with care
    warns: tuple[tuple[str, str], ...] = ()
    note: str | None = None
    #: true where having had it still counts (a pacemaker fitted last year is still there)
    past_counts: bool = False


@dataclass(frozen=True, slots=True)
class Technique:
    """A treatment technique and the point caution flags that matter for it."""

    id: str
    name: str
    text: str
    cautions: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Atlas:
    """Everything in a data folder, checked: the input of :func:`meridian.build_graph`."""

    sources: tuple[Source, ...]
    organs: tuple[Organ, ...]
    channels: tuple[Channel, ...]
    points: tuple[Point, ...]
    findings: tuple[FindingKind, ...] = ()
    relations: tuple[RelationWeight, ...] = ()
    red_flags: tuple[RedFlag, ...] = ()
    techniques: tuple[Technique, ...] = ()
    symptom_words: tuple[SymptomWords, ...] = ()
    contraindications: tuple[Contraindication, ...] = ()
    frames: tuple[Frame, ...] = ()
    vessels: tuple[Vessel, ...] = ()
    origin: str = field(default="", compare=False)
