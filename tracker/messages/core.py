"""Labels and messages of the core and the command line."""

MESSAGES = {
    # statuses -------------------------------------------------------------
    "status.not_started": {"zh-TW": "未辦理", "en": "Not started"},
    "status.in_progress": {"zh-TW": "辦理中", "en": "In progress"},
    "status.on_hold": {"zh-TW": "暫緩辦理", "en": "On hold"},
    "status.done": {"zh-TW": "已完成", "en": "Done"},
    "status.dropped": {"zh-TW": "不採行", "en": "Dropped"},
    # fields and columns ---------------------------------------------------
    "field.key": {"zh-TW": "代號", "en": "Key"},
    "field.number": {"zh-TW": "編號", "en": "No."},
    "field.report": {"zh-TW": "報告", "en": "Report"},
    "field.title": {"zh-TW": "建議事項", "en": "Recommendation"},
    "field.owner": {"zh-TW": "主辦單位", "en": "Lead unit"},
    "field.owner_en": {"zh-TW": "主辦單位英文名稱", "en": "Lead unit (English name)"},
    "field.supporting": {"zh-TW": "協辦單位", "en": "Supporting units"},
    "field.officer": {"zh-TW": "承辦人", "en": "Officer"},
    "field.deadline": {"zh-TW": "預定完成日期", "en": "Deadline"},
    "field.original_deadline": {"zh-TW": "原定完成日期", "en": "Original deadline"},
    "field.deadline_source": {"zh-TW": "期限依據", "en": "Deadline from"},
    "field.event": {"zh-TW": "相關會議／活動", "en": "Event"},
    "field.status": {"zh-TW": "辦理狀態", "en": "Status"},
    "field.note": {"zh-TW": "辦理情形", "en": "Progress note"},
    "field.latest_note": {"zh-TW": "最新辦理情形", "en": "Latest progress note"},
    "field.updated_at": {"zh-TW": "最後更新", "en": "Last updated"},
    "field.due": {"zh-TW": "剩餘／逾期", "en": "Time left"},
    "field.days_overdue": {"zh-TW": "逾期天數", "en": "Days overdue"},
    "field.version": {"zh-TW": "版本", "en": "Version"},
    "field.text_zh": {"zh-TW": "建議全文", "en": "Full text (Chinese)"},
    "field.summary_en": {"zh-TW": "英文摘要", "en": "English summary"},
    "field.title_zh": {"zh-TW": "中文標題", "en": "Chinese title"},
    "field.title_en": {"zh-TW": "英文標題", "en": "English title"},
    "field.supporting_units": {"zh-TW": "協辦單位", "en": "Supporting units"},
    "field.created": {"zh-TW": "建立", "en": "Created"},
    "field.history": {"zh-TW": "異動紀錄", "en": "History"},
    "field.at": {"zh-TW": "時間", "en": "When"},
    "field.by": {"zh-TW": "異動者", "en": "By"},
    "field.field": {"zh-TW": "欄位", "en": "Field"},
    "field.from": {"zh-TW": "原值", "en": "From"},
    "field.to": {"zh-TW": "新值", "en": "To"},
    "field.item": {"zh-TW": "建議事項", "en": "Item"},
    "deadline_source.report": {"zh-TW": "報告所定", "en": "stated in the report"},
    "deadline_source.event": {"zh-TW": "依會議／活動日期", "en": "the event's date"},
    "deadline_source.assigned": {"zh-TW": "本科自訂", "en": "our assignment"},
    "deadline_source.moved": {"zh-TW": "同仁已調整（原依據：{basis}）", "en": "moved by staff (originally {basis})"},
    "word.none": {"zh-TW": "（無）", "en": "(none)"},
    "word.overdue": {"zh-TW": "逾期", "en": "overdue"},
    "word.total": {"zh-TW": "合計", "en": "Total"},
    "list.empty": {"zh-TW": "沒有符合條件的建議事項。", "en": "No recommendation matches."},
    "due.overdue": {"zh-TW": "逾期 {days} 天", "en": "{days} days overdue"},
    "due.overdue_one": {"zh-TW": "逾期 1 天", "en": "1 day overdue"},
    "due.today": {"zh-TW": "今天到期", "en": "due today"},
    "due.in_days": {"zh-TW": "{days} 天後到期", "en": "due in {days} days"},
    "due.in_one_day": {"zh-TW": "明天到期", "en": "due tomorrow"},
    "due.none": {"zh-TW": "未定期限", "en": "no deadline"},
    # command results ------------------------------------------------------
    "done.init": {
        "zh-TW": "資料庫已就緒：{db}（{items} 項建議事項）",
        "en": "Database ready: {db} ({items} recommendations)",
    },
    "done.import": {
        "zh-TW": "已匯入「{report}」：新增 {created} 項、更新 {updated} 項、未變動 {unchanged} 項。",
        "en": "Imported “{report}”: {created} added, {updated} updated, {unchanged} unchanged.",
    },
    "done.import_kept": {
        "zh-TW": "第 {number} 項的{field}已由同仁修改，匯入檔的值未套用（請用 tracker {command} 變更）。",
        "en": "Item {number}: {field} was changed by staff, so the file's value was not applied (use tracker {command}).",
    },
    "done.import_missing": {
        "zh-TW": "匯入檔中沒有第 {number} 項；資料庫中的紀錄保留不動。",
        "en": "Item {number} is not in the file; its record stays in the database.",
    },
    "done.status": {
        "zh-TW": "{key} 狀態：{old} → {new}（版本 {version}）",
        "en": "{key} status: {old} → {new} (version {version})",
    },
    "done.note": {
        "zh-TW": "{key} 已新增辦理情形（版本 {version}）",
        "en": "{key}: progress note added (version {version})",
    },
    "done.due": {
        "zh-TW": "{key} 預定完成日期：{old} → {new}（版本 {version}）",
        "en": "{key} deadline: {old} → {new} (version {version})",
    },
    "done.backup": {"zh-TW": "已備份資料庫至 {path}", "en": "Database backed up to {path}"},
    "done.upgrade": {"zh-TW": "資料庫結構已是最新版（{revision}）", "en": "Database schema is up to date ({revision})"},
    "done.check_ok": {
        "zh-TW": "資料庫檢查通過：結構版本 {revision}、{items} 項建議事項、{changes} 筆異動紀錄、異動紀錄保護已啟用。",
        "en": "Database check passed: schema {revision}, {items} recommendations, {changes} history entries, history protection on.",
    },
    "history.reimport": {"zh-TW": "重新匯入 {file}", "en": "re-imported from {file}"},
    "settings.wrong_type": {
        "zh-TW": "{key} 應為{expected}，例如 {example}",
        "en": "{key} must be {expected}, e.g. {example}",
    },
    "settings.type.text": {"zh-TW": "加引號的文字", "en": "text in quotes"},
    "settings.type.flag": {"zh-TW": " true 或 false（不加引號）", "en": "true or false (no quotes)"},
    "settings.type.number": {"zh-TW": "整數（不加引號）", "en": "a whole number (no quotes)"},
    "settings.type.day": {"zh-TW": "日期", "en": "a date"},
    "settings.type.moment": {"zh-TW": "日期與時間", "en": "a date and time"},
    "settings.type.table": {
        "zh-TW": "一節設定（[mail] 標題下一行一個 鍵 = 值）",
        "en": "a section (one key = value a line under a [mail] heading)",
    },
    "settings.bad_toml": {
        "zh-TW": '不是有效的 TOML（{problem}），請檢查該行的引號、括號與等號（例如 roc = true、user = "曹凱雯"）',
        "en": 'not valid TOML ({problem}); check the quotes, brackets and = on that line (as in roc = true, user = "曹凱雯")',
    },
    "settings.not_utf8": {
        "zh-TW": "不是 UTF-8 文字，請在編輯器中以 UTF-8 編碼另存",
        "en": "it is not UTF-8 text; save it as UTF-8 in your editor",
    },
    "settings.is_folder": {
        "zh-TW": "這是資料夾，不是檔案；TRACKER_CONFIG 請指向設定檔本身，例如 ~/.config/rec-tracker/config.toml",
        "en": "it is a folder, not a file; point TRACKER_CONFIG at the file itself, e.g. ~/.config/rec-tracker/config.toml",
    },
    "settings.not_port": {
        "zh-TW": "郵件埠號「{value}」應為 1–65535 的整數（設定檔 [mail] port 或 TRACKER_SMTP_PORT）",
        "en": "mail port “{value}” must be a whole number from 1 to 65535 ([mail] port or TRACKER_SMTP_PORT)",
    },
    "settings.file": {"zh-TW": "設定檔", "en": "settings file"},
    "settings.absent": {"zh-TW": "（不存在，使用預設值）", "en": " (absent: defaults apply)"},
    "settings.db": {"zh-TW": "資料庫", "en": "database"},
    "settings.default": {"zh-TW": "（預設）", "en": " (default)"},
    "settings.user": {"zh-TW": "使用者", "en": "user"},
    "settings.lang": {"zh-TW": "語言", "en": "language"},
    "settings.timezone": {"zh-TW": "時區", "en": "time zone"},
    "settings.today": {"zh-TW": "今天", "en": "today"},
    "settings.live": {"zh-TW": "（依時鐘）", "en": " (from the clock)"},
    "settings.roc": {"zh-TW": "日期顯示", "en": "dates shown as"},
    "settings.report": {"zh-TW": "預設報告", "en": "default report"},
    "settings.mail": {"zh-TW": "寄信", "en": "mail"},
    # errors ---------------------------------------------------------------
    "error.prefix": {"zh-TW": "錯誤：", "en": "Error: "},
    "error.usage": {
        "zh-TW": "指令寫法不對（{detail}）。請執行 {command} --help 查看用法。",
        "en": "The command is not written right ({detail}). Run {command} --help to see how.",
    },
    "error.click": {
        "zh-TW": "{detail}。請執行 tracker --help 查看用法。",
        "en": "{detail}. Run tracker --help to see how.",
    },
    "error.arg_not_utf8": {
        "zh-TW": "命令列參數「{arg}」含有不是 UTF-8 的位元組（以 � 標示）。請把終端機或指令檔的編碼設為 UTF-8 後重新輸入。",
        "en": "The argument “{arg}” holds bytes that are not UTF-8 (shown as �). Set your terminal or script to UTF-8 and type it again.",
    },
    "error.stdin_not_utf8": {
        "zh-TW": "標準輸入第 {line} 行不是 UTF-8 文字（可能是 Big5），未存入任何資料。請將檔案以 UTF-8 另存後再輸入。",
        "en": "Line {line} of standard input is not UTF-8 text (Big5, perhaps); nothing was saved. Save the file as UTF-8 and try again.",
    },
    "error.tui_needs_terminal": {
        "zh-TW": "終端機介面需要在終端機中執行（目前的輸入或輸出不是終端機）。指令檔與排程請用 tracker list、tracker summary 等命令，tracker --help 列出全部命令。",
        "en": "The terminal UI needs a terminal (input or output is not one here). In scripts and cron use commands such as tracker list or tracker summary; tracker --help lists them all.",
    },
    "error.bad_count": {
        "zh-TW": "{option}（{what}）應為 {low} 到 {high} 的整數，收到「{text}」。例如 {option} {example}。",
        "en": "{option} ({what}) takes a whole number from {low} to {high}, not “{text}”. Type e.g. {option} {example}.",
    },
    "count.days": {"zh-TW": "天數", "en": "days"},
    "count.rows": {"zh-TW": "筆數", "en": "how many"},
    "error.unexpected": {
        "zh-TW": "發生未預期的錯誤（{error}）。詳細資料已寫入 {log}，請將此檔交給系統管理者。",
        "en": "Unexpected error ({error}). Details were written to {log}; please pass that file to your administrator.",
    },
    "error.bad_date": {
        "zh-TW": "無法辨識日期「{text}」。可用格式：2016-11-23、105/11/23、105.11.23、105-11-23、105年11月23日、民國105年11月23日、1051123、23 Nov 2016。",
        "en": "“{text}” is not a date I can read. Type one of: 2016-11-23, 105/11/23, 105.11.23, 105-11-23, 105年11月23日, 民國105年11月23日, 1051123, 23 Nov 2016.",
    },
    "error.ambiguous_date": {
        "zh-TW": "日期「{text}」有歧義（月／日順序不明）。請改用 2016-11-23 或 105/11/23 這類年份在前的寫法。",
        "en": "“{text}” is ambiguous (day and month could be swapped). Type the year first, as 2016-11-23 or 105/11/23.",
    },
    "error.impossible_date": {
        "zh-TW": "日期「{text}」不存在（{reason}）。請檢查年月日，例如 2016-11-23 或 105/11/23。",
        "en": "“{text}” is not a real date ({reason}). Check the year, month and day, e.g. 2016-11-23 or 105/11/23.",
    },
    "error.date_with_time": {
        "zh-TW": "「{text}」含有時間，這裡只要日期。請寫成 {day}。",
        "en": "“{text}” has a time of day; only the date is wanted here. Write {day}.",
    },
    "error.year_out_of_range": {
        "zh-TW": "日期「{text}」的年份不在 {first}–{last} 年之間。請輸入這段期間的日期，例如 2016-11-23 或 105/11/23。",
        "en": "“{text}” has a year outside {first}–{last}. Type a date in that range, e.g. 2016-11-23 or 105/11/23.",
    },
    "date.no_such_month": {"zh-TW": "沒有 {month} 月", "en": "there is no month {month}"},
    "date.no_such_day": {"zh-TW": "該月沒有這一天", "en": "that month has no such day"},
    "error.unknown_status": {
        "zh-TW": "沒有「{text}」這個狀態。可用：{choices}。",
        "en": "There is no status “{text}”. Use one of: {choices}.",
    },
    "error.same_status": {
        "zh-TW": "狀態已經是「{status}」，未變更。",
        "en": "The status is already “{status}”; nothing changed.",
    },
    "error.note_empty": {
        "zh-TW": "辦理情形不可空白，請輸入內容。",
        "en": "The progress note is empty; type what was done.",
    },
    "error.close_note_empty": {
        "zh-TW": '結案需要說明：「已完成」請附辦理成果，「不採行」請附理由（--note "…"）。',
        "en": 'Closing needs a note: evidence for done, the reason for dropped (--note "…").',
    },
    "error.reason_empty": {
        "zh-TW": '這項變更須說明理由（--note "理由"）：變更主辦單位、承辦人、協辦單位、預定完成日期、採行情形與撤回佐證資料都要。',
        "en": 'This change needs a reason (--note "reason"): changing the lead unit, officer, supporting units, deadline or adoption, and retracting a document, all do.',
    },
    "error.note_too_long": {
        "zh-TW": "內容有 {length} 字，超過上限 {limit} 字，請精簡後再存。",
        "en": "The text is {length} characters, over the limit of {limit}; shorten it and save again.",
    },
    "error.text_too_long": {
        "zh-TW": "{what}超過 {limit} 字，請縮短後再輸入。",
        "en": "{what} is longer than {limit} characters; shorten it.",
    },
    "error.owner_empty": {
        "zh-TW": "主辦單位不可空白，例如：秘書處國際事務科。",
        "en": "The lead unit is empty; type one, e.g. 秘書處國際事務科.",
    },
    "error.same_owner": {
        "zh-TW": "主辦單位已經是「{owner}」，未變更。",
        "en": "The lead unit is already “{owner}”; nothing changed.",
    },
    "error.same_deadline": {
        "zh-TW": "預定完成日期已經是 {deadline}，未變更。",
        "en": "The deadline is already {deadline}; nothing changed.",
    },
    "error.unknown_item": {
        "zh-TW": "找不到建議事項「{ref}」。請輸入 tracker list 顯示的代號（例如 {example}）。",
        "en": "No recommendation “{ref}”. Use a key that tracker list shows (e.g. {example}).",
    },
    "error.ambiguous_item": {
        "zh-TW": "「{ref}」同時符合多份報告的建議事項（{keys}），請輸入完整代號。",
        "en": "“{ref}” matches items of several reports ({keys}); type the full key.",
    },
    "error.no_items": {
        "zh-TW": "資料庫中還沒有建議事項，請先執行 tracker init 或 tracker import 檔案.yaml。",
        "en": "The database has no recommendations yet; run tracker init or tracker import FILE.yaml.",
    },
    "error.conflict": {
        "zh-TW": "{key} 已被他人更新（你依據的是版本 {expected}，目前為版本 {current}）：{who}。請重新查看後再存。",
        "en": "{key} was changed since you loaded it (you had version {expected}, it is now {current}): {who}. Look again, then save.",
    },
    "error.conflict_change": {"zh-TW": "{by} 於 {at} 變更{field}：{how}", "en": "{by} changed {field} at {at}: {how}"},
    "error.db_missing": {
        "zh-TW": "找不到資料庫 {db}。請先執行 tracker --db {db} init 建立。",
        "en": "There is no database at {db}. Create it first with tracker --db {db} init.",
    },
    "error.db_unavailable": {
        "zh-TW": "資料庫 {db} 暫時無法使用（{reason}），這次沒有存入任何資料。請稍後再試；若一直如此，請通知管理者。",
        "en": "The database {db} is not available just now ({reason}); nothing was saved. Try again later, or tell your administrator if it persists.",
    },
    "error.db_driver": {
        "zh-TW": "無法連線 {db}：缺少資料庫驅動程式 {module}。PostgreSQL 請先執行 pip install -e '.[postgres]'。",
        "en": "Cannot use {db}: the database driver {module} is not installed. For PostgreSQL run pip install -e '.[postgres]'.",
    },
    "error.db_url": {
        "zh-TW": "看不懂資料庫位置「{db}」。請用檔案路徑（如 db/tracker.sqlite3）或 postgresql+psycopg://使用者@主機/資料庫。",
        "en": "“{db}” is not a database location I know. Use a file path (db/tracker.sqlite3) or postgresql+psycopg://user@host/db.",
    },
    "error.not_tracker_db": {
        "zh-TW": "{db} 是別的程式的資料庫，不是追蹤工具的資料庫；請改用新的檔名（tracker --db 新檔案 init）。",
        "en": "{db} is another program's database, not the tracker's; name a new file (tracker --db NEW_FILE init).",
    },
    "error.db_newer": {
        "zh-TW": "資料庫 {db} 的結構版本（{revision}）比本程式新，請更新 tracker。",
        "en": "The database {db} has a newer schema ({revision}) than this tracker knows; update the tracker.",
    },
    "error.db_unreadable": {
        "zh-TW": "無法開啟資料庫 {db}：{reason}",
        "en": "Cannot open the database {db}: {reason}",
    },
    "error.db_check_failed": {"zh-TW": "資料庫檢查未通過：{problems}", "en": "Database check failed: {problems}"},
    "error.backup_exists": {
        "zh-TW": "備份檔 {path} 已存在，請指定新的檔名。",
        "en": "The backup file {path} already exists; name a new file.",
    },
    "error.backup_sqlite_only": {
        "zh-TW": "tracker db backup 只適用於 SQLite；PostgreSQL 請使用 pg_dump。",
        "en": "tracker db backup works on SQLite only; use pg_dump for PostgreSQL.",
    },
    "error.folder_missing": {
        "zh-TW": "資料夾 {path} 不存在，請先建立或改用已存在的資料夾。",
        "en": "The folder {path} does not exist; create it or name one that does.",
    },
    "error.file_missing": {"zh-TW": "找不到檔案 {path}。", "en": "There is no file {path}."},
    "error.not_a_file": {
        "zh-TW": "{path} 是資料夾，不是檔案。請指定報告檔，例如 seed_recommendations.yaml。",
        "en": "{path} is a folder, not a file. Name a report file, e.g. seed_recommendations.yaml.",
    },
    "error.file_unreadable": {
        "zh-TW": "無法讀取 {path}（{reason}）。請確認檔案存在且可讀取。",
        "en": "Cannot read {path} ({reason}). Check that the file exists and is readable.",
    },
    "error.file_not_utf8": {
        "zh-TW": "{path} 第 {line} 行不是 UTF-8 文字（可能存成了 Big5）。請在編輯器中以 UTF-8 編碼另存後再匯入。",
        "en": "{path} line {line} is not UTF-8 text (saved as Big5, perhaps). Save it as UTF-8 in your editor and import it again.",
    },
    "error.yaml_line": {"zh-TW": "{path} 第 {line} 行：{problem}", "en": "{path} line {line}: {problem}"},
    "yaml.control_char": {
        "zh-TW": "有控制字元 {char}（檔案中不該有），請在編輯器中刪除它",
        "en": "there is a control character {char} (it has no place in the file); delete it in your editor",
    },
    "yaml.too_deep": {
        "zh-TW": "巢狀超過 {limit} 層；報告檔只有幾層，格式見 seed_recommendations.yaml",
        "en": "nested more than {limit} levels deep; a report file has a few (see seed_recommendations.yaml)",
    },
    "yaml.duplicate_field": {
        "zh-TW": "欄位 {key} 在同一處寫了兩次（另一次在第 {first} 行），請刪除其中一個",
        "en": "the field {key} is written twice in one place (also on line {first}); delete one of them",
    },
    "yaml.bad_value": {
        "zh-TW": "「{value}」不是 {tag} 的值；請去掉 {tag} 標記，或改為正確的值",
        "en": "“{value}” is not a {tag} value; remove the {tag} tag or correct the value",
    },
    "yaml.too_long": {
        "zh-TW": "超過 {limit} 字，請縮短",
        "en": "longer than {limit} characters; shorten it",
    },
    "error.yaml_syntax": {
        "zh-TW": "{path} 第 {line} 行：YAML 格式錯誤（{problem}）。",
        "en": "{path} line {line}: not valid YAML ({problem}).",
    },
    "error.yaml_field": {
        "zh-TW": "{path} 第 {line} 行，欄位 {field}：{problem}",
        "en": "{path} line {line}, field {field}: {problem}",
    },
    "yaml.missing": {"zh-TW": "缺少此欄位", "en": "this field is missing"},
    "yaml.not_text": {"zh-TW": "應為文字", "en": "must be text"},
    "yaml.empty": {"zh-TW": "不可空白", "en": "must not be empty"},
    "yaml.not_mapping": {"zh-TW": "應為「鍵: 值」的對照表", "en": "must be a mapping of key: value"},
    "yaml.not_list": {"zh-TW": "應為清單（每行以 - 開頭）", "en": "must be a list (lines starting with -)"},
    "yaml.not_number": {
        "zh-TW": "應為 1 到 {limit} 的整數，例如 number: 1",
        "en": "must be a whole number from 1 to {limit}, e.g. number: 1",
    },
    "yaml.duplicate_number": {"zh-TW": "編號 {number} 重複出現", "en": "number {number} appears more than once"},
    "yaml.duplicate_key": {"zh-TW": "代號 {key} 重複出現", "en": "key {key} appears more than once"},
    "yaml.unknown_event": {
        "zh-TW": "沒有代號為 {event} 的會議／活動（請在 events 中定義）",
        "en": "no event with key {event} (define it under events)",
    },
    "yaml.bad_choice": {"zh-TW": "應為下列之一：{choices}", "en": "must be one of: {choices}"},
    "yaml.bad_key": {
        "zh-TW": "代號只能用英文字母、數字與 -（例如 uclg16）",
        "en": "a key may hold only letters, digits and - (e.g. uclg16)",
    },
    "yaml.unknown_field": {"zh-TW": "不認識的欄位（可用：{fields}）", "en": "unknown field (known: {fields})"},
    "yaml.no_items": {"zh-TW": "至少需要一項建議事項", "en": "needs at least one recommendation"},
    "error.bad_now": {
        "zh-TW": "TRACKER_NOW 的時間「{value}」看不懂；請寫成 2016-12-09T09:30（本時區）或 2016-12-09T01:30+00:00。",
        "en": 'Cannot read the TRACKER_NOW moment "{value}"; write it as 2016-12-09T09:30 (local) or 2016-12-09T01:30+00:00.',
    },
    "error.bad_lang": {
        "zh-TW": "不支援語言「{value}」，請用 zh-TW 或 en。",
        "en": "Language “{value}” is not supported; use zh-TW or en.",
    },
    "error.bad_timezone": {
        "zh-TW": "不認識時區「{tz}」，請用 Asia/Taipei 這類名稱。",
        "en": "Unknown time zone “{tz}”; use a name such as Asia/Taipei.",
    },
    "error.bad_config": {
        "zh-TW": "設定檔 {path} 有誤：{problem}",
        "en": "The settings file {path} is wrong: {problem}",
    },
    "error.bad_days": {
        "zh-TW": "天數應為 0 以上的整數，收到「{text}」。",
        "en": "Days must be a whole number of 0 or more, not “{text}”.",
    },
    "error.bad_version": {
        "zh-TW": "「{text}」不是版本號。請輸入 tracker show 顯示的版本（正整數），例如 --if-version 2。",
        "en": "“{text}” is not a version. Type the version tracker show prints (a positive whole number), e.g. --if-version 2.",
    },
}
