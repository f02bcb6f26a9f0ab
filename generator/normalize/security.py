"""security: make sure a bearer scheme is declared and applied.

The PDP spec declares no security scheme at all, although the real PDP wants the environment
API key as `Authorization: Bearer ...`, and declares `authorization` as a header parameter instead.
The control plane declares `HTTPBearer` per operation.
"""

from __future__ import annotations

from typing import Any

from generator.normalize.base import Context, Document, Record
from generator.schema.pointers import escape, operations

DEFAULT_SCHEME = "HTTPBearer"


def _bearer_scheme(schemes: dict[str, Any]) -> str | None:
    for name, scheme in schemes.items():
        if (
            isinstance(scheme, dict)
            and scheme.get("type") == "http"
            and str(scheme.get("scheme", "")).lower() == "bearer"
        ):
            return name
    return None


def _drop_authorization_params(op: dict[str, Any], where: str, record: Record) -> None:
    """OpenAPI ignores a header parameter named Authorization; the PDP spec declares one on
    almost every operation, which tools then send as a second, placeholder header."""
    params = op.get("parameters")
    if not isinstance(params, list):
        return
    kept = [
        p
        for p in params
        if not (
            isinstance(p, dict)
            and p.get("in") == "header"
            and str(p.get("name", "")).lower() == "authorization"
        )
    ]
    if len(kept) != len(params):
        op["parameters"] = kept
        record.add(
            f"{where}/parameters",
            "removed the Authorization header parameter (the bearer scheme sends it)",
        )


def security(document: Document, ctx: Context, record: Record) -> Document:
    components = document.setdefault("components", {})
    schemes = components.setdefault("securitySchemes", {})
    name = _bearer_scheme(schemes)
    if name is None:
        name = DEFAULT_SCHEME
        schemes[name] = {
            "type": "http",
            "scheme": "bearer",
            "description": f"{ctx.api.title} API key, sent as `Authorization: Bearer <key>`.",
        }
        record.add(f"/components/securitySchemes/{escape(name)}", "declared a bearer scheme")
    if "security" not in document:
        document["security"] = [{name: []}]
        record.add("/security", f"applied {name} to every operation without its own security")
    for path, method, op in operations(document):
        _drop_authorization_params(op, f"/paths/{escape(path)}/{method}", record)
        security = op.get("security")
        if (
            isinstance(security, list)
            and security
            and all(isinstance(s, dict) and set(s) <= set(schemes) for s in security)
        ):
            continue
        if security == []:
            continue  # explicitly public
        if security is not None:
            op["security"] = [{name: []}]
            record.add(f"/paths/{escape(path)}/{method}/security", "replaced an undeclared scheme")
    return document
