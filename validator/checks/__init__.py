"""The checks: pure functions over one request's loaded and extracted data.

Each check is registered with a permanent id (public interface: reports, CI configs and
policies refer to it), a default severity and a one-line "fails when". A check returns
Pass, Fail or Skip; the runner stamps the id and severity, as yamllint's linter does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from validator.model import Evidence, Outcome, outcome_sort_key


@dataclass(frozen=True)
class Pass:
    message: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Fail:
    message: str
    evidence: tuple[Evidence, ...] = ()
    severity: str | None = None  # None: the check's default


@dataclass(frozen=True)
class Skip:
    """The check could not run; the reason says why (usually another check's failure)."""

    reason: str


@dataclass(frozen=True)
class Check:
    id: str
    severity: str
    fails_when: str
    func: Callable
    mandatory: bool
    family: str

    @property
    def doc(self) -> str:
        return (self.func.__doc__ or "").strip()


CHECKS: dict[str, Check] = {}
# Renamed check ids keep working: old id -> current id.
ALIASES: dict[str, str] = {}


def check(id: str, severity: str, fails_when: str, mandatory: bool = True):
    def register(func):
        if id in CHECKS:
            raise ValueError(f"check id {id} registered twice")
        CHECKS[id] = Check(id, severity, fails_when, func, mandatory, id.split(".")[0])
        return func

    return register


def run_checks(ctx) -> list[Outcome]:
    outcomes = []
    for chk in CHECKS.values():
        try:
            result = chk.func(ctx)
        except Exception as exc:  # a bug in one check must not cost the request its other results
            result = Fail(f"The check {chk.id} failed to run ({type(exc).__name__}: {exc}); a person must check this by hand.",
                          severity="error")
        if isinstance(result, Pass):
            outcomes.append(Outcome(chk.id, "passed", None, result.message, result.evidence))
        elif isinstance(result, Fail):
            outcomes.append(Outcome(chk.id, "failed", result.severity or chk.severity, result.message, result.evidence))
        else:
            outcomes.append(Outcome(chk.id, "skipped", None, result.reason))
    # A mandatory check that did not run, with nothing else found, must not let the request look
    # ready: it becomes a warning so that a person looks (no "ready" without positive evidence).
    if not any(o.is_finding for o in outcomes):
        outcomes = [
            Outcome(o.check, "failed", "warning", f"Could not be checked: {o.message}")
            if o.status == "skipped" and CHECKS[o.check].mandatory else o
            for o in outcomes
        ]
    return sorted(outcomes, key=outcome_sort_key)


VERDICTS = ("ready", "needs_review", "not_ready")
ACTIONS = {
    "ready": "Approve for issuing",
    "needs_review": "Manual review by the PA Certificate Approver",
    "not_ready": "Request Not Approved",
}


def derive_verdict(outcomes: list[Outcome]) -> str:
    findings = [o for o in outcomes if o.is_finding]
    if any(o.severity == "error" for o in findings):
        return "not_ready"
    if findings:
        return "needs_review"
    if any(o.status != "passed" and CHECKS[o.check].mandatory for o in outcomes):
        return "needs_review"  # unreachable by construction (see run_checks); kept as a guard
    return "ready"


def recommended_action(verdict: str, outcomes: list[Outcome]) -> str:
    action = ACTIONS[verdict]
    if verdict == "not_ready":
        reasons = "; ".join(f"{o.check}: {o.message}" for o in outcomes if o.is_finding and o.severity == "error")
        return f"{action}. Reasons: {reasons}"
    if verdict == "needs_review":
        points = "; ".join(f"{o.check}" for o in outcomes if o.is_finding)
        return f"{action}: confirm {points}"
    return action


from validator.checks import request, attachments, annex1, registration, membership  # noqa: E402,F401  (registers)
