"""pyproject.toml (pip users) and environment.yml (conda users) list the same dependencies."""
import re
import tomllib

import yaml

from analysis.config import PROJECT_ROOT


def _name_and_bound(spec: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?\s*(.*)$", spec)
    name = m.group(1).lower().replace("_", "-")
    return name, m.group(2).replace(" ", "")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["test"] + \
        project["optional-dependencies"]["lab"]
    pip_side = dict(_name_and_bound(s) for s in wanted)

    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    conda_specs = [d for d in env["dependencies"] if isinstance(d, str)]
    conda_side = dict(_name_and_bound(s.replace("=", "==", 1) if re.match(r"^[\w.-]+=\d", s) else s)
                      for s in conda_specs)
    python = conda_side.pop("python")
    conda_side.pop("pip")
    assert python.startswith("=="), "environment.yml pins python"

    # packages that conda-forge lacks are listed in the pip: section
    pip_section = next(d for d in env["dependencies"] if isinstance(d, dict))["pip"]
    assert "-e ." in pip_section, "environment.yml installs this project with pip"
    from_pypi = dict(_name_and_bound(s) for s in pip_section if s != "-e .")
    assert not set(from_pypi) & set(conda_side), "each package is listed once"
    assert {**conda_side, **from_pypi} == pip_side
    assert "conda-forge" in env["channels"]
