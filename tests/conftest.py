import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
sys.path.insert(0, str(SAMPLES))  # docgen and generate: the document generators

from validator.policy import load_policy  # noqa: E402


def needs(*programs: str):
    """Skip a test whose system program is missing, except in CI (CI=true), where .ci/run
    installs them: there a missing program is a failure, not a quiet skip."""
    missing = [p for p in programs if shutil.which(p) is None]
    if missing and os.environ.get("CI") == "true":
        return pytest.mark.missing_in_ci(*missing)
    return pytest.mark.skipif(bool(missing), reason=f"{', '.join(missing)} not installed (.ci/run installs it)")


def pytest_configure(config):
    config.addinivalue_line("markers", "missing_in_ci(programs): a system program .ci/run should have installed")


def pytest_runtest_setup(item):
    for mark in item.iter_markers("missing_in_ci"):
        pytest.fail(f"CI lacks {', '.join(mark.args)}: .ci/run should have installed it")


@pytest.fixture(scope="session")
def policy():
    return load_policy()


@pytest.fixture(scope="session")
def settings(policy):
    """What the document readers get: limits and OCR settings."""
    return policy.extraction()


def run_cli(*args, cwd=None):
    """Run the installed command as a user would, in a fresh process."""
    return subprocess.run([sys.executable, "-m", "validator", *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          timeout=600)


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory):
    """The CLI over the bundled samples, exactly as the README runs it."""
    out = tmp_path_factory.mktemp("reports")
    expected = json.loads((SAMPLES / "expected.json").read_text())
    proc = run_cli("check", SAMPLES / "inbox", "--members", SAMPLES / "members.csv", "--approvers", SAMPLES / "approvers.csv",
                   "--as-of", expected["as_of"], "--out", out)
    return proc, out, expected


@pytest.fixture
def copy_inbox(tmp_path):
    def copy(*folders):
        inbox = tmp_path / "inbox"
        for name in folders:
            shutil.copytree(SAMPLES / "inbox" / name, inbox / name)
        return inbox
    return copy
