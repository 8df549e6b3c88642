"""Words of what a 列管表 row carries beyond its status: progress, adoption, supporting
documents (佐證資料), officers and supporting units, and corrections (更正)."""

MESSAGES: dict[str, dict[str, str]] = {
    "field.progress": {"zh-TW": "執行進度", "en": "Progress"},
    "field.adoption": {"zh-TW": "採行", "en": "Adoption"},
    "field.evidence": {"zh-TW": "佐證資料", "en": "Supporting documents"},
    "adoption.adopted": {"zh-TW": "採行", "en": "Adopted"},
    "adoption.partial": {"zh-TW": "部分採行", "en": "Partly adopted"},
    "adoption.not_adopted": {"zh-TW": "不採行", "en": "Not adopted"},
    "evidence.file": {"zh-TW": "附件", "en": "file"},
    "evidence.doc_no": {"zh-TW": "文號", "en": "document number"},
    "evidence.url": {"zh-TW": "網址", "en": "URL"},
    "evidence.text": {"zh-TW": "說明", "en": "text"},
    "word.unassigned": {"zh-TW": "未指派", "en": "Unassigned"},
    "word.corrected": {"zh-TW": "已更正", "en": "corrected"},
    "word.correction_of": {"zh-TW": "更正第 {id} 筆", "en": "corrects #{id}"},
    "word.retracted": {"zh-TW": "已撤回", "en": "retracted"},
    "round.corrected": {"zh-TW": "{what}（已更正）", "en": "{what} (corrected)"},
    "round.correction": {"zh-TW": "更正後的辦理情形", "en": "Corrected note"},
    "history.not_adopted_in_file": {"zh-TW": "報告檔 {file} 列為不採行", "en": "Not adopted in {file}"},
    # -- refusals -------------------------------------------------------------------------
    "error.progress": {
        "zh-TW": "執行進度「{text}」應為 0 到 100 的整數，例如 60 或 60%。",
        "en": "Progress “{text}” must be a whole number from 0 to 100, such as 60 or 60%.",
    },
    "error.progress_reason": {
        "zh-TW": "執行進度由 {old}% 降為 {new}% 需要說明原因：請加上 --note 原因（在畫面中請填辦理情形）。",
        "en": "Lowering the progress from {old}% to {new}% needs a reason: add --note REASON (in the screen, fill in the note).",
    },
    "error.same_progress": {
        "zh-TW": "執行進度已經是 {progress}%，沒有變更。",
        "en": "The progress is already {progress}%; nothing was changed.",
    },
    "error.progress_closed": {
        "zh-TW": "{key} 的辦理狀態是「{status}」，執行進度固定為 {progress}%；要調整請先把狀態改回辦理中（tracker status {key} in_progress）。",
        "en": "{key} is “{status}”, so its progress stays {progress}%; to change it, set the status back first (tracker status {key} in_progress).",
    },
    "error.progress_done": {
        "zh-TW": "已完成的執行進度就是 100%，不能是 {progress}%；若尚未完成，請選辦理中。",
        "en": "Done means 100% progress, not {progress}%; if the work is not finished, choose in progress.",
    },
    "error.progress_not_started": {
        "zh-TW": "未辦理的執行進度是 0%，不能是 {progress}%；已有進度請選辦理中。",
        "en": "Not started means 0% progress, not {progress}%; with progress made, choose in progress.",
    },
    "error.unknown_adoption": {
        "zh-TW": "不認得採行情形「{text}」。可用：{choices}。",
        "en": "Unknown adoption “{text}”. Use one of: {choices}.",
    },
    "error.same_adoption": {
        "zh-TW": "採行情形已經是「{adoption}」，沒有變更。",
        "en": "The adoption is already “{adoption}”; nothing was changed.",
    },
    "error.adoption_done": {
        "zh-TW": "{key} 已完成，不能改為不採行；若完成有誤，請用 tracker correct 更正那筆紀錄。",
        "en": "{key} is done and cannot become not adopted; if marking it done was a mistake, correct that entry with tracker correct.",
    },
    "error.evidence_required": {
        "zh-TW": "{key} 還沒有佐證資料，依設定（require_evidence）不能設為已完成。請先 tracker attach {key} 檔案，或 tracker ref {key} --doc-no 文號。",
        "en": "{key} has no supporting documents, and the settings (require_evidence) ask for one before done. First tracker attach {key} FILE, or tracker ref {key} --doc-no NUMBER.",
    },
    "warning.no_evidence": {
        "zh-TW": "提醒：{key} 申請解除列管，但沒有佐證資料；可用 tracker attach {key} 檔案 或 tracker ref {key} --doc-no 文號 補上。",
        "en": "Note: {key} asks for release without supporting documents; add them with tracker attach {key} FILE or tracker ref {key} --doc-no NUMBER.",
    },
    "error.assign_nothing": {
        "zh-TW": "沒有要變更的項目：請給新的主辦單位，或 --officer 承辦人、--support 協辦單位、--no-support。",
        "en": "Nothing to change: give a new lead unit, or --officer NAME, --support UNIT, --no-support.",
    },
    "error.assign_same": {
        "zh-TW": "主辦單位、承辦人與協辦單位都和現在相同，沒有變更。",
        "en": "The lead unit, officer and supporting units are already as given; nothing was changed.",
    },
    "error.attach_nothing": {
        "zh-TW": "沒有指定檔案：tracker attach 項目 檔案…",
        "en": "No file given: tracker attach ITEM FILE...",
    },
    "error.attach_missing": {
        "zh-TW": "找不到檔案 {path}，沒有附加任何檔案。請檢查路徑（可用 Tab 補齊）。",
        "en": "File {path} not found; nothing was attached. Check the path.",
    },
    "error.attach_directory": {
        "zh-TW": "{path} 是資料夾，不是檔案，沒有附加任何檔案。請指定資料夾中的檔案。",
        "en": "{path} is a folder, not a file; nothing was attached. Name the files in it.",
    },
    "error.attach_not_file": {
        "zh-TW": "{path} 不是一般檔案（是裝置、管線或 socket），沒有附加任何檔案。請指定一般檔案。",
        "en": "{path} is not an ordinary file (a device, a pipe or a socket); nothing was attached. Name an ordinary file.",
    },
    "error.attach_unreadable": {
        "zh-TW": "無法讀取 {path}（{reason}），沒有附加任何檔案。",
        "en": "Cannot read {path} ({reason}); nothing was attached.",
    },
    "error.attach_too_large": {
        "zh-TW": "{path} 有 {size} MB，超過附件上限 {limit} MB，沒有附加任何檔案。請壓縮或分割檔案，或在設定檔調整 attachment_limit_mb。",
        "en": "{path} is {size} MB, over the {limit} MB limit; nothing was attached. Compress or split it, or raise attachment_limit_mb in the settings.",
    },
    "error.doc_no_control": {
        "zh-TW": "文號含有控制字元或換行，沒有存入。請重新輸入，例如：府授秘外字第1050123456號",
        "en": "The document number contains control characters or line breaks; nothing was saved. Type it again, e.g. 府授秘外字第1050123456號",
    },
    "error.reference_empty": {
        "zh-TW": "{kind}是空的，沒有存入。",
        "en": "The {kind} is empty; nothing was saved.",
    },
    "error.reference_too_long": {
        "zh-TW": "{kind}超過 {limit} 個字，沒有存入。",
        "en": "The {kind} is longer than {limit} characters; nothing was saved.",
    },
    "error.bad_url": {
        "zh-TW": "「{url}」不是 http:// 或 https:// 開頭的網址，沒有存入。例如：https://www.taichung.gov.tw/",
        "en": "“{url}” is not an http:// or https:// address; nothing was saved. For example: https://www.taichung.gov.tw/",
    },
    "error.unknown_evidence": {
        "zh-TW": "沒有編號 {id} 的佐證資料。請用 tracker attachments 項目 查看編號。",
        "en": "No supporting document #{id}. See the numbers with tracker attachments ITEM.",
    },
    "error.evidence_retracted": {
        "zh-TW": "佐證資料 {id}（{name}）已撤回過了。",
        "en": "Supporting document #{id} ({name}) was retracted already.",
    },
    "error.evidence_not_file": {
        "zh-TW": "佐證資料 {id} 是{kind}，不是檔案：{value}",
        "en": "Supporting document #{id} is a {kind}, not a file: {value}",
    },
    "error.evidence_damaged": {
        "zh-TW": "佐證資料 {id}（{name}）的內容與存入時的 SHA-256 不符，沒有寫出。請執行 tracker db check，並從備份還原。",
        "en": "Supporting document #{id} ({name}) no longer matches its SHA-256; nothing was written. Run tracker db check and restore from a backup.",
    },
    "error.correction_note_empty": {
        "zh-TW": "更正需要說明原因：請加上 --note 原因。",
        "en": "A correction needs a reason: add --note WHY.",
    },
    "error.unknown_change": {
        "zh-TW": "沒有第 {id} 筆異動紀錄。請用 tracker history 項目 查看紀錄編號。",
        "en": "There is no history entry #{id}. See the entries' numbers with tracker history ITEM.",
    },
    "error.not_correctable": {
        "zh-TW": "第 {id} 筆是「{field}」紀錄，不能用更正改變；審查以重新審查處理，匯入的內容以修改報告檔後重新匯入處理，佐證資料以 tracker attachment retract 撤回。",
        "en": "Entry #{id} is a “{field}” entry and cannot be corrected; a review is answered by a new review, an import by importing the corrected file, a document by tracker attachment retract.",
    },
    "error.already_corrected": {
        "zh-TW": "第 {id} 筆已由第 {by} 筆更正過；要再改，請更正第 {by} 筆。",
        "en": "Entry #{id} was corrected by #{by} already; to change it again, correct #{by}.",
    },
    "error.correct_other_item": {
        "zh-TW": "第 {id} 筆是 {key} 的紀錄，不是所指定項目的紀錄，沒有更正。",
        "en": "Entry #{id} belongs to {key}, not to the item given; nothing was corrected.",
    },
    "error.correct_later_change": {
        "zh-TW": "第 {id} 筆之後「{field}」又變更過，不能直接還原；請更正最新的那筆，或用 --value 指定正確的值。",
        "en": "“{field}” changed again after entry #{id}, so it cannot simply be put back; correct the latest entry, or give the right value with --value.",
    },
    "error.correct_needs_value": {
        "zh-TW": "這筆紀錄之前沒有「{field}」的值可以還原；請用 --value 指定正確的值。",
        "en": "There is no earlier “{field}” to put back; give the right value with --value.",
    },
    "settings.not_limit": {
        "zh-TW": "附件上限「{value}」應為 1–1024 的整數（MB；設定檔 attachment_limit_mb 或 TRACKER_ATTACHMENT_LIMIT_MB）",
        "en": "attachment limit “{value}” must be a whole number of MB from 1 to 1024 (attachment_limit_mb or TRACKER_ATTACHMENT_LIMIT_MB)",
    },
    # -- the command line (tracker.cli_evidence) -----------------------------------------
    "column.progress": {"zh-TW": "進度", "en": "Progress"},
    "field.correction": {"zh-TW": "更正", "en": "Correction"},
    "field.evidence_kind": {"zh-TW": "類別", "en": "Kind"},
    "field.evidence_value": {"zh-TW": "檔名／文號／網址", "en": "Name, number or URL"},
    "field.size": {"zh-TW": "大小", "en": "Size"},
    "field.media_type": {"zh-TW": "檔案類型", "en": "Media type"},
    "field.added_by": {"zh-TW": "加入者", "en": "Added by"},
    "field.added_at": {"zh-TW": "加入時間", "en": "Added"},
    "field.evidence_state": {"zh-TW": "狀態", "en": "State"},
    "done.attached": {
        "zh-TW": "{key} 已附加佐證資料 #{id}：{name}（{size}，{media_type}）",
        "en": "{key}: attached #{id} {name} ({size}, {media_type})",
    },
    "done.attached_version": {
        "zh-TW": "{key} 已存入 {count} 個檔案（版本 {version}）",
        "en": "{key}: {count} file(s) stored (version {version})",
    },
    "done.ref": {
        "zh-TW": "{key} 已新增佐證資料 #{id}（{kind}）：{value}（版本 {version}）",
        "en": "{key}: added #{id} ({kind}) {value} (version {version})",
    },
    "done.no_evidence": {
        "zh-TW": "{key} 沒有佐證資料。可用 tracker attach {key} 檔案 或 tracker ref {key} --doc-no 文號 加入。",
        "en": "{key} has no supporting documents. Add one with tracker attach {key} FILE or tracker ref {key} --doc-no NUMBER.",
    },
    "done.attachment_saved": {
        "zh-TW": "已將佐證資料 #{id}（{name}，{size}）寫入 {path}",
        "en": "Supporting document #{id} ({name}, {size}) written to {path}",
    },
    "done.retracted": {
        "zh-TW": "已撤回 {key} 的佐證資料 #{id}（{kind}：{name}）；內容仍保存，tracker attachments {key} --all 可查看。",
        "en": "Retracted #{id} ({kind}: {name}) of {key}; it is kept, and tracker attachments {key} --all shows it.",
    },
    "done.changed": {
        "zh-TW": "{key} {field}：{old} → {new}（版本 {version}）",
        "en": "{key} {field}: {old} → {new} (version {version})",
    },
    "done.correct": {
        "zh-TW": "已更正第 {target} 筆（{key} {field}）：{old} → {new}；更正紀錄為第 {id} 筆（版本 {version}）",
        "en": "Corrected entry #{target} ({key} {field}): {old} → {new}; the correction is entry #{id} (version {version})",
    },
    "done.correct_note": {
        "zh-TW": "已更正第 {target} 筆（{key} 辦理情形）：{what}；更正紀錄為第 {id} 筆（版本 {version}）",
        "en": "Corrected entry #{target} ({key} progress note): {what}; the correction is entry #{id} (version {version})",
    },
    "correct.note_text": {"zh-TW": "改為「{text}」", "en": "now reads “{text}”"},
    "correct.note_dropped": {
        "zh-TW": "不再列為最新辦理情形",
        "en": "no longer counts as the latest note",
    },
    "error.ref_one_kind": {
        "zh-TW": "請指定一種佐證資料，而且只能一種：--doc-no 文號、--url 網址 或 --text 說明。",
        "en": "Give one kind of reference, and only one: --doc-no NUMBER, --url URL or --text TEXT.",
    },
    "error.bad_evidence_id": {
        "zh-TW": "佐證資料編號「{text}」應為正整數；請用 tracker attachments 項目 查看編號。",
        "en": "A supporting document's number is a whole number, not “{text}”; see them with tracker attachments ITEM.",
    },
    "error.bad_change_id": {
        "zh-TW": "紀錄編號「{text}」應為正整數；請用 tracker history 項目 查看紀錄編號（第一欄 #）。",
        "en": "A history entry's number is a whole number, not “{text}”; see them in the first column (#) of tracker history ITEM.",
    },
    "error.output_exists": {
        "zh-TW": "{path} 已存在，沒有覆蓋。要覆蓋請加 --force，或用 -o 指定其他檔名。",
        "en": "{path} exists and was not overwritten. Add --force to replace it, or name another file with -o.",
    },
    "error.attachment_to_terminal": {
        "zh-TW": "佐證資料不直接輸出到終端機（檔案內容可能含控制字元）；請用 -o 檔名，或把 -o - 接到管線（例如 | less）。",
        "en": "A supporting document is not written to the terminal (its bytes may hold control codes); name a file with -o, or pipe -o - into a program (| less).",
    },
    "error.officer_both": {
        "zh-TW": "--officer 與 --no-officer 只能擇一。",
        "en": "Give --officer or --no-officer, not both.",
    },
    "error.support_both": {
        "zh-TW": "--support 與 --no-support 只能擇一。",
        "en": "Give --support or --no-support, not both.",
    },
}
