"""Resource-style client names (generator/naming.py) and the SDK evidence behind Permit's
(overlays/permit-sdk-calls.toml): the rule, its collisions, the configuration's names and
moves, and how many of permit-node's and permit-python's calls the clients spell the same."""

from __future__ import annotations

import dataclasses
import functools
import json
import tomllib
from typing import Any

import pytest
from helpers import PERMIT_SPEC, ROOT
from specs import API, op, spec

from generator.config import load_config
from generator.diff import client_names
from generator.errors import UsageError
from generator.model import build_api
from generator.naming import method_names, short_name
from generator.normalize import Context, normalize
from generator.plan import ClientPlan, build_plan


@pytest.mark.parametrize(
    ("tag", "operation", "expected"),
    [
        ("Users", "create_user", "create"),
        ("Users", "list_users", "list"),
        ("Role Assignments", "assign_role", "assign"),
        ("Role Assignments", "list_role_assignments", "list"),
        ("Roles", "assign_permissions_to_role", "assign_permissions"),
        ("Roles", "remove_permissions_from_role", "remove_permissions"),
        ("Policies", "get_policy", "get"),  # -ies / -y
        ("Access", "grant_access", "grant"),  # -ss is not a plural
        ("Tenants", "list_tenant_users", "list_users"),
        ("Users", "user", ""),  # nothing left
        ("Users", "users_2fa", ""),  # a digit first
    ],
)
def test_the_rule_drops_the_groups_words(tag: str, operation: str, expected: str) -> None:
    assert short_name(tag, operation) == expected


def test_collisions_fall_back_to_the_full_names() -> None:
    ops = [("list_users", "GET /u"), ("list_user", "GET /v"), ("create_user", "POST /u")]
    assert method_names("Users", ops, {}) == {
        "list_users": "list_users",
        "list_user": "list_user",
        "create_user": "create",
    }
    # a short name equal to another operation's full id falls back too
    ops = [("get_user", "GET /u/{id}"), ("get", "GET /x")]
    assert method_names("Users", ops, {}) == {"get_user": "get_user", "get": "get"}


def test_configured_names_win_and_the_result_is_deterministic() -> None:
    ops = [("replace_user", "PUT /u/{id}"), ("sync_user", "POST /sync")]
    names = method_names("Users", ops, {"PUT /u/{id}": "sync"})
    assert names == {"replace_user": "sync", "sync_user": "sync_user"}
    assert method_names("Users", list(reversed(ops)), {"PUT /u/{id}": "sync"}) == names


def _tiny(**names: Any) -> ClientPlan:
    document = spec(
        {
            "/things": {
                "get": op("list_things", tags=["Things"]),
                "post": op("create_thing", tags=["Things"]),
            },
            "/bulk/things": {"post": op("bulk_create_things", tags=["Bulk"])},
        }
    )
    document["tags"] = [{"name": "Things"}, {"name": "Bulk"}]
    config = dataclasses.replace(API, **names)
    return build_plan(build_api(config, normalize(document, Context(config)).document), config)


def test_config_renames_groups_and_moves_operations() -> None:
    plan = _tiny(
        group_names={"Things": "items"},
        method_names={"POST /bulk/things": "items.bulk_create"},
    )
    groups = {g.client_name: [o.client_name for o in g.operations] for g in plan.groups}
    assert groups == {"items": ["list", "create", "bulk_create"]}  # Bulk is left empty
    with pytest.raises(UsageError, match="no group 'nowhere'"):
        _tiny(method_names={"POST /bulk/things": "nowhere.bulk_create"})
    with pytest.raises(UsageError, match=r"things\.create names two operations"):
        _tiny(method_names={"POST /bulk/things": "things.create"})


@functools.cache
def _permit() -> tuple[Any, ClientPlan]:
    cfg = load_config(ROOT / "apigen.toml").apis["permit"]
    document = normalize(json.loads(PERMIT_SPEC.read_text()), Context(cfg)).document
    model = build_api(cfg, document)
    return model, build_plan(model, cfg)


def test_permit_names_are_unique_and_resource_style() -> None:
    model, plan = _permit()
    names = client_names(model, load_config(ROOT / "apigen.toml").apis["permit"])
    assert len(names) == 251 and len(set(names.values())) == 251  # 0 collisions
    for call in ("users.create", "users.list", "users.get", "users.sync", "tenants.create"):
        assert call in names.values()
    assert "role_assignments.assign" in names.values()
    sync = next(o for g in plan.groups for o in g.operations if o.client_name == "sync")
    assert sync.created == "user" and sync.http_method == "put"


def _camel(name: str) -> str:
    words = name.split("_")
    return words[0] + "".join(w.capitalize() for w in words[1:])


def test_at_least_nine_in_ten_sdk_calls_are_spelled_the_same() -> None:
    """The evidence: every permit-node and permit-python API call (tools/sdk_calls.py read their
    sources), and the generated method that reaches the same endpoint."""
    model, _ = _permit()
    names = client_names(model, load_config(ROOT / "apigen.toml").apis["permit"])
    data = tomllib.loads((ROOT / "overlays" / "permit-sdk-calls.toml").read_text())
    assert data["sdks"] == {
        "permit-node": "typescript", "permit-python": "python", "permit-golang": "go"
    }  # fmt: skip
    for sdk in (
        "permit-node",
        "permit-python",
    ):  # the Go client's: tests/emit/test_readme_sdk_table.py
        calls = [c for c in data["calls"] if c["sdk"] == sdk]
        assert len(calls) >= 90
        same = 0
        for call in calls:
            group, method = names[call["operation"]].split(".")
            ours = (
                f"{_camel(group)}.{_camel(method)}" if sdk == "permit-node" else f"{group}.{method}"
            )
            same += ours == call["call"]
        assert same / len(calls) >= 0.9, (sdk, same, len(calls))
