"""The `servers` normalization pass on small specs of its own."""

from __future__ import annotations

from specs import CTX, spec

from generator.normalize import apply


def test_servers_added_from_config_only_when_missing() -> None:
    out, rec = apply("servers", spec(), CTX)
    assert out["servers"] == [
        {"url": "https://us.example.test", "description": "Test US"},
        {"url": "https://eu.example.test", "description": "Test EU"},
    ]
    assert len(rec.changes) == 2
    kept, rec = apply("servers", spec(servers=[{"url": "https://x.test"}]), CTX)
    assert kept["servers"] == [{"url": "https://x.test"}] and not rec.changes
