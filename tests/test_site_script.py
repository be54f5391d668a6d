"""The site's pages against hostile text in the data: inlined JSON that no name can end early,
and a Content-Security-Policy on every page that lets only the site's own script run."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

import meridian
from meridian.site import build_site
from meridian.site.search import search_index
from meridian.site.shell import CSP, script_json

HOSTILE = "Joining Valley <!--<script> </script><script>alert(1)</script> & \u2028\u2029 -->"


class _Page(HTMLParser):
    """What a page is made of, as Python's HTML parser reads it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.meta: list[dict[str, str | None]] = []
        self.handlers: list[str] = []
        self.styles = 0
        self.tags: list[str] = []
        self._in: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        if tag == "script":
            self._in = dict(attrs)
            self.scripts.append((self._in, ""))
        elif tag == "meta":
            self.meta.append(dict(attrs))
        elif tag == "style":
            self.styles += 1

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in = None


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def test_script_json_reads_back_and_holds_no_markup():
    data = {"name": HOSTILE, "n": [1, 2.5, None, True]}
    element = script_json(data, "x")
    inner = element.removeprefix('<script type="application/json" id="x">').removesuffix("</script>")
    assert json.loads(inner) == data
    assert not any(c in inner for c in "<>&\u2028\u2029")  # nothing a browser's tokenizer acts on


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """A site built from a copy of the data in which LI4's English name and an alias are markup."""
    import shutil

    data = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(meridian.default_data_dir(), data)
    points = data / "points.yaml"
    text = points.read_text(encoding="utf-8")
    assert "english: Joining Valley\n" in text
    points.write_text(text.replace("english: Joining Valley\n", f"english: {json.dumps(HOSTILE)}\n", 1))
    G = meridian.build_graph(meridian.load(data))
    out = tmp_path_factory.mktemp("site") / "site"
    build_site(G, out, workers=1, pages=[("point", "LI4")])
    return G, out


def test_a_name_that_is_markup_leaves_the_index_whole(hostile_site):
    G, out = hostile_site
    page = _parse(out / "index.html")
    (data,) = [text for attrs, text in page.scripts if attrs.get("id") == "search-data"]
    assert json.loads(data) == search_index(G)  # the inlined data, intact
    assert next(p for p in json.loads(data)["points"] if p[0] == "LI4")[4] == HOSTILE
    assert "<" not in data and "&" not in data
    # The page goes on after the data: the script is loaded and the footer is there.
    sources = [attrs.get("src") for attrs, _ in page.scripts if attrs.get("src")]
    assert sources == ["assets/site.js"] and "footer" in page.tags
    assert page.tags.index("footer") > page.tags.index("script")
    raw = (out / "index.html").read_text(encoding="utf-8")
    assert raw.count("<script") == 2 and raw.count("</script>") == 2  # the name added none
    point = (out / "point" / "LI4.html").read_text(encoding="utf-8")
    assert "<!--<script>" not in point and "&lt;!--&lt;script&gt;" in point  # text, escaped


def test_every_page_carries_the_policy_and_runs_no_inline_script(built_site):
    out, _ = built_site
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 400
    for path in pages:
        page = _parse(path)
        policies = [m for m in page.meta if (m.get("http-equiv") or "").lower() == "content-security-policy"]
        assert [m.get("content") for m in policies] == [CSP], path
        assert page.meta.index(policies[0]) < 3, path  # early in <head>, before anything it governs
        assert page.handlers == [], path  # no onclick= and the like: 'self' would block them
        for attrs, text in page.scripts:  # only the site's own script file, and inert data
            if attrs.get("src"):
                assert attrs["src"].endswith("assets/site.js") and "://" not in attrs["src"], path
                assert text.strip() == "", path
            else:
                assert attrs.get("type") == "application/json", path


def test_the_policy_allows_what_the_pages_load_and_nothing_from_elsewhere(built_site):
    out, _ = built_site
    directives = dict(d.strip().split(" ", 1) for d in CSP.split(";"))
    assert directives["default-src"] == "'none'" and directives["script-src"] == "'self'"
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in CSP
    for path in sorted(out.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for attr in ("src", "href"):  # everything loaded is a relative path within the site
            for tag in ("script", "link"):
                for value in _attr_values(text, tag, attr):
                    assert "://" not in value and not value.startswith("//"), (path, value)
                    assert (path.parent / value).resolve().is_file(), (path, value)


def _attr_values(text: str, tag: str, attr: str) -> list[str]:
    import re

    return re.findall(rf'<{tag}\b[^>]*\b{attr}="([^"]+)"', text)


def test_the_readme_states_the_policy():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert CSP in readme
