"""One reader per format; each returns the document's paragraphs in reading order."""

from __future__ import annotations

from pathlib import Path

from tracker.domain import InputError
from tracker.intake.limits import check_file
from tracker.intake.model import Document


def read_document(path: Path) -> Document:
    """The paragraphs of a .docx, .odt, .pdf or .txt report; InputError for anything else."""
    kind = check_file(path)
    if kind == "txt":
        from tracker.intake.readers.txt import read_txt

        document = read_txt(path)
    elif kind == "pdf":
        from tracker.intake.readers.pdf import read_pdf

        document = read_pdf(path)
    else:
        document = _read_zipped(path, kind)
    if not any(p.full.strip() for p in document.paragraphs):
        raise InputError("intake.no_text", path=path)
    return document


def _read_zipped(path: Path, kind: str) -> Document:
    import zipfile
    from xml.sax import SAXException

    try:
        if kind == "docx":
            from tracker.intake.readers.docx import read_docx

            return read_docx(path)
        from tracker.intake.readers.odt import read_odt

        return read_odt(path)
    except InputError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, SAXException, OSError, EOFError) as exc:
        raise InputError("intake.corrupt", path=path, reason=exc) from None
    except Exception as exc:  # lxml's and the format libraries' own errors: a broken file
        if type(exc).__module__.split(".")[0] in ("lxml", "docx", "odf", "defusedxml", "xml"):
            raise InputError("intake.corrupt", path=path, reason=exc) from None
        raise
