"""Figure layouts: what each kind of figure draws, as plain data (no matplotlib).

One module per kind of figure; the drawing itself lives in :mod:`meridian.draw`.
"""

__all__: list[str] = []
