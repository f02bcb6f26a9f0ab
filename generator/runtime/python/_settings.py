"""Per-API values of a generated client (apigen renders this file for each package; these neutral
values serve linting and the runtime's unit tests)."""

from __future__ import annotations

REGIONS: dict[str, str] = {"local": "http://127.0.0.1:8000"}
DEFAULT_REGION = "local"
API_KEY_ENV = "API_KEY"
# how requests carry the key: kind (bearer, basic: the key is `user:password`, apikey), in
# (header, query, cookie) and the header, parameter or cookie name; None: no credentials
AUTH: dict[str, str] | None = {"kind": "bearer", "in": "header", "name": "Authorization"}
# the other security schemes operations use (an operation names its own), by scheme name
SCHEMES: dict[str, dict[str, str]] = {}
API_URL_ENV = "API_URL"  # a base URL used when neither base_url nor region is given
USER_AGENT = "runtime-tests/0 (apigen)"
ERROR_CLASS = "ApiError"
# path variable role -> its wire name, for error messages
PATH_VARIABLES: dict[str, str] = {"project": "proj_id", "environment": "env_id"}
# the path answering the key's own scope ({"project_id": ..., "environment_id": ...}); "" for none
SCOPE_PATH = ""
