"""apigen's packages, discovered: every package under generator/ and the top-level templates/
folder shipped as generator.templates (pyproject.toml's package-dir). Everything else about the
build is in pyproject.toml."""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["generator", "generator.*"]), "generator.templates"])
