"""Words of `tracker intake`: reading a report's recommendations out of the document itself."""

MESSAGES: dict[str, dict[str, str]] = {
    # -- refusals (exit 2, nothing written) --
    "intake.not_a_file": {"zh-TW": "找不到檔案「{path}」。", "en": "No such file: {path}."},
    "intake.unreadable": {"zh-TW": "無法讀取「{path}」：{reason}", "en": "Cannot read {path}: {reason}"},
    "intake.empty": {"zh-TW": "「{path}」是空檔案。", "en": "{path} is empty."},
    "intake.no_text": {
        "zh-TW": "「{path}」裡沒有文字。",
        "en": "{path} holds no text.",
    },
    "intake.too_big": {
        "zh-TW": "「{path}」太大（{size} MiB，上限 {limit} MiB）。",
        "en": "{path} is too big ({size} MiB; the limit is {limit} MiB).",
    },
    "intake.old_doc": {
        "zh-TW": "「{path}」是舊版 Word 格式（.doc）：請在 Word 或 LibreOffice 另存為 .docx 或 .odt 再匯入。",
        "en": "{path} is in the old Word format (.doc): save it as .docx or .odt in Word or LibreOffice, then try again.",
    },
    "intake.unknown_kind": {
        "zh-TW": "無法辨識「{path}」的格式：可讀 {kinds}。",
        "en": "Cannot tell what kind of file {path} is: intake reads {kinds}.",
    },
    "intake.encrypted": {
        "zh-TW": "「{path}」有密碼保護：請存一份不加密的檔案再匯入。",
        "en": "{path} is protected by a password: save a copy without one, then try again.",
    },
    "intake.corrupt": {
        "zh-TW": "「{path}」已損壞或不是它副檔名所說的格式：{reason}",
        "en": "{path} is damaged or not the format its name says: {reason}",
    },
    "intake.zip_bomb": {
        "zh-TW": "「{path}」解壓後過大，不予讀取（{reason}）。",
        "en": "{path} would unpack to far too much, so it was not read ({reason}).",
    },
    "intake.image_only": {
        "zh-TW": "「{path}」是只有影像的 PDF（掃描檔），沒有文字層：請提供原始的 .docx／.odt，或有文字的 PDF（本工具不做 OCR）。",
        "en": "{path} is an image-only PDF (a scan) with no text layer: supply the .docx/.odt, or a PDF with text (no OCR is done).",
    },
    "intake.bad_encoding": {
        "zh-TW": "「{path}」不是 UTF-8、UTF-16 或 Big5 編碼的文字檔。",
        "en": "{path} is not text in UTF-8, UTF-16 or Big5.",
    },
    "intake.no_section": {
        "zh-TW": "「{path}」裡找不到建議段落；找過的標題：{headings}（全形半形、字間空白皆可）。",
        "en": "No recommendations section in {path}; headings looked for: {headings} (full or half width, spaced or not).",
    },
    "intake.no_items": {
        "zh-TW": "「{path}」的「{heading}」段落裡沒有建議事項。",
        "en": "The section {heading} of {path} holds no recommendations.",
    },
    "intake.too_many_items": {
        "zh-TW": "「{path}」有 {count} 項建議，超過上限 {limit} 項。",
        "en": "{path} has {count} recommendations, over the limit of {limit}.",
    },
    "intake.bad_key": {
        "zh-TW": "報告代號「{key}」只能用英文字母、數字與 -（40 字以內，字母或數字開頭）。",
        "en": "The report key {key} may hold only letters, digits and - (40 at most, starting with a letter or digit).",
    },
    # -- the preview --
    "intake.preview_head": {"zh-TW": "報告 {path}（{kind}）", "en": "Report {path} ({kind})"},
    "intake.preview_items": {
        "zh-TW": "建議事項 {count} 項（{section}）：",
        "en": "{count} recommendations ({section}):",
    },
    "intake.found": {"zh-TW": "找到", "en": "found"},
    "intake.guess": {"zh-TW": "猜測", "en": "guess"},
    "intake.not_found": {"zh-TW": "（未找到）", "en": "(not found)"},
    "intake.title": {"zh-TW": "報告名稱", "en": "Title"},
    "intake.agency": {"zh-TW": "主辦機關", "en": "Agency"},
    "intake.contact": {"zh-TW": "聯絡人", "en": "Contact"},
    "intake.report_date": {"zh-TW": "報告日期", "en": "Report date"},
    "intake.trip_start": {"zh-TW": "出國起日", "en": "Trip from"},
    "intake.trip_end": {"zh-TW": "出國迄日", "en": "Trip to"},
    "intake.people": {"zh-TW": "出國人員", "en": "People"},
    "intake.text": {"zh-TW": "原文", "en": "Text"},
    "intake.owner": {"zh-TW": "主辦單位", "en": "Lead unit"},
    "intake.unassigned": {"zh-TW": "未指派（報告未載明）", "en": "unassigned (the report names none)"},
    "intake.deadline": {"zh-TW": "預定完成日期", "en": "Deadline"},
    "intake.candidate": {"zh-TW": "期限候選", "en": "Deadline candidate"},
    "intake.draft_written": {
        "zh-TW": "草稿已寫入 {path}：{count} 項。請核對標示「猜測」的欄位，再執行 tracker import {path}。",
        "en": "Draft written to {path}: {count} items. Check the fields marked guess, then run tracker import {path}.",
    },
    "intake.no_draft": {
        "zh-TW": "未寫入任何資料：加 --draft 檔案.yaml 寫出草稿，或加 --yes 直接匯入。",
        "en": "Nothing written: add --draft FILE.yaml to write a draft, or --yes to import at once.",
    },
}
