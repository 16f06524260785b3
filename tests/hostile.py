"""Generators of hostile uploads: archives and PDFs built to exhaust, hang or leak."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')


def docx_with(document_xml: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


def zip_bomb_docx(inflated_mb: int = 60) -> bytes:
    """A DOCX whose document part inflates about 1000:1."""
    body = b'<w:document xmlns:w="' + W.encode() + b'"><w:body><w:p><w:r><w:t>' + b" " * (inflated_mb << 20) + \
        b"</w:t></w:r></w:p></w:body></w:document>"
    return docx_with(body)


def lying_zip_docx() -> bytes:
    """A DOCX whose headers declare a 2 KB document part that really inflates to 30 MB."""
    data = bytearray(zip_bomb_docx(30))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("word/document.xml")
    struct.pack_into("<I", data, info.header_offset + 22, 2048)  # local header: uncompressed size
    struct.pack_into("<I", data, info.header_offset + 18, 64 << 20)  # and a plausible compressed size
    for entry in re.finditer(b"PK\x01\x02", bytes(data)):
        start = entry.start()
        name_len = struct.unpack_from("<H", data, start + 28)[0]
        if data[start + 46: start + 46 + name_len] == b"word/document.xml":
            struct.pack_into("<I", data, start + 24, 2048)  # central directory: uncompressed size
            struct.pack_into("<I", data, start + 20, 1024)  # and compressed size: a modest 2:1
    return bytes(data)


def xxe_docx(secret_path: str) -> bytes:
    """A DOCX whose XML asks for a local file through an external entity."""
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret_path}">]>'
           f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>Annex 1 contact points &xxe;</w:t></w:r></w:p>'
           f'<w:p><w:r><w:t>4.6 Contact for issuance and distribution of Peppol certificates</w:t></w:r></w:p>'
           f'<w:p><w:r><w:t>E-mail: &xxe;</w:t></w:r></w:p></w:body></w:document>')
    return docx_with(xml.encode())


def billion_laughs_docx() -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>'
           f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')
    return docx_with(xml.encode())


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file from numbered object bodies (1-based), with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(data: bytes, compressed: bool = True) -> bytes:
    raw = zlib.compress(data, 9) if compressed else data
    return f"<< /Length {len(raw)}{' /Filter /FlateDecode' if compressed else ''} >>\nstream\n".encode() + raw + b"\nendstream"


def flate_bomb_pdf(inflated_mb: int = 1024) -> bytes:
    """A one-page PDF whose content stream inflates to about a gigabyte."""
    compressor = zlib.compressobj(9)
    chunk = b"0 0 m\n" * (1 << 17)  # 768 KiB of path operators
    parts = [compressor.compress(chunk) for _ in range(int(inflated_mb * 1024 / 768))]
    raw = b"".join(parts) + compressor.flush()
    content = f"<< /Length {len(raw)} /Filter /FlateDecode >>\nstream\n".encode() + raw + b"\nendstream"
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>", content])


def endless_page_tree_pdf() -> bytes:
    """A page tree whose Pages node lists itself as its own kid."""
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1000000 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"])


def xobject_tree_pdf(depth: int = 8, fanout: int = 10) -> bytes:
    """Form XObjects that each draw the next one `fanout` times: a few kilobytes that make a
    parser draw fanout**depth text objects. A parser that hangs, with little memory."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /X 5 0 R >> >> /Contents 4 0 R >>",
               _stream(b"/X Do\n"), font]
    for level in range(depth):
        number = len(objects) + 1  # this XObject's number
        if level == depth - 1:
            body, resources = b"BT /F1 1 Tf 1 1 Td (x) Tj ET\n", b"<< /Font << /F1 5 0 R >> >>"
        else:
            body, resources = b"/X Do\n" * fanout, f"<< /XObject << /X {number + 1} 0 R >> >>".encode()
        raw = zlib.compress(body)
        objects.append("<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources ".encode() + resources +
                       f" /Length {len(raw)} /Filter /FlateDecode >>\nstream\n".encode() + raw + b"\nendstream")
    # object 5 is the font; the first XObject is object 6
    objects[2] = objects[2].replace(b"/X 5 0 R", b"/X 6 0 R")
    return _pdf(objects)


def noise_scan_pdf(seed: int = 1) -> bytes:
    """An image-only page of pure speckle: OCR grinds on it for a long time, in little memory."""
    import random

    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    rng = random.Random(seed)
    image = Image.frombytes("L", (1654, 2339), bytes(rng.choice((0, 255)) for _ in range(1654 * 2339)))
    png = io.BytesIO()
    image.save(png, "PNG")
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    c.drawImage(ImageReader(io.BytesIO(png.getvalue())), 0, 0, width=A4[0], height=A4[1])
    c.showPage()
    c.save()
    return buffer.getvalue()
