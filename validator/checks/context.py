"""What a check sees: one request, its documents, the register, the policy and the as-of date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from validator.extract.annex1 import signature_date
from validator.extract.textutil import compare_names
from validator.load.inbox import RequestFolder
from validator.load.members import MemberRegister
from validator.model import DocumentReading, Evidence
from validator.policy import Policy


@dataclass(frozen=True)
class Context:
    request: RequestFolder
    documents: tuple[DocumentReading, ...]
    members: MemberRegister | None
    policy: Policy
    as_of: date

    def value(self, dotted: str) -> str | None:
        """A string field of request.json ("retriever.email"), or None when absent or not a string."""
        node = self.request.field(dotted)
        return node.strip() if isinstance(node, str) and node.strip() else None

    def request_evidence(self, dotted: str, **extra) -> Evidence:
        return Evidence(source="request.json", path="$." + dotted, value=self.value(dotted), **extra)

    @property
    def country(self) -> str | None:
        country = self.value("service_provider.country")
        return country.upper() if country and len(country) == 2 else None

    def of_kind(self, kind: str) -> list[DocumentReading]:
        return [d for d in self.documents if d.kind == kind]

    @cached_property
    def annex1(self) -> DocumentReading | None:
        """The Annex 1 to judge: one with a filled 4.6 contact first, then the most recent."""
        candidates = self.of_kind("annex1")
        if not candidates:
            return None

        def rank(doc: DocumentReading):
            contact = doc.annex1.certificate_contact
            filled = len(contact.values) if contact else -1
            dated = signature_date(doc.annex1)
            return (filled > 0, dated.value if dated else "", filled, doc.file)

        return max(candidates, key=rank)

    @cached_property
    def registration(self) -> DocumentReading | None:
        """The extract to judge: one naming the provider first, then the most recent."""
        candidates = self.of_kind("registration")
        if not candidates:
            return None
        legal_name = self.value("service_provider.legal_name") or ""

        def rank(doc: DocumentReading):
            reg = doc.registration
            names = bool(reg.company_name and compare_names(legal_name, reg.company_name.value)[0])
            return (names, reg.extract_date.value if reg.extract_date else "", doc.file)

        return max(candidates, key=rank)


def describe(doc: DocumentReading) -> str:
    if doc.kind == "unreadable":
        return f"{doc.file} (unreadable: {doc.problem})"
    return f"{doc.file} ({doc.description})"


def document_evidence(doc: DocumentReading, **extra) -> Evidence:
    return Evidence(source=doc.file, text=doc.description, **extra)
