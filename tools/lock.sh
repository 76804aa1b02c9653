#!/usr/bin/env sh
# Refresh the lock files from pyproject.toml (run after changing a dependency, then commit both):
#   requirements-test.lock  the package, its test extra and the installers, with hashes;
#   requirements.lock       the same versions without the test extra (what the dashboard runs).
# Needs uv (`pip install uv`) and the package index; pins for Python 3.11 on every platform.
set -eu
cd "$(dirname "$0")/.."
uv pip compile pyproject.toml tools/lock-installers.in --extra test --universal \
    --python-version 3.11 --generate-hashes --quiet -o requirements-test.lock
uv pip compile pyproject.toml tools/lock-installers.in --universal \
    --python-version 3.11 --generate-hashes --quiet -c requirements-test.lock -o requirements.lock
