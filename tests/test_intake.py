"""`tracker intake`: the recommendations read out of a report in .txt, .docx, .odt and .pdf.

Every test document is written here, in code: python-docx and odfpy write .docx and .odt
(with Word's and Writer's own automatic numbering), LibreOffice turns them into PDFs (those
tests are skipped, saying why, where `soffice` is missing; CI installs it).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml

from tracker.domain import InputError
from tracker.intake import limits
from tracker.intake.draft import write_draft
from tracker.intake.pipeline import read_report
from tracker.intake.preview import preview_lines
from tracker.intake.readers import read_document
from tracker.intake.text import join_lines, marker
from tracker.seed import load_seed

from conftest import REPORT_TEXT, SEED

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
)

SEED_ITEMS = yaml.safe_load(SEED.read_text(encoding="utf-8"))["items"]
SEED_TEXTS = [item["text_zh"] for item in SEED_ITEMS]

# A long item of mixed Chinese and English that wraps over several lines in a PDF.
LONG = (
    "「城市聯絡網第 34 屆執委會會議」（The CityNet 34th Executive Committee Meeting）預定於 2016 年 11 月 23 日"
    "至 24 日在菲律賓馬加智（Makati, Philippines）舉行，建議本府派員參加爭取機會，並利用與會之餘，持續推動"
    "本市與馬加智之姊妹市交流合作事宜，且請新聞局協助於國際會議場合中運用行銷。"
)
RECS = [
    "建議派員出席哥倫比亞波哥大舉行之「第 5 屆城市與地方政府聯合會世界大會」以爭取連任。",
    LONG,
    "配合花博第一期官網及新 logo 推出，建議農業局更新加強英文文宣並製作宣傳短片。",
]


def items_of(path: Path) -> list[str]:
    return [item.text for item in read_report(path).items]


def load_draft(path: Path):
    """load_seed on a draft, as `tracker import` reads it (items that name no unit come in unassigned)."""
    return load_seed(path)


def refused(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        read_report(path)
    return caught.value


def write_txt(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes("\n".join(lines).encode(encoding))
    return path


def report_lines(heading: str, items: list[str], before: list[str] | None = None, after: list[str] | None = None):
    return [
        "臺中市政府出國報告",
        "出國報告提要名稱：測試報告",
        "報告日期：中華民國105年12月9日",
        "壹、目的",
        "說明此行的目的。",
        *(before or []),
        heading,
        *items,
        *(after if after is not None else ["柒、附錄", "附錄的內容不是建議。"]),
    ]


# ---------------------------------------------------------------------------
# The source report: the eight items of the seed, verbatim


def test_source_report_gives_the_eight_items_of_the_seed_verbatim():
    found = read_report(REPORT_TEXT)
    assert found.heading == "陸、建議"
    assert [item.number for item in found.items] == list(range(1, 9))
    assert [item.text for item in found.items] == SEED_TEXTS


def test_source_report_metadata_from_its_summary_sheet():
    meta = read_report(REPORT_TEXT).meta
    assert meta.title is not None
    assert meta.title.value == "臺中市政府出席韓國全羅北道「第6屆城市與地方政府聯合會亞太分會2016年全羅北道大會」"
    assert meta.agency is not None and meta.agency.value == "秘書處"
    assert meta.report_date is not None and str(meta.report_date.value) == "2016-12-09"
    assert meta.trip_start is not None and str(meta.trip_start.value) == "2016-09-04"
    assert meta.trip_end is not None and str(meta.trip_end.value) == "2016-09-09"
    assert meta.people is not None and meta.people.value == ("柳嘉峰", "陳牧民", "曹凱雯")


def test_source_report_guesses_name_their_evidence_and_invent_nothing():
    items = read_report(REPORT_TEXT).items
    # item 3 states its date: a deadline candidate, with the sentence it came from
    assert items[2].deadline is not None and str(items[2].deadline.value) == "2016-11-23"
    assert "2016 年 11 月 23 日" in items[2].deadline.source
    # the secretariats named are the organisation's (亞太分會秘書處, 大會秘書處), not the city's units
    assert all(not item.owners for item in items)
    # no date in item 7: no deadline
    assert items[6].deadline is None and items[6].dates == []
    # events named with a year
    assert any(m.event == "亞太城市峰會" and m.year == 2017 for m in items[4].dates)


def test_source_report_draft_loads_as_the_seed_does(tmp_path):
    found = read_report(REPORT_TEXT, key="uclg16")
    draft = write_draft(found, REPORT_TEXT.name)
    data = yaml.safe_load(draft)
    assert all("owner" not in item for item in data["items"])  # no unit named: unassigned
    path = tmp_path / "draft.yaml"
    path.write_text(draft, encoding="utf-8")
    doc = load_seed(path)
    assert {item.owner_zh for item in doc.items} == {""}  # 未指派 until staff assign them
    assert doc.report.key == "uclg16"
    assert doc.report.report_date is not None and doc.report.report_date.isoformat() == "2016-12-09"
    assert [item.text_zh for item in doc.items] == SEED_TEXTS
    assert doc.items[2].deadline is not None and doc.items[2].deadline.isoformat() == "2016-11-23"


def test_preview_marks_found_and_guessed():
    lines = preview_lines(read_report(REPORT_TEXT))
    text = "\n".join(lines)
    assert "建議事項 8 項（陸、建議）" in text
    assert "報告日期：2016-12-09  [找到" in text
    assert "  3. 派員參加爭取機會  [猜測]" in text
    assert "主辦單位：未指派（報告未載明）" in text


# ---------------------------------------------------------------------------
# Headings and numbering (in text files: the same rules apply to every format)


@pytest.mark.parametrize(
    "heading",
    [
        "陸、建議",
        "伍、心得及建議",
        "肆、建議事項",
        "參、結論與建議",
        "建議事項",
        "五、建議",
        "陸、建　議",
        "陸 、 建 議 事 項：",
        "６、建議",
        "第六章　建議",
    ],
)
def test_each_heading_form(tmp_path, heading):
    after = ["六、附錄"] if heading.startswith("五") else None
    path = write_txt(tmp_path / "r.txt", report_lines(heading, ["一、" + RECS[0], "二、" + RECS[2]], after=after))
    assert items_of(path) == [RECS[0], RECS[2]]


@pytest.mark.parametrize(
    ("first", "second", "sub"),
    [
        ("一、", "二、", "（一）"),
        ("（一）", "（二）", "1."),
        ("(1)", "(2)", "①"),
        ("1.", "2.", "(1)"),
        ("1、", "2、", "（1）"),
        ("１．", "２．", "(一)"),
        ("①", "②", "甲、"),
        ("第一項：", "第二項：", "(1)"),
        ("⑴", "⑵", "①"),
        ("- 一、", "- 二、", "- （一）"),
    ],
)
def test_each_numbering_form_with_sub_points_kept_inside(tmp_path, first, second, sub):
    lines = [first + RECS[0], f"{sub}第一個細項。", second + RECS[2]]
    path = write_txt(tmp_path / "r.txt", report_lines("陸、建議", lines))
    sub_text = "甲、第一個細項。" if sub == "甲、" else f"{sub.removeprefix('- ')}第一個細項。"
    assert items_of(path) == [f"{RECS[0]}\n{sub_text}", RECS[2]]


def test_introduction_before_the_first_item_is_not_an_item(tmp_path):
    lines = ["經本次出訪，謹提出建議如下：", "一、" + RECS[0], "二、" + RECS[2]]
    assert items_of(write_txt(tmp_path / "r.txt", report_lines("陸、建議", lines))) == [RECS[0], RECS[2]]


def test_unnumbered_section_gives_one_item_per_paragraph(tmp_path):
    path = write_txt(tmp_path / "r.txt", report_lines("建議事項", RECS))
    assert items_of(path) == RECS


def test_section_ends_at_the_next_heading_of_its_level_or_an_appendix(tmp_path):
    for after in (["柒、其他", "不是建議。"], ["附件一：議程", "不是建議。"], ["參考資料", "不是建議。"]):
        path = write_txt(tmp_path / "r.txt", report_lines("陸、建議", ["一、" + RECS[0]], after=after))
        assert items_of(path) == [RECS[0]]


def test_mixed_findings_and_recommendations_take_only_the_recommendations(tmp_path):
    lines = [
        "一、心得",
        "（一）本次會議為我國會員城市出席最為踴躍的一次。",
        "（二）國際城市組織為連結東南亞城市的最佳管道。",
        "二、建議",
        "（一）" + RECS[0],
        "（二）" + RECS[2],
    ]
    path = write_txt(tmp_path / "r.txt", report_lines("伍、心得及建議", lines))
    found = read_report(path)
    assert found.subheading == "二、建議"
    assert [item.text for item in found.items] == [RECS[0], RECS[2]]


def test_a_table_of_contents_entry_is_not_the_section(tmp_path):
    lines = ["目錄", "陸、建議", "柒、附錄", "壹、目的", "說明此行的目的。", "陸、建議", "一、" + RECS[0], "柒、附錄"]
    assert items_of(write_txt(tmp_path / "r.txt", lines)) == [RECS[0]]


def test_no_section_names_the_headings_looked_for(tmp_path):
    error = refused(write_txt(tmp_path / "r.txt", ["壹、目的", "說明此行的目的。", "貳、心得", "很有收穫。"]))
    assert error.key == "intake.no_section"
    assert "陸、建議" in error.params["headings"] and "伍、心得及建議" in error.params["headings"]


def test_markers_and_line_joins():
    assert marker("2016 年") is None and marker("1.5 億元") is None
    assert marker("第三項、辦理") is not None
    assert join_lines("提名 2016-2019 ", "年 UCLG") == "提名 2016-2019 年 UCLG"
    assert join_lines("世界理事", "及執委") == "世界理事及執委"
    assert join_lines("United Cities and", "Local Governments") == "United Cities and Local Governments"
    assert join_lines("the 2016-", "2019 term") == "the 2016-2019 term"
    assert join_lines("inter\u00ad", "national") == "international"


# ---------------------------------------------------------------------------
# Text files: encodings, hard wrapping


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp950"])
def test_text_encodings(tmp_path, encoding):
    path = write_txt(tmp_path / "r.txt", report_lines("陸、建議", ["一、" + RECS[0], "二、" + RECS[2]]), encoding)
    assert items_of(path) == [RECS[0], RECS[2]]


def test_hard_wrapped_text_is_joined(tmp_path):
    """As a copy out of a PDF gives it: lines cut at 60 columns (a CJK character takes two)."""
    from tracker.intake.text import display_width

    def wrap(paragraph: str) -> list[str]:
        lines = [""]
        for char in paragraph:
            if display_width(lines[-1] + char) > 60:
                lines.append("")
            lines[-1] += char
        return lines

    body = [line for paragraph in ["一、" + LONG, "二、" + RECS[2]] for line in wrap(paragraph)]
    filler = [line for _ in range(4) for line in wrap("這是一段說明文字，" * 6)]
    found = items_of(write_txt(tmp_path / "r.txt", report_lines("陸、建議", body, before=filler)))
    assert found[1] == RECS[2]
    assert found[0].replace(" ", "") == LONG.replace(" ", "")


# ---------------------------------------------------------------------------
# Word: automatic numbering rebuilt, heading styles, tables


def _numbering(document, levels: list[tuple[str, str]]) -> str:
    """A list definition (numFmt, lvlText per level) in the document's numbering part; its numId."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    root = document.part.numbering_part.element
    ids = [int(n.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}numId")) for n in root.num_lst]
    num_id = max([*ids, 0]) + 1
    abstract_id = 9000 + num_id
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>')
    first_num = root.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        root.append(abstract)
    root.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'))
    return str(num_id)


def _numbered(paragraph, num_id: str, level: int = 0) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def _page_field(paragraph) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    paragraph._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))


def make_docx(path: Path, *, filler_pages: int = 0, mixed: bool = False, hostile: str | None = None) -> Path:
    """A report as Word writes one: 提要 in a table, headings numbered 壹、貳、… by Word,
    recommendations numbered 一、 with sub-points （一）, a running header and page numbers."""
    import docx

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "臺中市政府出國報告"
    footer = section.footer.paragraphs[0]
    footer.text = "第 "
    _page_field(footer)
    footer.add_run(" 頁")
    table = document.add_table(rows=3, cols=2)
    for row, (label, value) in zip(
        table.rows,
        [("出國報告提要名稱", "測試出國報告"), ("出國計畫主辦機關", "秘書處"), ("報告日期", "105年12月9日")],
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = label, value
    headings = _numbering(document, [("ideographLegalTraditional", "%1、")])
    items = _numbering(document, [("taiwaneseCountingThousand", "%1、"), ("taiwaneseCountingThousand", "（%2）")])
    for title in ["目的", "過程"]:
        _numbered(document.add_heading(title, level=1), headings)
        for _ in range(filler_pages * 8):
            document.add_paragraph(
                "本次會議由各會員城市共同參與，討論城市治理與永續發展之經驗，並交換未來合作之意見與作法。" * 2
            )
    _numbered(document.add_heading("心得及建議" if mixed else "建議", level=1), headings)
    if mixed:
        findings = _numbering(
            document, [("taiwaneseCountingThousand", "%1、"), ("taiwaneseCountingThousand", "（%2）")]
        )
        _numbered(document.add_paragraph("心得"), findings)
        _numbered(document.add_paragraph("本次會議為我國會員城市出席最為踴躍的一次。"), findings, 1)
        _numbered(document.add_paragraph("建議"), findings)
        _numbered(document.add_paragraph(RECS[0]), findings, 1)
        _numbered(document.add_paragraph(LONG), findings, 1)
        _numbered(document.add_paragraph(hostile or RECS[2]), findings, 1)
    else:
        _numbered(document.add_paragraph(RECS[0]), items)
        _numbered(document.add_paragraph("第一個細項。"), items, 1)
        _numbered(document.add_paragraph(LONG), items)
        _numbered(document.add_paragraph(hostile or RECS[2]), items)
    _numbered(document.add_heading("附錄", level=1), headings)
    document.add_paragraph("附錄內容。")
    document.save(str(path))
    return path


DOCX_ITEMS = [f"{RECS[0]}\n（一）第一個細項。", LONG, RECS[2]]


def test_docx_automatic_numbering_and_heading_styles(tmp_path):
    path = make_docx(tmp_path / "r.docx")
    paragraphs = read_document(path).paragraphs
    assert [p.full for p in paragraphs if p.heading == 1] == ["壹、目的", "貳、過程", "參、建議", "肆、附錄"]
    found = read_report(path)
    assert found.heading == "參、建議"
    assert [item.text for item in found.items] == DOCX_ITEMS
    assert found.meta.title is not None and found.meta.title.value == "測試出國報告"
    assert found.meta.report_date is not None and str(found.meta.report_date.value) == "2016-12-09"
    assert [g.value for g in found.items[1].owners] == ["新聞局"]
    assert [g.value for g in found.items[2].owners] == ["農業局"]


def test_docx_mixed_section(tmp_path):
    found = read_report(make_docx(tmp_path / "r.docx", mixed=True))
    assert found.subheading == "二、建議"
    assert [item.text for item in found.items] == [RECS[0], LONG, RECS[2]]


def test_docx_draft_loads_and_imports_through_the_cli(tmp_path, run_cli):
    path = make_docx(tmp_path / "r.docx")
    draft = tmp_path / "draft.yaml"
    db = str(tmp_path / "t.sqlite3")
    assert run_cli("--db", db, "init").returncode == 0
    result = run_cli("--db", db, "intake", str(path), "--draft", str(draft), "--key", "test16")
    assert result.returncode == 0, result.stderr
    assert "建議事項 3 項" in result.stdout and "草稿已寫入" in result.stdout
    doc = load_draft(draft)
    assert [item.text_zh for item in doc.items] == DOCX_ITEMS
    assert [item.owner_zh for item in doc.items[1:]] == ["新聞局", "農業局"]
    assert doc.items[1].deadline is not None and doc.items[1].deadline.isoformat() == "2016-11-23"
    imported = run_cli("--db", db, "intake", str(path), "--key", "test16", "--yes")
    assert imported.returncode == 0, imported.stderr


def test_cli_yes_imports_through_the_rules_of_tracker_import(tmp_path, run_cli):
    import docx

    document = docx.Document()
    document.add_paragraph("陸、建議")
    document.add_paragraph("一、" + "建議由新聞局更新英文文宣。")
    document.add_paragraph("二、" + "建議農業局於 2018 年 11 月 3 日前完成邀請。")
    path = tmp_path / "r.docx"
    document.save(str(path))
    db = str(tmp_path / "t.sqlite3")
    assert run_cli("--db", db, "init").returncode == 0
    first = run_cli("--db", db, "intake", str(path), "--key", "flora", "--yes")
    assert first.returncode == 0, first.stderr
    again = run_cli("--db", db, "intake", str(path), "--key", "flora", "--yes")
    assert again.returncode == 0, again.stderr
    listed = run_cli("--db", db, "list", "--format", "json")
    assert "flora-1" in listed.stdout and "flora-2" in listed.stdout and "2018-11-03" in listed.stdout
    assert first.stdout != again.stdout  # created, then unchanged: the same rules as tracker import


def test_cli_refusal_exits_2_with_one_line(tmp_path, run_cli):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    result = run_cli("--db", str(tmp_path / "t.sqlite3"), "intake", str(path), "--draft", str(tmp_path / "d.yaml"))
    assert result.returncode == 2
    assert ".docx" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "d.yaml").exists()


# ---------------------------------------------------------------------------
# OpenDocument: Writer's list and outline numbering


def make_odt(path: Path, *, unnumbered: bool = False) -> Path:
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, List, ListItem, ListLevelStyleNumber, ListStyle, OutlineLevelStyle, OutlineStyle, P

    document = OpenDocumentText()
    outline = OutlineStyle(name="Outline")
    outline.addElement(OutlineLevelStyle(level=1, numformat="壹, 貳, 參, ...", numsuffix="、"))
    document.styles.addElement(outline)
    lists = ListStyle(name="L1")
    lists.addElement(ListLevelStyleNumber(level=1, numformat="1", numsuffix="."))
    lists.addElement(ListLevelStyleNumber(level=2, numformat="1", numprefix="(", numsuffix=")"))
    document.automaticstyles.addElement(lists)
    table = Table(name="提要")
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    for label, value in [("出國報告提要名稱", "開放文件測試報告"), ("出國期間", "105年9月4日至9月9日")]:
        row = TableRow()
        for text in (label, value):
            cell = TableCell()
            cell.addElement(P(text=text))
            row.addElement(cell)
        table.addElement(row)
    document.text.addElement(table)
    document.text.addElement(H(outlinelevel=1, text="目的"))
    document.text.addElement(P(text="說明此行的目的。"))
    document.text.addElement(H(outlinelevel=1, text="建議事項"))
    if unnumbered:  # paragraphs spaced apart, as reports are: one may fill its last line exactly
        spaced = Style(name="Spaced", family="paragraph")
        spaced.addElement(ParagraphProperties(marginbottom="0.2cm"))
        document.automaticstyles.addElement(spaced)
        for text in RECS:
            document.text.addElement(P(stylename=spaced, text=text))
    else:
        top = List(stylename="L1")
        for index, text in enumerate(RECS):
            item = ListItem()
            item.addElement(P(text=text))
            if index == 0:
                sub = List()
                sub_item = ListItem()
                sub_item.addElement(P(text="第一個細項。"))
                sub.addElement(sub_item)
                item.addElement(sub)
            top.addElement(item)
        document.text.addElement(top)
    document.text.addElement(H(outlinelevel=1, text="參考資料"))
    document.text.addElement(P(text="不是建議。"))
    document.save(str(path))
    return path


def test_odt_list_and_outline_numbering(tmp_path):
    path = make_odt(tmp_path / "r.odt")
    paragraphs = [p.full for p in read_document(path).paragraphs]
    assert "貳、建議事項" in paragraphs and "1." + RECS[0] in paragraphs and "(1)第一個細項。" in paragraphs
    found = read_report(path)
    assert [item.text for item in found.items] == [f"{RECS[0]}\n(1)第一個細項。", LONG, RECS[2]]
    assert found.meta.title is not None and found.meta.title.value == "開放文件測試報告"
    assert found.meta.trip_end is not None and str(found.meta.trip_end.value) == "2016-09-09"


def test_odt_unnumbered_paragraphs(tmp_path):
    assert items_of(make_odt(tmp_path / "r.odt", unnumbered=True)) == RECS


# ---------------------------------------------------------------------------
# PDF: made by LibreOffice from the documents above


def to_pdf(sources: list[Path], folder: Path) -> list[Path]:
    assert SOFFICE is not None
    profile = folder / "lo-profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return [folder / (source.stem + ".pdf") for source in sources]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    folder = tmp_path_factory.mktemp("pdf")
    sources = [
        make_docx(folder / "numbered.docx", filler_pages=2),
        make_docx(folder / "mixed.docx", mixed=True),
        make_odt(folder / "lists.odt"),
        make_odt(folder / "plain.odt", unnumbered=True),
    ]
    return dict(zip(["numbered", "mixed", "lists", "plain"], to_pdf(sources, folder), strict=True))


@needs_soffice
def test_pdf_line_broken_text_headers_and_page_numbers(pdfs):
    document = read_document(pdfs["numbered"])
    assert document.pages is not None and document.pages >= 4
    texts = [p.text for p in document.paragraphs]
    assert not any("臺中市政府出國報告" in text for text in texts)  # the running header
    assert not any(text.startswith("第 ") and text.endswith(" 頁") for text in texts)  # the page numbers
    assert [item.text for item in read_report(pdfs["numbered"]).items] == DOCX_ITEMS


@needs_soffice
def test_pdf_mixed_and_odt_made(pdfs):
    assert [item.text for item in read_report(pdfs["mixed"]).items] == [RECS[0], LONG, RECS[2]]
    assert [item.text for item in read_report(pdfs["lists"]).items] == [f"{RECS[0]}\n(1)第一個細項。", LONG, RECS[2]]
    assert [item.text for item in read_report(pdfs["plain"]).items] == RECS


@needs_soffice
def test_source_report_as_pdf_gives_the_eight_items(tmp_path):
    import docx

    document = docx.Document()
    for line in REPORT_TEXT.read_text(encoding="utf-8").splitlines():
        if line.strip():
            document.add_paragraph(line.removeprefix("- "))
    source = tmp_path / "source.docx"
    document.save(str(source))
    (pdf,) = to_pdf([source], tmp_path)
    assert [item.text for item in read_report(pdf).items] == SEED_TEXTS


# ---------------------------------------------------------------------------
# Bad input: refused with one message, nothing written


def _minimal_pdf(content: bytes, resources: bytes, extra: list[bytes]) -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources " + resources + b" /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        *extra,
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def image_only_pdf() -> bytes:
    image = b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream"
    return _minimal_pdf(b"q 200 0 0 200 0 0 cm /Im1 Do Q", b"<< /XObject << /Im1 5 0 R >> >>", [image])


def test_refuses_an_empty_file(tmp_path):
    (tmp_path / "r.docx").write_bytes(b"")
    assert refused(tmp_path / "r.docx").key == "intake.empty"


def test_refuses_a_huge_file(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1000)
    path = write_txt(tmp_path / "r.txt", ["陸、建議", "一、" + "很長" * 1000])
    assert refused(path).key == "intake.too_big"


def test_refuses_the_old_doc_format(tmp_path):
    (tmp_path / "r.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    error = refused(tmp_path / "r.doc")
    assert error.key == "intake.old_doc"
    (tmp_path / "r2.doc").write_text("陸、建議\n一、建議。", encoding="utf-8")  # by its name too
    assert refused(tmp_path / "r2.doc").key == "intake.old_doc"


def test_refuses_encrypted_files(tmp_path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512) + "EncryptedPackage".encode("utf-16-le") + bytes(512)
    (tmp_path / "r.docx").write_bytes(ole)
    assert refused(tmp_path / "r.docx").key == "intake.encrypted"
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(image_only_pdf())))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    with (tmp_path / "r.pdf").open("wb") as handle:
        writer.write(handle)
    assert refused(tmp_path / "r.pdf").key == "intake.encrypted"


@pytest.mark.parametrize("name", ["r.docx", "r.odt", "r.pdf"])
def test_refuses_corrupt_files(tmp_path, name):
    path = tmp_path / name
    if name == "r.pdf":
        path.write_bytes(b"%PDF-1.4\n" + os.urandom(2000))
    else:
        make = make_docx if name == "r.docx" else make_odt
        good = make(tmp_path / ("good" + Path(name).suffix)).read_bytes()
        path.write_bytes(good[: len(good) // 2])  # cut short
    assert refused(path).key in ("intake.corrupt", "intake.no_text")


def test_refuses_a_zip_bomb_before_unpacking(tmp_path):
    path = tmp_path / "r.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<" + b" " * (20 * 2**20))
    error = refused(path)
    assert error.key == "intake.zip_bomb" and "word/document.xml" in error.params["reason"]


def test_refuses_an_image_only_pdf(tmp_path):
    (tmp_path / "scan.pdf").write_bytes(image_only_pdf())
    assert refused(tmp_path / "scan.pdf").key == "intake.image_only"


def test_refuses_text_in_an_unknown_encoding(tmp_path):
    (tmp_path / "r.txt").write_bytes(b"\xff\xfe\x00" + bytes(range(128, 256)) * 4)
    assert refused(tmp_path / "r.txt").key in ("intake.bad_encoding", "intake.no_section")


# ---------------------------------------------------------------------------
# Hostile text is data


HOSTILE = '建議=HYPERLINK("http://x") [/red]<b>粗體</b> \u202eevil\u202c "quoted" \\n key: value # 不是註解'


def test_hostile_text_is_cleaned_and_kept_as_data(tmp_path):
    found = read_report(make_docx(tmp_path / "r.docx", hostile=HOSTILE))
    text = found.items[2].text
    assert "\u202e" not in text and "\u202c" not in text
    assert text.startswith("建議=HYPERLINK") and "[/red]<b>粗體</b>" in text and "# 不是註解" in text
    draft = tmp_path / "draft.yaml"
    body = write_draft(found, "r.docx").replace("    # owner: ", '    owner: "秘書處"\n    # owner: ')
    draft.write_text(body, encoding="utf-8")
    assert load_seed(draft).items[2].text_zh == text
    assert all("\u202e" not in line for line in preview_lines(found))


def test_terminal_escapes_in_a_text_report_are_dropped(tmp_path):
    lines = report_lines("陸、建議", ["一、建議\x1b]0;pwned\x07更新\x1b[31m英文文宣。\u2028下一段"])
    found = read_report(write_txt(tmp_path / "r.txt", lines))
    assert found.items[0].text.startswith("建議更新英文文宣。")
    draft = write_draft(found, "r.txt\x1b[2J")
    assert "\x1b" not in draft
    yaml.safe_load(draft)
