"""apigen: OpenAPI specs (Permit.io's, as apigen.toml configures them) into Postman collections,
curl cheat-sheets and typed clients."""

from pathlib import Path

__version__ = "0.1.0"
_HERE = Path(__file__).resolve().parent
# Installed from a wheel: the templates are a folder of the package. In a checkout (and the
# editable install) they are the top-level templates/ folder.
TEMPLATES = _HERE / "templates" if (_HERE / "templates").is_dir() else _HERE.parent / "templates"
