"""The weekly summary and the progress-table exports.

One direction of flow: queries (``fetch`` adds the few the reports need) -> a plain
model built once (``summary.Summary``, ``rows.ExportTable``) -> one small writer per
format. User text is made safe for each format in one place (``cells``).
Heavy libraries (smtplib, zipfile) are imported only by the writer that uses them; the XLSX and
ODS writers stream their XML straight into the zip, without a spreadsheet library.
"""
