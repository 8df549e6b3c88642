"""Messages about outputs, backups and database files that are not what they should be."""

MESSAGES: dict[str, dict[str, str]] = {
    # Outputs (-o, the export dialog, backups)
    "error.output_is_database": {
        "zh-TW": "{path} 是資料庫檔案（或其 -wal／-shm／-journal 檔），不會被覆蓋；請用 -o 指定其他檔名。",
        "en": "{path} is a database file (or its -wal/-shm/-journal file) and is never overwritten; name another file with -o.",
    },
    "tui.error.output_is_database": {
        "zh-TW": "{path} 是資料庫檔案（或其 -wal／-shm／-journal 檔），不會被覆蓋；請改用其他檔名。",
        "en": "{path} is a database file (or its -wal/-shm/-journal file) and is never overwritten; type another name.",
    },
    "error.output_is_folder": {
        "zh-TW": "{path} 是資料夾；請用 -o 指定資料夾中的檔名，例如 {path}/進度表.xlsx。",
        "en": "{path} is a folder; name a file in it with -o, such as {path}/progress.xlsx.",
    },
    "tui.error.output_is_folder": {
        "zh-TW": "{path} 是資料夾；請在後面加上檔名，例如 {path}/進度表.xlsx。",
        "en": "{path} is a folder; add a file name, such as {path}/progress.xlsx.",
    },
    "error.output_not_file": {
        "zh-TW": "{path} 不是檔案（是磁碟裝置或 socket），不會寫入；請指定一般檔案。",
        "en": "{path} is not a file (it is a disk device or a socket) and is not written; name an ordinary file.",
    },
    # Backups
    "error.backup_disk_full": {
        "zh-TW": "磁碟空間不足，無法備份到 {path}；沒有留下任何檔案。請清出空間或改存到其他磁碟。",
        "en": "The disk is full: the backup to {path} was not made and no file was left. Free some space or back up to another disk.",
    },
    "error.backup_failed": {
        "zh-TW": "備份到 {path} 失敗（{reason}）；沒有留下任何檔案。請稍後再試；若一直如此，請通知管理者。",
        "en": "The backup to {path} failed ({reason}); no file was left. Try again later, or tell your administrator if it persists.",
    },
    # The database file itself
    "error.db_replaced": {
        "zh-TW": "資料庫檔案 {db} 在開啟後已被刪除或換成另一個檔案（例如還原了備份），這次沒有存入任何資料。請關閉追蹤工具後重新開啟。",
        "en": "The database file {db} was deleted or replaced by another file (a restored backup?) after the tracker opened it; nothing was saved. Close the tracker and open it again.",
    },
    "error.db_not_a_file": {
        "zh-TW": "{db} 不是檔案（是資料夾或裝置）；請指定資料庫檔案，例如 {db}/tracker.sqlite3。",
        "en": "{db} is not a file (it is a folder or a device); name the database file, such as {db}/tracker.sqlite3.",
    },
    "error.not_a_database": {
        "zh-TW": "無法開啟資料庫 {db}：這不是 SQLite 資料庫檔案（{reason}），檔案未被變更；請確認路徑，或以新檔名建立（tracker --db 新檔案 init）。",
        "en": "Cannot open the database {db}: it is not a SQLite database file ({reason}); the file was not changed. Check the path, or create a new file (tracker --db NEW_FILE init).",
    },
}
