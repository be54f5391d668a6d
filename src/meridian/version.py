"""The version of meridian: a leaf, so that what records it (the cache key, the exports, the site) need
not import the package façade.
"""

__version__ = "0.1.0"
