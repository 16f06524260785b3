"""Checks against the OpenPeppol membership register."""

from __future__ import annotations

from validator.checks import Fail, Pass, Skip, check
from validator.model import Evidence

NO_REGISTER = "no membership register was given (--members), so membership could not be checked."


def _member(ctx):
    if ctx.members is None:
        return None, Skip(NO_REGISTER)
    seat_id = ctx.value("service_provider.seat_id")
    if seat_id is None:
        return None, Skip("the request gives no seat ID (see request.schema).")
    member = ctx.members.find(seat_id)
    if member is None:
        return None, Skip("the seat ID is not in the register (see membership.unknown).")
    return member, None


def _evidence(ctx, member, **extra) -> tuple[Evidence, ...]:
    return (Evidence(ctx.members.source, location=f"row {member.row}", value=member.seat_id,
                     text=f"{member.seat_id}, {member.legal_name}, {member.status}, past due {member.past_due_amount}", **extra),)


@check("membership.unknown", "error", "the seat ID is not in the membership register")
def unknown(ctx):
    """The service provider must be an OpenPeppol member: its seat ID must be in the register."""
    if ctx.members is None:
        return Skip(NO_REGISTER)
    seat_id = ctx.value("service_provider.seat_id")
    if seat_id is None:
        return Skip("the request gives no seat ID (see request.schema).")
    member = ctx.members.find(seat_id)
    if member is None:
        return Fail(f"The seat ID {seat_id.upper()} is not in the membership register {ctx.members.source}.",
                    (ctx.request_evidence("service_provider.seat_id"),))
    return Pass(f"{member.seat_id} is in the register as {member.legal_name}.", _evidence(ctx, member))


@check("membership.inactive", "error", "the member's status is not active")
def inactive(ctx):
    """Only active members may receive certificates (suspended or terminated members may not)."""
    member, skip = _member(ctx)
    if skip:
        return skip
    if member.status not in [s.lower() for s in ctx.policy.members["active_statuses"]]:
        return Fail(f"{member.seat_id} ({member.legal_name}) has the membership status {member.status!r}, not active.",
                    _evidence(ctx, member))
    return Pass(f"{member.seat_id} is an active member.", _evidence(ctx, member))


@check("membership.fees", "error", "the member has a past-due amount")
def fees(ctx):
    """Members with past-due fees are not served until they pay."""
    member, skip = _member(ctx)
    if skip:
        return skip
    if member.past_due_amount is None:
        return Fail(f"The past-due amount of {member.seat_id} in the register could not be read as a number.",
                    _evidence(ctx, member), severity="warning")
    if member.past_due_amount > 0:
        return Fail(f"{member.seat_id} ({member.legal_name}) has {member.past_due_amount:.2f} in past-due fees.",
                    _evidence(ctx, member))
    return Pass(f"{member.seat_id} has no past-due fees.", _evidence(ctx, member))
