"""security: with `add_security` (`"bearer"`, `"basic"` or `"apikey:header|query|cookie:NAME"`),
make sure such a scheme is declared and applied.

The PDP spec declares no security scheme at all, although the real PDP wants the environment
API key as `Authorization: Bearer ...`, and declares `authorization` as a header parameter instead.
The control plane declares `HTTPBearer` per operation. Without that setting (any other API) the
spec's own security stands: none is added, and only requirements naming a scheme the spec does
not declare are dropped. A spec that then declares no scheme at all is said in the report, with
the fix: its artefacts send no credentials.
"""

from __future__ import annotations

from typing import Any

from generator.normalize.base import Context, Document, Record
from generator.schema.pointers import escape, operations

DEFAULT_SCHEME = "HTTPBearer"


def _drop_authorization_params(
    op: dict[str, Any], where: str, record: Record, header: str = "authorization"
) -> None:
    """OpenAPI ignores a header parameter named Authorization; the PDP spec declares one on
    almost every operation, which tools then send as a second, placeholder header. (An API key
    scheme's own header, declared as a parameter too, goes the same way.)"""
    params = op.get("parameters")
    if not isinstance(params, list):
        return
    kept = [
        p
        for p in params
        if not (
            isinstance(p, dict)
            and p.get("in") == "header"
            and str(p.get("name", "")).lower() == header
        )
    ]
    if len(kept) != len(params):
        op["parameters"] = kept
        record.add(
            f"{where}/parameters",
            "removed the Authorization header parameter (the security scheme sends it)",
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


NO_SECURITY = (
    "the spec declares no security scheme: its artefacts send no credentials (if the API "
    'needs a key, set add_security = "bearer", "basic" or "apikey:header:NAME" for it in '
    "apigen.toml, or pass --auth to a config-less run)"
)


def declares_security(document: Document) -> bool:
    components = document.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    return isinstance(schemes, dict) and bool(schemes)


def _wanted(add: str, title: str) -> tuple[str, dict[str, Any]]:
    """The scheme `add_security` asks for: its name and object."""
    if add == "bearer":
        return DEFAULT_SCHEME, {
            "type": "http",
            "scheme": "bearer",
            "description": f"{title} API key, sent as `Authorization: Bearer <key>`.",
        }
    if add == "basic":
        return "HTTPBasic", {
            "type": "http",
            "scheme": "basic",
            "description": f"{title} credentials, `user:password`, sent as HTTP basic auth.",
        }
    _, where, name = add.split(":", 2)
    return "ApiKey", {
        "type": "apiKey",
        "in": where,
        "name": name,
        "description": f"{title} API key, sent in the {where} `{name}`.",
    }


def _existing(schemes: dict[str, Any], wanted: dict[str, Any]) -> str | None:
    """A declared scheme that is the one wanted."""
    for name, scheme in schemes.items():
        if not isinstance(scheme, dict) or scheme.get("type") != wanted["type"]:
            continue
        if wanted["type"] == "http":
            if str(scheme.get("scheme", "")).lower() == wanted["scheme"]:
                return name
        elif (scheme.get("in"), scheme.get("name")) == (wanted["in"], wanted["name"]):
            return name
    return None


def security(document: Document, ctx: Context, record: Record) -> Document:
    if not ctx.api.add_security:
        _own(document, record)
        if not declares_security(document):
            record.add("/components/securitySchemes", NO_SECURITY)
        return document
    components = document.setdefault("components", {})
    schemes = components.setdefault("securitySchemes", {})
    base, wanted = _wanted(ctx.api.add_security, ctx.api.title)
    name = _existing(schemes, wanted)
    if name is None:
        name = base
        while name in schemes:
            name += "_"
        schemes[name] = wanted
        record.add(
            f"/components/securitySchemes/{escape(name)}",
            f"declared a {ctx.api.add_security.split(':')[0]} scheme",
        )
    if "security" not in document:
        document["security"] = [{name: []}]
        record.add("/security", f"applied {name} to every operation without its own security")
    for path, method, op in operations(document):
        header = wanted["name"] if wanted.get("in") == "header" else "authorization"
        _drop_authorization_params(op, f"/paths/{escape(path)}/{method}", record, header.lower())
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
