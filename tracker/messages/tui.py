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
    "tui.dialog.owner": {"zh-TW": "變更主辦單位", "en": "Change the lead unit"},
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
    "tui.review.discard": {
        "zh-TW": "審查意見尚未儲存：再按一次 Esc 放棄，或按 Ctrl+S 儲存。",
        "en": "Your review comments are not saved: Esc again discards them, Ctrl+S saves them.",
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
        "zh-TW": "辦理情形（結案時必填；Enter 儲存）",
        "en": "Progress note (required to close; Enter saves)",
    },
    "tui.label.owner_now": {"zh-TW": "目前：{owner}。新的主辦單位：", "en": "Now: {owner}. New lead unit:"},
    "tui.label.deadline_now": {
        "zh-TW": "目前：{deadline}（原定 {original}）。新的日期：",
        "en": "Now: {deadline} (originally {original}). New date:",
    },
    "tui.label.reason": {"zh-TW": "理由（必填；Enter 儲存）", "en": "Reason (required; Enter saves)"},
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
            "・審查意見已輸入而按 Esc 時，會先提醒並保留內容；再按一次 Esc 才放棄。\n"
            "・同仁在別處存檔後，畫面會在 1–2 秒內自動更新；若你存檔時資料已被更新，會告訴你是誰改了什麼。\n"
            "・Ctrl+P 開啟指令選單，可用文字找到所有功能。\n"
            "・每一次變更都記錄於異動紀錄，無法修改或刪除。"
        ),
        "en": (
            "• Dates: 2016-11-23, 105/11/23, 105.11.23, 105年11月23日, 1051123 or 23 Nov 2016.\n"
            "• Closing (done/dropped) needs a note and asks for release (awaiting review); a new lead unit or "
            "deadline needs a reason; the original deadline is kept.\n"
            "• Review (v, reviewers): 1–3 picks release, return or withdraw; return and withdraw need comments, "
            "and a return may choose the status to go back to. f up to “awaiting review” is the reviewer's queue; "
            "the table shows how long each has waited.\n"
            "• Esc in the review dialog with comments typed first warns and keeps them; a second Esc discards.\n"
            "• Changes saved elsewhere appear within 1–2 seconds; if the item changed before you saved, you are "
            "told who changed what.\n"
            "• Ctrl+P opens the command palette to find every action by name.\n"
            "• Every change goes into the history, which cannot be edited or deleted."
        ),
    },
    "tui.help.close": {"zh-TW": "按 Esc 或 ? 關閉", "en": "Esc or ? closes"},
    "tui.command.status": {"zh-TW": "變更辦理狀態", "en": "Set the status"},
    "tui.command.note": {"zh-TW": "新增辦理情形", "en": "Add a progress note"},
    "tui.command.owner": {"zh-TW": "變更主辦單位", "en": "Change the lead unit"},
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
    "tui.help.palette": {"zh-TW": "指令選單：輸入文字找功能", "en": "command palette: find any action by name"},
    "tui.summary.title": {"zh-TW": "週報（Esc 關閉）", "en": "Weekly summary (Esc closes)"},
    "tui.summary.close": {"zh-TW": "按 Esc、w 或 q 回到列表", "en": "Esc, w or q returns to the list"},
    "tui.export.title": {"zh-TW": "匯出進度表", "en": "Export the progress table"},
    "tui.export.format": {"zh-TW": "格式", "en": "Format"},
    "tui.export.path": {"zh-TW": "檔案名稱（Enter 匯出）", "en": "File name (Enter exports)"},
    "tui.export.history": {
        "zh-TW": "附異動紀錄（xlsx／ods 第二頁）",
        "en": "Include the history (xlsx/ods second sheet)",
    },
    "tui.export.done": {"zh-TW": "已匯出：{path}", "en": "Exported: {path}"},
    "tui.export.empty_path": {
        "zh-TW": "請輸入檔案名稱，例如 進度表.xlsx",
        "en": "Type a file name, e.g. progress.xlsx",
    },
}
