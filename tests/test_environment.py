"""pyproject.toml and environment.yml must not drift apart."""
import re
import tomllib

import yaml

from analysis import config


def _name_and_spec(requirement: str) -> tuple[str, str]:
    m = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", requirement)
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((config.PROJECT_DIR / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    env = yaml.safe_load((config.PROJECT_DIR / "environment.yml").read_text(encoding="utf-8"))
    conda, pip = [], []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip.extend(dep["pip"])
        else:
            conda.append(dep)
    have = dict(_name_and_spec(d) for d in conda + pip if not d.startswith(("python", "pip")) or d.startswith("pip:"))
    have = {k: v for k, v in have.items() if k not in {"python", "pip"}}
    assert have == dict(_name_and_spec(d) for d in wanted)


def test_python_versions_agree():
    project = tomllib.loads((config.PROJECT_DIR / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    env = yaml.safe_load((config.PROJECT_DIR / "environment.yml").read_text(encoding="utf-8"))
    assert f"python{project['requires-python']}" in env["dependencies"]
