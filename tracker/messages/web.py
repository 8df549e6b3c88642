"""Words of `tracker serve` and the web accounts (issue 14)."""

MESSAGES: dict[str, dict[str, str]] = {
    "web.title": {"zh-TW": "建議事項列管追蹤", "en": "Recommendation follow-up tracker"},
    "web.report": {"zh-TW": "檢視中的報告：{report}", "en": "Report in view: {report}"},
    "web.all_reports": {"zh-TW": "全部報告", "en": "all reports"},
    "web.today": {"zh-TW": "今天：{today}", "en": "Today: {today}"},
    "web.name": {"zh-TW": "帳號", "en": "Account"},
    "web.password": {"zh-TW": "密碼", "en": "Password"},
    "web.login": {"zh-TW": "登入", "en": "Log in"},
    "web.logout": {"zh-TW": "登出", "en": "Log out"},
    "web.signed_in": {"zh-TW": "登入身分：{user}", "en": "Logged in as {user}"},
    "web.refused": {"zh-TW": "帳號或密碼不正確。", "en": "Wrong account name or password."},
    "web.slow_down": {
        "zh-TW": "嘗試次數過多，請 {seconds} 秒後再試。",
        "en": "Too many attempts: try again in {seconds} s.",
    },
    "web.logged_out": {"zh-TW": "已登出。", "en": "You are logged out."},
    "web.expired": {"zh-TW": "閒置過久，請重新登入。", "en": "Your session ended after a time idle: log in again."},
    "web.session_ended": {"zh-TW": "工作階段已結束。", "en": "Session ended."},
    "web.restart": {"zh-TW": "重新開始", "en": "Start again"},
    "web.starting": {"zh-TW": "啟動中…", "en": "Starting…"},
    "web.serving": {"zh-TW": "網頁服務：{url}（Ctrl+C 結束）", "en": "Serving on {url} (Ctrl+C to stop)"},
    "web.clear_text": {
        "zh-TW": "警告：在 {host} 上聽取連線而未以 --public-url https://… 設定 HTTPS，密碼將以明文經過網路。",
        "en": "Warning: listening on {host} without HTTPS (--public-url https://…): passwords would cross the network in clear.",
    },
    "web.no_accounts": {
        "zh-TW": "尚無帳號：請先以 tracker users add 姓名 建立。",
        "en": "No accounts yet: add one with tracker users add NAME.",
    },
    "web.server_files": {
        "zh-TW": "瀏覽器中不能讀寫伺服器上的檔案（附加佐證資料、另存佐證資料、讀入報告）：請在終端機操作",
        "en": "In a browser the server's files are neither read nor written (supporting documents, saving them, "
        "intake): use the terminal",
    },
    "web.export.download": {"zh-TW": "下載", "en": "Download"},
    "web.export.in_browser": {
        "zh-TW": "檔案由瀏覽器下載，不存放在伺服器上。",
        "en": "The file is downloaded by your browser, never kept on the server.",
    },
    "web.export.sent": {"zh-TW": "已送往瀏覽器下載：{name}", "en": "Sent to your browser: {name}"},
    "error.account_name": {
        "zh-TW": "帳號名稱須為一行、1–100 字",
        "en": "an account name is one line of 1-100 characters",
    },
    "error.account_exists": {"zh-TW": "帳號 {name} 已存在", "en": "the account {name} exists already"},
    "error.account_unknown": {"zh-TW": "沒有帳號 {name}", "en": "there is no account {name}"},
    "error.account_disabled_already": {"zh-TW": "帳號 {name} 已停用", "en": "the account {name} is disabled already"},
    "error.account_enabled_already": {"zh-TW": "帳號 {name} 未停用", "en": "the account {name} is not disabled"},
    "error.password_length": {
        "zh-TW": "密碼須為 {low}–{high} 字元",
        "en": "a password has {low}-{high} characters",
    },
    "error.password_mismatch": {"zh-TW": "兩次輸入的密碼不同", "en": "the two passwords differ"},
    "error.accounts_postgres": {
        "zh-TW": "PostgreSQL 上網頁登入即資料庫登入：請以 CREATE ROLE … LOGIN PASSWORD 建立帳號（見 README）",
        "en": "on PostgreSQL the web login is the database login: make accounts with CREATE ROLE … LOGIN PASSWORD (see the README)",
    },
    "action.accounts": {"zh-TW": "管理網頁帳號", "en": "manage the web accounts"},
    "done.account_added": {"zh-TW": "已建立帳號：{name}", "en": "Account added: {name}"},
    "done.account_password": {"zh-TW": "已設定 {name} 的新密碼", "en": "New password set for {name}"},
    "done.account_disabled": {
        "zh-TW": "已停用帳號：{name}（登入中的工作階段在下次操作時結束）",
        "en": "Account disabled: {name} (its open sessions end at their next step)",
    },
    "done.account_enabled": {"zh-TW": "已啟用帳號：{name}", "en": "Account enabled: {name}"},
    "done.no_accounts": {"zh-TW": "尚無帳號", "en": "No accounts"},
    "account.active": {"zh-TW": "使用中", "en": "active"},
    "account.disabled": {"zh-TW": "已停用", "en": "disabled"},
    "prompt.password": {"zh-TW": "密碼", "en": "Password"},
}
