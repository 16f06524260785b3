"""How values compare: legal names, people's names, e-mails, phones and dates."""

from datetime import date

import pytest

from validator.extract.labels import label_kind, split_pairs
from validator.extract.textutil import clean_email_text, compare_names, find_dates


@pytest.mark.parametrize("a, b, same", [
    ("Grachtenlink B.V.", "Grachtenlink BV", True),
    ("Grachtenlink B.V.", "GRACHTENLINK bv", True),
    ("Nordlys Integration ApS", "Nordlys Integration A.p.S.", True),
    ("Fjordbyte AS", "Fjordbyte A/S", True),
    ("Lagunare S.r.l.", "Lagunare SRL", True),
    ("Thames Ledger Ltd", "Thames Ledger Limited", True),
    ("Kvarnsten AB", "Kvarnsten Aktiebolag", True),
    ("Société Générale Facturation SAS", "Societe Generale Facturation S.A.S.", True),
    ("Kvarnsten AB", "Kvarnsten Holding AB", False),
    ("Nordlys Integration ApS", "Nordlys Integration A/S", False),  # ApS and A/S are different legal forms
])
def test_legal_names_compare_tolerantly(a, b, same):
    assert compare_names(a, b)[0] is same


def test_name_comparison_says_how():
    assert compare_names("Grachtenlink B.V.", "Grachtenlink BV")[1].startswith("equal after normalising")
    assert compare_names("X AB", "X AB")[1] == "identical"


@pytest.mark.parametrize("text, expected", [
    ("mailto:jonas@nordlys.dk", "jonas@nordlys.dk"),
    ("jonas @ nordlys.dk", "jonas@nordlys.dk"),  # what OCR does to addresses
    ("jonas@nordlys . dk", "jonas@nordlys.dk"),
    ("<jonas@nordlys.dk>", "jonas@nordlys.dk"),
])
def test_email_text_is_cleaned(text, expected):
    assert clean_email_text(text) == expected


@pytest.mark.parametrize("text, day", [
    ("Abruf vom 02.11.2026", date(2026, 11, 2)),
    ("Uittreksel gemaakt op 3 november 2026", date(2026, 11, 3)),
    ("Documento estratto il 05/11/2026", date(2026, 11, 5)),
    ("Utfärdat 2026-11-02", date(2026, 11, 2)),
    ("Extrait à jour au 4 décembre 2026", date(2026, 12, 4)),
    ("Udskrevet den 1. december 2026", date(2026, 12, 1)),
    ("as at November 7, 2026", date(2026, 11, 7)),
])
def test_dates_in_local_formats(text, day):
    assert find_dates(text)[0][0] == day


def test_section_numbers_are_not_dates():
    assert find_dates("4.10 Signature") == []


@pytest.mark.parametrize("label, kind", [
    ("Cell phone number", "mobile"), ("Mobile phone:", "mobile"), ("GSM", "mobile"), ("Cellulare", "mobile"),
    ("Cell phone number / Cellulare", "mobile"), ("E-mail address", "email"), ("Posta elettronica", "email"),
    ("Direct phone number", "phone"), ("Telephone", "phone"), ("Title/position", "title"), ("Name", "name"),
    ("Jonas Berg", None), ("jonas@nordlys.dk", None), ("+45 20 12 34 56", None),
])
def test_labels_of_many_templates(label, kind):
    assert label_kind(label) == kind


def test_several_pairs_on_one_line():
    pairs = split_pairs("Name: Jonas Berg E-mail: jonas@nordlys.dk Cell phone number: +45 20 12 34 56")
    assert [(k, v) for k, _, v in pairs] == [("name", "Jonas Berg"), ("email", "jonas@nordlys.dk"), ("mobile", "+45 20 12 34 56")]
