"""What the API adds after the client was generated is read, not refused
(generator/runtime/python/_open.py). Against a real server on 127.0.0.1, Permit's generated
package (sync and async) reads a resource attribute whose `type` AttributeType does not list,
keeps the text and sends it back as it came (a value of another type is still an
UnexpectedResponseError); and reads an email configuration of a provider the spec does not name
as the union's unknown variant, its fields kept, while a known provider's answer that does not
fit its variant is still an UnexpectedResponseError."""

from __future__ import annotations

import asyncio
import inspect
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from client_calls import load_package
from helpers import Reply, Request, Server

from generator.runtime.python._open import OpenIntEnum, OpenStrEnum, UnknownVariant

ATTRIBUTES = "/v2/schema/p/e/resources/doc/attributes"


class Colour(OpenStrEnum):
    RED = "red"


class Level(OpenIntEnum):
    ONE = 1


def test_open_bases_take_unlisted_values_of_their_type_only() -> None:
    assert Colour("red") is Colour.RED  # a listed value is the member itself
    blue = Colour("blue")
    assert isinstance(blue, Colour) and blue == "blue" and blue.value == "blue"
    assert repr(blue) == "<Colour.blue: 'blue'>" and str(blue) == "blue"
    assert list(Colour) == [Colour.RED] and "blue" not in Colour.__members__
    assert Level(7) == 7 and Level(7).value == 7 and Level(1) is Level.ONE
    for wrong, enum in ((1, Colour), (None, Colour), ("7", Level), (False, Level), (1.5, Level)):
        with pytest.raises(ValueError):
            enum(wrong)


def _attribute(kind: str | int) -> dict[str, Any]:
    uuid = "00000000-0000-4000-8000-00000000000"
    return {
        "key": "due", "type": kind, "id": f"{uuid}1", "resource_id": f"{uuid}2",
        "resource_key": "doc", "organization_id": f"{uuid}3", "project_id": f"{uuid}4",
        "environment_id": f"{uuid}5", "created_at": "2025-01-01T00:00:00Z",
        "updated_at": "2025-01-01T00:00:00Z", "built_in": False,
    }  # fmt: skip


def _email(provider: str) -> dict[str, Any]:
    uuid = "00000000-0000-4000-8000-00000000000"
    return {
        "email_provider_type": provider, "from_address": "ops@example.com", "api_key": "sk",
        "id": f"{uuid}1", "organization_id": f"{uuid}2", "project_id": f"{uuid}3",
        "environment_id": f"{uuid}4",
    }  # fmt: skip


def route(req: Request) -> Reply:
    path = req.path.split("?")[0]
    if path.endswith("/email_configurations"):  # a provider the spec does not name, or a bad one
        provider = "smtp" if path.split("/")[4] == "bad" else "sendgrid"
        answer: Any = _email(provider)
    elif req.method == "POST":  # echoes the type it was sent
        sent = json.loads(req.body)
        answer = _attribute(sent["type"])
    elif path.endswith("/wrong"):
        answer = _attribute(42)  # not a string: still refused
    else:
        answer = _attribute("uuid")  # a type this client's AttributeType does not list
    return 200, {"Content-Type": "application/json"}, json.dumps(answer).encode()


def _client(
    server: Server, generated: Path, client_class: str, environment: str = "e"
) -> tuple[Any, Any]:
    """(the package, a client of it) answered by `route`."""
    server.routes["*"] = route
    permit = load_package(generated, "permit")
    api = getattr(permit, client_class)(
        api_key="k", base_url=server.url, project="p", environment=environment
    )
    return permit, api


def _run(value: Any) -> Any:
    """A call's result, sync or async."""
    return asyncio.run(value) if inspect.iscoroutine(value) else value


@pytest.mark.parametrize("client_class", ["PermitApi", "AsyncPermitApi"])
def test_a_new_enum_value_in_an_answer_is_read(
    server: Server, generated: Path, client_class: str
) -> None:
    permit, api = _client(server, generated, client_class)
    read = _run(api.resource_attributes.get("doc", "due"))
    assert isinstance(read.type, permit.models.AttributeType) and read.type == "uuid"
    assert read.model_dump(mode="json")["type"] == "uuid"
    # sent back as it came, through the model and through the typed dict
    created = _run(api.resource_attributes.create("doc", {"key": "due", "type": read.type}))
    assert created.type == "uuid"
    body = permit.models.ResourceAttributeCreate(key="due", type=permit.models.AttributeType("x"))
    assert _run(api.resource_attributes.create("doc", body)).type == "x"
    sent = [json.loads(r.body)["type"] for r in server.requests if r.method == "POST"]
    assert sent == ["uuid", "x"]
    with pytest.raises(permit.UnexpectedResponseError) as caught:
        _run(api.resource_attributes.get("doc", "wrong"))
    assert "type" in str(caught.value)
    assert [r.path.split("?")[0] for r in server.requests if r.method == "GET"] == [
        f"{ATTRIBUTES}/due",
        f"{ATTRIBUTES}/wrong",
    ]


class Shape(UnknownVariant):
    variant_tag = "kind"
    known_tags = frozenset({"circle", "square"})


def test_the_package_names_the_open_bases_and_loads_them_on_first_use(generated: Path) -> None:
    """`permit_api.UnknownVariant` (and the enums' bases) is public; importing the package does
    not load _open.py, which brings pydantic's model machinery (about 60 ms)."""
    code = (
        "import sys, permit_api\n"
        "assert 'permit_api._open' not in sys.modules\n"
        "from permit_api import OpenStrEnum, UnknownVariant, models\n"
        "assert issubclass(models.AttributeType, OpenStrEnum)\n"
        "assert issubclass(models.EmailConfigurationReadUnknown, UnknownVariant)\n"
        "assert {'OpenIntEnum', 'OpenStrEnum', 'UnknownVariant'} <= set(permit_api.__all__)\n"
        "try:\n    permit_api.Missing\nexcept AttributeError:\n    pass\n"
        "else:\n    raise AssertionError('a name the package lacks')\n"
    )
    python = generated / "permit" / "clients" / "python"
    run = subprocess.run([sys.executable, "-c", code], cwd=python, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_unknown_variant_takes_only_a_new_tag() -> None:
    read = Shape.model_validate({"kind": "hexagon", "sides": 6})
    assert read.tag == "hexagon" and read.model_extra == {"kind": "hexagon", "sides": 6}
    assert read.model_dump() == {"kind": "hexagon", "sides": 6}
    for known_or_missing in ({"kind": "circle"}, {"sides": 6}, {"kind": 3}, "hexagon"):
        with pytest.raises(ValueError):
            Shape.model_validate(known_or_missing)


@pytest.mark.parametrize("client_class", ["PermitApi", "AsyncPermitApi"])
def test_a_new_union_variant_in_an_answer_is_read(
    server: Server, generated: Path, client_class: str
) -> None:
    permit, api = _client(server, generated, client_class)
    config = _run(api.email_configurations.get()).root
    assert isinstance(config, permit.models.EmailConfigurationReadUnknown)
    assert isinstance(config, permit.UnknownVariant)  # the public base, for generic handling
    assert config.tag == "sendgrid" and config.model_extra["api_key"] == "sk"
    _, bad = _client(server, generated, client_class, environment="bad")
    with pytest.raises(permit.UnexpectedResponseError):  # smtp without its host, port, ...
        _run(bad.email_configurations.get())
