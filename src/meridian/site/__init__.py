"""A static website of the atlas: a page for every point, channel and organ, and a searchable index.

:func:`build_site` writes it (``meridian site -o DIR``); it needs no server. Each page's figures
come from :mod:`meridian.site.figures`, one function per kind of page.

Examples
--------
>>> from meridian.site import BUDGETS
>>> BUDGETS["index"]
300000
"""

from __future__ import annotations

from .build import ASSETS, BUDGETS, build_site, page_weight

__all__ = ["ASSETS", "BUDGETS", "build_site", "page_weight"]
