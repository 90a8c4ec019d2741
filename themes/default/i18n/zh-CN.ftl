### ajuda default theme: UI strings, 中文（简体）.

skip-to-content = 跳转到主要内容
site-navigation = 网站导航
on-this-page = 本文内容
last-updated = 上次更新时间：{ $date_html }
previous-article = 上一篇文章
next-article = 下一篇文章
breadcrumb = 导航路径
language = 语言
menu = 菜单
home = 主页
# The site title when the config gives none.
help-center = 帮助中心
copy-code = 复制
copied = 已复制

## Alert titles
alert-note = 注意
alert-tip = 提示
alert-important = 重要
alert-caution = 小心
alert-warning = 警告

## Not found page and redirects
not-found-title = 找不到页面
not-found-body = 找不到你要查找的页面。该页面可能已被移动、重命名或删除。
not-found-home = 转到主页
redirect-notice = 此页面已移至

faq = 常见问题
long-description = 详细说明
# The name of a table's scroll container, for screen readers.
table = 表格
generated-by = 由 { $generator } 生成
in-this-section = 本节内容
untranslated-notice = 此页面尚未翻译成你的语言。当前显示的语言：
machine-translation-notice = 此页面为机器翻译，可能包含错误。
original-page = 原始页面
stale-notice = 此翻译可能已过时。请参阅原始页面：
choose-language = 选择语言

# Landing pages: labels of DocFX link list types (linkListType).
linklist-architecture = 体系结构
linklist-concept = 概念
linklist-deploy = 部署
linklist-download = 下载
linklist-get-started = 入门
linklist-how-to-guide = 操作指南
linklist-learn = 学习
linklist-overview = 概述
linklist-quickstart = 快速入门
linklist-reference = 参考
linklist-sample = 示例
linklist-tutorial = 教程
linklist-video = 视频
linklist-whats-new = 新增功能
linklist-training = 培训

## Search
search = 搜索
search-no-results = 没有结果：
search-results = 搜索结果
search-try-instead = 请检查拼写或换用其他字词。以下文章对许多读者有帮助：
search-needs-script = 搜索需要 JavaScript，但你的浏览器已将其关闭。
search-filter-category = 类别
search-filter-product = 产品
search-filter-all = 全部
search-previous = 上一页
search-next = 下一页
search-count = { $count ->
   *[other] { $count } 个结果
}
search-see-all = 查看所有结果

## "Still need help?" panel at the end of articles
support-title = 仍需要帮助？
# The request flow's button when the config gives the flow no label.
support-request = 联系支持人员
feedback-question = 此内容是否有帮助？
feedback-yes = 是
feedback-no = 否
feedback-thanks = 感谢你的反馈。
feedback-why = 哪里有问题？
feedback-reason-inaccurate = 内容有误或已过时
feedback-reason-unclear = 难以理解
feedback-reason-missing = 缺少信息
feedback-reason-unsolved = 没有解决我的问题
feedback-comment = 还有其他意见吗？（可选，请勿包含个人信息）
feedback-send = 发送

## Discovery: home page blocks, related articles, feeds
related-articles = 相关文章
recently-updated = 最近更新
promoted-articles = 精选文章
all-articles = 所有文章
