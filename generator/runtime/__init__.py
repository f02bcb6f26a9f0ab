"""Code that ships inside generated packages, kept here as ordinary, linted and tested source.

`python/` is copied verbatim into each generated Python client package, beside the `_settings.py`
that apigen renders per API. The fetcher shares `python/_retry.py`'s reading of `Retry-After`.
"""
