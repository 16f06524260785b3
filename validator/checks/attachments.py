"""Checks that the mandatory attachments are there and readable."""

from __future__ import annotations

from validator.checks import Fail, Pass, check
from validator.checks.context import describe, document_evidence
from validator.model import Evidence


def _what_was_found(ctx) -> str:
    found = [describe(d) for d in ctx.documents]
    return "; ".join(found) if found else "no attachments at all"


def _not_found(ctx, what: str, missing: str) -> Fail:
    """No such document: a warning when a scan nobody could read may be it, else an error."""
    evidence = tuple(document_evidence(d, value=d.problem) for d in ctx.documents)
    scans = ctx.of_kind("scan")
    if scans:
        names = ", ".join(d.file for d in scans)
        return Fail(f"No {what} in the readable attachments; {names} has no text layer and may be the {what}: "
                    f"a person must read it.", evidence, severity="warning")
    return Fail(f"{missing} (found: {_what_was_found(ctx)}).", evidence)


@check("attachments.annex1", "error", "no readable Annex 1 among the attachments")
def annex1(ctx):
    """An up-to-date Annex 1 (Contact Points) is a mandatory attachment. The Annex 1 is found by
    its content, whatever the file is called. A scan that may be the Annex 1 makes this a warning
    (a person must read it); a v4 agreement annex, a cover letter or a damaged file is not an Annex 1.
    """
    doc = ctx.annex1
    if doc is not None:
        return Pass(f"{doc.file} is an Annex 1 ({doc.description}).", (document_evidence(doc),))
    v4 = ctx.of_kind("agreement_v4")
    if v4:
        return Fail(f"No Annex 1 among the attachments: {v4[0].file} is {v4[0].description}. "
                    f"Ask for the 2017 Annex 1 with section 4.6 on the PA's template.",
                    tuple(document_evidence(d, value=d.problem) for d in ctx.documents))
    return _not_found(ctx, "Annex 1", "No readable Annex 1 among the attachments")


@check("attachments.registration", "error", "no readable company registration document among the attachments")
def registration(ctx):
    """A company registration document (an extract of the national business register) is a
    mandatory attachment. Recognised in English, German, Dutch, Norwegian, Swedish, Danish,
    Italian and French.
    """
    doc = ctx.registration
    if doc is not None:
        return Pass(f"{doc.file} is {doc.description}.", (document_evidence(doc),))
    return _not_found(ctx, "registration extract", "No readable company registration document among the attachments")


@check("attachments.unreadable", "warning", "an attachment could not be read (damaged, encrypted, empty, unsupported): warning, and the reason")
def unreadable(ctx):
    """Every attachment should be readable. A damaged, encrypted, empty or unsupported file, a
    symbolic link, or a file beyond the size limits is reported with the reason; the other
    attachments are still read.
    """
    bad = [d for d in ctx.documents if d.kind == "unreadable"]
    refused = [a for a in ctx.request.attachments if a.refused]
    if not bad and not refused:
        return Pass(f"All {len(ctx.documents)} attachment(s) could be opened.")
    parts = [f"{d.file}: {d.problem} ({d.description})" for d in bad] + [f"{a.name}: not read ({a.refused})" for a in refused]
    evidence = tuple(Evidence(d.file, value=d.problem, text=d.description) for d in bad) + \
        tuple(Evidence(a.name, value="refused", text=a.refused) for a in refused)
    return Fail("Could not read: " + "; ".join(parts) + ".", evidence)


@check("attachments.scan", "warning", "an attachment has no text layer (a scan or an image) and OCR could not read it", mandatory=False)
def scan(ctx):
    """Scans (image-only PDFs, PNG, JPEG, TIFF) are read by OCR. One that OCR cannot read (the
    engine is not installed, or it finds almost no text) is left for a person, and said so.
    """
    scans = ctx.of_kind("scan")
    if not scans:
        return Pass("Every readable attachment has a text layer.")
    return Fail("No text layer in " + ", ".join(f"{d.file} ({d.description})" for d in scans) + ".",
                tuple(document_evidence(d) for d in scans))
