"""apigen: Permit.io's OpenAPI spec into Postman collections, curl cheat-sheets and typed clients."""

__version__ = "0.1.0"
