#include "records/schema.hpp"

#include "core/unicode_text.hpp"

namespace dangan::records {

namespace {

const char* const other_note = "其他：表格没有专列的内容，以 JSON 对象填写（导出时自动生成，一般不用手填）";

std::vector<SheetSchema> make_sheets() {
    std::vector<SheetSchema> out;
    out.push_back({"组织",
                   {
                       {"name", "支部名称", {"名称", "党组织名称", "组织名称"}, Type::text, "党组织全称，如 中共××机关第二支部委员会"},
                       {"short_name", "简称", {}, Type::text, "简称，可空"},
                       {"type", "单位类型", {"类型", "组织类型"}, Type::text, "机关、企业、村、社区、学校、事业单位或其他"},
                       {"parent", "上级党委", {"上级党组织", "上级党组织名称"}, Type::text, "上级党委全称"},
                       {"founded", "成立日期", {"建立日期", "组建日期"}, Type::date, "支部成立的日期；此前的月份不检查会议频次"},
                       {"groups", "党小组", {"党小组名称"}, Type::list, "党小组名称，用顿号、分隔；没有党小组填“无”"},
                       {"committee/elected", "支委会选举日期", {"换届日期", "选举日期", "本届支委会选举日期"}, Type::date, "本届支委会选举产生的日期"},
                       {"committee/term_years", "任期年数", {"任期", "任期（年）"}, Type::integer, "任期年数；空则按规则集"},
                       {"committee/delay_until", "延期至", {"延期换届至"}, Type::date, "经批准延期换届的截止日期"},
                       {"committee/delay_approval", "延期批复", {"延期批复文号"}, Type::text, "延期换届批复的文号"},
                       {"committee/members", "支委会成员", {"支委", "支部委员"}, Type::pairs, "如 王建华（书记）、李秀梅（副书记）"},
                       {"archive/fonds", "全宗号", {}, Type::text, "档号的全宗号，如 J031"},
                       {"archive/fonds_name", "全宗名称", {}, Type::text, "全宗名称"},
                       {"archive/style", "档号标准", {"档号格式"}, Type::text, "DA/T 22-2015 或 DA/T 13-2022"},
                       {"archive/category", "门类代码", {}, Type::text, "默认 WS"},
                       {"archive/retention", "保管期限", {}, Type::text, "Y（永久）、D30（30年）或 D10（10年）"},
                       {"archive/class", "机构问题代码", {"问题代码"}, Type::text, "默认 SH"},
                       {"", "其他", {}, Type::json, other_note},
                   },
                   true});
    out.push_back({"花名册",
                   {
                       {"name", "姓名", {"名字", "党员姓名"}, Type::text, "党员姓名（每人一行）"},
                       {"gender", "性别", {}, Type::text, "男或女"},
                       {"birth_date", "出生日期", {"出生年月", "生日"}, Type::date, "如 1985-04-16"},
                       {"status", "党员类别", {"类别", "状态", "党员状态", "人员类别"}, Type::text, "正式 或 预备"},
                       {"joined", "入党日期", {"入党时间", "加入党组织日期"}, Type::date, "支部大会接收为预备党员的日期"},
                       {"full_member", "转正日期", {"转正时间"}, Type::date, "转为正式党员的日期"},
                       {"group", "党小组", {"所在党小组"}, Type::text, "所在党小组，须是“组织”表里的名称"},
                       {"roles", "党内职务", {"支部职务", "党内职务及分工"}, Type::list, "如 书记、第一党小组组长"},
                       {"position", "工作岗位", {"职务", "行政职务", "工作单位及职务"}, Type::text, "工作单位及职务"},
                       {"education", "学历", {"文化程度"}, Type::text, ""},
                       {"phone", "联系电话", {"电话", "手机", "手机号码"}, Type::text, ""},
                       {"", "其他", {}, Type::json, other_note},
                   }});
    out.push_back({"会议",
                   {
                       {"id", "编号", {"会议编号", "记录编号", "ID", "id"}, Type::text, "每次会议一个编号，可空；“会议内容”“表决”两表用它对应会议"},
                       {"type", "会议类型", {"类型", "会议类别", "会议种类"}, Type::text, "从下拉列表选，如 支部委员会、党小组会、党课、主题党日；一次会议兼两类（如 主题党日暨党员大会）写“主题党日、支部党员大会”"},
                       {"title", "标题", {"题目", "主题", "会议主题", "会议名称"}, Type::text, "可空"},
                       {"number", "次序", {"第几次", "次数", "会议次序"}, Type::integer, "本年度该类会议的第几次（整数）"},
                       {"year", "所属年度", {"会议年度"}, Type::integer, "组织生活会、民主评议：为哪一年召开（如次年1—3月召开的2024年度会议填 2024）"},
                       {"date", "日期", {"会议日期", "召开日期"}, Type::date, "如 2025-03-06"},
                       {"start", "开始时间", {"开始", "起始时间"}, Type::time, "如 14:30"},
                       {"end", "结束时间", {"结束"}, Type::time, "如 16:00"},
                       {"place", "地点", {"会议地点"}, Type::text, ""},
                       {"host", "主持人", {"主持"}, Type::text, "从花名册选"},
                       {"recorder", "记录人", {"记录"}, Type::text, "从花名册选"},
                       {"group", "党小组", {}, Type::text, "党小组会填小组名称"},
                       {"attendance/expected", "应到人数", {"应到"}, Type::integer, "整数"},
                       {"attendance/present", "出席人员", {"实到人员", "参会人员", "出席", "到会人员"}, Type::list, "姓名用顿号、分隔"},
                       {"attendance/absent", "缺席人员", {"缺席", "请假人员", "缺席人员及原因"}, Type::pairs, "如 周文斌（外出学习）、刘洋（病假）"},
                       {"attendance/attending", "列席人员", {"列席"}, Type::list, "姓名用顿号、分隔"},
                       {"agenda", "议题", {"会议议题", "议程"}, Type::lines, "每个议题一行（Alt+回车换行）"},
                       {"resolutions", "决议", {"决定", "会议决定", "决议事项"}, Type::lines, "每条决定一行"},
                       {"attachments", "附件", {}, Type::lines, "每个附件文件一行"},
                       {"summary", "摘要", {}, Type::text, ""},
                       {"", "其他", {}, Type::json, other_note},
                   }});
    out.push_back({"会议内容",
                   {
                       {"", "会议", {"会议编号", "编号"}, Type::text, "“会议”表的编号；没有编号时填 日期 会议类型，如 2025-03-06 支部委员会"},
                       {"speaker", "发言人", {"发言", "姓名"}, Type::text, ""},
                       {"text", "内容", {"发言内容", "记录内容", "正文"}, Type::text, "一段发言或记录；一次会议可占多行"},
                       {"", "其他", {}, Type::json, other_note},
                   }});
    out.push_back({"表决",
                   {
                       {"", "会议", {"会议编号", "编号"}, Type::text, "“会议”表的编号（或 日期 会议类型）"},
                       {"subject", "表决事项", {"事项", "表决内容"}, Type::text, ""},
                       {"method", "表决方式", {"方式"}, Type::text, "无记名投票、举手表决 …"},
                       {"expected", "应到", {"应到人数", "有表决权人数"}, Type::integer, ""},
                       {"present", "实到", {"实到人数"}, Type::integer, ""},
                       {"yes", "同意", {"赞成", "同意票"}, Type::integer, ""},
                       {"no", "反对", {"反对票"}, Type::integer, ""},
                       {"abstain", "弃权", {"弃权票"}, Type::integer, ""},
                       {"written_yes", "书面同意", {}, Type::integer, "会前书面表示同意的人数"},
                       {"", "其他", {}, Type::json, other_note},
                   }});
    SheetSchema dues{"党费",
                     {
                         {"", "年度", {"年份", "年"}, Type::integer, "台账年度，如 2025"},
                         {"member", "姓名", {"党员", "党员姓名"}, Type::text, "每人一行"},
                         {"category", "类别", {"党费类别", "交纳类别"}, Type::text, "空为在职；离退休、农民、学生等见规则集 dues"},
                         {"base", "计费基数", {"基数", "工资基数", "月工资"}, Type::number, "每月计费基数（元）"},
                         {"rate", "比例", {"交纳比例"}, Type::number, "如 0.015 表示 1.5%"},
                         {"lapse_reason", "未交原因", {"缓交原因", "停交原因"}, Type::text, "经批准缓交等"},
                     }};
    for (int m = 1; m <= 12; ++m) {
        dues.columns.push_back({"", month_header(m), {std::to_string(m) + "月金额", std::to_string(m) + "月党费"}, Type::number,
                                std::to_string(m) + "月交纳金额（元）"});
        dues.columns.push_back({"", paid_header(m), {std::to_string(m) + "月交纳", std::to_string(m) + "月交纳时间"}, Type::date,
                                std::to_string(m) + "月实际交纳日期；空为未交"});
    }
    dues.columns.push_back({"", "其他", {}, Type::json, other_note});
    out.push_back(std::move(dues));
    out.push_back({"发展",
                   {
                       {"id", "编号", {"ID"}, Type::text, "可空"},
                       {"name", "姓名", {"申请人", "申请人姓名"}, Type::text, "每位申请人一行，其后每列一个步骤的日期"},
                       {"gender", "性别", {}, Type::text, ""},
                       {"birth_date", "出生日期", {"出生年月"}, Type::date, ""},
                       {"contacts", "培养联系人", {"联系人"}, Type::list, "姓名用顿号、分隔"},
                       {"introducers", "入党介绍人", {"介绍人"}, Type::list, "姓名用顿号、分隔"},
                       {"training/start", "培训开始", {"培训开始日期"}, Type::date, ""},
                       {"training/end", "培训结束", {"培训结束日期"}, Type::date, ""},
                       {"training/days", "培训天数", {}, Type::number, ""},
                       {"training/hours", "培训学时", {}, Type::number, ""},
                       {"transferred_in", "转入", {"是否转入"}, Type::flag, "从外单位转入填“是”"},
                       {"extension_months", "延长预备期月数", {"延长预备期"}, Type::integer, ""},
                       {"probation_end", "预备期满", {"预备期满日期"}, Type::date, ""},
                       {"planned_leave", "预计离开", {"预计离开日期"}, Type::date, ""},
                       // the step columns (one per step of the profile) are added by the reader and writer
                       {"", "其他", {}, Type::json, other_note},
                   }});
    out.push_back({"换届",
                   {
                       {"", "换届", {"换届编号", "名称"}, Type::text, "一次换届一个名称，如 2025年换届选举；每个文件一行"},
                       {"step", "步骤", {"环节", "文件"}, Type::text, "如 请示、批复、选举大会、选举结果报告"},
                       {"date", "日期", {}, Type::date, ""},
                       {"title", "题名", {"标题"}, Type::text, ""},
                       {"by", "责任者", {"发文单位", "发文机关"}, Type::text, ""},
                       {"reference", "文号", {}, Type::text, ""},
                       {"record", "记录", {"说明"}, Type::text, ""},
                       {"", "其他", {}, Type::json, other_note},
                   }});
    out.push_back({"候选人",
                   {
                       {"", "换届", {"换届编号", "名称"}, Type::text, "“换届”表的名称"},
                       {"name", "姓名", {}, Type::text, ""},
                       {"votes", "得票", {"得票数", "票数"}, Type::integer, ""},
                       {"elected", "当选", {"是否当选"}, Type::flag, "是 或 否"},
                       {"role", "职务", {"分工"}, Type::text, "如 书记"},
                       {"gender", "性别", {}, Type::text, ""},
                       {"", "其他", {}, Type::json, other_note},
                   }});
    return out;
}

}  // namespace

const std::vector<SheetSchema>& sheets() {
    static const std::vector<SheetSchema> all = make_sheets();
    return all;
}

const SheetSchema* find_sheet(const std::string& name) {
    const std::string wanted = normalise_header(name);
    for (const auto& sheet : sheets())
        if (sheet.name == wanted) return &sheet;
    return nullptr;
}

std::string normalise_header(const std::string& header) {
    std::string s = core::normalize_nfkc(header);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.pop_back();
    // A bracketed unit or hint: 应到人数（人）, 任期(年) — NFKC has already made （） into ().
    if (const auto open = s.find('('); open != std::string::npos && open > 0 && s.back() == ')') s.erase(open);
    std::string out;
    for (char c : s)
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '*') out += c;
    return out;
}

std::map<std::string, std::string> key_aliases(const std::string& sheet, const std::string& prefix) {
    std::map<std::string, std::string> out;
    const SheetSchema* schema = find_sheet(sheet);
    if (!schema) return out;
    for (const auto& column : schema->columns) {
        if (column.key.empty() || !column.key.starts_with(prefix)) continue;
        const std::string key = column.key.substr(prefix.size());
        if (key.find('/') != std::string::npos) continue;
        out.emplace(column.header, key);
        for (const auto& alias : column.aliases) out.emplace(alias, key);
    }
    // An English spelling among the aliases ("ID", "id") is not a Chinese name.
    for (auto it = out.begin(); it != out.end();)
        it = it->first == it->second || it->first.find_first_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") == 0
                 ? out.erase(it) : std::next(it);
    return out;
}

std::string month_header(int month) { return std::to_string(month) + "月"; }
std::string paid_header(int month) { return std::to_string(month) + "月交纳日期"; }

}  // namespace dangan::records
