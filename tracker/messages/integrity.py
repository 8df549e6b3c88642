"""Messages of tamper evidence: db check and the history hash chain."""

MESSAGES: dict[str, dict[str, str]] = {
    "error.event_key_taken": {
        "zh-TW": "{file} 的會議／活動代碼 {key} 已由報告 {report} 使用，且內容不同；匯入會改變該報告的期限依據，"
        "請在檔案中改用新的代碼。未寫入任何資料。",
        "en": "The event key {key} in {file} is used by report {report}, with different details; importing would "
        "change that report's deadline basis. Give the event a new key in the file. Nothing was written.",
    },
    # db check: a heading, then one line per problem ------------------------
    "check.failed": {
        "zh-TW": "資料庫檢查未通過，發現 {count} 個問題：",
        "en": "Database check failed: {count} problems found:",
    },
    "check.chain_head": {
        "zh-TW": "異動紀錄雜湊鏈的最後一筆：第 {id} 筆，{hash}（可記下此值，日後比對）",
        "en": "Last history entry in the hash chain: #{id}, {hash} (note it down to compare later)",
    },
    "check.more": {
        "zh-TW": "（同類問題另有 {count} 個未列出）",
        "en": "({count} more problems of this kind not listed)",
    },
    "check.not_a_database": {
        "zh-TW": "無法開啟資料庫：這不是 SQLite 資料庫檔案，或檔案已損壞（{reason}）",
        "en": "Cannot open the database: not a SQLite database file, or a damaged one ({reason})",
    },
    "check.read_failed": {
        "zh-TW": "讀取資料庫時出錯，此項檢查未完成（{reason}）",
        "en": "Reading the database failed, so this check did not finish ({reason})",
    },
    "check.schema": {
        "zh-TW": "資料庫結構版本為 {revision}，此版工具為 {head}",
        "en": "Schema revision is {revision}; this tracker's is {head}",
    },
    "check.integrity": {
        "zh-TW": "SQLite 完整性檢查：{detail}",
        "en": "SQLite integrity check: {detail}",
    },
    "check.foreign_key": {
        "zh-TW": "資料表 {table} 第 {id} 列指向不存在的 {parent}",
        "en": "Table {table}, row {id} points to a missing row of {parent}",
    },
    "check.table_missing": {
        "zh-TW": "缺少資料表 {table}",
        "en": "Table {table} is missing",
    },
    "check.column_missing": {
        "zh-TW": "資料表 {table} 缺少欄位 {column}",
        "en": "Table {table} has no column {column}",
    },
    "check.trigger_missing": {
        "zh-TW": "缺少保護異動紀錄的觸發器 {name}：異動紀錄可被改寫（不再 append-only）",
        "en": "The history guard trigger {name} is missing: history can be rewritten (no longer append-only)",
    },
    "check.trigger_altered": {
        "zh-TW": "保護異動紀錄的觸發器 {name} 已被修改，與資料庫升級時建立的不同",
        "en": "The history guard trigger {name} was altered: it is not what the migrations created",
    },
    "check.trigger_disabled": {
        "zh-TW": "保護異動紀錄的觸發器 {name} 已被停用",
        "en": "The history guard trigger {name} is disabled",
    },
    "check.trigger_unexpected": {
        "zh-TW": "資料表 {table} 上有不屬於本工具的觸發器 {name}",
        "en": "Table {table} has a trigger {name} that the tracker did not create",
    },
    "check.function_altered": {
        "zh-TW": "觸發器函式 {name} 已被修改或刪除",
        "en": "The trigger function {name} was altered or dropped",
    },
    "check.rule_unexpected": {
        "zh-TW": "資料表 {table} 上有不屬於本工具的規則 {name}（可改寫寫入的內容）",
        "en": "Table {table} has a rule {name} that the tracker did not create (it can rewrite what is saved)",
    },
    "check.unreadable": {
        "zh-TW": "無法讀取或格式不符的值：{table}.{column}（第 {id} 列）為 {value}",
        "en": "A value the tracker cannot read, or not in the form it writes: {table}.{column} (row {id}) is {value}",
    },
    "check.unknown_status": {
        "zh-TW": "{key} 的辦理狀態 {value} 不是已知的狀態",
        "en": "{key} has an unknown status {value}",
    },
    "check.no_history": {
        "zh-TW": "{key} 沒有任何異動紀錄",
        "en": "{key} has no history at all",
    },
    "check.orphan_history": {
        "zh-TW": "第 {id} 筆異動紀錄屬於不存在的建議事項（id {item_id}）",
        "en": "History entry #{id} belongs to a recommendation that does not exist (id {item_id})",
    },
    "check.file_changed": {
        "zh-TW": "存放的佐證檔案內容已被改動（與其 SHA-256 {sha256} 不符）",
        "en": "a stored supporting file was changed (it no longer matches its SHA-256 {sha256})",
    },
    "check.evidence_count": {
        "zh-TW": "{key} 記載有 {actual} 件佐證資料，但實際為 {expected} 件（未留紀錄的修改）",
        "en": "{key}: {actual} supporting documents recorded, but {expected} are there (changed without a history entry)",
    },
    "check.replay": {
        "zh-TW": "{key} 的{field}為 {actual}，但依異動紀錄應為 {expected}（未留紀錄的修改）",
        "en": "{key}: {field} is {actual}, but its history says {expected} (changed without a history entry)",
    },
    "check.version_sequence": {
        "zh-TW": "{key} 的異動紀錄版本不連續（自第 {id} 筆起）",
        "en": "{key}: the versions in its history skip or go back (from entry #{id})",
    },
    "check.chain_broken": {
        "zh-TW": "異動紀錄雜湊鏈自第 {id} 筆起不符（共 {count} 筆）：紀錄被修改、刪除或插入",
        "en": "The history hash chain breaks at entry #{id} ({count} entries do not match): "
        "history was changed, removed or inserted",
    },
}
