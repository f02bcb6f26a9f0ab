"""security: with `add_security = "bearer"`, make sure a bearer scheme is declared and applied.

The PDP spec declares no security scheme at all, although the real PDP wants the environment
API key as `Authorization: Bearer ...`, and declares `authorization` as a header parameter instead.
The control plane declares `HTTPBearer` per operation. Without that setting (any other API) the
spec's own security stands: none is added, and only requirements naming a scheme the spec does
not declare are dropped.
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


def _own(document: Document, record: Record) -> Document:
    """The spec's security as it is, less requirements that name an undeclared scheme (with
    none left, the key goes: an operation then inherits the document's security)."""
    components = document.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    declared = set(schemes) if isinstance(schemes, dict) else set()
    holders = [(document, "")] + [
        (op, f"/paths/{escape(path)}/{method}") for path, method, op in operations(document)
    ]
    for holder, where in holders:
        found = holder.get("security")
        if not isinstance(found, list):
            continue
        valid = [s for s in found if isinstance(s, dict) and set(s) <= declared]
        if len(valid) == len(found):
            continue
        if valid:
            holder["security"] = valid
        else:
            del holder["security"]
        record.add(f"{where}/security", "dropped requirements naming an undeclared scheme")
    return document


def security(document: Document, ctx: Context, record: Record) -> Document:
    if ctx.api.add_security != "bearer":
        return _own(document, record)
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
