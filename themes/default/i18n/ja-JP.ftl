### ajuda default theme: UI strings, 日本語.

skip-to-content = メイン コンテンツにスキップ
site-navigation = サイト ナビゲーション
on-this-page = この記事の内容
last-updated = 最終更新日: { $date_html }
previous-article = 前の記事
next-article = 次の記事
breadcrumb = 階層リンク
language = 言語
menu = メニュー
home = ホーム
# The site title when the config gives none.
help-center = ヘルプ センター
copy-code = コピー
copied = コピーしました

## Alert titles
alert-note = 注意
alert-tip = ヒント
alert-important = 重要
alert-caution = 注意事項
alert-warning = 警告

## Not found page and redirects
not-found-title = ページが見つかりません
not-found-body = お探しのページが見つかりませんでした。移動、名前の変更、または削除された可能性があります。
not-found-home = ホーム ページに移動
redirect-notice = このページは次の場所に移動しました:

faq = よく寄せられる質問
long-description = 詳細な説明
# The name of a table's scroll container, for screen readers.
table = 表
generated-by = { $generator } で生成
in-this-section = このセクションの内容
untranslated-notice = このページはまだお使いの言語に翻訳されていません。次の言語で表示しています:
machine-translation-notice = このページは機械翻訳されたもので、誤りが含まれている可能性があります。
original-page = 元のページ
stale-notice = この翻訳は最新でない可能性があります。元のページを参照してください:
choose-language = 言語を選択してください

# Landing pages: labels of DocFX link list types (linkListType).
linklist-architecture = アーキテクチャ
linklist-concept = 概念
linklist-deploy = デプロイ
linklist-download = ダウンロード
linklist-get-started = はじめに
linklist-how-to-guide = 操作ガイド
linklist-learn = 学習
linklist-overview = 概要
linklist-quickstart = クイックスタート
linklist-reference = リファレンス
linklist-sample = サンプル
linklist-tutorial = チュートリアル
linklist-video = 動画
linklist-whats-new = 新機能
linklist-training = トレーニング

## Search
search = 検索
search-no-results = 結果がありません:
search-results = 検索結果
search-try-instead = スペルを確認するか、別の語句をお試しください。多くの読者に役立っている記事:
search-needs-script = 検索には JavaScript が必要ですが、お使いのブラウザーで無効になっています。
search-filter-category = カテゴリ
search-filter-product = 製品
search-filter-all = すべて
search-previous = 前へ
search-next = 次へ
search-count = { $count ->
   *[other] { $count } 件の結果
}
search-see-all = すべての結果を表示

## "Still need help?" panel at the end of articles
support-title = さらにサポートが必要ですか?
# The request flow's button when the config gives the flow no label.
support-request = サポートに問い合わせる
feedback-question = この情報は役に立ちましたか?
feedback-yes = はい
feedback-no = いいえ
feedback-thanks = フィードバックをお寄せいただきありがとうございます。
feedback-why = どのような問題がありましたか?
feedback-reason-inaccurate = 内容が間違っているか古い
feedback-reason-unclear = わかりにくい
feedback-reason-missing = 情報が不足している
feedback-reason-unsolved = 問題が解決しなかった
feedback-comment = その他のご意見 (任意、個人情報は含めないでください)
feedback-send = 送信

## Discovery: home page blocks, related articles, feeds
related-articles = 関連記事
recently-updated = 最近の更新
promoted-articles = おすすめの記事
all-articles = すべての記事
