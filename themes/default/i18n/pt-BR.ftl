### ajuda default theme: UI strings, Português (Brasil).

skip-to-content = Ir para o conteúdo principal
site-navigation = Navegação do site
on-this-page = Neste artigo
last-updated = Última atualização em { $date_html }
previous-article = Artigo anterior
next-article = Próximo artigo
breadcrumb = Trilha de navegação
language = Idioma
menu = Menu
home = Início
# The site title when the config gives none.
help-center = Central de Ajuda
copy-code = Copiar
copied = Copiado!

## Alert titles
alert-note = Observação
alert-tip = Dica
alert-important = Importante
alert-caution = Cuidado
alert-warning = Aviso

## Not found page and redirects
not-found-title = Página não encontrada
not-found-body = Não encontramos a página que você está procurando. Ela pode ter sido movida, renomeada ou excluída.
not-found-home = Ir para a página inicial
redirect-notice = Esta página foi movida para

faq = Perguntas frequentes
long-description = Descrição detalhada
# The name of a table's scroll container, for screen readers.
table = Tabela
generated-by = Criado com { $generator }
in-this-section = Nesta seção
untranslated-notice = Esta página ainda não foi traduzida para o seu idioma. Ela é exibida em:
machine-translation-notice = Esta página foi traduzida automaticamente e pode conter erros.
original-page = Página original
stale-notice = Esta tradução pode estar desatualizada. Consulte a página original:
choose-language = Escolha seu idioma

# Landing pages: labels of DocFX link list types (linkListType).
linklist-architecture = Arquitetura
linklist-concept = Conceito
linklist-deploy = Implantar
linklist-download = Baixar
linklist-get-started = Introdução
linklist-how-to-guide = Guia de instruções
linklist-learn = Aprender
linklist-overview = Visão geral
linklist-quickstart = Início rápido
linklist-reference = Referência
linklist-sample = Exemplo
linklist-tutorial = Tutorial
linklist-video = Vídeo
linklist-whats-new = Novidades
linklist-training = Treinamento

## Search
search = Pesquisar
search-no-results = Nenhum resultado para
search-results = Resultados da pesquisa
search-try-instead = Verifique a ortografia ou tente outras palavras. Estes artigos ajudam muitos leitores:
search-needs-script = A pesquisa precisa de JavaScript, que está desativado no seu navegador.
search-filter-category = Categoria
search-filter-product = Produto
search-filter-all = Todos
search-previous = Anterior
search-next = Próxima
search-count = { $count ->
    [one] { $count } resultado
   *[other] { $count } resultados
}
search-see-all = Ver todos os resultados

## "Still need help?" panel at the end of articles
support-title = Ainda precisa de ajuda?
# The request flow's button when the config gives the flow no label.
support-request = Fale com o suporte
feedback-question = Isto foi útil?
feedback-yes = Sim
feedback-no = Não
feedback-thanks = Obrigado pelo seu feedback.
feedback-why = O que deu errado?
feedback-reason-inaccurate = Está errado ou desatualizado
feedback-reason-unclear = É difícil de entender
feedback-reason-missing = Faltam informações
feedback-reason-unsolved = Não resolveu meu problema
feedback-comment = Algo mais? (opcional, não inclua dados pessoais)
feedback-send = Enviar

## Discovery: home page blocks, related articles, feeds
related-articles = Artigos relacionados
recently-updated = Atualizados recentemente
promoted-articles = Artigos em destaque
all-articles = Todos os artigos
