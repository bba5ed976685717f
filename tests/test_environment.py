"""pyproject.toml, environment.yml and requirements.lock must not drift apart."""
import re
import tomllib
from importlib import metadata

import pytest
import yaml
from packaging.requirements import Requirement

from analysis import config

LOCK = config.PROJECT_DIR / "requirements.lock"


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _name_and_spec(requirement: str) -> tuple[str, str]:
    m = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(?:\[[^\]]*\])?\s*(.*)", requirement)  # extras: dask[dataframe]
    return _name(m.group(1)), m.group(2).replace(" ", "")


def _project() -> dict:
    return tomllib.loads((config.PROJECT_DIR / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _wanted() -> list[str]:
    project = _project()
    return [*project["dependencies"], *(d for extra in project["optional-dependencies"].values() for d in extra)]


def _environment_specs() -> list[str]:
    env = yaml.safe_load((config.PROJECT_DIR / "environment.yml").read_text(encoding="utf-8"))
    conda, pip = [], []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip.extend(dep["pip"])
        else:
            conda.append(dep)
    return [d for d in conda + pip if _name_and_spec(d)[0] not in {"python", "pip"}]


def _lock() -> dict[str, str]:
    """``name -> version`` of every ``name==version`` line of requirements.lock."""
    pins = {}
    for number, line in enumerate(LOCK.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([A-Za-z0-9_.+!\-]+)", line)
        assert m, f"requirements.lock line {number}: not name==version: {line!r}"
        pins[_name(m.group(1))] = m.group(2)
    return pins


def test_environment_yml_matches_pyproject():
    have = dict(_name_and_spec(d) for d in _environment_specs())
    assert have == dict(_name_and_spec(d) for d in _wanted())


def test_python_versions_agree():
    env = yaml.safe_load((config.PROJECT_DIR / "environment.yml").read_text(encoding="utf-8"))
    assert f"python{_project()['requires-python']}" in env["dependencies"]


@pytest.mark.parametrize("source", ["pyproject.toml", "environment.yml"])
def test_lock_satisfies_the_ranges(source):
    """Every dependency is pinned in requirements.lock, at a version its range admits."""
    pins = _lock()
    specs = _wanted() if source == "pyproject.toml" else _environment_specs()
    for spec in specs:
        req = Requirement(spec)
        name = _name(req.name)
        assert name in pins, f"{source}: {req.name} is not pinned in requirements.lock (run `make lock`)"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"{source}: {spec} but requirements.lock pins {name}=={pins[name]} (run `make lock`)")


def test_lock_is_for_the_python_it_says():
    """The lock is compiled for Python 3.11 on Linux; the project's floor must admit it."""
    from packaging.specifiers import SpecifierSet

    assert SpecifierSet(_project()["requires-python"]).contains("3.11")
    assert "--python-version 3.11" in (config.PROJECT_DIR / "Makefile").read_text(encoding="utf-8")


def test_installed_versions_are_the_locked_ones():
    """The packages whose versions MANIFEST.json records are the locked ones, so figures reproduce.

    Fails on an environment not made by ``make`` (e.g. ``pip install -e .`` alone): reinstall with
    ``pip install -r requirements.lock``.
    """
    from analysis.provenance import PACKAGES

    pins = _lock()
    drift = {}
    for name in PACKAGES:
        if _name(name) not in pins:
            continue  # the package itself
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "not installed"
        if installed != pins[_name(name)]:
            drift[name] = f"{installed} installed, {pins[_name(name)]} locked"
    assert not drift, drift
