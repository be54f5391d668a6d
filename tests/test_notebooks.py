"""The teaching notebooks run top to bottom in a real Jupyter kernel, and read like lessons."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


def test_the_four_lessons_are_there():
    assert [p.name for p in NOTEBOOKS] == [
        "01-tour.ipynb",
        "02-from-tender-spot-to-organ.ipynb",
        "03-drawing-channels.ipynb",
        "04-exercises.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_shape(path):
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "outputs are stripped"
            assert len(cell.source.splitlines()) <= 15, "short cells, one idea each"
            # only the public API: no private names of meridian
            assert not re.search(r"meridian(\.\w+)*\._", cell.source)


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path, tmp_path):
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "Not quite" not in text  # the exercises' answers agree with the graph
    images = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if "image/svg+xml" in o.get("data", {})
    ]
    drawn = sum(bool(re.search(r"\bdraw_\w+\(", c.source)) for c in nb.cells if c.cell_type == "code")
    assert len(images) >= drawn - 1  # every drawing shows (the last cell of 03 only saves files)
    if path.name in ("02-from-tender-spot-to-organ.ipynb", "03-drawing-channels.ipynb"):
        assert images and all(o["data"]["image/svg+xml"].lstrip().startswith("<?xml") for o in images)


SOLUTIONS = (
    Path(__file__).resolve().parent.parent / "notebooks" / "solutions" / "04-exercises-solutions.ipynb"
)


def test_the_exercise_sheet_leaves_the_answers_blank_and_keeps_the_solutions_apart():
    sheet = nbformat.read(NOTEBOOKS[3], as_version=4)
    solved = nbformat.read(SOLUTIONS, as_version=4)
    answers = [c.source for c in sheet.cells if c.cell_type == "code" and c.source.startswith("answer = ")]
    assert len(answers) >= 8 and all(a == "answer = ..." for a in answers)
    worked = [c.source for c in solved.cells if c.cell_type == "code" and c.source.startswith("answer = ")]
    assert len(worked) == len(answers) and "answer = ..." not in worked
    checks = [c.source for c in sheet.cells if c.cell_type == "code" and "check(" in c.source]
    assert checks and not any("assert" in c for c in checks)  # checks print, they never raise


@pytest.mark.slow
def test_every_worked_answer_is_correct(tmp_path):
    from nbclient import NotebookClient

    nb = nbformat.read(SOLUTIONS, as_version=4)
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    said = [o.get("text", "").strip() for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert said and all(text == "Correct." for text in said)
