"""apigen: Permit.io's OpenAPI spec into Postman collections, curl cheat-sheets and typed clients."""

from pathlib import Path

__version__ = "0.1.0"
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
