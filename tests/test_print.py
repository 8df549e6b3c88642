"""The print-ready tables as a person would see them: rendered to PDF by LibreOffice.

`soffice --headless --convert-to pdf` prints the xlsx and the ods with their own page
setup; pypdf reads back the pages: A4 landscape, the table one page wide, the rows running
on over further pages with the header repeated, and the footer 第 N 頁，共 M 頁 on each.
Skipped (with the reason) where LibreOffice is not installed; CI installs it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from tracker.reporting.export import write_export

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

A4_LONG, A4_SHORT = 842, 595  # points


def to_pdf(path: Path, tmp_path: Path) -> PdfReader:
    profile = tmp_path / "lo-profile"  # a profile of its own: no clash with a running LibreOffice
    assert SOFFICE is not None
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return PdfReader(tmp_path / f"{path.stem}.pdf")


def landscape_a4(reader: PdfReader) -> bool:
    for page in reader.pages:
        box = page.mediabox
        width, height = float(box.width), float(box.height)
        if page.rotation in (90, 270):
            width, height = height, width
        if (round(width), round(height)) != (A4_LONG, A4_SHORT):
            return False
    return True


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_the_seed_prints_on_one_landscape_page(service, tmp_path, fmt):
    reader = to_pdf(write_export(service, fmt, tmp_path / f"追蹤表.{fmt}"), tmp_path)
    assert len(reader.pages) == 1
    assert landscape_a4(reader)
    text = reader.pages[0].extract_text()
    assert "第 1 頁，共 1 頁" in text
    assert "建議事項採行情形追蹤表" in text and "資料日期" in text


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_long_notes_run_on_over_pages_with_the_header_repeated(service, tmp_path, fmt):
    for number in range(1, 9):
        service.add_note(f"uclg16-{number}", f"第{number}項：" + "已函請各局處配合辦理並回報辦理情形。" * 25)
    reader = to_pdf(write_export(service, fmt, tmp_path / f"long.{fmt}"), tmp_path)
    pages = len(reader.pages)
    assert pages >= 2 and landscape_a4(reader)
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"第 {number} 頁，共 {pages} 頁" in text
        assert "主辦單位" in text  # the header row, on every page
    every = "".join(page.extract_text() for page in reader.pages)
    assert every.count("。") >= 8 * 25  # the notes are whole, not cut at the cell's edge


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_roc_dates_print_as_roc_dates(service, tmp_path, fmt):
    """LibreOffice shows the era format of the xlsx and the ROC calendar of the ods as 105/10/12."""
    from dataclasses import replace

    service.settings = replace(service.settings, roc=True)
    text = to_pdf(write_export(service, fmt, tmp_path / f"roc.{fmt}"), tmp_path).pages[0].extract_text()
    assert "105/10/12" in text and "105/11/23" in text
    assert "2016-10-12" not in text
