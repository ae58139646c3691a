//! The definitions sheet: each figure the exports show, with a short form
//! of its definition in `docs/statistics.md` (which is the reference; when
//! the two differ, this table is out of date).

/// One figure: its Chinese and English names, then its definition in each.
pub(super) struct Definition {
    pub(super) zh: &'static str,
    pub(super) en: &'static str,
    pub(super) definition_zh: &'static str,
    pub(super) definition_en: &'static str,
}

const fn d(
    zh: &'static str,
    en: &'static str,
    definition_zh: &'static str,
    definition_en: &'static str,
) -> Definition {
    Definition {
        zh,
        en,
        definition_zh,
        definition_en,
    }
}

/// Every figure of the exports, in the order of their sections.
pub(super) const DEFINITIONS: &[Definition] = &[
    d(
        "共同规则",
        "Common rules",
        "每个事件按记录它的终端的时间计入场所当地日期（含迟到的记录）；时长为整秒；中位数、P90 取最近秩；无数据显示“—”。",
        "Each event counts on the site-local day its terminal stamped (late records included); durations are whole seconds; median and p90 by nearest rank; nothing measured shows \"—\".",
    ),
    d(
        "取号",
        "Issued",
        "发出且未作废的号票，计入取号当日。",
        "Tickets issued and not voided, on the day of issue.",
    ),
    d(
        "办结",
        "Served",
        "最后一次办理已结束的号票，计入结束当日。",
        "Tickets whose last serving finished, on the day it finished.",
    ),
    d(
        "过号",
        "No-shows",
        "被标记为过号的号票，计入标记当日。",
        "Tickets marked a no-show, on the day marked.",
    ),
    d(
        "作废",
        "Voided",
        "因打印失败作废的号票；不计入取号。",
        "Tickets voided because printing failed; never counted as issued.",
    ),
    d(
        "转移",
        "Transferred",
        "至少转移一次的号票，计入首次转移当日。",
        "Tickets transferred at least once, on the day of the first transfer.",
    ),
    d(
        "首次叫号",
        "First calls",
        "首次被叫号的号票，计入叫号当日；重呼不算。",
        "Tickets called for the first time, on the day of the call; a recall is not a call.",
    ),
    d(
        "等候时长",
        "Wait",
        "取号（预约号为签到）至首次叫号，计入叫号当日。",
        "Issue (check-in for an appointment) to first call, on the day of the call.",
    ),
    d(
        "办理时长",
        "Service time",
        "最后一次开始办理至办结，计入办结当日；因转移中断的办理不计。",
        "Start to finish of the last serving, on the day it finished; a serving cut short by a transfer is not measured.",
    ),
    d(
        "过号率",
        "No-show share",
        "过号 / 首次叫号。",
        "No-shows / first calls.",
    ),
    d(
        "收到材料",
        "Received",
        "提交的材料（含补正），计入提交当日。",
        "Submissions, corrections included, on the day submitted.",
    ),
    d(
        "补正重交",
        "Resubmitted",
        "替代被退回材料的新提交。",
        "Submissions that replace a returned one.",
    ),
    d(
        "接收/退回/转交",
        "Accepted / returned / forwarded",
        "审查决定，计入决定当日；退回按原因、转交按部门分列。",
        "Review decisions, on the day decided; returns by reason, forwards by department.",
    ),
    d(
        "当日审结",
        "Decided same day",
        "提交当日即作出决定的材料，计入提交当日。",
        "Submissions decided on the site-local day received, counted on that day.",
    ),
    d(
        "当日审结率",
        "Same-day share",
        "当日审结 / 收到材料。",
        "Decided same day / received.",
    ),
    d(
        "审查时长",
        "Turnaround",
        "提交至决定，计入决定当日。",
        "Submission to decision, on the day decided.",
    ),
    d(
        "存柜/取件",
        "Locker deposits / collections",
        "存入、取出智能柜的记录，计入当日。",
        "Locker deposit and collection records, on their day.",
    ),
    d(
        "电子送达发布",
        "Published",
        "发布的电子送达，计入发布当日。",
        "Electronic deliveries, on the day published.",
    ),
    d(
        "纸质送达发布",
        "Published for paper",
        "自始即为纸质送达的发布。",
        "Deliveries for paper service from the start.",
    ),
    d(
        "已阅读",
        "Read",
        "至少打开过一次的电子送达，计入首次打开当日。",
        "Electronic deliveries opened at least once, on the day first opened.",
    ),
    d(
        "已签收",
        "Acknowledged",
        "在自助终端签收的电子送达，计入签收当日。",
        "Electronic deliveries acknowledged, on the day acknowledged.",
    ),
    d(
        "拒收",
        "Refused",
        "拒收（按原因），计入拒收当日；已签收的不计。",
        "Refusals by reason, on the day refused; not an acknowledged delivery.",
    ),
    d(
        "逾期转纸质",
        "Expired to paper",
        "期限届满仍未签收或拒收的电子送达，计入期限届满当日。",
        "Electronic deliveries neither acknowledged nor refused by their deadline, on the deadline's day.",
    ),
    d(
        "电子签收率",
        "Acknowledged share",
        "签收 / (签收 + 拒收 + 逾期转纸质 + 纸质送达发布)。",
        "Acknowledged / (acknowledged + refused + expired to paper + published for paper).",
    ),
    d(
        "发布至签收",
        "To acknowledgement",
        "发布至签收的时长，计入签收当日。",
        "Publication to acknowledgement, on the day acknowledged.",
    ),
    d(
        "当场立案率等",
        "On-the-spot filing rate and casework",
        "立案、诉前调解、司法确认尚无记录（待第 18 号需求），本报表暂不计算。",
        "Registration, mediation and judicial confirmation have no records yet (issue 18); not computed.",
    ),
    d(
        "好差评、终端在线率",
        "Satisfaction, terminal availability",
        "尚无评价记录和心跳历史，本报表暂不计算。",
        "No rating records or heartbeat history exist yet; not computed.",
    ),
];
