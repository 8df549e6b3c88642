"""Time `tracker intake` on a 100-page PDF (the target: read in under 3 s).

    python bench/bench_intake.py                  # 100 pages, median of 5 runs
    python bench/bench_intake.py --pages 300 --runs 3

The PDF is made by LibreOffice (`soffice`, Debian: libreoffice-writer-nogui) from a .docx
written with python-docx: the source report's paragraphs repeated until the page count is
reached, with a running header and page numbers, and its 陸、建議 section at the end. Each
figure is the median of --runs, in this process (start-up of `tracker` not included). Where
pdfminer.six is installed its plain text extraction of the same file is timed beside it.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REPORT = ROOT / "tests" / "data" / "report-2016-uclg-aspac-jeollabuk-do.txt"


def make_pdf(folder: Path, pages: int) -> Path:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    lines = [line.removeprefix("- ") for line in REPORT.read_text(encoding="utf-8").splitlines() if line.strip()]
    start = lines.index("陸、建議")
    body, section = lines[:start], lines[start:]
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "臺中市政府出國報告"
    footer = document.sections[0].footer.paragraphs[0]
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    chars = 0
    while chars < pages * 1150:  # about 1,150 characters of this text a page
        for line in body:
            document.add_paragraph(line)
            chars += len(line)
    for line in section:
        document.add_paragraph(line)
    source = folder / "bench.docx"
    document.save(str(source))
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice (soffice) is needed to make the PDF: apt-get install libreoffice-writer-nogui")
    profile = (folder / "profile").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    return folder / "bench.pdf"


def median_time(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from pypdf import PdfReader

    from tracker.intake.pipeline import read_report
    from tracker.intake.readers import read_document

    with tempfile.TemporaryDirectory() as folder:
        pdf = make_pdf(Path(folder), args.pages)
        pages = len(PdfReader(str(pdf)).pages)
        found = read_report(pdf)
        print(f"PDF: {pages} pages, {pdf.stat().st_size / 2**20:.1f} MiB; {len(found.items)} items found")
        print(f"read (pypdf + layout):       {median_time(lambda: read_document(pdf), args.runs):.2f} s")
        print(f"intake (read + items + guesses): {median_time(lambda: read_report(pdf), args.runs):.2f} s")
        try:
            from pdfminer.high_level import extract_text
        except ImportError:
            return
        print(
            f"pdfminer.six extract_text, for comparison: {median_time(lambda: extract_text(str(pdf)), args.runs):.2f} s"
        )


if __name__ == "__main__":
    main()
