"""Labels and messages of the terminal UI."""

MESSAGES: dict[str, dict[str, str]] = {
    "tui.title": {"zh-TW": "建議事項列管", "en": "Recommendation follow-up"},
    "tui.all_reports": {"zh-TW": "全部報告（{count} 份）", "en": "all reports ({count})"},
    "tui.no_items": {
        "zh-TW": "沒有符合的建議事項（按 f 或 / 調整篩選）",
        "en": "Nothing matches (f or / changes the filter)",
    },
    "tui.searching": {"zh-TW": "搜尋「{text}」", "en": "search “{text}”"},
    "tui.page": {"zh-TW": "第 {first}–{last} 筆，共 {total} 筆", "en": "{first}–{last} of {total}"},
    "tui.shown": {"zh-TW": "顯示 {shown}/{total}", "en": "showing {shown}/{total}"},
    "tui.title_today": {"zh-TW": "{title}（今天 {today}）", "en": "{title} (today {today})"},
    "tui.filter_label": {"zh-TW": "篩選：", "en": "Filter: "},
    "tui.sort_label": {"zh-TW": "排序：", "en": "Sort: "},
    "tui.overdue_count": {"zh-TW": "逾期 {count}", "en": "overdue {count}"},
    "tui.filter.all": {"zh-TW": "全部", "en": "all"},
    "tui.filter.overdue": {"zh-TW": "逾期", "en": "overdue"},
    "tui.filter.due_soon": {"zh-TW": "7 天內到期", "en": "due within 7 days"},
    "tui.filter.open": {"zh-TW": "未結案", "en": "open"},
    "tui.filter.pending": {"zh-TW": "待審", "en": "awaiting review"},
    "tui.pending_count": {"zh-TW": "待審 {count}", "en": "to review {count}"},
    "tui.waiting": {"zh-TW": "待審 {days} 天", "en": "review: {days} days"},
    "tui.waiting_one": {"zh-TW": "待審 1 天", "en": "review: 1 day"},
    "tui.waiting_today": {"zh-TW": "待審 今天送出", "en": "review: sent today"},
    "tui.sort.number": {"zh-TW": "編號", "en": "number"},
    "tui.sort.deadline": {"zh-TW": "期限", "en": "deadline"},
    "tui.sort.status": {"zh-TW": "狀態", "en": "status"},
    "tui.sort.owner": {"zh-TW": "主辦單位", "en": "lead unit"},
    "tui.search_placeholder": {
        "zh-TW": "搜尋標題、全文、單位與辦理情形（Enter 完成，Esc 清除）",
        "en": "Search titles, texts, units and notes (Enter done, Esc clear)",
    },
    "tui.key.status": {"zh-TW": "狀態", "en": "Status"},
    "tui.key.note": {"zh-TW": "辦理情形", "en": "Note"},
    "tui.key.owner": {"zh-TW": "主辦單位", "en": "Owner"},
    "tui.key.deadline": {"zh-TW": "期限", "en": "Due"},
    "tui.key.evidence": {"zh-TW": "佐證", "en": "Attach"},
    "tui.key.save_document": {"zh-TW": "取出附件", "en": "Save file"},
    "tui.key.adoption": {"zh-TW": "採行", "en": "Adopt"},
    "tui.key.correct": {"zh-TW": "更正", "en": "Correct"},
    "tui.key.review": {"zh-TW": "審查", "en": "Review"},
    "tui.key.search": {"zh-TW": "搜尋", "en": "Find"},
    "tui.key.filter": {"zh-TW": "篩選", "en": "Filter"},
    "tui.key.owner_filter": {"zh-TW": "單位篩選", "en": "Unit filter"},
    "tui.key.sort": {"zh-TW": "排序", "en": "Sort"},
    "tui.key.summary": {"zh-TW": "週報", "en": "Week"},
    "tui.key.export": {"zh-TW": "匯出", "en": "Export"},
    "tui.key.refresh": {"zh-TW": "重新整理", "en": "Refresh"},
    "tui.key.help": {"zh-TW": "說明", "en": "Help"},
    "tui.key.quit": {"zh-TW": "離開", "en": "Quit"},
    "tui.button.save": {"zh-TW": "儲存 (Ctrl+S)", "en": "Save (Ctrl+S)"},
    "tui.button.cancel": {"zh-TW": "取消 (Esc)", "en": "Cancel (Esc)"},
    "tui.dialog.status": {"zh-TW": "變更辦理狀態", "en": "Set the status"},
    "tui.dialog.note": {"zh-TW": "新增辦理情形", "en": "Add a progress note"},
    "tui.dialog.owner": {
        "zh-TW": "主辦單位、承辦人與協辦單位",
        "en": "Lead unit, officer and supporting units",
    },
    "tui.dialog.adoption": {"zh-TW": "採行情形", "en": "Adoption"},
    "tui.dialog.evidence": {"zh-TW": "新增佐證資料", "en": "Add a supporting document"},
    "tui.dialog.correct": {"zh-TW": "更正異動紀錄", "en": "Correct a history entry"},
    "tui.dialog.deadline": {"zh-TW": "變更預定完成日期", "en": "Move the deadline"},
    "tui.dialog.review": {"zh-TW": "審查（解除、退回或撤銷列管）", "en": "Review: release, return or withdraw"},
    "tui.review.now": {
        "zh-TW": "列管狀態：{tracking}　辦理狀態：{status}　{level}",
        "en": "Follow-up: {tracking}   Status: {status}   {level}",
    },
    "tui.review.request": {"zh-TW": "辦理情形：", "en": "Progress note: "},
    "tui.label.decision_keys": {"zh-TW": "按 1–3 選擇審查決定：", "en": "Press 1–3 to pick a decision:"},
    "tui.review.option.release": {"zh-TW": "同意解除列管", "en": "Release: the follow-up ends"},
    "tui.review.option.return": {
        "zh-TW": "繼續列管（退回主辦單位，須附審查意見）",
        "en": "Return to the lead unit (comments required)",
    },
    "tui.review.option.withdraw": {
        "zh-TW": "撤銷列管（例如活動停辦，須附理由）",
        "en": "Withdraw from follow-up (e.g. event cancelled; reason required)",
    },
    "tui.label.review_note": {
        "zh-TW": "審查意見（退回、撤銷必填；Enter 換行，Ctrl+S 儲存）",
        "en": "Review comments (required to return or withdraw; Enter: new line)",
    },
    "tui.placeholder.review": {
        "zh-TW": "例如：請補附會議紀錄與照片",
        "en": "e.g. please attach the minutes and photos",
    },
    "tui.label.return_status": {"zh-TW": "退回後的辦理狀態：", "en": "Status after a return: "},
    "tui.review.pick": {
        "zh-TW": "請先按 1–3 選擇審查決定（同意解除列管、繼續列管或撤銷列管）。",
        "en": "Pick a decision first: press 1–3 (release, return or withdraw).",
    },
    "tui.review.hint_not_pending": {
        "zh-TW": "此項目前是「{tracking}」，不是待審：只能撤銷列管（須附理由）。",
        "en": "This item is “{tracking}”, not awaiting review: it can only be withdrawn (with a reason).",
    },
    "tui.review.hint_closed": {
        "zh-TW": "此項已「{tracking}」，不能再審查。",
        "en": "This item is already “{tracking}”; it cannot be reviewed again.",
    },
    "tui.review.hint_not_reviewer": {
        "zh-TW": "你（{user}）不在審查人名單中，儲存會被拒絕。審查人：{names}",
        "en": "You ({user}) are not on the reviewers list; a save will be refused. Reviewers: {names}",
    },
    "tui.error.review_note_empty": {
        "zh-TW": "{decision}需要審查意見：請寫在「審查意見」（例如還缺什麼佐證、為何撤銷）。",
        "en": "“{decision}” needs review comments: write them in the box (what is missing, why it is withdrawn).",
    },
    "tui.error.closed_item": {
        "zh-TW": "{key} 已「{tracking}」，不能再變更辦理狀態；仍可新增辦理情形（按 n）。",
        "en": "{key} is “{tracking}”: its status can no longer change; you can still add a note (n).",
    },
    "tui.detail.latest_note": {"zh-TW": "最新辦理情形", "en": "Latest note"},
    "tui.detail.latest_review": {"zh-TW": "最新審查意見", "en": "Review comments"},
    "tui.detail.waiting": {"zh-TW": "（已等 {days} 天，{date} 送審）", "en": " ({days} days, since {date})"},
    "tui.detail.waiting_today": {"zh-TW": "（今天送審）", "en": " (sent today)"},
    "tui.detail.by_on": {"zh-TW": "（{by}，{date}）", "en": " ({by}, {date})"},
    "tui.detail.corrected": {"zh-TW": "已更正（{at}，第 {by} 筆）", "en": "corrected {at} (#{by})"},
    "tui.detail.corrected_to": {"zh-TW": "更正為：{text}", "en": "Now reads: {text}"},
    "tui.detail.note_withdrawn": {"zh-TW": "（此則辦理情形作廢）", "en": "(this note no longer counts)"},
    "tui.detail.correction_reason": {"zh-TW": "更正原因：{reason}", "en": "Why: {reason}"},
    "tui.detail.decision_by_on": {"zh-TW": "（{decision}，{by}，{date}）", "en": " ({decision}, {by}, {date})"},
    "tui.palette.placeholder": {
        "zh-TW": "輸入功能名稱，例如：狀態、匯出、週報…",
        "en": "Type an action, e.g. status, export, weekly…",
    },
    "tui.label.current": {"zh-TW": "（目前）", "en": " (now)"},
    "tui.owner_new": {
        "zh-TW": "「{owner}」不是目前使用中的單位。若確實是新單位，請再按一次儲存；否則請修正（Tab 可採用灰色提示）。",
        "en": "“{owner}” is not a unit in use yet. Save again if it really is new; otherwise fix it (Tab takes the grey suggestion).",
    },
    "tui.export.exists": {
        "zh-TW": "檔案 {path} 已存在；再按一次匯出將覆蓋，或改個檔名。",
        "en": "{path} exists; export again to replace it, or change the name.",
    },
    "tui.export.default_name": {"zh-TW": "進度表-{today}", "en": "progress-{today}"},
    "tui.label.status_keys": {"zh-TW": "按 1–5 選擇狀態：", "en": "Press 1–5 to pick a status:"},
    "tui.label.note_for_status": {
        "zh-TW": "辦理情形（結案時必填；Enter 換行，Ctrl+S 儲存）",
        "en": "Progress note (required to close; Enter: new line, Ctrl+S saves)",
    },
    "tui.label.owner_hint": {
        "zh-TW": "修改要變更的欄位（只送出有修改的）；Tab 採用灰色提示。",
        "en": "Only edited fields are saved; Tab takes the grey suggestion.",
    },
    "tui.label.owner": {"zh-TW": "主辦單位", "en": "Lead unit"},
    "tui.label.officer": {"zh-TW": "承辦人", "en": "Officer"},
    "tui.label.reason_short": {"zh-TW": "理由", "en": "Reason"},
    "tui.placeholder.reason_required": {
        "zh-TW": "為什麼變更（必填；Enter 儲存）",
        "en": "why it changes (required; Enter saves)",
    },
    "tui.label.support": {"zh-TW": "協辦單位", "en": "Supporting"},
    "tui.placeholder.officer": {"zh-TW": "姓名；清空表示沒有", "en": "a name; empty for none"},
    "tui.placeholder.support": {
        "zh-TW": "多個以、或逗號分隔；清空表示沒有",
        "en": "several: separate with commas; empty for none",
    },
    "tui.error.assign_nothing": {
        "zh-TW": "沒有修改：請改主辦單位、承辦人或協辦單位再儲存。",
        "en": "Nothing edited: change the lead unit, officer or supporting units, then save.",
    },
    "tui.error.assign_same": {
        "zh-TW": "主辦單位、承辦人與協辦單位都和現在相同，沒有變更。",
        "en": "The lead unit, officer and supporting units are as they were; nothing changed.",
    },
    "tui.label.deadline_now": {
        "zh-TW": "目前：{deadline}（原定 {original}）。新的日期：",
        "en": "Now: {deadline} (originally {original}). New date:",
    },
    "tui.label.reason": {"zh-TW": "理由（必填；Enter 儲存）", "en": "Reason (required; Enter saves)"},
    "tui.label.progress": {"zh-TW": "執行進度（%）", "en": "Progress (%)"},
    "tui.label.progress_hint": {
        "zh-TW": "0–100；已完成為 100、未辦理為 0；調降須說明原因",
        "en": "0–100; done is 100, not started 0; lower: say why",
    },
    "tui.label.note_enter": {
        "zh-TW": "辦理情形（可多行：Enter 換行，Ctrl+S 儲存）",
        "en": "Progress note (several lines: Enter: new line, Ctrl+S saves)",
    },
    "tui.error.progress_reason": {
        "zh-TW": "執行進度由 {old}% 降為 {new}% 需要說明原因：請寫在辦理情形。",
        "en": "Lowering the progress from {old}% to {new}% needs a reason: write it in the note.",
    },
    "tui.error.progress_closed": {
        "zh-TW": "{key} 的辦理狀態是「{status}」，執行進度固定為 {progress}%；要調整請先把狀態改回辦理中（按 s）。",
        "en": "{key} is “{status}”, so its progress stays {progress}%; to change it, set the status back first (s).",
    },
    "tui.error.evidence_required": {
        "zh-TW": "{key} 還沒有佐證資料，依設定（require_evidence）不能設為已完成。請先按 a 附加檔案或文號。",
        "en": "{key} has no supporting documents, and the settings (require_evidence) ask for one before done. Add one first (a).",
    },
    "tui.warning.no_evidence": {
        "zh-TW": "提醒：{key} 申請解除列管，但沒有佐證資料；按 a 可補上附件或文號。",
        "en": "Note: {key} asks for release without supporting documents; add a file or document number with a.",
    },
    "tui.error.closed_item_change": {
        "zh-TW": "{key} 已「{tracking}」，不再變更（以免改寫準時完成的紀錄）；需要時請審查人先退回（按 v）。",
        "en": "{key} is “{tracking}”: it no longer changes (that would rewrite the on-time record); a reviewer can return it first (v).",
    },
    # -- 採行 -------------------------------------------------------------------------------
    "tui.label.adoption_keys": {"zh-TW": "按 1–3 選擇採行情形：", "en": "Press 1–3 to pick the adoption:"},
    "tui.adoption.option.adopted": {"zh-TW": "採行", "en": "Adopted"},
    "tui.adoption.option.partial": {"zh-TW": "部分採行", "en": "Partly adopted"},
    "tui.adoption.option.not_adopted": {
        "zh-TW": "不採行（辦理狀態改為不採行，並申請解除列管）",
        "en": "Not adopted (the status becomes dropped; release is asked for)",
    },
    "tui.error.same_adoption": {
        "zh-TW": "採行情形已經是「{adoption}」：請按 1–3 選另一個。",
        "en": "The adoption is already “{adoption}”: press 1–3 to pick another.",
    },
    "tui.error.adoption_done": {
        "zh-TW": "{key} 已完成，不能改為不採行；若完成有誤，請按 c 更正那筆紀錄。",
        "en": "{key} is done and cannot become not adopted; if marking it done was a mistake, correct that entry (c).",
    },
    # -- 佐證資料 ---------------------------------------------------------------------------
    "tui.label.evidence_keys": {"zh-TW": "按 1–4 選擇種類：", "en": "Press 1–4 to pick the kind:"},
    "tui.evidence.option.file": {"zh-TW": "附件檔案（輸入檔案路徑）", "en": "A file (type its path)"},
    "tui.evidence.option.doc_no": {"zh-TW": "文號（公文字號）", "en": "A document number (公文 文號)"},
    "tui.evidence.option.url": {"zh-TW": "網址（只記錄，不會開啟）", "en": "A URL (kept as text, never opened)"},
    "tui.evidence.option.text": {"zh-TW": "文字說明", "en": "A text"},
    "tui.evidence.value.file": {
        "zh-TW": "檔案路徑（相對於 {cwd}；Tab 補齊）",
        "en": "File path (relative to {cwd}; Tab completes)",
    },
    "tui.evidence.value.doc_no": {"zh-TW": "文號", "en": "Document number"},
    "tui.evidence.value.url": {"zh-TW": "網址（http:// 或 https://）", "en": "URL (http:// or https://)"},
    "tui.evidence.value.text": {"zh-TW": "說明", "en": "Text"},
    "tui.evidence.placeholder.file": {"zh-TW": "例如 ~/文件/會議紀錄.pdf", "en": "e.g. ~/Documents/minutes.pdf"},
    "tui.evidence.placeholder.doc_no": {
        "zh-TW": "例如 府授秘外字第1050123456號",
        "en": "e.g. 府授秘外字第1050123456號",
    },
    "tui.evidence.placeholder.url": {
        "zh-TW": "例如 https://www.taichung.gov.tw/",
        "en": "e.g. https://www.taichung.gov.tw/",
    },
    "tui.evidence.placeholder.text": {
        "zh-TW": "例如 成果已刊登於市府網站首頁",
        "en": "e.g. published on the city's front page",
    },
    "tui.evidence.note": {
        "zh-TW": "辦理情形（選填，一併記錄；Enter 儲存）",
        "en": "Progress note (optional, recorded with it; Enter saves)",
    },
    "tui.evidence.empty_path": {"zh-TW": "請輸入檔案路徑。", "en": "Type the file's path."},
    "tui.attached": {"zh-TW": "已附加「{name}」（{size}）到 {key}", "en": "Attached “{name}” ({size}) to {key}"},
    "tui.referenced": {"zh-TW": "已將{kind}加入 {key} 的佐證資料", "en": "Added the {kind} to {key}'s documents"},
    "tui.save_document.title": {"zh-TW": "取出附件檔案", "en": "Save an attached file"},
    "tui.save_document.pick": {"zh-TW": "附件（↑↓ 選擇）：", "en": "Files (↑↓ picks):"},
    "tui.save_document.path": {
        "zh-TW": "存成（存到 {cwd}，或輸入完整路徑；可給資料夾；Enter 儲存）",
        "en": "Save as (in {cwd}, or a full path; a folder will do; Enter saves)",
    },
    "tui.save_document.exists": {
        "zh-TW": "檔案 {path} 已存在；再按一次儲存將覆蓋，或改個檔名。",
        "en": "{path} exists; save again to replace it, or change the name.",
    },
    "tui.save_document.empty_path": {"zh-TW": "請輸入要存成的檔案名稱。", "en": "Type the name to save it as."},
    "tui.save_document.none": {
        "zh-TW": "{key} 沒有附件檔案；文號、網址與說明列在詳細資料的「佐證資料」。",
        "en": "{key} has no attached files; document numbers, URLs and texts are listed in the details.",
    },
    "tui.save_document.done": {"zh-TW": "已存檔：{path}", "en": "Saved: {path}"},
    # -- 更正 -------------------------------------------------------------------------------
    "tui.correct.pick": {
        "zh-TW": "選擇要更正的紀錄（↑↓，新的在上；Enter 確定）：",
        "en": "Pick the entry to correct (↑↓, newest first; Enter):",
    },
    "tui.correct.value": {
        "zh-TW": "正確的值可留空：留空則還原為這筆之前的值。",
        "en": "Right value: optional; empty puts back the value before the entry.",
    },
    "tui.correct.value_note": {
        "zh-TW": "正確的內容可留空：留空表示這則辦理情形作廢。",
        "en": "Right text: optional; empty means the note no longer counts.",
    },
    "tui.correct.reason": {"zh-TW": "必填；Enter 儲存", "en": "required; Enter saves"},
    "tui.correct.value_label": {"zh-TW": "正確的值", "en": "Right value"},
    "tui.correct.reason_label": {"zh-TW": "更正原因", "en": "Why"},
    "tui.correct.placeholder.status": {
        "zh-TW": "未辦理、辦理中、暫緩辦理、已完成、不採行",
        "en": "not started, in progress, on hold, done, dropped",
    },
    "tui.correct.placeholder.adoption": {"zh-TW": "採行、部分採行、不採行", "en": "adopted, partial, not adopted"},
    "tui.correct.placeholder.progress": {"zh-TW": "0–100", "en": "0–100"},
    "tui.correct.placeholder.supporting_units": {
        "zh-TW": "多個以、分隔；留空為還原",
        "en": "several: separate with commas",
    },
    "tui.correct.placeholder.other": {"zh-TW": "留空為還原", "en": "empty puts the old value back"},
    "tui.correct.none": {"zh-TW": "{key} 沒有可以更正的紀錄。", "en": "{key} has no entry that can be corrected."},
    "tui.correct.pick_first": {
        "zh-TW": "請先在清單中選擇要更正的紀錄。",
        "en": "Pick the entry to correct in the list first.",
    },
    "tui.corrected": {"zh-TW": "已更正第 {id} 筆（{key}）", "en": "Corrected #{id} ({key})"},
    "tui.error.correction_note_empty": {
        "zh-TW": "更正需要說明原因：請填寫「更正原因」。",
        "en": "A correction needs a reason: fill in “Why”.",
    },
    "tui.error.correct_later_change": {
        "zh-TW": "第 {id} 筆之後「{field}」又變更過，不能直接還原；請更正最新的那筆，或填入正確的值。",
        "en": "“{field}” changed again after entry #{id}, so it cannot simply be put back; correct the latest entry, or type the right value.",
    },
    "tui.error.correct_needs_value": {
        "zh-TW": "這筆紀錄之前沒有「{field}」的值可以還原；請填入正確的值。",
        "en": "There is no earlier “{field}” to put back; type the right value.",
    },
    "tui.placeholder.note": {"zh-TW": "例如：已函請新聞局協助", "en": "e.g. asked the Information Bureau for help"},
    "tui.placeholder.owner": {"zh-TW": "例如：新聞局", "en": "e.g. 新聞局 or Information Bureau"},
    "tui.placeholder.reason": {"zh-TW": "為什麼變更", "en": "why it changes"},
    "tui.placeholder.date": {
        "zh-TW": "2016-11-23、105/11/23、105年11月23日，或 none 表示不定期限",
        "en": "2016-11-23, 105/11/23, 23 Nov 2016, or none for no deadline",
    },
    "tui.error.close_note_empty": {
        "zh-TW": "結案需要說明：「已完成」請寫辦理成果，「不採行」請寫理由。",
        "en": "Closing needs a note: the evidence for done, the reason for dropped.",
    },
    "tui.error.reason_empty": {
        "zh-TW": "請填寫變更理由。",
        "en": "Type the reason for the change.",
    },
    "tui.conflict_again": {
        "zh-TW": "畫面已更新為最新內容；確認後再按儲存即以你的內容送出。",
        "en": "The screen now shows the latest state; save again to submit yours.",
    },
    "tui.saved": {"zh-TW": "已儲存 {key}（版本 {version}）", "en": "Saved {key} (version {version})"},
    "tui.refreshed": {"zh-TW": "已重新整理", "en": "Refreshed"},
    "tui.help.title": {"zh-TW": "說明", "en": "Help"},
    "tui.help.tips": {
        "zh-TW": (
            "・日期可輸入 2016-11-23、105/11/23、105.11.23、105年11月23日、1051123 或 23 Nov 2016。\n"
            "・結案（已完成／不採行）須附說明，同時申請解除列管（待審）；變更主辦單位或期限須附理由，原定期限會保留。\n"
            "・審查（v，審查人）：按 1–3 選同意解除列管、繼續列管或撤銷列管；退回與撤銷須填審查意見，退回可選回到哪個狀態。"
            "按 f 切到「待審」即是待審清單，表格顯示已等幾天。\n"
            "・對話框已輸入文字而按 Esc（或「取消」）時，會先說出將放棄的文字並保留內容；再按一次才放棄（不另存草稿）。"
            "沒有輸入的對話框立即關閉。Shift+Tab 停在第一欄；焦點在按鈕上時打的字會回到欄位。\n"
            "・辦理情形可寫多行：Enter 換行，貼上多行文字照貼，Ctrl+S 儲存。主辦單位等欄位按一次 Tab 接受建議並停留，再按 Tab 才到下一欄。\n"
            "・Home／End 到清單第一筆／最後一筆（g 已用於取出附件，故不用 g/G）；j 輸入編號或代號跳到該筆；"
            "p 在多份報告間切換（標題列顯示目前報告）；Tab 移到右側／下方的詳細資料後可用 ↑ ↓ 捲動。\n"
            "・標題列顯示異動記錄者（設定 user 或 TRACKER_USER）。匯出與草稿存到文件資料夾（設定 documents_dir），存檔後顯示完整路徑。\n"
            "・i 讀入出國報告（.docx .odt .pdf .txt）：輸入路徑（Tab 補齊）、預覽找到的建議，再匯入或寫出草稿。\n"
            "・同仁在別處存檔後，畫面會在 1–2 秒內自動更新；若你存檔時資料已被更新，會告訴你是誰改了什麼。\n"
            "・Ctrl+P 開啟指令選單，可用文字找到所有功能。\n"
            "・執行進度：在狀態（s）與辦理情形（n）對話框填 0–100；已完成即 100、未辦理即 0，調降須在辦理情形說明原因。\n"
            "・主辦單位（o）：一次可改主辦單位、承辦人與協辦單位（多個以「、」或逗號分隔），只送出有修改的欄位，須附理由。\n"
            "・佐證資料（a）：按 1–4 選附件檔案（輸入路徑，Tab 補齊）、文號、網址或說明；檔案存入資料庫，備份時一併保存；網址只記錄，不會開啟。"
            "按 g 把附件另存成檔案，檔案已存在時須再按一次儲存才覆蓋。\n"
            "・採行（y）：採行、部分採行或不採行，須附理由；不採行即把辦理狀態改為不採行並申請解除列管。\n"
            "・每一次變更都記錄於異動紀錄，無法修改或刪除；記錯時按 c 選一筆更正：原紀錄保留並標示「已更正」，"
            "更正紀錄標示「更正第 N 筆」；正確的值留空則還原為那筆之前的值。"
        ),
        "en": (
            "• Dates: 2016-11-23, 105/11/23, 105.11.23, 105年11月23日, 1051123 or 23 Nov 2016.\n"
            "• Closing (done/dropped) needs a note and asks for release (awaiting review); a new lead unit or "
            "deadline needs a reason; the original deadline is kept.\n"
            "• Review (v, reviewers): 1–3 picks release, return or withdraw; return and withdraw need comments, "
            "and a return may choose the status to go back to. f up to “awaiting review” is the reviewer's queue; "
            "the table shows how long each has waited.\n"
            "• Esc (or Cancel) in a dialog with text typed first says what would be dropped and keeps it; a second "
            "one discards it (no drafts are kept). An empty dialog closes at once. Shift+Tab stops at the first "
            "field; text typed while a button has the focus goes to the field.\n"
            "• Notes may have several lines: Enter starts a new line, pasted lines arrive whole, Ctrl+S saves. In "
            "the lead-unit fields one Tab takes the suggestion and stays; the next moves on.\n"
            "• Home/End go to the first/last row of the list (g saves a document, so no g/G); j jumps to an item by "
            "number or key; p steps through the reports (the header names the one in view); Tab to the detail pane, "
            "then ↑ ↓ scroll it.\n"
            "• The header shows who changes are recorded as (setting user or TRACKER_USER). Exports and drafts go "
            "to the documents folder (setting documents_dir); the full path is shown after saving.\n"
            "• i takes in a report (.docx .odt .pdf .txt): its path (Tab completes), a preview of the items found, "
            "then import or write a draft.\n"
            "• Changes saved elsewhere appear within 1–2 seconds; if the item changed before you saved, you are "
            "told who changed what.\n"
            "• Ctrl+P opens the command palette to find every action by name.\n"
            "• Progress: 0–100 in the status (s) and note (n) dialogs; done is 100, not started 0; lowering it needs "
            "a reason in the note.\n"
            "• Lead unit (o): the lead unit, officer and supporting units (separated by commas) in one dialog; only "
            "edited fields are saved, with a reason.\n"
            "• Documents (a): 1–4 picks a file (type its path; Tab completes), a document number, a URL or a text; "
            "files are kept in the database and so in its backups; URLs are only shown, never opened. g saves an "
            "attached file to disk, and asks before replacing a file that exists.\n"
            "• Adoption (y): adopted, partly or not adopted, with a reason; not adopted sets the status to dropped "
            "and asks for release.\n"
            "• Every change goes into the history, which cannot be edited or deleted; c corrects an entry openly: "
            "the entry stays, marked “corrected”, and the correction says “corrects #N”; an empty value puts back "
            "the value before the entry."
        ),
    },
    "tui.help.close": {"zh-TW": "按 Esc 或 ? 關閉", "en": "Esc or ? closes"},
    "tui.command.status": {"zh-TW": "變更辦理狀態", "en": "Set the status"},
    "tui.command.note": {"zh-TW": "新增辦理情形", "en": "Add a progress note"},
    "tui.command.owner": {
        "zh-TW": "變更主辦單位、承辦人、協辦單位",
        "en": "Change the lead unit, officer or supporting units",
    },
    "tui.command.evidence": {
        "zh-TW": "新增佐證資料（附件檔案、文號、網址或說明）",
        "en": "Add a supporting document (a file, document number, URL or text)",
    },
    "tui.command.save_document": {"zh-TW": "取出附件檔案（另存新檔）", "en": "Save an attached file to disk"},
    "tui.command.adoption": {
        "zh-TW": "採行情形：採行、部分採行、不採行",
        "en": "Adoption: adopted, partly adopted, not adopted",
    },
    "tui.command.correct": {"zh-TW": "更正異動紀錄", "en": "Correct a history entry"},
    "tui.command.deadline": {"zh-TW": "變更預定完成日期", "en": "Move the deadline"},
    "tui.command.review": {
        "zh-TW": "審查：同意解除列管、繼續列管（退回）或撤銷列管",
        "en": "Review: release, return or withdraw from follow-up",
    },
    "tui.command.search": {"zh-TW": "搜尋標題、全文、單位與辦理情形", "en": "Search titles, texts, units and notes"},
    "tui.command.filter": {
        "zh-TW": "切換篩選（全部、逾期、7 天內到期、未結案、待審、各狀態）",
        "en": "Next filter (all, overdue, due within 7 days, open, awaiting review, each status)",
    },
    "tui.command.owner_filter": {"zh-TW": "切換主辦單位篩選", "en": "Next lead-unit filter (one unit at a time)"},
    "tui.command.sort": {
        "zh-TW": "切換排序（編號、期限、狀態、主辦單位）",
        "en": "Next sort order (number, deadline, status, lead unit)",
    },
    "tui.command.summary": {"zh-TW": "檢視週報", "en": "Weekly summary"},
    "tui.command.export": {"zh-TW": "匯出進度表", "en": "Export the progress table"},
    "tui.command.refresh": {"zh-TW": "重新整理", "en": "Refresh"},
    "tui.command.help": {"zh-TW": "說明", "en": "Help"},
    "tui.command.quit": {"zh-TW": "離開", "en": "Quit"},
    "tui.command.key": {"zh-TW": "快速鍵 {key}", "en": "key {key}"},
    "tui.help.move": {
        "zh-TW": "移動游標；到頁首／頁尾自動換頁",
        "en": "move; past the first or last row turns the page",
    },
    "tui.help.home_end": {
        "zh-TW": "清單第一筆／最後一筆（跨頁）",
        "en": "first / last row of the whole list",
    },
    "tui.help.palette": {"zh-TW": "指令選單：輸入文字找功能", "en": "command palette: find any action by name"},
    "tui.summary.title": {"zh-TW": "週報（Esc 關閉）", "en": "Weekly summary (Esc closes)"},
    "tui.summary.close": {"zh-TW": "按 Esc、w 或 q 回到列表", "en": "Esc, w or q returns to the list"},
    "tui.export.title": {"zh-TW": "匯出進度表", "en": "Export the progress table"},
    "tui.export.format": {"zh-TW": "格式", "en": "Format"},
    "tui.export.path": {"zh-TW": "檔案名稱（Enter 匯出）", "en": "File name (Enter exports)"},
    "tui.export.path_in": {
        "zh-TW": "檔案名稱（存到 {folder}，或輸入完整路徑；Enter 匯出）",
        "en": "File name (saved in {folder}, or type a full path; Enter exports)",
    },
    "tui.export.exporting": {
        "zh-TW": "匯出中…（{path}）；按 Esc 可先回到清單，完成後會顯示路徑。",
        "en": "Exporting… ({path}); Esc goes back to the list, the path is shown when done.",
    },
    "tui.export.goes_on": {
        "zh-TW": "匯出在背景繼續，完成後會顯示路徑。",
        "en": "The export goes on in the background; its path is shown when done.",
    },
    "tui.export.history": {
        "zh-TW": "附異動紀錄（xlsx／ods 第二頁）",
        "en": "Include the history (xlsx/ods second sheet)",
    },
    "tui.export.done": {"zh-TW": "已匯出：{path}", "en": "Exported: {path}"},
    "tui.export.empty_path": {
        "zh-TW": "請輸入檔案名稱，例如 進度表.xlsx",
        "en": "Type a file name, e.g. progress.xlsx",
    },
    # 出國報告讀入 (issue 13, point 6)
    "tui.key.intake": {"zh-TW": "讀入報告", "en": "Intake"},
    "tui.command.intake": {
        "zh-TW": "讀入出國報告的建議事項（.docx .odt .pdf .txt）",
        "en": "Take in a report's recommendations (.docx .odt .pdf .txt)",
    },
    "tui.intake.title": {"zh-TW": "讀入出國報告", "en": "Take in a report"},
    "tui.intake.path": {
        "zh-TW": "報告檔案（.docx .odt .pdf .txt；Tab 補完；相對於 {cwd}）：",
        "en": "Report file (.docx .odt .pdf .txt; Tab completes; relative to {cwd}):",
    },
    "tui.intake.key": {"zh-TW": "報告代號", "en": "Report key"},
    "tui.intake.key_placeholder": {"zh-TW": "留空則取自檔名", "en": "empty: from the file name"},
    "tui.intake.draft": {"zh-TW": "草稿存到", "en": "Draft to"},
    "tui.intake.empty": {
        "zh-TW": "輸入路徑後按 Enter 讀取，這裡會列出找到的建議事項。",
        "en": "Type a path and press Enter: the recommendations found are listed here.",
    },
    "tui.intake.stale": {
        "zh-TW": "路徑或代號已改，請按 Enter 重新讀取。",
        "en": "The path or key changed: press Enter to read again.",
    },
    "tui.intake.reading": {"zh-TW": "讀取中…（{name}）", "en": "Reading… ({name})"},
    "tui.intake.read_done": {
        "zh-TW": "找到 {count} 項建議。Ctrl+S 或「匯入」依 tracker import 的規則匯入。",
        "en": "{count} recommendations found. Ctrl+S or Import imports them by tracker import's rules.",
    },
    "tui.intake.importing": {"zh-TW": "匯入中…", "en": "Importing…"},
    "tui.intake.read": {"zh-TW": "讀取", "en": "Read"},
    "tui.intake.import": {"zh-TW": "匯入", "en": "Import"},
    "tui.intake.write_draft": {"zh-TW": "寫出草稿", "en": "Write draft"},
    "tui.intake.empty_path": {"zh-TW": "請輸入報告檔案的路徑。", "en": "Type the report file's path."},
    "tui.intake.empty_draft": {"zh-TW": "請輸入草稿的路徑。", "en": "Type where the draft goes."},
    "tui.intake.draft_written": {
        "zh-TW": "已寫出草稿（{count} 項）：{path}；核對後以 tracker import 匯入。",
        "en": "Draft written ({count} items): {path}; check it, then tracker import it.",
    },
    "tui.intake.kept": {
        "zh-TW": "第 {number} 項的{field}已由同仁修改，匯入檔的值未套用。",
        "en": "Item {number}: {field} was changed by staff, so the file's value was not applied.",
    },
    "tui.discard.ask": {
        "zh-TW": "「{text}」尚未儲存：再按一次 Esc 放棄，或按 Ctrl+S 儲存。",
        "en": "“{text}” is not saved: Esc again discards it, Ctrl+S saves it.",
    },
    "tui.discard.done": {"zh-TW": "已放棄未儲存的文字：「{text}」", "en": "Discarded, not saved: “{text}”"},
    "tui.title_user": {"zh-TW": "{title}（今天 {today}）記錄為 {user}", "en": "{title} (today {today}) as {user}"},
    "tui.key.report": {"zh-TW": "報告", "en": "Report"},
    "tui.key.jump": {"zh-TW": "跳至", "en": "Go to"},
    "tui.command.report": {
        "zh-TW": "切換報告（多份報告時一次看一份）",
        "en": "Next report (one report at a time, then all)",
    },
    "tui.command.jump": {"zh-TW": "依編號或代號跳到某一筆", "en": "Go to an item by its number or key"},
    "tui.one_report": {"zh-TW": "資料庫只有一份報告。", "en": "The database holds one report."},
    "tui.jump.title": {"zh-TW": "跳至建議事項", "en": "Go to an item"},
    "tui.jump.label": {
        "zh-TW": "編號（如 5）或代號（如 uclg16-5），Enter 前往：",
        "en": "Number (e.g. 5) or key (e.g. uclg16-5), Enter goes:",
    },
    "tui.jump.none": {"zh-TW": "找不到「{text}」。", "en": "No item “{text}”."},
    "tui.jump.cleared": {
        "zh-TW": "{key} 不在目前的篩選中：已清除篩選與搜尋。",
        "en": "{key} was hidden by the filter: filter and search cleared.",
    },
    "tui.saving.now": {"zh-TW": "儲存中…", "en": "Saving…"},
    "tui.saving.waiting": {
        "zh-TW": "儲存中…資料庫正被他人寫入，等待中；按 Esc 停止等待（內容保留）。",
        "en": "Saving… the database is busy with another writer, waiting; Esc stops waiting (your text stays).",
    },
    "tui.saving.stopped": {
        "zh-TW": "已停止等待，內容保留；若資料庫稍後空出，這次儲存仍會完成並告訴你。",
        "en": "Stopped waiting; your text stays. If the database frees up, this save still completes and says so.",
    },
    "tui.saving.still": {
        "zh-TW": "上一次儲存仍在等待資料庫，請稍候。",
        "en": "The last save is still waiting for the database.",
    },
    "tui.saving.after_all": {
        "zh-TW": "{key} 已儲存（版本 {version}）：資料庫空出後完成。",
        "en": "{key} saved (version {version}) once the database was free.",
    },
    "tui.loading": {
        "zh-TW": "讀取全部 {total} 筆中…（先顯示第一頁，可以先操作）",
        "en": "Reading all {total} items… (the first page is shown; keys work)",
    },
    "tui.intake.not_in_browser": {
        "zh-TW": "瀏覽器版不提供讀入報告（路徑會指向伺服器上的檔案）；請在終端機執行 tracker intake。",
        "en": "Intake is not offered in the browser (a path would name a file on the server); run tracker intake in a terminal.",
    },
    "tui.error.output_unwritable": {
        "zh-TW": "無法寫入 {path}（{reason}）。請確認資料夾存在且可寫入，或改用其他檔名。",
        "en": "Cannot write {path} ({reason}). Check that the folder exists and is writable, or type another name.",
    },
    "tui.summary.building": {"zh-TW": "週報產生中…（Esc 關閉）", "en": "Building the summary… (Esc closes)"},
}
