"""Generators for realistic test documents: Annex 1 in several PA layouts, registration
extracts in eight languages, agreement v4 annexes, cover letters and scans.

Every person and company here is invented. Used by samples/generate.py, the tests and the
benchmark, so anyone can see exactly what a sample contains.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    phone: str = ""
    mobile: str = ""
    title: str = ""
    address: str = ""


@dataclass(frozen=True)
class Company:
    legal_name: str
    country: str
    registration_number: str
    address: str
    seat_id: str = ""


@dataclass
class Annex:
    company: Company
    certificates: Person  # 4.6
    formal: Person  # 4.5
    support: Person  # 4.7
    security_email: str
    messages_email: str
    signatory: Person
    signed_on: date
    pa_name: str = "Digitaliseringsstyrelsen (invented PA office)"
    pa_email: str = "peppol-authority@pa.example"
    layout: str = "table"  # table | lines | grid | autonumber (DOCX only)
    bilingual: bool = False
    ap: bool = True
    smp: bool = False
    empty_certificate_section: bool = False
    labels: dict = field(default_factory=dict)  # other templates' wording, e.g. {"Cell phone number": "GSM"}
    extra: dict = field(default_factory=dict)


IT = {  # Italian halves of bilingual labels
    "Name": "Nome", "Title/position": "Qualifica", "E-mail": "Posta elettronica", "Direct phone number": "Telefono diretto",
    "Cell phone number": "Cellulare", "Address": "Indirizzo", "Telephone": "Telefono", "Country": "Paese",
    "Name of organisation": "Denominazione", "Company identifier": "Codice fiscale", "Date": "Data", "Position": "Qualifica",
}


def _label(annex: Annex, text: str) -> str:
    return f"{text} / {IT[text]}" if annex.bilingual and text in IT else text


def annex_sections(a: Annex) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(number, title, [(label, value)]) for sections 1 to 4.10 as in the 2017 template."""
    c = a.certificates
    cert_rows = [("Name", c.name), ("Title/position", c.title), ("E-mail", c.email),
                 ("Direct phone number", c.phone), ("Cell phone number", c.mobile)]
    if a.empty_certificate_section:
        cert_rows = [(label, "") for label, _ in cert_rows]
    cert_rows = [(a.labels.get(label, label), value) for label, value in cert_rows]
    sections = [
        ("1", "Agreement", [("Agreement", "Peppol Transport Infrastructure Agreement, Service Provider Agreement")]),
        ("2", "Peppol Authority contact points", [("Name", a.pa_name), ("E-mail", a.pa_email)]),
        ("3", "OpenPeppol contact points", [("E-mail", "operations@openpeppol.example")]),
        ("4", "Peppol Service Provider contact points", []),
        ("4.3", "Organisation", [("Name of organisation", a.company.legal_name), ("Address", a.company.address),
                                 ("Country", a.company.country), ("Company identifier", a.company.registration_number)]),
        ("4.4", "Roles", [("Peppol AP provider", "Yes" if a.ap else "No"), ("Peppol SMP provider", "Yes" if a.smp else "No")]),
        ("4.5", "Contact for formal notices", [("Name", a.formal.name), ("Address", a.formal.address or a.company.address),
                                                ("E-mail", a.formal.email)]),
        ("4.6", "Contact for issuance and distribution of Peppol certificates to the organisation in 4.3", cert_rows),
        ("4.7", "Contact for support", [("E-mail", a.support.email), ("Telephone", a.support.phone)]),
        ("4.8", "Contact for security issues", [("E-mail", a.security_email)]),
        ("4.9", "Contact for service messages", [("E-mail", a.messages_email)]),
        ("4.10", "Signature of authorised representative", [("Name", a.signatory.name), ("Position", a.signatory.title),
                                                            ("Date", a.signed_on.strftime("%d.%m.%Y")), ("Signature", "")]),
    ]
    return sections


GRID_SECTIONS = ("4.5", "4.6", "4.7", "4.8", "4.9")
GRID_COLUMNS = ("Name", "E-mail", "Direct phone number", "Cell phone number")


def _grid_rows(a: Annex, sections) -> list[list[str]]:
    rows = []
    for number, title, fields in sections:
        if number in GRID_SECTIONS:
            values = dict(fields)
            short = {"4.5": "Formal notices", "4.6": "Certificates", "4.7": "Support", "4.8": "Security", "4.9": "Service messages"}[number]
            rows.append([f"{number} {short}", values.get("Name", ""), values.get("E-mail", ""),
                         values.get("Direct phone number", values.get("Telephone", "")), values.get("Cell phone number", "")])
    return rows


# --- PDF ----------------------------------------------------------------------------------

def _styles():
    from reportlab.lib.styles import getSampleStyleSheet

    ss = getSampleStyleSheet()
    return ss["Title"], ss["Heading3"], ss["BodyText"]


def _pdf_bytes(flowables, title: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    buffer = io.BytesIO()
    # invariant=1: no timestamps or random ids, so a generated PDF is the same every time.
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=title, author="peppol-pki-validator fixtures", invariant=1)
    doc.build(flowables)
    return buffer.getvalue()


def _table(rows, widths, header=False):
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    t = Table(rows, colWidths=widths)
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("FONTSIZE", (0, 0), (-1, -1), 8.5)]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey))
    t.setStyle(TableStyle(style))
    return t


def annex1_pdf(a: Annex) -> bytes:
    from reportlab.platypus import PageBreak, Paragraph, Spacer
    from xml.sax.saxutils import escape

    title, h, body = _styles()
    story = [Paragraph("ANNEX 1 - CONTACT POINTS", title),
             Paragraph("Template Annex1_20170705_01. Each party names its contact points for the Agreement.", body)]
    sections = annex_sections(a)
    if a.layout == "grid":
        story.append(Spacer(0, 8))
        for number, t, fields in sections:
            if number in ("1", "2", "3", "4.3", "4.4"):
                story += [Paragraph(escape(f"{number} {t}"), h)]
                story += [Paragraph(escape(f"{_label(a, k)}: {v}"), body) for k, v in fields]
        story.append(Paragraph("Contact points of the Peppol Service Provider", h))
        from reportlab.lib.styles import ParagraphStyle

        small = ParagraphStyle("cell", fontSize=8, leading=9.5)
        header = [Paragraph(escape(x), small) for x in ["Contact point"] + [_label(a, c) for c in GRID_COLUMNS]]
        # Cells wrap as in a real form: a long address breaks inside its narrow column.
        rows = [[Paragraph(escape(v), small) for v in row] for row in _grid_rows(a, sections)]
        story.append(_table([header] + rows, [85, 80, 135, 95, 95], header=True))
        for number, t, fields in sections:
            if number == "4.10":
                story += [Paragraph(escape(f"{number} {t}"), h)]
                story += [Paragraph(escape(f"{_label(a, k)}: {v}"), body) for k, v in fields]
        return _pdf_bytes(story, "Annex 1")
    for number, t, fields in sections:
        if number == "4.6" and a.extra.get("page_break_in_4_6"):
            story.append(Paragraph(escape(f"{number} {t}"), h))
            story.append(_table([[_label(a, k), v] for k, v in fields[:2]], [170, 300]))
            story.append(PageBreak())
            story.append(_table([[_label(a, k), v] for k, v in fields[2:]], [170, 300]))
            continue
        story.append(Paragraph(escape(f"{number} {t}"), h))
        if not fields:
            continue
        if a.layout == "table":
            story.append(_table([[_label(a, k), v] for k, v in fields], [170, 300]))
        else:
            story += [Paragraph(escape(f"{_label(a, k)}: {v}"), body) for k, v in fields]
    return _pdf_bytes(story, "Annex 1")


def text_pdf(title_text: str, lines: list[str | tuple[str, str]]) -> bytes:
    """A plain document: a title, then lines; (label, value) tuples become a two-column table."""
    from reportlab.platypus import Paragraph, Spacer
    from xml.sax.saxutils import escape

    title, h, body = _styles()
    story = [Paragraph(escape(title_text), title), Spacer(0, 6)]
    pending: list = []
    for item in lines + [None]:
        if isinstance(item, tuple):
            pending.append(list(item))
            continue
        if pending:
            story.append(_table(pending, [200, 270]))
            pending = []
        if item is not None:
            story.append(Paragraph(escape(item), body))
    return _pdf_bytes(story, title_text)


# --- DOCX ---------------------------------------------------------------------------------

def _docx_bytes(document) -> bytes:
    """The document's bytes, the same every time: fixed properties and zip timestamps."""
    import zipfile
    from datetime import datetime

    props = document.core_properties
    props.author = props.last_modified_by = "peppol-pki-validator fixtures"
    props.created = props.modified = datetime(2026, 1, 1)
    buffer = io.BytesIO()
    document.save(buffer)
    fixed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0)), source.read(info),
                            compress_type=zipfile.ZIP_DEFLATED)
    return fixed.getvalue()


def _add_mailto(paragraph, address: str, text: str | None = None) -> None:
    """An e-mail as a real mailto: hyperlink, as Word makes it when you type an address."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.opc.constants import RELATIONSHIP_TYPE

    r_id = paragraph.part.relate_to(f"mailto:{address}", RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text or address
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _numbered_heading(document, text: str, level: int):
    """A heading with Word automatic numbering (w:numPr): the number is not in the text."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p = document.add_paragraph(text, style="List Number" if level == 1 else "List Number 2")
    ppr = p._p.get_or_add_pPr()
    num = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level - 1))
    num_id = OxmlElement("w:numId")
    num_id.set(qn("w:val"), "1")
    num.append(ilvl)
    num.append(num_id)
    ppr.append(num)
    return p


def annex1_docx(a: Annex) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("ANNEX 1 - CONTACT POINTS", level=1)
    document.add_paragraph("Template Annex1_20170705_01. Each party names its contact points for the Agreement.")
    sections = annex_sections(a)
    if a.layout == "grid":
        for number, t, fields in sections:
            if number in ("1", "2", "3", "4.3", "4.4", "4.10"):
                document.add_heading(f"{number} {t}", level=2)
                for k, v in fields:
                    document.add_paragraph(f"{_label(a, k)}:\t{v}")
            if number == "4.4":
                document.add_heading("Contact points of the Peppol Service Provider", level=2)
                rows = [["Contact point"] + [_label(a, c) for c in GRID_COLUMNS]] + _grid_rows(a, sections)
                table = document.add_table(rows=len(rows), cols=len(rows[0]))
                table.style = "Table Grid"
                for r, row in enumerate(rows):
                    for ci, value in enumerate(row):
                        table.cell(r, ci).text = value
        return _docx_bytes(document)
    for number, t, fields in sections:
        if a.layout == "autonumber":
            _numbered_heading(document, t, 1 if "." not in number else 2)
        else:
            document.add_heading(f"{number} {t}", level=2)
        if not fields:
            continue
        if a.layout in ("table", "autonumber"):
            table = document.add_table(rows=len(fields), cols=2)
            table.style = "Table Grid"
            for r, (k, v) in enumerate(fields):
                table.cell(r, 0).text = _label(a, k)
                if k == "E-mail" and v:
                    _add_mailto(table.cell(r, 1).paragraphs[0], v)
                else:
                    table.cell(r, 1).text = v
        else:
            for k, v in fields:
                p = document.add_paragraph(f"{_label(a, k)}: ")
                if k == "E-mail" and v:
                    _add_mailto(p, v)
                else:
                    p.add_run(v)
    return _docx_bytes(document)


def text_docx(title_text: str, lines: list[str | tuple[str, str]]) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(title_text, level=1)
    for item in lines:
        if isinstance(item, tuple):
            table = document.add_table(rows=1, cols=2)
            table.cell(0, 0).text, table.cell(0, 1).text = item
        else:
            document.add_paragraph(item)
    return _docx_bytes(document)


# --- registration extracts ----------------------------------------------------------------

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
    "sv": ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"],
    "it": ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
}


def registration_lines(company: Company, language: str, extract_date: date | None, founded: date) -> tuple[str, list]:
    d = extract_date
    if language == "en":
        return "Extract from the register of companies", [
            ("Company name", company.legal_name), ("Company number", company.registration_number),
            ("Registered office", company.address), ("Incorporated on", founded.strftime("%d %B %Y")),
            "This extract reflects the register on " + (f"{d.day} {MONTHS['en'][d.month - 1]} {d.year}." if d else "the date of printing.")]
    if language == "de":
        return "Handelsregister B des Amtsgerichts Musterstadt", [
            ("Firma", company.legal_name), ("Nummer der Firma", company.registration_number),
            ("Sitz", company.address), ("Tag der ersten Eintragung", founded.strftime("%d.%m.%Y")),
            f"Abruf vom {d.strftime('%d.%m.%Y')}" if d else "Abruf aus dem Handelsregister"]
    if language == "nl":
        return "Uittreksel Handelsregister Kamer van Koophandel", [
            ("KvK-nummer", company.registration_number), ("Statutaire naam", company.legal_name),
            ("Datum oprichting", founded.strftime("%d-%m-%Y")), ("Adres", company.address),
            f"Uittreksel gemaakt op {d.day} {MONTHS['nl'][d.month - 1]} {d.year}" if d else "Uittreksel"]
    if language == "no":
        return "Firmaattest - Foretaksregisteret", [
            ("Organisasjonsnummer", company.registration_number), ("Foretaksnavn", company.legal_name),
            ("Forretningsadresse", company.address), ("Stiftelsesdato", founded.strftime("%d.%m.%Y")),
            f"Utskriftsdato: {d.strftime('%d.%m.%Y')}" if d else "Utskrift fra Foretaksregisteret"]
    if language == "sv":
        return "Registreringsbevis - Bolagsverket", [
            ("Organisationsnummer", company.registration_number), ("Företagsnamn", company.legal_name),
            ("Registrerad", founded.isoformat()), ("Adress", company.address),
            f"Utfärdat {d.isoformat()}" if d else "Utfärdat av Bolagsverket"]
    if language == "da":
        return "CVR - Det Centrale Virksomhedsregister, Erhvervsstyrelsen", [
            ("CVR-nummer", company.registration_number), ("Navn", company.legal_name),
            ("Adresse", company.address), ("Startdato", founded.strftime("%d.%m.%Y")),
            f"Udskrevet den {d.strftime('%d.%m.%Y')}" if d else "Udskrift fra CVR"]
    if language == "it":
        return "Visura ordinaria societa di capitale - Registro delle Imprese", [
            ("Denominazione", company.legal_name), ("Codice fiscale", company.registration_number),
            ("Indirizzo sede", company.address), ("Data atto di costituzione", founded.strftime("%d/%m/%Y")),
            f"Documento estratto il {d.strftime('%d/%m/%Y')}" if d else "Documento estratto dal Registro delle Imprese"]
    if language == "fr":
        return "Extrait Kbis - Registre du commerce et des sociétés", [
            ("Dénomination", company.legal_name), ("Immatriculation RCS", company.registration_number),
            ("Adresse du siège", company.address), ("Date d'immatriculation", founded.strftime("%d/%m/%Y")),
            f"Extrait à jour au {d.day} {MONTHS['fr'][d.month - 1]} {d.year}" if d else "Extrait du registre"]
    raise ValueError(language)


def registration_pdf(company: Company, language: str, extract_date: date | None, founded: date = date(2015, 3, 12)) -> bytes:
    return text_pdf(*registration_lines(company, language, extract_date, founded))


def registration_docx(company: Company, language: str, extract_date: date | None, founded: date = date(2015, 3, 12)) -> bytes:
    return text_docx(*registration_lines(company, language, extract_date, founded))


def agreement_v4_pdf(company: Company, contact: Person) -> bytes:
    return text_pdf("Peppol Service Provider Agreement - Version 4.0 - Annex 2: Contact information", [
        "This annex lists the contact information of the Parties to the Peppol Service Provider Agreement version 4.",
        ("Legal name", company.legal_name), ("Main contact", contact.name), ("E-mail", contact.email),
        ("Telephone", contact.phone), "The Peppol Authority publishes these contacts in the Peppol Directory of Service Providers."])


def cover_letter_pdf(company: Company, author: Person) -> bytes:
    return text_pdf("Request for Peppol certificate", [
        "Dear OpenPeppol Operations,",
        f"{company.legal_name} requests a Peppol certificate for its access point. "
        f"Please contact {author.name} ({author.email}) with any question.",
        "Kind regards,", author.name])


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# --- the harder shapes: scans, fillable forms, Word controls --------------------------------

def _page_images(pdf: bytes, dpi: int):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        for page in doc:
            yield page.render(scale=dpi / 72).to_pil().convert("L")
    finally:
        doc.close()


def _as_scanned(image, rotate: float, blur: float, seed: int):
    """Printed, signed and scanned: a slight rotation, a little blur, some speckle."""
    import random

    from PIL import ImageDraw, ImageFilter

    if rotate:
        image = image.rotate(rotate, fillcolor=255, expand=False)
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(blur))
    rng = random.Random(seed)
    draw = ImageDraw.Draw(image)
    for _ in range(400):
        x, y = rng.randrange(image.width), rng.randrange(image.height)
        draw.point((x, y), fill=rng.choice((90, 140, 180)))
    return image


def scanned(pdf: bytes, rotate: float = 0.0, blur: float = 0.0, dpi: int = 200, seed: int = 7) -> bytes:
    """An image-only PDF made by 'printing and scanning' a generated document."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    for n, image in enumerate(_page_images(pdf, dpi)):
        page = _as_scanned(image, rotate, blur, seed + n)
        png = io.BytesIO()
        page.save(png, "PNG")
        c.drawImage(ImageReader(io.BytesIO(png.getvalue())), 0, 0, width=A4[0], height=A4[1])
        c.showPage()
    c.save()
    return buffer.getvalue()


def image_scan(pdf: bytes, fmt: str = "PNG", rotate: float = 0.0, blur: float = 0.0, dpi: int = 200) -> bytes:
    """The document photographed or scanned to an image file (all pages in one TIFF)."""
    pages = [_as_scanned(image, rotate, blur, 11 + n) for n, image in enumerate(_page_images(pdf, dpi))]
    buffer = io.BytesIO()
    if fmt.upper() == "TIFF":
        pages[0].save(buffer, "TIFF", save_all=True, append_images=pages[1:], dpi=(dpi, dpi), compression="tiff_deflate")
    else:
        pages[0].save(buffer, fmt.upper(), dpi=(dpi, dpi), **({"quality": 85} if fmt.upper() == "JPEG" else {}))
    return buffer.getvalue()


def logo_png() -> bytes:
    """A company logo: shapes and a word or two, no Annex 1."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 300), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 40, 260, 260), fill=(18, 53, 91))
    draw.rectangle((300, 120, 560, 180), fill=(240, 160, 30))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def annex1_form_pdf(a: Annex, flatten: bool = False) -> bytes:
    """The 2017 Annex 1 as a fillable PDF form: labels on the page, values in form fields named
    "Text Box N" (meaningless, as in real forms). `flatten` draws the values as page text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    c.setTitle("Annex 1 (fillable)")
    y = 800
    c.setFont("Helvetica-Bold", 14)
    c.drawString(60, y, "ANNEX 1 - CONTACT POINTS (Annex1_20170705_01)")
    field_no = 0
    for number, title, fields in annex_sections(a):
        if number in ("1", "2", "3"):
            continue
        y -= 26
        if y < 90:
            c.showPage()
            y = 800
        c.setFont("Helvetica-Bold", 10.5)
        c.drawString(60, y, f"{number} {title}"[:95])
        for label, value in fields:
            y -= 19
            if y < 70:
                c.showPage()
                y = 800
            c.setFont("Helvetica", 9.5)
            c.drawString(75, y, _label(a, label))
            field_no += 1
            if flatten:
                c.drawString(240, y, value)
            else:
                c.acroForm.textfield(name=f"Text Box {field_no}", value=value, x=235, y=y - 4, width=300, height=15,
                                     borderWidth=0.5, fontSize=9.5, fontName="Helvetica")
    c.save()
    return buffer.getvalue()


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _xml(fragment: str):
    from docx.oxml import parse_xml

    return parse_xml(f'<w:root xmlns:w="{W}" xmlns:v="urn:schemas-microsoft-com:vml">{fragment}</w:root>')[0]


def _esc(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text)


def _content_control(value: str, tag: str) -> str:
    return (f'<w:sdt><w:sdtPr><w:alias w:val="{tag}"/><w:tag w:val="{tag}"/></w:sdtPr>'
            f'<w:sdtContent><w:r><w:t xml:space="preserve">{_esc(value)}</w:t></w:r></w:sdtContent></w:sdt>')


def _legacy_field(value: str, n: int) -> str:
    return (f'<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Text{n}"/><w:enabled/><w:textInput/></w:ffData></w:fldChar></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> FORMTEXT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r><w:t xml:space="preserve">{_esc(value)}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')


def annex1_docx_controls(a: Annex, kind: str) -> bytes:
    """Annex 1 as a Word template with the values in content controls (`controls`), legacy form
    fields (`legacy`), or section 4.6 inside a text box (`textbox`)."""
    import docx

    document = docx.Document()
    document.add_heading("ANNEX 1 - CONTACT POINTS", level=1)
    document.add_paragraph("Template Annex1_20170705_01.")
    body = document.element.body
    n = 0
    for number, title, fields in annex_sections(a):
        document.add_heading(f"{number} {title}", level=2)
        if kind == "textbox" and number == "4.6":
            inner = "".join(f'<w:p><w:r><w:t xml:space="preserve">{_esc(_label(a, k))}: {_esc(v)}</w:t></w:r></w:p>' for k, v in fields)
            box = _xml(f'<w:p><w:r><w:pict><v:shape style="width:400pt;height:110pt" type="#_x0000_t202"><v:textbox>'
                       f'<w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>')
            body.insert(len(body) - 1, box)  # before the final sectPr
            continue
        for k, v in fields:
            n += 1
            holder = _content_control(v, k) if kind == "controls" else _legacy_field(v, n) if kind == "legacy" else \
                f'<w:r><w:t xml:space="preserve">{_esc(v)}</w:t></w:r>'
            para = _xml(f'<w:p><w:r><w:t xml:space="preserve">{_esc(_label(a, k))}:</w:t></w:r><w:r><w:tab/></w:r>{holder}</w:p>')
            body.insert(len(body) - 1, para)
    return _docx_bytes(document)
