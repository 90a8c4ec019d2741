### ajuda default theme: UI strings, English (United States).
### Ids with "-" are passed to templates as ui.<id with "_">. A message that places a variable is
### formatted with its arguments by t(id=..., locale=..., name=value): a `..._html` argument is
### HTML placed as it is, the rest is escaped.

skip-to-content = Skip to main content
site-navigation = Site navigation
on-this-page = In this article
last-updated = Last updated { $date_html }
previous-article = Previous article
next-article = Next article
breadcrumb = Breadcrumb
language = Language
menu = Menu
home = Home
# The site title when the config gives none.
help-center = Help Center
copy-code = Copy
copied = Copied!

## Alert titles
alert-note = Note
alert-tip = Tip
alert-important = Important
alert-caution = Caution
alert-warning = Warning

## Not found page and redirects
not-found-title = Page not found
not-found-body = We couldn't find the page you were looking for. It may have been moved, renamed or deleted.
not-found-home = Go to the home page
redirect-notice = This page has moved to

faq = Frequently asked questions
long-description = Long description
# The name of a table's scroll container, for screen readers.
table = Table
generated-by = Built with { $generator }
in-this-section = In this section
untranslated-notice = This page has not been translated into your language yet. It is shown in:
machine-translation-notice = This page was translated by a machine and may contain errors.
original-page = Original page
stale-notice = This translation may be out of date. See the original page:
choose-language = Choose your language

# Landing pages: labels of DocFX link list types (linkListType).
linklist-architecture = Architecture
linklist-concept = Concept
linklist-deploy = Deploy
linklist-download = Download
linklist-get-started = Get started
linklist-how-to-guide = How-to guide
linklist-learn = Learn
linklist-overview = Overview
linklist-quickstart = Quickstart
linklist-reference = Reference
linklist-sample = Sample
linklist-tutorial = Tutorial
linklist-video = Video
linklist-whats-new = What's new
linklist-training = Training

## Search
search = Search
search-no-results = No results for
search-results = Search results
search-try-instead = Check the spelling or try other words. These articles help many readers:
search-needs-script = Search needs JavaScript, which is off in your browser.
search-filter-category = Category
search-filter-product = Product
search-filter-all = All
search-previous = Previous
search-next = Next
search-count = { $count ->
    [one] { $count } result
   *[other] { $count } results
}
search-see-all = See all results

## "Still need help?" panel at the end of articles
support-title = Still need help?
# The request flow's button when the config gives the flow no label.
support-request = Contact support
feedback-question = Was this helpful?
feedback-yes = Yes
feedback-no = No
feedback-thanks = Thank you for your feedback.
feedback-why = What went wrong?
feedback-reason-inaccurate = It is wrong or out of date
feedback-reason-unclear = It is hard to understand
feedback-reason-missing = Information is missing
feedback-reason-unsolved = It did not solve my problem
feedback-comment = Anything else? (optional, do not include personal data)
feedback-send = Send

## Discovery: home page blocks, related articles, feeds
related-articles = Related articles
recently-updated = Recently updated
promoted-articles = Featured articles
all-articles = All articles
