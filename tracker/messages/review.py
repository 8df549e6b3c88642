"""Words of the follow-up process (列管): states, decisions, levels, reviewers."""

MESSAGES: dict[str, dict[str, str]] = {
    "tracking.active": {"zh-TW": "列管中", "en": "Under follow-up"},
    "tracking.pending": {"zh-TW": "待審", "en": "Awaiting review"},
    "tracking.released": {"zh-TW": "解除列管", "en": "Released"},
    "tracking.withdrawn": {"zh-TW": "撤銷列管", "en": "Withdrawn"},
    "decision.release": {"zh-TW": "同意解除列管", "en": "release"},
    "decision.return": {"zh-TW": "繼續列管", "en": "return"},
    "decision.withdraw": {"zh-TW": "撤銷列管", "en": "withdraw"},
    "level.self": {"zh-TW": "自行列管", "en": "Unit's own"},
    "level.city": {"zh-TW": "府列管", "en": "City (RDEC)"},
    "field.tracking": {"zh-TW": "列管狀態", "en": "Follow-up"},
    "field.review": {"zh-TW": "審查", "en": "Review"},
    "field.level": {"zh-TW": "列管層級", "en": "Level"},
    "field.reviewer": {"zh-TW": "審查人", "en": "Reviewer"},
    "field.latest_review": {"zh-TW": "最新審查意見", "en": "Latest review comments"},
    "field.waiting": {"zh-TW": "待審天數", "en": "Days waiting"},
    "field.rounds": {"zh-TW": "辦理情形與審查意見", "en": "Progress notes and reviews"},
    "field.round": {"zh-TW": "類別", "en": "Kind"},
    "field.round_text": {"zh-TW": "辦理情形／審查意見", "en": "Note or comments"},
    "round.request": {"zh-TW": "申請解除列管", "en": "asks for release"},
    "history.closed_before_review": {
        "zh-TW": "升級：本項於審查流程建立前已結案，視為解除列管",
        "en": "Upgrade: closed before review existed, taken as released",
    },
    "error.not_reviewer": {
        "zh-TW": "只有審查人可以{action}；{user} 不是審查人，沒有做任何變更。請審查人操作，或由審查人執行 tracker reviewers add {user}。",
        "en": "Only a reviewer may {action}; {user} is not one, and nothing was changed. Ask a reviewer, or have one run tracker reviewers add {user}.",
    },
    "error.not_reviewer_db": {
        "zh-TW": "資料庫拒絕：登入帳號 {user} 不屬於 tracker_reviewer 角色，不能{action}；沒有做任何變更。請資料庫管理者 GRANT tracker_reviewer TO {user}。",
        "en": "The database refused: login {user} is not a member of tracker_reviewer and may not {action}; nothing was changed. Ask the administrator to GRANT tracker_reviewer TO {user}.",
    },
    "action.review": {"zh-TW": "審查（解除、退回、撤銷列管）", "en": "review (release, return, withdraw)"},
    "action.reviewers": {"zh-TW": "變更審查人名單", "en": "change the reviewers"},
    "error.not_pending": {
        "zh-TW": "{key} 目前是「{tracking}」，不是待審；只有主辦單位設為已完成或不採行（申請解除列管）後才能{decision}。",
        "en": '{key} is "{tracking}", not awaiting review; it can be given "{decision}" only after its owner set it to done or dropped (asking for release).',
    },
    "error.already_closed": {
        "zh-TW": "{key} 已「{tracking}」，沒有做任何變更；需要重新列管時請審查人說明理由另行處理。",
        "en": '{key} is already "{tracking}"; nothing was changed.',
    },
    "error.closed_item": {
        "zh-TW": "{key} 已「{tracking}」，不能再變更辦理狀態；仍可新增辦理情形（tracker note）。",
        "en": '{key} is "{tracking}": its status can no longer change; you can still add a note (tracker note).',
    },
    "error.closed_item_change": {
        "zh-TW": "{key} 已「{tracking}」，主辦單位與期限不再變更（以免改寫準時完成的紀錄）；需要時請審查人先退回（tracker review {key} return --note …）。",
        "en": '{key} is "{tracking}": its lead unit and deadline no longer change (that would rewrite the on-time record); a reviewer can return it first (tracker review {key} return --note …).',
    },
    "error.status_only_on_return": {
        "zh-TW": "--status 只能與退回（return）一起使用，「{decision}」不會改變辦理狀態；請拿掉 --status。",
        "en": '--status goes only with return; "{decision}" does not change the status. Leave out --status.',
    },
    "word.list_separator": {"zh-TW": "；", "en": "; "},
    "error.review_note_empty": {
        "zh-TW": '{decision}需要審查意見：請以 --note "…" 說明（例如還缺什麼佐證、為何撤銷）。',
        "en": '"{decision}" needs review comments: say why with --note "…" (what is missing, why it is withdrawn).',
    },
    "error.return_status": {
        "zh-TW": "退回時的辦理狀態只能是未辦理、辦理中或暫緩辦理，收到「{status}」。",
        "en": 'A returned item\'s status must be not started, in progress or on hold, not "{status}".',
    },
    "error.unknown_decision": {
        "zh-TW": "沒有「{text}」這個審查決定。可用：{choices}。",
        "en": 'There is no decision "{text}". Use one of: {choices}.',
    },
    "error.unknown_tracking": {
        "zh-TW": "沒有「{text}」這個列管狀態。可用：{choices}。",
        "en": 'There is no follow-up state "{text}". Use one of: {choices}.',
    },
    "error.unknown_level": {
        "zh-TW": "沒有「{text}」這個列管層級。可用：{choices}。",
        "en": 'There is no follow-up level "{text}". Use one of: {choices}.',
    },
    "error.reviewer_exists": {
        "zh-TW": "{name} 已是審查人，沒有做任何變更。",
        "en": "{name} is a reviewer already; nothing was changed.",
    },
    "error.reviewer_unknown": {
        "zh-TW": "{name} 不是審查人（tracker reviewers list 列出審查人），沒有做任何變更。",
        "en": "{name} is not a reviewer (tracker reviewers list shows them); nothing was changed.",
    },
    "error.last_reviewer": {
        "zh-TW": "{name} 是最後一位審查人，不能移除：先加入另一位審查人（tracker reviewers add 姓名）。",
        "en": "{name} is the last reviewer and cannot be removed: add another first (tracker reviewers add NAME).",
    },
    "error.reviewer_name": {
        "zh-TW": "審查人姓名不可空白，最多 100 字。",
        "en": "A reviewer's name may not be blank and has at most 100 characters.",
    },
    "done.review": {
        "zh-TW": "{key} {decision}：{old} → {new}（版本 {version}）",
        "en": "{key} {decision}: {old} → {new} (version {version})",
    },
    "done.reviewer_added": {"zh-TW": "已加入審查人：{name}", "en": "Reviewer added: {name}"},
    "done.reviewer_removed": {"zh-TW": "已移除審查人：{name}", "en": "Reviewer removed: {name}"},
    "done.no_reviewers": {
        "zh-TW": "目前沒有審查人。第一位審查人由 tracker reviewers add 姓名 加入（之後只有審查人能變更名單）。",
        "en": "There are no reviewers yet. Add the first with tracker reviewers add NAME (after that only reviewers can change the list).",
    },
}
