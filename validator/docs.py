"""docs/checks.md, generated from the check registry so the docs never drift from the code."""

from __future__ import annotations

from validator.checks import ALIASES, CHECKS


def checks_markdown() -> str:
    out = ["# Checks", "",
           "Generated from the code by `pki-validator checks --markdown > docs/checks.md`; a test fails when this file is out of date.",
           "Check ids are permanent: reports, CI configurations and policies refer to them.", "",
           "| id | severity | fails when |", "|---|---|---|"]
    for chk in CHECKS.values():
        out.append(f"| `{chk.id}` | {chk.severity} | {chk.fails_when} |")
    if ALIASES:
        out += ["", "Renamed ids that still work: " + ", ".join(f"`{old}` → `{new}`" for old, new in sorted(ALIASES.items()))]
    family = None
    for chk in CHECKS.values():
        if chk.family != family:
            family = chk.family
            out += ["", f"## {family}"]
        out += ["", f"### `{chk.id}`", "", f"Severity: **{chk.severity}**" + ("" if chk.mandatory else " (not needed for `ready`)"), "",
                chk.doc]
    return "\n".join(out) + "\n"
