"""docs/checks.md is generated from the code; this fails when someone forgets to regenerate it."""

from conftest import ROOT
from validator.docs import checks_markdown


def test_checks_doc_is_up_to_date():
    assert (ROOT / "docs" / "checks.md").read_text() == checks_markdown(), \
        "run: pki-validator checks --markdown > docs/checks.md"


def test_every_check_has_a_documented_rule():
    from validator.checks import CHECKS

    for chk in CHECKS.values():
        assert chk.doc, f"{chk.id} has no docstring"
        assert chk.severity in ("error", "warning")
