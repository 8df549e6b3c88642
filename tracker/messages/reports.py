"""Labels and messages of the weekly summary and the exports."""

MESSAGES: dict[str, dict[str, str]] = {
    # summary ----------------------------------------------------------------
    "summary.title.days": {"zh-TW": "建議事項追蹤週報", "en": "Recommendation follow-up: weekly summary"},
    "summary.title.week": {"zh-TW": "建議事項追蹤週報", "en": "Recommendation follow-up: weekly summary"},
    "summary.title.month": {"zh-TW": "建議事項追蹤月報", "en": "Recommendation follow-up: monthly summary"},
    "summary.title.quarter": {"zh-TW": "建議事項追蹤季報", "en": "Recommendation follow-up: quarterly report"},
    "summary.title.half": {"zh-TW": "建議事項追蹤半年報", "en": "Recommendation follow-up: half-yearly report"},
    "summary.scope": {"zh-TW": "報告：{reports}", "en": "Report: {reports}"},
    "summary.scope_many": {"zh-TW": "報告：{count} 份（{keys}）", "en": "Reports: {count} ({keys})"},
    "summary.section": {"zh-TW": "主辦機關：{agency}", "en": "Reporting agency: {agency}"},
    "summary.not_yet": {
        "zh-TW": "當時追蹤系統中尚無事項：最早的事項於 {first} 建立（匯入）。要看之後的情形，請選 {first} 以後的期間。",
        "en": "The tracker held no items then: the first was made (imported) on {first}. Choose a period after {first}.",
    },
    "summary.replayed": {
        "zh-TW": "本期已結束：各項的辦理狀態、主辦單位、期限、列管狀態與辦理情形，皆依異動紀錄還原為 {as_of} 當日結束時的情形。",
        "en": "This period has ended: each item's status, lead unit, deadline, follow-up state and latest note are replayed from the history as they stood at the end of {as_of}.",
    },
    "summary.subject": {"zh-TW": "{title} {start}–{end}", "en": "{title} {start}–{end}"},
    "summary.heading": {
        "zh-TW": "{title}：{start}–{end}（逾期以 {as_of} 計）",
        "en": "{title}: {start}–{end} (overdue as of {as_of})",
    },
    "summary.filters": {"zh-TW": "篩選：{filters}", "en": "Filter: {filters}"},
    "summary.counts": {"zh-TW": "辦理狀態統計", "en": "Items by status"},
    "summary.overdue": {"zh-TW": "逾期事項（{total} 項）", "en": "Overdue ({total})"},
    "summary.due_soon": {"zh-TW": "{days} 天內到期（{total} 項）", "en": "Due within {days} days ({total})"},
    "summary.changed": {"zh-TW": "本期異動（{total} 筆）", "en": "Changes in the period ({total})"},
    "summary.stale": {"zh-TW": "逾 {days} 天未更新（{total} 項）", "en": "No change for {days} days or more ({total})"},
    "summary.by_owner": {"zh-TW": "各主辦單位", "en": "By lead unit"},
    "summary.open": {"zh-TW": "未結案", "en": "Open"},
    "summary.overdue_count": {"zh-TW": "逾期", "en": "Overdue"},
    "summary.count": {"zh-TW": "件數", "en": "Count"},
    "summary.tracking_counts": {"zh-TW": "列管狀態統計", "en": "Items by follow-up state"},
    "summary.rates": {"zh-TW": "列管指標", "en": "Follow-up rates"},
    "summary.rate": {"zh-TW": "指標", "en": "Measure"},
    "summary.rate_value": {"zh-TW": "比率", "en": "Rate"},
    "summary.rate_basis": {"zh-TW": "件數", "en": "Items"},
    "summary.rate.completion": {
        "zh-TW": "完成率（解除列管／全部事項）",
        "en": "Completion (released / all items)",
    },
    "summary.rate.on_time_completion": {
        "zh-TW": "準時完成率（如期解除列管／解除列管）",
        "en": "On-time completion (released by the deadline / released)",
    },
    "summary.rate.overdue": {"zh-TW": "逾期率（逾期／列管中）", "en": "Overdue (overdue / under follow-up)"},
    "summary.untimed": {
        "zh-TW": "另有 {count} 項解除列管事項沒有解除（或結案）時間紀錄，未計入準時完成率。",
        "en": "{count} more released items have no recorded release (or closing) time and are not in the on-time rate.",
    },
    "summary.review_queue": {"zh-TW": "待審事項（{total} 項）", "en": "Awaiting review ({total})"},
    "summary.requested": {"zh-TW": "申請日期", "en": "Requested"},
    "summary.due": {"zh-TW": "期限", "en": "Due"},
    "summary.nothing": {"zh-TW": "（無）", "en": "(none)"},
    "summary.average_progress": {"zh-TW": "未結案平均進度", "en": "Open: average progress"},
    "summary.average_progress_all": {
        "zh-TW": "全部未結案事項平均執行進度：{value}（{count} 項）",
        "en": "Average progress of all open items: {value} ({count} items)",
    },
    "summary.without_evidence": {
        "zh-TW": "待審或已解除列管但無佐證資料（{total} 項）",
        "en": "Awaiting review or released without supporting documents ({total})",
    },
    "summary.more": {
        "zh-TW": "……另有 {more} 項未列出（加上 --limit 0 可全部列出）。",
        "en": "… and {more} more (add --limit 0 to list them all).",
    },
    "summary.footer": {
        "zh-TW": "由 tracker summary 於 {today} 產生。",
        "en": "Made by tracker summary on {today}.",
    },
    # export -------------------------------------------------------------------
    "field.deadline_reason": {"zh-TW": "期限變更理由", "en": "Why the deadline moved"},
    "field.evidence_count": {"zh-TW": "佐證件數", "en": "Documents"},
    "field.doc_nos": {"zh-TW": "佐證文號", "en": "Document numbers"},
    "export.unit_separator": {"zh-TW": "、", "en": ", "},
    "export.doc_no_separator": {"zh-TW": "、", "en": "; "},
    "export.title": {"zh-TW": "建議事項採行情形追蹤表", "en": "Recommendation tracking table"},
    "export.as_of": {"zh-TW": "資料日期：{date}", "en": "As of {date}"},
    "export.all_reports": {"zh-TW": "全部報告（{count} 份）", "en": "All reports ({count})"},
    "export.page_footer": {"zh-TW": "第 {page} 頁，共 {pages} 頁", "en": "Page {page} of {pages}"},
    "export.sheet_items": {"zh-TW": "追蹤表", "en": "Items"},
    "export.sheet_history": {"zh-TW": "異動紀錄", "en": "History"},
    "export.truncated": {
        "zh-TW": "……（超過試算表儲存格上限，以下截斷；全文請見 tracker show {key}）",
        "en": "… (cut at the spreadsheet cell limit; see tracker show {key} for the full text)",
    },
    "done.export": {"zh-TW": "已匯出 {rows} 項至 {path}", "en": "Exported {rows} items to {path}"},
    "done.attachments": {
        "zh-TW": "已將 {items} 項的 {files} 個佐證檔案寫入 {path}（每項一個資料夾）",
        "en": "Wrote {files} supporting files of {items} items to {path} (a folder per item)",
    },
    "done.mail": {
        "zh-TW": "已寄出「{subject}」給 {to}",
        "en": "Sent “{subject}” to {to}",
    },
    # errors -------------------------------------------------------------------
    "error.bad_week": {
        "zh-TW": "無法辨識週次「{text}」。請輸入 ISO 週次（--week 2016-W50 或民國 105-W50，即 2016-12-12 至 2016-12-18）、週內任一日（--week 105/12/16）、--week this（本週）或 --week last（上週）。",
        "en": "“{text}” is not a week. Type an ISO week (--week 2016-W50, or 105-W50 with an ROC year: 2016-12-12 to 2016-12-18), a day in the week (--week 2016-12-16), --week this or --week last.",
    },
    "error.no_such_week": {
        "zh-TW": "{year} 年沒有第 {week} 週（該年共 {weeks} 週）。例如 --week {year}-W{weeks}。",
        "en": "{year} has no week {week} (it has {weeks} weeks). Type e.g. --week {year}-W{weeks}.",
    },
    "error.bad_month": {
        "zh-TW": "無法辨識月份「{text}」。請輸入例如 --month 2016-12 或 --month 105/12（民國年）。",
        "en": "“{text}” is not a month. Type e.g. --month 2016-12 or --month 105/12 (ROC year).",
    },
    "error.period_out_of_range": {
        "zh-TW": "「{text}」的年份不在 {first}–{last} 年之間。請輸入這段期間的週次或月份，例如 --week 2016-W50 或 --month 2016-12。",
        "en": "“{text}” has a year outside {first}–{last}. Type a week or month in that range, e.g. --week 2016-W50 or --month 2016-12.",
    },
    "error.one_period": {
        "zh-TW": "期間只能指定一種（您給了 {given}）。例如 --week 2016-W50、--month 2016-12、--quarter 106Q1 或 --half 106H1。",
        "en": "Give one period only (you gave {given}). Type e.g. --week 2016-W50, --month 2016-12, --quarter 2017Q1 or --half 2017H1.",
    },
    "error.bad_quarter": {
        "zh-TW": "無法辨識季別「{text}」。請輸入例如 --quarter 2017Q1、--quarter 106Q1（民國年）、--quarter 106年第1季、this（本季）或 last（上季）。",
        "en": "“{text}” is not a quarter. Type e.g. --quarter 2017Q1, --quarter 106Q1 (ROC year), --quarter this or --quarter last.",
    },
    "error.bad_half": {
        "zh-TW": "無法辨識半年期「{text}」。請輸入例如 --half 2017H1、--half 106H2（民國年）、--half 106年上半年、this 或 last。",
        "en": "“{text}” is not a half-year. Type e.g. --half 2017H1, --half 106H2 (ROC year), --half this or --half last.",
    },
    "error.as_of_attachments": {
        "zh-TW": "--attachments 只能寫出目前的佐證檔案，不能與 --as-of 一起使用。請分開執行：先以 --as-of 匯出當時的表格，再不加 --as-of 另存佐證檔案。",
        "en": "--attachments writes the documents in view now and cannot go with --as-of. Run the two apart: the table with --as-of, then the documents without it.",
    },
    "error.as_of_future": {
        "zh-TW": "--as-of {day} 在今天（{today}）之後；尚未發生的情形無從得知。請輸入今天或之前的日期，例如 --as-of {today}。",
        "en": "--as-of {day} is after today ({today}): what has not happened cannot be reported. Type today or an earlier day, e.g. --as-of {today}.",
    },
    "error.bad_limit": {
        "zh-TW": "每節列出項數應為 0 以上的整數（0 表示全部），收到「{text}」，例如 --limit 50。",
        "en": "--limit takes a whole number of 0 or more (0 lists everything), not “{text}”; e.g. --limit 50.",
    },
    "error.unknown_report": {
        "zh-TW": "沒有代號為「{report}」的報告。可用：{choices}。",
        "en": "There is no report “{report}”. Use one of: {choices}.",
    },
    "error.binary_stdout": {
        "zh-TW": "{fmt} 檔不能輸出到終端機，請用 -o 指定檔名，例如 -o 追蹤表.{fmt}。",
        "en": "A {fmt} file cannot go to the terminal; name a file with -o, e.g. -o tracking.{fmt}.",
    },
    "error.history_one_table": {
        "zh-TW": "{fmt} 只能容納一張表，無法附上異動紀錄。請改用 --format xlsx、ods、json、html 或 markdown，或用 tracker history 匯出異動紀錄。",
        "en": "A {fmt} file holds one table, so it cannot carry the history. Use --format xlsx, ods, json, html or markdown, or tracker history for the history alone.",
    },
    "error.unknown_column": {
        "zh-TW": "沒有「{name}」這個欄位。--columns 可用（以逗號分隔，依序排列）：{names}",
        "en": "There is no column “{name}”. --columns takes these names, comma-separated, in the order wanted: {names}",
    },
    "error.no_columns": {
        "zh-TW": "--columns 沒有列出任何欄位。可用（以逗號分隔）：{names}",
        "en": "--columns names no column. It takes these names, comma-separated: {names}",
    },
    "error.attachments_not_empty": {
        "zh-TW": "資料夾 {path} 已有檔案；--attachments 只寫入新的或空的資料夾，不覆蓋也不混入。請另指定資料夾，例如 --attachments 佐證資料-1051209。",
        "en": "The folder {path} is not empty; --attachments writes into a new or empty folder only, never over or among other files. Name another folder, e.g. --attachments evidence-2016-12-09.",
    },
    "error.attachments_not_folder": {
        "zh-TW": "{path} 不是資料夾（或是連結）；--attachments 需要新的或空的資料夾，例如 --attachments 佐證資料。",
        "en": "{path} is not a folder (or is a link); --attachments takes a new or empty folder, e.g. --attachments evidence.",
    },
    "error.attachments_unwritable": {
        "zh-TW": "無法在 {path} 寫入佐證檔案（{reason}），什麼都沒有寫入。請確認上層資料夾存在且可寫入。",
        "en": "Cannot write the supporting files to {path} ({reason}); nothing was written. Check that the folder above it exists and is writable.",
    },
    "error.attachments_hold_table": {
        "zh-TW": "匯出檔 {path} 不能放在 --attachments 的資料夾 {folder} 裡；請把表格存在別處。",
        "en": "The table {path} cannot go inside the --attachments folder {folder}; save it somewhere else.",
    },
    "error.output_unwritable": {
        "zh-TW": "無法寫入 {path}（{reason}）。請確認資料夾存在且可寫入，或用 -o 指定其他檔名。",
        "en": "Cannot write {path} ({reason}). Check that the folder exists and is writable, or name another file with -o.",
    },
    "error.mail_no_host": {
        "zh-TW": '尚未設定寄信主機。請在設定檔 {config} 的 [mail] 加上 host = "smtp.example.gov.tw"，或設定環境變數 TRACKER_SMTP_HOST。',
        "en": 'No mail server is set. Add host = "smtp.example.gov.tw" under [mail] in the settings file {config}, or set the environment variable TRACKER_SMTP_HOST.',
    },
    "error.mail_no_sender": {
        "zh-TW": '尚未設定寄件人地址。請在設定檔 {config} 的 [mail] 加上 from = "you@example.gov.tw"，或設定環境變數 TRACKER_MAIL_FROM。',
        "en": 'No sender address is set. Add from = "you@example.gov.tw" under [mail] in the settings file {config}, or set the environment variable TRACKER_MAIL_FROM.',
    },
    "error.mail_no_password": {
        "zh-TW": "已設定寄信帳號 {user}，但沒有密碼。請設定環境變數 TRACKER_SMTP_PASSWORD（密碼不放在命令列或設定檔）。",
        "en": "The mail user {user} is set but no password. Set the environment variable TRACKER_SMTP_PASSWORD (never on the command line or in the file).",
    },
    "error.mail_control": {
        "zh-TW": "寄信設定 {setting} 含有換行或控制字元，未寄出任何信。請在設定檔 {config}（或該環境變數）中把它改為一行文字。",
        "en": "The mail setting {setting} holds a line break or a control character; nothing was sent. Make it one line of text in the settings file {config} (or that environment variable).",
    },
    "error.mail_address_control": {
        "zh-TW": "收件地址「{address}」含有換行或控制字元，未寄出任何信。請只寫地址本身，例如 --mail-to chief@taichung.gov.tw。",
        "en": "The address “{address}” holds a line break or a control character; nothing was sent. Type the address alone, e.g. --mail-to chief@taichung.gov.tw.",
    },
    "error.mail_bad_address": {
        "zh-TW": "「{address}」不是電子郵件地址，例如 --mail-to chief@taichung.gov.tw。",
        "en": "“{address}” is not an email address; type e.g. --mail-to chief@taichung.gov.tw.",
    },
    "error.mail_failed": {
        "zh-TW": "寄信失敗（{host}:{port}）：{reason}。請檢查 [mail] 設定（host、port、starttls、ssl、user）與 TRACKER_SMTP_PASSWORD；摘要本身已產生，未寄出。",
        "en": "Sending mail failed ({host}:{port}): {reason}. Check the [mail] settings (host, port, starttls, ssl, user) and TRACKER_SMTP_PASSWORD; the summary was made but not sent.",
    },
    "mail.no_starttls": {
        "zh-TW": "郵件主機不支援 STARTTLS（如主機只在內部網路，可設 starttls = false 或 TRACKER_SMTP_STARTTLS=0）",
        "en": "the server does not offer STARTTLS (for a server on the internal network set starttls = false or TRACKER_SMTP_STARTTLS=0)",
    },
    "mail.auth_failed": {
        "zh-TW": "帳號或密碼錯誤（帳號 {user}）",
        "en": "the user name or password was refused (user {user})",
    },
    "mail.refused": {"zh-TW": "主機拒收收件人 {to}", "en": "the server refused the recipients {to}"},
}
