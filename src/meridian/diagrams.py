"""What the gallery draws: each diagram's kind, file stem, title, alt text and options, in page order.

Examples
--------
>>> [d.slug for d in DIAGRAMS][:4]
['back', 'channel-BL', 'channel-GV', 'back-lung']
>>> sum(d.kind == "course" for d in DIAGRAMS)
14
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DIAGRAMS", "Diagram"]


@dataclass(frozen=True, slots=True)
class Diagram:
    """One diagram of the gallery: what to draw, its file stem, title and alt text."""

    slug: str
    kind: str  # "back", "channel" (the list diagram), "course", "front" or "point"
    title: str
    alt: str
    channel: str | None = None
    highlight: tuple[str, ...] = ()
    jiaji: bool = False
    cautions: bool = False
    findings: tuple[str, ...] = ()
    point: str | None = None


#: The diagrams of the gallery, in page order.
DIAGRAMS: tuple[Diagram, ...] = (
    Diagram(
        "back",
        "back",
        "The back, C7 to the sacrum",
        "Chart of the back seen from behind with the spinous processes C7 to S4, the scapulae and "
        "iliac crests, the Governor Vessel on the midline and the Bladder lines at 1.5 and 3 cun, "
        "each point labelled with its code and pinyin.",
    ),
    Diagram(
        "channel-BL",
        "channel",
        "The Bladder channel (BL)",
        "The 67 Bladder points in order from the inner corner of the eye to the little toe, grouped "
        "as head, neck, back, leg and foot, each with its categories.",
        channel="BL",
    ),
    Diagram(
        "channel-GV",
        "channel",
        "The Governor Vessel (GV)",
        "The 28 Governor Vessel points in order from below the coccyx up the spine and over the head "
        "to the upper lip, with their categories.",
        channel="GV",
    ),
    Diagram(
        "back-lung",
        "back",
        "Lung: back-shu BL13 and spirit point BL42",
        "Back chart with the points related to the lung highlighted: BL13 (back-shu, level with T3) "
        "and BL42 (outer line, T3).",
        highlight=("lung",),
    ),
    Diagram(
        "back-pericardium",
        "back",
        "Pericardium: back-shu BL14",
        "Back chart with the pericardium's back-shu point BL14 highlighted, level with T4.",
        highlight=("pericardium",),
    ),
    Diagram(
        "back-heart",
        "back",
        "Heart: back-shu BL15 and spirit point BL44",
        "Back chart with the points related to the heart highlighted: BL15 (back-shu, T5) and BL44 "
        "(outer line, T5).",
        highlight=("heart",),
    ),
    Diagram(
        "back-upper-organs",
        "back",
        "The upper back's organs together: lung, pericardium, heart",
        "Back chart with the lung, pericardium and heart points highlighted in three colours, T3 to T5.",
        highlight=("lung", "pericardium", "heart"),
    ),
    Diagram(
        "back-cautions",
        "back",
        "Needling cautions, with Jiaji",
        "Back chart with Jiaji points and a ring round every point that carries a needling caution: "
        "pneumothorax over the thorax, pregnancy at the sacral foramina, organs and the spinal canal "
        "along the midline.",
        jiaji=True,
        cautions=True,
    ),
    Diagram(
        "front",
        "front",
        "The front of the trunk",
        "The front of the trunk with the Conception vessel on the midline, the Kidney, Stomach and "
        "Spleen lines and the front-mu points, each labelled with its code.",
    ),
    Diagram(
        "front-lung-finding",
        "front",
        "A nodule at T3 on the left: the lung's front-mu point LU1",
        "Front chart for a nodule felt at T3, 1.5 cun left of the midline (BL13, back-shu of the "
        "lung): the lung's front-mu point LU1 is highlighted on the left only.",
        findings=("T3:1.5:L@nodule",),
    ),
    *(
        Diagram(f"point-{code}", "point", f"Where {code} is", alt, point=code)
        for code, alt in (
            (
                "ST36",
                "Close view of the front of the knee and shin: ST36 three B-cun below the knee, "
                "with ST35 and ST37 and the dimension lines that place it.",
            ),
            (
                "BL13",
                "Close view of the upper back: BL13 level with T3, 1.5 B-cun from the midline, "
                "with its neighbours and its pneumothorax caution.",
            ),
            (
                "LI4",
                "Close view of the back of the hand: LI4 between the first and second metacarpal "
                "bones, with its neighbours and its pregnancy caution.",
            ),
        )
    ),
    *(
        Diagram(
            f"course-{code}",
            "course",
            f"The {name} channel ({code}) on the body",
            f"The course of the {name} channel drawn on the body through its points in order, "
            "one side labelled with code and pinyin.",
            channel=code,
        )
        for code, name in (
            ("LU", "Lung"),
            ("LI", "Large Intestine"),
            ("ST", "Stomach"),
            ("SP", "Spleen"),
            ("HT", "Heart"),
            ("SI", "Small Intestine"),
            ("BL", "Bladder"),
            ("KI", "Kidney"),
            ("PC", "Pericardium"),
            ("TE", "Triple Energizer"),
            ("GB", "Gallbladder"),
            ("LR", "Liver"),
            ("GV", "Governor Vessel"),
            ("CV", "Conception Vessel"),
        )
    ),
)
