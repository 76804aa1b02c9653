"""The lock files: every dependency pinned with hashes, in step with pyproject.toml, installed."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import PROJECT

LOCKS = {"run": PROJECT / "requirements.lock", "test": PROJECT / "requirements-test.lock"}
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)(?:\s*;\s*([^\\]+?))?\s*\\?$")


def _pins(path) -> dict[str, tuple[str, list[str]]]:
    """name → (version, hashes) of a lock file written by tools/lock.sh."""
    pins: dict[str, tuple[str, list[str]]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            current = canonicalize_name(match.group(1))
            pins[current] = (match.group(2), [])
        elif current and (found := re.search(r"--hash=sha256:([0-9a-f]{64})", line)):
            pins[current][1].append(found.group(1))
    return pins


def _wanted() -> dict[str, list[Requirement]]:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    run = [Requirement(r) for r in project["dependencies"]]
    test = run + [Requirement(r) for r in project["optional-dependencies"]["test"]]
    installers = [
        Requirement(line)
        for line in (PROJECT / "tools" / "lock-installers.in").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return {"run": run + installers, "test": test + installers}


@pytest.mark.parametrize("which", sorted(LOCKS))
def test_every_requirement_is_pinned_with_hashes_within_pyproject(which: str) -> None:
    pins = _pins(LOCKS[which])
    assert pins, f"{LOCKS[which].name} holds no pins"
    for name, (version, hashes) in pins.items():
        assert hashes, f"{name}=={version} has no hash"
    for req in _wanted()[which]:
        name = canonicalize_name(req.name)
        assert name in pins, f"{req} is in pyproject.toml but not in {LOCKS[which].name}"
        assert req.specifier.contains(pins[name][0], prereleases=True), (
            f"{LOCKS[which].name} pins {name}=={pins[name][0]}, pyproject.toml wants {req}: "
            "run tools/lock.sh"
        )


def test_both_locks_pin_the_same_versions() -> None:
    run, test = _pins(LOCKS["run"]), _pins(LOCKS["test"])
    assert {n: v for n, (v, _) in run.items()} == {n: test[n][0] for n in run}


def test_the_installed_packages_are_the_locked_ones() -> None:
    """The README's test command installs from the test lock: what runs is what is locked."""
    differ = {}
    for name, (version, _) in _pins(LOCKS["test"]).items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue  # a marker excluded it on this platform
        if installed != version:
            differ[name] = (installed, version)
    assert differ == {}, f"installed ≠ locked (reinstall with the README's command): {differ}"


def test_the_commands_install_from_the_locks() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements.lock" in readme
    assert "--require-hashes -r requirements-test.lock" in readme
    assert "requirements.lock" in (PROJECT / "deploy" / "README.md").read_text(encoding="utf-8")
