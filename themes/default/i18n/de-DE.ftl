### ajuda default theme: UI strings, Deutsch (Deutschland).

skip-to-content = Zum Hauptinhalt springen
site-navigation = Websitenavigation
on-this-page = In diesem Artikel
last-updated = Zuletzt aktualisiert am { $date_html }
previous-article = Vorheriger Artikel
next-article = Nächster Artikel
breadcrumb = Navigationspfad
language = Sprache
menu = Menü
home = Startseite
# The site title when the config gives none.
help-center = Hilfe-Center
copy-code = Kopieren
copied = Kopiert!

## Alert titles
alert-note = Hinweis
alert-tip = Tipp
alert-important = Wichtig
alert-caution = Vorsicht
alert-warning = Warnung

## Not found page and redirects
not-found-title = Seite nicht gefunden
not-found-body = Die gesuchte Seite wurde nicht gefunden. Möglicherweise wurde sie verschoben, umbenannt oder gelöscht.
not-found-home = Zur Startseite
redirect-notice = Diese Seite wurde verschoben nach
faq = Häufig gestellte Fragen
long-description = Ausführliche Beschreibung
# The name of a table's scroll container, for screen readers.
table = Tabelle
generated-by = Erstellt mit { $generator }
in-this-section = In diesem Abschnitt
untranslated-notice = Diese Seite wurde noch nicht in Ihre Sprache übersetzt. Sie wird angezeigt auf:
machine-translation-notice = Diese Seite wurde maschinell übersetzt und kann Fehler enthalten.
original-page = Originalseite
stale-notice = Diese Übersetzung ist möglicherweise veraltet. Siehe die Originalseite:
choose-language = Wählen Sie Ihre Sprache

# Landing pages: labels of DocFX link list types (linkListType).
linklist-architecture = Architektur
linklist-concept = Konzept
linklist-deploy = Bereitstellen
linklist-download = Herunterladen
linklist-get-started = Erste Schritte
linklist-how-to-guide = Anleitung
linklist-learn = Lernen
linklist-overview = Übersicht
linklist-quickstart = Schnellstart
linklist-reference = Referenz
linklist-sample = Beispiel
linklist-tutorial = Tutorial
linklist-video = Video
linklist-whats-new = Neuigkeiten
linklist-training = Schulung

## Search
search = Suchen
search-no-results = Keine Ergebnisse für
search-results = Suchergebnisse
search-try-instead = Prüfen Sie die Schreibweise oder versuchen Sie andere Wörter. Diese Artikel helfen vielen Lesern:
search-needs-script = Die Suche benötigt JavaScript, das in Ihrem Browser deaktiviert ist.
search-filter-category = Kategorie
search-filter-product = Produkt
search-filter-all = Alle
search-previous = Zurück
search-next = Weiter
search-count = { $count ->
    [one] { $count } Ergebnis
   *[other] { $count } Ergebnisse
}
search-see-all = Alle Ergebnisse anzeigen

## "Still need help?" panel at the end of articles
support-title = Benötigen Sie weitere Hilfe?
# The request flow's button when the config gives the flow no label.
support-request = Support kontaktieren
feedback-question = War das hilfreich?
feedback-yes = Ja
feedback-no = Nein
feedback-thanks = Vielen Dank für Ihr Feedback.
feedback-why = Was war das Problem?
feedback-reason-inaccurate = Es ist falsch oder veraltet
feedback-reason-unclear = Es ist schwer verständlich
feedback-reason-missing = Es fehlen Informationen
feedback-reason-unsolved = Es hat mein Problem nicht gelöst
feedback-comment = Sonst noch etwas? (optional, keine personenbezogenen Daten)
feedback-send = Senden

## Discovery: home page blocks, related articles, feeds
related-articles = Verwandte Artikel
recently-updated = Kürzlich aktualisiert
promoted-articles = Empfohlene Artikel
all-articles = Alle Artikel
