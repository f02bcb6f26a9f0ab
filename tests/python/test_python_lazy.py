"""generator/emit/python/lazy.py: one generated models module as a package of modules loaded
on first use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.emit.python.lazy import split_models

SOURCE = '''"""Models."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from pydantic import BaseModel, Field


class Colour(Enum):
    red = 'red'


class Node(BaseModel):
    children: list[Tree] | None = None
    colour: Colour | None = Colour.red


class Tree(BaseModel):
    root: Node


class Shared(BaseModel):
    name: Annotated[str, Field(title='Name')]


class Left(BaseModel):
    shared: Shared
    tree: Tree


class Right(BaseModel):
    shared: Shared
    Colour: str | None = None  # a field named like a model: no use of it
'''


def _run_package(folder: Path, files: dict[str, str], probe: str) -> None:
    """`files` as the package `models` in `folder`: `probe` runs with warnings as errors, and
    ruff finds nothing."""
    package = folder / "models"
    package.mkdir()
    for name, text in files.items():
        (package / name).write_text(text)
    run = subprocess.run(
        [sys.executable, "-W", "error", "-c", probe], cwd=folder, capture_output=True, text=True
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    ruff = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", "models"],
        cwd=folder, capture_output=True, text=True,
    )  # fmt: skip
    assert ruff.returncode == 0, ruff.stdout


def test_cycles_share_a_module_and_helpers_join_their_only_user(tmp_path: Path) -> None:
    files = split_models(SOURCE)
    homes = {
        name: module
        for module, text in files.items()
        for name in ("Colour", "Node", "Tree", "Shared", "Left", "Right")
        if f"class {name}(" in text
    }
    assert homes["Node"] == homes["Tree"]  # a cycle: one module
    assert homes["Colour"] == homes["Node"]  # used by Node alone: joins it
    assert homes["Tree"] == homes["Left"]  # the tree's only user
    assert homes["Shared"] == "_shared.py"  # two users: a module of its own
    assert homes["Right"] == "_right.py"
    assert "from ._shared import Shared" in files["_right.py"]
    # the imports each module uses, no more
    assert "Field" not in files["_right.py"] and "import Colour" not in files["_right.py"]
    assert "from enum import Enum" not in files["_shared.py"]
    probe = (
        "import sys, models\n"
        "assert not [m for m in sys.modules if m.startswith('models.')]\n"
        "r = models.Right(shared={'name': 'a'}, Colour='b')\n"
        "assert sorted(m for m in sys.modules if m.startswith('models.')) == "
        "['models._right', 'models._shared']\n"
        "left = models.Left(shared={'name': 'a'}, tree={'root': {'children': [{'root': {}}]}})\n"
        "assert left.tree.root.children[0].root.colour is models.Colour.red\n"
        "assert models.__all__ == ['Colour', 'Left', 'Node', 'Right', 'Shared', 'Tree']\n"
    )
    _run_package(tmp_path, files, probe)


SUBCLASS = '''"""Models."""

from __future__ import annotations

from pydantic import BaseModel, RootModel


class Item(BaseModel):
    code: Code | None = None


class Code(RootModel[str]):
    root: str


class Chapter(Item):
    pass


class Music(Item):
    pass
'''


def test_a_subclass_in_another_module_than_its_incomplete_base(tmp_path: Path) -> None:
    """BBC's Nitro API (APIs.guru): `chapter: {$ref: item}` is `class Chapter(Item)`, in a module
    of its own, and Item's field type is defined after it. pydantic resolved Item's forward
    reference in Chapter's module, which does not import it: Chapter never built."""
    files = split_models(SUBCLASS)
    assert "class Chapter(Item)" in files["_chapter.py"]
    assert "Item.model_rebuild()" in files["_chapter.py"]
    assert "model_rebuild" not in files["_item.py"]  # nothing there subclasses another module's
    probe = (
        "import models\n"
        "chapter = models.Chapter.model_validate({'code': 'x'})\n"
        "assert chapter.code is not None and chapter.code.root == 'x', chapter\n"
        "assert isinstance(chapter, models.Item)\n"
        "assert models.Music(code='y').code == models.Code('y')\n"
    )
    _run_package(tmp_path, files, probe)
