"""Words of the reminders (tracker remind), the mail addresses (tracker units, reviewers set)
and the mail settings they added."""

MESSAGES: dict[str, dict[str, str]] = {
    # settings -------------------------------------------------------------------
    "settings.type.seconds": {"zh-TW": "秒數（不加引號）", "en": "a number of seconds (no quotes)"},
    "settings.not_timeout": {
        "zh-TW": "寄信逾時「{value}」應為大於 0、至多 3600 的秒數（設定檔 [mail] timeout 或 TRACKER_SMTP_TIMEOUT），例如 30",
        "en": "mail timeout “{value}” must be seconds above 0 and at most 3600 ([mail] timeout or TRACKER_SMTP_TIMEOUT), e.g. 30",
    },
    # mail -------------------------------------------------------------------------
    "error.mail_bad_address_example": {
        "zh-TW": "「{address}」不是電子郵件地址（可寫 名稱 <地址>，地址須為英數字）；請寫成例如 {example}。",
        "en": "“{address}” is not an email address (Name <address> is fine; the address itself must be ASCII); type e.g. {example}.",
    },
    "mail.timeout": {
        "zh-TW": "郵件主機 {seconds} 秒內沒有回應（逾時可在 [mail] timeout 或 TRACKER_SMTP_TIMEOUT 設定）",
        "en": "the mail server did not answer within {seconds} seconds (set [mail] timeout or TRACKER_SMTP_TIMEOUT)",
    },
    # addresses --------------------------------------------------------------------
    "error.contact_not_unit": {
        "zh-TW": "「{name}」不是任何事項的主辦單位，沒有做任何變更。請照 tracker units list 列出的名稱輸入。",
        "en": "“{name}” is the lead unit of no item; nothing was changed. Type a name as tracker units list shows it.",
    },
    "error.contact_not_reviewer": {
        "zh-TW": "「{name}」不是審查人，沒有做任何變更。請照 tracker reviewers list 列出的姓名輸入。",
        "en": "“{name}” is not a reviewer; nothing was changed. Type a name as tracker reviewers list shows it.",
    },
    "error.contact_same": {
        "zh-TW": "{name} 的郵件地址已是 {address}，沒有做任何變更。",
        "en": "The mail address of {name} is already {address}; nothing was changed.",
    },
    "done.contact_set": {"zh-TW": "已設定 {name} 的郵件地址：{address}", "en": "Mail address of {name} set: {address}"},
    "done.contact_cleared": {
        "zh-TW": "已清除 {name} 的郵件地址（不再寄送提醒）",
        "en": "Mail address of {name} cleared (no more reminders)",
    },
    "units.none": {
        "zh-TW": "目前沒有任何主辦單位（先以 tracker import 匯入事項）。",
        "en": "There are no lead units yet (import items with tracker import first).",
    },
    "units.no_address": {"zh-TW": "（未設定）", "en": "(not set)"},
    "units.no_history": {
        "zh-TW": "{name} 沒有設定過郵件地址。可執行 tracker units set {name} --mail 地址",
        "en": "No mail address was ever set for {name}. Run tracker units set {name} --mail ADDRESS",
    },
    "units.cleared": {"zh-TW": "（清除）", "en": "(cleared)"},
    # tracker remind: what the run did ------------------------------------------------
    "remind.sent": {"zh-TW": "已寄出「{subject}」給 {to}", "en": "Sent “{subject}” to {to}"},
    "remind.already_sent": {
        "zh-TW": "今日已寄送，略過 {count} 封（{names}）",
        "en": "Already sent today: {count} skipped ({names})",
    },
    "remind.nothing": {
        "zh-TW": "沒有需要提醒的事項：沒有逾期、{days} 天內到期、待回覆審查意見或待審的事項。",
        "en": "Nothing to remind of: no items overdue, due within {days} days, awaiting a reply to a review or awaiting review.",
    },
    "remind.unreachable_unit": {
        "zh-TW": "{name} 沒有設定郵件地址，未寄出提醒（{count} 項）。請執行 tracker units set {name} --mail 地址",
        "en": "{name} has no mail address; its reminder ({count} items) was not sent. Run tracker units set {name} --mail ADDRESS",
    },
    "remind.unreachable_reviewer": {
        "zh-TW": "審查人 {name} 沒有設定郵件地址，未寄出待審提醒（{count} 項）。請執行 tracker reviewers set {name} --mail 地址",
        "en": "Reviewer {name} has no mail address; the review queue ({count} items) was not sent. Run tracker reviewers set {name} --mail ADDRESS",
    },
    "remind.refused": {
        "zh-TW": "寄給 {name}（{to}）的提醒未寄出：{reason}。其餘照常寄出；請以 tracker units set 或 tracker reviewers set 更正地址，下次執行 tracker remind 時會重寄這封。",
        "en": "The reminder to {name} ({to}) was not sent: {reason}. The others went out; correct the address with tracker units set or tracker reviewers set, and the next tracker remind sends this one again.",
    },
    "remind.stopped": {
        "zh-TW": "寄信失敗（{host}:{port}）：{reason}。已寄出並記錄 {sent} 封；其餘 {left} 封未寄出，下次執行 tracker remind 時再寄。請檢查 [mail] 設定（host、port、starttls、ssl、user、timeout）。",
        "en": "Sending mail failed ({host}:{port}): {reason}. {sent} sent and recorded; the other {left} were not sent and go out on the next tracker remind. Check the [mail] settings (host, port, starttls, ssl, user, timeout).",
    },
    "remind.raced": {
        "zh-TW": "另一個 tracker remind 已先記錄寄給 {name} 的今日提醒。",
        "en": "Another tracker remind recorded today's reminder to {name} first.",
    },
    "remind.dry_run": {
        "zh-TW": "試算（--dry-run）：以下 {count} 封不會寄出，也不記錄任何資料。",
        "en": "Dry run (--dry-run): the {count} mails below are neither sent nor recorded.",
    },
    "remind.dry_to": {"zh-TW": "收件人：{name} → {to}", "en": "To: {name} → {to}"},
    "remind.dry_subject": {"zh-TW": "主旨：{subject}", "en": "Subject: {subject}"},
    "remind.dry_no_address": {"zh-TW": "（未設定郵件地址）", "en": "(no mail address)"},
    # tracker remind: the mail itself ------------------------------------------------
    "remind.subject_unit": {
        "zh-TW": "列管事項提醒：{unit} 逾期 {overdue} 項、即將到期 {soon} 項",
        "en": "Follow-up reminder: {unit}, {overdue} overdue, {soon} due soon",
    },
    "remind.subject_awaiting": {"zh-TW": "、待回覆審查意見 {count} 項", "en": ", {count} awaiting your reply"},
    "remind.subject_reviewer": {
        "zh-TW": "列管事項提醒：{name} 待審 {queue} 項",
        "en": "Follow-up reminder: {queue} items awaiting review by {name}",
    },
    "remind.greeting": {"zh-TW": "{name} 您好：", "en": "Dear {name},"},
    "remind.intro_unit": {
        "zh-TW": "以下是截至 {today} 貴單位主辦的列管事項中，逾期、{days} 天內到期，以及審查人退回待回覆的事項。",
        "en": "As of {today}, these items your unit leads are overdue, due within {days} days, or returned by a reviewer for your reply.",
    },
    "remind.intro_reviewer": {
        "zh-TW": "以下是截至 {today} 等候審查（申請解除列管）的事項，等候最久的在前。",
        "en": "As of {today}, these items await review (their units ask for release), longest waiting first.",
    },
    "remind.section_overdue": {"zh-TW": "逾期事項（{count} 項）", "en": "Overdue ({count})"},
    "remind.section_due": {"zh-TW": "{days} 天內到期（{count} 項）", "en": "Due within {days} days ({count})"},
    "remind.section_awaiting": {
        "zh-TW": "審查人退回、待回覆的事項（{count} 項）",
        "en": "Returned by a reviewer, awaiting your reply ({count})",
    },
    "remind.section_queue": {"zh-TW": "待審事項（{count} 項）", "en": "Awaiting review ({count})"},
    "remind.line_overdue": {
        "zh-TW": "- {key} {title}｜預定完成日期 {deadline}（逾期 {days} 天）｜{status}",
        "en": "- {key} {title} | deadline {deadline} ({days} days overdue) | {status}",
    },
    "remind.line_due": {
        "zh-TW": "- {key} {title}｜預定完成日期 {deadline}（{days} 天後到期）｜{status}",
        "en": "- {key} {title} | deadline {deadline} (due in {days} days) | {status}",
    },
    "remind.line_awaiting": {
        "zh-TW": "- {key} {title}｜審查意見：{note}",
        "en": "- {key} {title} | review comments: {note}",
    },
    "remind.line_queue": {
        "zh-TW": "- {key} {title}｜主辦單位 {unit}｜待審 {days} 天",
        "en": "- {key} {title} | lead unit {unit} | waiting {days} days",
    },
    "remind.how_note": {
        "zh-TW": "請以 tracker note 代號 內容 填寫辦理情形（或在 tracker 畫面中按 n），完成後以 tracker status 代號 done --note 說明 申請解除列管。",
        "en": "Record progress with tracker note KEY TEXT (or n in the tracker screen); when done, ask for release with tracker status KEY done --note TEXT.",
    },
    "remind.how_review": {
        "zh-TW": "請以 tracker review 代號 release|return|withdraw --note 審查意見 審查（或在 tracker 畫面中按 v）。",
        "en": "Review with tracker review KEY release|return|withdraw --note COMMENTS (or v in the tracker screen).",
    },
    "remind.footer": {
        "zh-TW": "此信由建議事項列管追蹤（tracker remind）自動寄出，每日至多一封。",
        "en": "Sent by the recommendation follow-up tracker (tracker remind), at most once a day.",
    },
}
