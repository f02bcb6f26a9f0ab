"""The generated Python clients' runtime. `_settings.py` here holds neutral values for linting and
unit tests; each generated package gets its own, rendered from `templates/python/_settings.py.j2`."""
