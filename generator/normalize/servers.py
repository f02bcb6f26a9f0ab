"""servers: a spec without `servers` leaves tools printing `/` or `undefined` as the host.

Adds the regions configured in apigen.toml. Permit's specs declare none: the control plane gets
US and EU, the PDP local and cloud.
"""

from __future__ import annotations

from generator.normalize.base import Context, Document, Record


def servers(document: Document, ctx: Context, record: Record) -> Document:
    if document.get("servers") or not ctx.api.regions:
        return document  # the spec's own servers, or none configured: the model derives them
    document["servers"] = [{"url": r.url, "description": r.name} for r in ctx.api.regions]
    for region in ctx.api.regions:
        record.add("/servers", f"added {region.key}: {region.url}")
    return document
