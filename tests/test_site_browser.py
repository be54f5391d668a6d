"""The website in a real browser: headless Chromium driven by Selenium and Debian's chromedriver.

Skipped, with the reason, on a machine without selenium (``pip install selenium``), Chromium or
chromedriver (``apt-get install chromium chromium-driver``).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

pytestmark = pytest.mark.slow

SAMPLE = (
    "index.html",
    "sources.html",
    "organ/lung.html",
    "organ/diaphragm.html",
    "organ/gao_huang.html",
    "channel/BL.html",
    "channel/EX-B.html",
    "point/BL13.html",
    "point/LI4.html",
    "point/EX-HN3.html",
    "point/GV14.html",
    "point/KI1.html",
)


def _find(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name) or (f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    webdriver = pytest.importorskip(
        "selenium.webdriver", reason="selenium is not installed (pip install selenium)"
    )
    chromium = _find("chromium", "chromium-browser", "google-chrome")
    driver = _find("chromedriver")
    if chromium is None:
        pytest.skip("no Chromium on this machine (apt-get install chromium)")
    if driver is None:
        pytest.skip("no chromedriver on this machine (apt-get install chromium-driver)")
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = chromium
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path_factory.mktemp('profile')}", "--window-size=1280,900",
    ):  # fmt: skip
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # The driver is given outright, so Selenium never tries to fetch one.
    d = webdriver.Chrome(service=Service(executable_path=driver), options=options)
    d.set_page_load_timeout(60)
    yield d
    d.quit()


def _open(browser, out: Path, page: str, width: int = 1280, dark: bool = False) -> None:
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    scheme = "dark" if dark else "light"
    browser.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]}
    )
    browser.get((out / page).resolve().as_uri())
    browser.get_log("browser")  # what loading this page logged is read by the caller, if it wants


def _errors(browser) -> list[str]:
    return [e["message"] for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]


def test_pages_load_without_console_errors_and_their_links_exist(browser, built_site):
    out, _ = built_site
    for page in SAMPLE:
        browser.get_log("browser")
        browser.get((out / page).resolve().as_uri())
        assert _errors(browser) == [], page
        hrefs = browser.execute_script("return Array.from(document.querySelectorAll('a[href]'), a => a.href)")
        for href in hrefs:
            url = urlparse(href)
            if url.scheme == "file":
                assert Path(unquote(url.path)).is_file(), (page, href)
            else:
                assert url.scheme in ("http", "https"), (page, href)


def _search(browser, text: str) -> list[str]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    box = browser.find_element(By.ID, "q")
    box.clear()
    box.send_keys(text)
    WebDriverWait(browser, 10).until(
        lambda d: (
            d.execute_script("return document.getElementById('results').getAttribute('data-for')") == text
        )
    )
    return browser.execute_script(
        "return Array.from(document.querySelectorAll('#results a'), a => a.getAttribute('href'))"
    )


def test_search_finds_points_by_any_name_or_code(browser, built_site):
    out, _ = built_site
    _open(browser, out, "index.html")
    assert _errors(browser) == []
    for text, first in (
        ("hegu", "point/LI4.html"),
        ("Hégǔ", "point/LI4.html"),
        ("合谷", "point/LI4.html"),
        ("joining valley", "point/LI4.html"),
        ("li-4", "point/LI4.html"),
        ("UB13", "point/BL13.html"),
        ("Du14", "point/GV14.html"),
        ("liv3", "point/LR3.html"),
        ("GV29", "point/EX-HN3.html"),
        ("fei shu", "point/BL13.html"),
    ):
        hits = _search(browser, text)
        assert hits and hits[0] == first, (text, hits[:3])
    assert set(_search(browser, "P6")[:2]) == {"point/LU6.html", "point/PC6.html"}  # never chosen silently
    assert set(_search(browser, "liver")[:2]) == {"channel/LR.html", "organ/liver.html"}
    from selenium.webdriver.common.keys import Keys

    browser.find_element("id", "q").clear()
    browser.find_element("id", "q").send_keys("hegu", Keys.ENTER)
    assert browser.current_url.endswith("/point/LI4.html")
    _open(browser, out, "index.html")
    browser.get((out / "index.html").resolve().as_uri() + "?q=hegu")
    hits = browser.execute_script(
        "return Array.from(document.querySelectorAll('#results a'), a => a.getAttribute('href'))"
    )
    assert hits[:1] == ["point/LI4.html"]


def test_deep_links_open_the_point_page(browser, built_site):
    out, _ = built_site
    index = (out / "index.html").resolve().as_uri()
    for fragment, page in (
        ("BL13", "point/BL13.html"),
        ("EX-HN3", "point/EX-HN3.html"),
        ("hegu", "point/LI4.html"),
    ):
        browser.get(index + "#" + fragment)
        assert browser.current_url.endswith("/" + page), fragment
    browser.get(index + "#channels")
    assert browser.current_url.endswith("index.html#channels")


def test_keyboard_reaches_a_point_and_shows_its_name(browser, built_site):
    out, _ = built_site
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    _open(browser, out, "point/ST36.html")
    ActionChains(browser).send_keys(Keys.TAB).perform()
    assert browser.execute_script("return document.activeElement.textContent") == "Skip to the content"
    for _ in range(40):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        if browser.execute_script("return document.activeElement.matches('g.point')"):
            break
    else:
        pytest.fail("the keyboard never reached a point of the figure")
    label = browser.execute_script("return document.activeElement.getAttribute('aria-label')")
    shown = browser.execute_script("return document.querySelector('.focus-name').textContent")
    assert label and shown == label and label.split()[0][:2].isalpha()
    ActionChains(browser).send_keys(Keys.ENTER).perform()  # a neighbour opens its page
    code = label.split()[0]
    if code != "ST36":
        assert browser.current_url.endswith(f"/point/{code}.html")


@pytest.mark.parametrize("width", [390, 1280])
def test_layouts_fit_their_width_with_readable_text(browser, built_site, width):
    out, _ = built_site
    for page in ("index.html", "point/BL13.html", "channel/BL.html", "organ/lung.html", "sources.html"):
        _open(browser, out, page, width=width)
        scroll, inner = browser.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert scroll <= inner, (page, width, scroll, inner)
        smallest = browser.execute_script(
            """
            let least = 99;
            const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            while (walk.nextNode()) {
              const el = walk.currentNode.parentElement;
              if (!walk.currentNode.textContent.trim() || el.closest('svg, script, style, .vh, [hidden]')) continue;
              const box = el.getBoundingClientRect();
              if (!box.width || getComputedStyle(el).visibility === 'hidden') continue;
              least = Math.min(least, parseFloat(getComputedStyle(el).fontSize));
            }
            return least;
            """
        )
        assert smallest >= 12, (page, width, smallest)


def test_dark_theme_has_no_white_slab(browser, built_site):
    out, _ = built_site
    _open(browser, out, "organ/lung.html", dark=True)
    colours = browser.execute_script(
        """
        const fig = document.querySelector('.fig svg');
        const text = fig.querySelector('text');
        const fills = Array.from(fig.querySelectorAll('path, use, rect'), e => getComputedStyle(e).fill)
          .filter(f => f.startsWith('rgb('));
        return [getComputedStyle(document.body).backgroundColor, getComputedStyle(text).fill, fills];
        """
    )
    background, text, fills = colours
    assert background == "rgb(20, 23, 27)"

    def light(rgb: str) -> float:
        r, g, b = (int(v) for v in rgb[4:-1].split(","))
        return (r + g + b) / 3

    from meridian.site.svg import DARK_BG, contrast

    hexed = "#" + "".join(f"{int(v):02x}" for v in text[4:-1].split(","))
    assert contrast(hexed, DARK_BG) >= 4.5 and light(text) > 110  # light ink on the dark page
    assert fills and max(light(f) for f in fills) < 240  # nothing painted white
    bright = [f for f in fills if light(f) > 200]
    assert len(bright) <= len(fills) * 0.05


def test_a_figure_enlarges_to_readable_labels_inside_its_own_scroll(browser, built_site):
    out, _ = built_site
    from selenium.webdriver.common.by import By

    smallest = """
        const fig = document.querySelector('.fig svg');
        return Math.min(...Array.from(fig.querySelectorAll('text'),
          t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a));
    """
    for page in ("organ/lung.html", "point/BL13.html", "channel/BL.html"):
        _open(browser, out, page, width=390)
        before = browser.execute_script(smallest)
        zoom = browser.find_element(By.CSS_SELECTOR, ".fig button.zoom")
        assert zoom.is_displayed() and before < 12, page
        zoom.click()
        assert zoom.get_attribute("aria-pressed") == "true"
        assert browser.execute_script(smallest) >= 11.9, page
        wide, inner, box, content, right = browser.execute_script(
            "const s = document.querySelector('.fig-scroll');"
            "return [document.documentElement.scrollWidth, window.innerWidth, s.clientWidth, s.scrollWidth,"
            " document.querySelector('.fig button.zoom').getBoundingClientRect().right]"
        )
        assert wide <= inner and content > box and right <= inner, page  # the figure scrolls, not the page
