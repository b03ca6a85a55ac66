package corpus

import "strings"

// general lists common words of Chinese administrative prose, roughly in
// order of frequency. Builtin weights them by a Zipf law. Benchmarks that
// want a larger, measured distribution can pass a frequency dictionary
// through NewVocabulary (cmd/benchsearch uses gse's).
const general = `的 和 在 是 了 对 有 为 等 与 中 工作 要 上 不 以 及 将 各 进行 开展 加强 推进 我 年 一 个 发展 建设 管理
服务 按照 相关 做好 落实 情况 进一步 组织 全面 单位 部门 提高 完善 实施 制度 问题 要求 规定 根据 通过 坚持 重点 积极
推动 有关 其他 时间 完成 人员 活动 主要 能力 机制 水平 社会 依法 负责 结合 确保 及时 充分 统筹 保障 促进 加快 健全 提升
建立 强化 规范 深化 切实 认真 严格 标准 质量 安全 体系 政策 资金 项目 方面 内容 方式 公开 信息 群众 人民 政府 国家 省
市 县 乡镇 村 地区 城乡 基层 全县 全市 全省 全国 有效 重要 主动 具体 相应 必要 明确 支持 引导 鼓励 监督 检查 考核 评估
调查 研究 分析 总结 报告 通知 意见 方案 办法 计划 措施 任务 目标 责任 职责 领导 干部 党组 委员会 办公室 机关 科室 学校
教师 学生 家长 儿童 校长 班级 课程 教学 教材 考试 招生 入学 学籍 毕业 培训 教研 师资 编制 职称 工资 待遇 经费 预算 决算
财政 收费 资助 补助 奖励 处罚 审批 备案 许可 登记 申请 受理 办理 答复 咨询 投诉 举报 反馈 征求 听证 公示 公告 发布 印发
转发 下发 上报 报送 汇总 统计 数据 台账 档案 资料 材料 文件 附件 表格 平台 网站 系统 网络 专栏 专区 窗口 热线 电话 地址
邮编 联系人 时限 期限 日期 月 日 周 季度 年度 上半年 下半年 今年 去年 明年 以来 目前 当前 今后 同时 此外 并且 但是 因此
所以 如果 虽然 而且 或者 以及 并 由 从 向 把 被 让 使 给 于 至 其 此 该 本 这 那 些 每 所有 部分 全部 一些 多 少 大 小
新 老 好 高 低 长 短 前 后 内 外 下 第一 第二 第三 一是 二是 三是 首先 其次 最后 特别 尤其 更加 不断 始终 已经 正在 逐步
广泛 深入 扎实 持续 稳步 有序 合理 科学 民主 公平 公正 透明 便民 高效 廉洁 依规 合法 真实 准确 完整 及时性 针对性 实效性`

// domainWords is the vocabulary of a county education bureau's disclosure
// catalogue: it gives documents the recurring terms visitors search for.
const domainWords = `政务公开 义务教育 教育和体育局 阳谷县 政府信息公开 依申请公开 主动公开 政策解读 工作要点 政务公开专区
政府开放日 意见征集 公众参与 招生政策 招生计划 招生范围 学区划分 学生资助 营养改善计划 校园安全 教育督导 民办学校
办学许可 年度报告 预决算 收费项目 收费标准 教师招聘 教师资格 职称评审 继续教育 学前教育 特殊教育 职业教育 高中阶段
中小学 幼儿园 寄宿制 控辍保学 随迁子女 留守儿童 家庭经济困难 助学金 免费教科书 课后服务 双减 作业管理 体质健康
近视防控 食品安全 消防安全 交通安全 防溺水 疫情防控 应急预案 安全隐患 排查整治 标准化建设 信息化 智慧校园 教育质量
素质教育 立德树人 师德师风 校长职级 集团化办学 城乡一体化 均衡发展 薄弱学校 改造提升 校舍建设 专项资金 转移支付
绩效评价 审计 政府采购 公开招标 中标结果 行政许可 行政处罚 权责清单 双随机 一公开 营商环境 放管服 一网通办 便民服务
12345热线 政务服务 信访 舆情回应 社会关切 新闻发布 解读材料 图解 问答 规范性文件 合法性审查 备案审查 清理 废止 失效`

func fields(s string) []string { return strings.Fields(s) }

// zipf returns weights 1/(rank+k) for n words.
func zipf(n int, k float64) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 1 / (float64(i) + k)
	}
	return w
}

// Builtin returns the built-in general vocabulary.
func Builtin() *Vocabulary {
	ws := fields(general)
	return NewVocabulary(ws, zipf(len(ws), 8))
}

// DomainWords returns the built-in agency vocabulary.
func DomainWords() *Vocabulary {
	ws := fields(domainWords)
	return NewVocabulary(ws, zipf(len(ws), 20))
}
