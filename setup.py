"""apigen's packages, discovered: every folder under generator/ and the top-level templates/
folder shipped as generator.templates (pyproject.toml's package-dir), never a hand-kept list.
Everything else about the build is in pyproject.toml."""

from setuptools import find_namespace_packages, setup

# every folder under generator/, a runtime's data folder (runtime/postman, runtime/typescript)
# included, so that setuptools finds nothing importable left out
packages = find_namespace_packages(include=["generator", "generator.*"], exclude=["*__pycache__*"])
# templates/ ships as generator.templates, each kind's folder a package of its own likewise
templates = [f"generator.templates.{p}" for p in find_namespace_packages(where="templates")]
setup(packages=[*packages, "generator.templates", *templates])
