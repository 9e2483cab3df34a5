"""The demo's generated files are real files."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile

from opuss.content.demo import tiny_pdf, tiny_png
from opuss.content.validators import validate_attachment, validate_logo


def test_the_generated_pdf_has_a_correct_cross_reference_table():
    pdf = tiny_pdf("Résultats (collèges)")
    start = int(re.search(rb"startxref\n(\d+)", pdf).group(1))
    assert pdf[start:].startswith(b"xref")
    offsets = [int(o) for o in re.findall(rb"(\d{10}) 00000 n", pdf)]
    assert [pdf[o:].split(b"\n")[0] for o in offsets] == [b"%d 0 obj" % n for n in range(1, 6)]
    assert pdf.rstrip().endswith(b"%%EOF")


def test_the_generated_files_pass_the_upload_checks():
    validate_attachment(SimpleUploadedFile("a.pdf", tiny_pdf("A")))
    validate_logo(SimpleUploadedFile("a.png", tiny_png((0, 0, 0))))
