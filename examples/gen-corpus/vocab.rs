//! Vocabulary of the corpus generator: `[en, pt, zh]` title and heading triples (translations
//! of each other; `{}` is a slot), sentence parts per language, code templates, names.

#[derive(Clone, Copy, PartialEq)]
pub enum Lang {
    En = 0,
    Pt = 1,
    Zh = 2,
}

pub fn lang_of(code: &str) -> Lang {
    let c = code.to_ascii_lowercase();
    if c.starts_with("pt") {
        Lang::Pt
    } else if c.starts_with("zh") {
        Lang::Zh
    } else {
        Lang::En
    }
}

pub type T3 = [&'static str; 3];

pub const ACTIONS: &[T3] = &[
    ["Manage {}", "Gerenciar {}", "管理{}"],
    ["View {}", "Exibir {}", "查看{}"],
    ["Update {}", "Atualizar {}", "更新{}"],
    [
        "Troubleshoot {}",
        "Solucionar problemas de {}",
        "排查{}问题",
    ],
    ["Understand {}", "Entender {}", "了解{}"],
    ["Configure {}", "Configurar {}", "配置{}"],
    ["Export {}", "Exportar {}", "导出{}"],
    ["Review {}", "Revisar {}", "审阅{}"],
    ["Transfer {}", "Transferir {}", "转移{}"],
    ["Secure {}", "Proteger {}", "保护{}"],
    ["Monitor {}", "Monitorar {}", "监视{}"],
    ["Cancel {}", "Cancelar {}", "取消{}"],
    ["Get started with {}", "Começar a usar {}", "开始使用{}"],
    ["Automate {}", "Automatizar {}", "自动管理{}"],
    [
        "Request access to {}",
        "Solicitar acesso a {}",
        "请求访问{}",
    ],
    ["Organize {}", "Organizar {}", "组织{}"],
];

pub const OBJECTS: &[T3] = &[
    ["billing accounts", "contas de cobrança", "计费帐户"],
    ["invoices", "faturas", "发票"],
    ["payment methods", "formas de pagamento", "付款方式"],
    ["subscriptions", "assinaturas", "订阅"],
    ["support requests", "solicitações de suporte", "支持请求"],
    ["cost alerts", "alertas de custo", "成本警报"],
    ["budgets", "orçamentos", "预算"],
    ["reservations", "reservas", "预留"],
    ["savings plans", "planos de economia", "节省计划"],
    ["spending limits", "limites de gastos", "支出限制"],
    ["tax information", "informações fiscais", "税务信息"],
    ["role assignments", "atribuições de função", "角色分配"],
    ["usage data", "dados de uso", "使用情况数据"],
    ["Azure credits", "créditos do Azure", "Azure 额度"],
    ["resource groups", "grupos de recursos", "资源组"],
    ["virtual machines", "máquinas virtuais", "虚拟机"],
    ["storage accounts", "contas de armazenamento", "存储帐户"],
    ["support plans", "planos de suporte", "支持计划"],
    ["purchase orders", "ordens de compra", "采购订单"],
    ["billing profiles", "perfis de cobrança", "计费配置文件"],
    ["cost exports", "exportações de custo", "成本导出"],
    ["service quotas", "cotas de serviço", "服务配额"],
    [
        "Marketplace purchases",
        "compras do Marketplace",
        "市场购买",
    ],
    ["enterprise enrollments", "registros Enterprise", "企业注册"],
    ["refunds", "reembolsos", "退款"],
];

pub const CONTEXTS: &[T3] = &[
    ["{}", "{}", "{}"],
    ["{}", "{}", "{}"],
    [
        "{} in the Azure portal",
        "{} no portal do Azure",
        "在 Azure 门户中{}",
    ],
    [
        "{} with PowerShell",
        "{} com o PowerShell",
        "使用 PowerShell {}",
    ],
    [
        "{} with the Azure CLI",
        "{} com a CLI do Azure",
        "使用 Azure CLI {}",
    ],
    [
        "{} by using the REST API",
        "{} usando a API REST",
        "使用 REST API {}",
    ],
    [
        "{} for Enterprise Agreement customers",
        "{} para clientes do Contrato Enterprise",
        "为企业协议客户{}",
    ],
    ["{} for partners", "{} para parceiros", "为合作伙伴{}"],
    [
        "{} for a new organization",
        "{} para uma nova organização",
        "为新组织{}",
    ],
];

pub const HEADINGS: &[T3] = &[
    ["Prerequisites", "Pré-requisitos", "先决条件"],
    ["Overview", "Visão geral", "概述"],
    ["Before you begin", "Antes de começar", "开始之前"],
    [
        "Sign in to the Azure portal",
        "Entrar no portal do Azure",
        "登录到 Azure 门户",
    ],
    ["View your invoice", "Exibir sua fatura", "查看发票"],
    [
        "Download usage details",
        "Baixar detalhes de uso",
        "下载使用情况详细信息",
    ],
    [
        "Change the payment method",
        "Alterar a forma de pagamento",
        "更改付款方式",
    ],
    ["Assign permissions", "Atribuir permissões", "分配权限"],
    [
        "Create a support request",
        "Criar uma solicitação de suporte",
        "创建支持请求",
    ],
    [
        "Check the status of a request",
        "Verificar o status de uma solicitação",
        "检查请求状态",
    ],
    [
        "Set up cost alerts",
        "Configurar alertas de custo",
        "设置成本警报",
    ],
    ["Understand the charges", "Entender os encargos", "了解费用"],
    ["Limitations", "Limitações", "限制"],
    ["Known issues", "Problemas conhecidos", "已知问题"],
    ["Troubleshooting", "Solução de problemas", "故障排除"],
    ["Clean up resources", "Limpar recursos", "清理资源"],
    [
        "Automate with scripts",
        "Automatizar com scripts",
        "使用脚本自动执行",
    ],
    ["Billing frequency", "Frequência de cobrança", "计费频率"],
];
pub const NEXT_STEPS: T3 = ["Next steps", "Próximas etapas", "后续步骤"];

pub const AREAS: &[T3] = &[
    ["Billing", "Cobrança", "计费"],
    ["Cost Management", "Gerenciamento de Custos", "成本管理"],
    ["Support", "Suporte", "支持"],
    ["Subscriptions", "Assinaturas", "订阅"],
    ["Reservations", "Reservas", "预留"],
    ["Invoices", "Faturas", "发票"],
    ["Payments", "Pagamentos", "付款"],
    ["Identity and access", "Identidade e acesso", "标识和访问"],
    ["Virtual machines", "Máquinas virtuais", "虚拟机"],
    ["Storage", "Armazenamento", "存储"],
    ["Networking", "Rede", "网络"],
    ["Marketplace", "Marketplace", "市场"],
];

// Sentence parts, per language: subject + verb + object + tail.
pub struct Prose {
    pub subjects: &'static [&'static str],
    pub verbs: &'static [&'static str],
    pub objects: &'static [&'static str],
    /// en/pt: appended after the object (ends the sentence); zh: adverbial placed before the verb.
    pub tails: &'static [&'static str],
    pub standalone: &'static [&'static str],
    pub link_sentences: &'static [&'static str],
    pub code_intro: &'static [&'static str],
    pub steps: &'static [&'static str],
    pub image_alt: &'static str,
    pub table_head: &'static str,
    pub learn_how: &'static str,
    pub faq_q: &'static str,
    pub faq_title: &'static str,
    pub faq_summary: &'static str,
    pub faq_section: &'static str,
    pub home: &'static str,
    pub home_intro: &'static str,
    pub areas: &'static str,
}

pub const EN: Prose = Prose {
    subjects: &[
        "The billing account", "Your subscription", "The support plan", "A billing administrator",
        "The Cost Management dashboard", "Each resource group", "The invoice", "The reservation",
        "Your organization", "The account owner", "The Azure portal", "A support engineer",
        "The usage report", "The budget", "The payment method on file",
    ],
    verbs: &[
        "shows", "includes", "calculates", "updates", "controls", "summarizes", "determines",
        "lists", "tracks", "affects",
    ],
    objects: &[
        "the charges for the current billing period", "all resources in the tenant",
        "the status of each support request", "the tax applied to your invoice",
        "the credits that remain on the account", "the daily usage of every service",
        "the exchange rate used for the payment", "the permissions of other users",
        "the estimated cost of the reservation", "the quota for each region",
    ],
    tails: &[
        ".", ".", " every 24 hours.", " in the Azure portal.", " at no additional cost.",
        " after the invoice is generated.", " for each billing profile.",
        " when the subscription is active.", " unless you change the default settings.",
    ],
    standalone: &[
        "If you need more help, create a support request.",
        "Prices can vary by region and currency.",
        "It can take up to 48 hours for changes to appear.",
        "Only users with the Owner role can perform this action.",
        "Select **Save** to apply the changes.",
        "Use the filters at the top of the page to narrow the results.",
        "For details, contact your account administrator.",
        "You can run the `az billing account list` command to see the same information.",
        "Charges that are ~~estimated~~ final appear on the next invoice.",
    ],
    link_sentences: &[
        "For more information, see [{t}]({h}).",
        "To learn how, see [{t}]({h}).",
        "Before you continue, review [{t}]({h}).",
        "If the problem persists, see [{t}]({h}).",
    ],
    code_intro: &[
        "The following example shows how to do this:",
        "Run the following commands:",
        "Use the following sample as a starting point:",
    ],
    steps: &[
        "Sign in to the [Azure portal](https://portal.azure.com).",
        "Search for **Cost Management + Billing**.",
        "Select **{o}** in the left menu.",
        "Select the item that you want to change, and then select **Edit**.",
        "Review the settings, and then select **Save**.",
    ],
    image_alt: "Diagram {k}: {t}",
    table_head: "| Setting | Value | Description |",
    learn_how: "Learn how to {t}.",
    faq_q: "How do I {t}?",
    faq_title: "Frequently asked questions about {a}",
    faq_summary: "This article answers common questions about {a}.",
    faq_section: "General questions",
    home: "Bench Help Center documentation",
    home_intro: "Find articles, tutorials and answers to frequently asked questions about billing, costs and support.",
    areas: "Areas",
};

pub const PT: Prose = Prose {
    subjects: &[
        "A conta de cobrança", "Sua assinatura", "O plano de suporte", "Um administrador de cobrança",
        "O painel do Gerenciamento de Custos", "Cada grupo de recursos", "A fatura", "A reserva",
        "Sua organização", "O proprietário da conta", "O portal do Azure", "Um engenheiro de suporte",
        "O relatório de uso", "O orçamento", "A forma de pagamento registrada",
    ],
    verbs: &[
        "mostra", "inclui", "calcula", "atualiza", "controla", "resume", "determina", "lista",
        "acompanha", "afeta",
    ],
    objects: &[
        "os encargos do período de cobrança atual", "todos os recursos do locatário",
        "o status de cada solicitação de suporte", "o imposto aplicado à sua fatura",
        "os créditos restantes na conta", "o uso diário de cada serviço",
        "a taxa de câmbio usada no pagamento", "as permissões de outros usuários",
        "o custo estimado da reserva", "a cota de cada região",
    ],
    tails: &[
        ".", ".", " a cada 24 horas.", " no portal do Azure.", " sem custo adicional.",
        " depois que a fatura é gerada.", " para cada perfil de cobrança.",
        " quando a assinatura está ativa.", " a menos que você altere as configurações padrão.",
    ],
    standalone: &[
        "Se precisar de mais ajuda, crie uma solicitação de suporte.",
        "Os preços podem variar de acordo com a região e a moeda.",
        "Pode levar até 48 horas para que as alterações apareçam.",
        "Somente usuários com a função de Proprietário podem executar esta ação.",
        "Selecione **Salvar** para aplicar as alterações.",
        "Use os filtros na parte superior da página para refinar os resultados.",
        "Para obter detalhes, entre em contato com o administrador da conta.",
        "Você pode executar o comando `az billing account list` para ver as mesmas informações.",
        "Os encargos ~~estimados~~ finais aparecem na próxima fatura.",
    ],
    link_sentences: &[
        "Para obter mais informações, confira [{t}]({h}).",
        "Para saber como, confira [{t}]({h}).",
        "Antes de continuar, examine [{t}]({h}).",
        "Se o problema persistir, confira [{t}]({h}).",
    ],
    code_intro: &[
        "O exemplo a seguir mostra como fazer isso:",
        "Execute os seguintes comandos:",
        "Use o exemplo a seguir como ponto de partida:",
    ],
    steps: &[
        "Entre no [portal do Azure](https://portal.azure.com).",
        "Pesquise **Gerenciamento de Custos + Cobrança**.",
        "Selecione **{o}** no menu à esquerda.",
        "Selecione o item que deseja alterar e selecione **Editar**.",
        "Examine as configurações e selecione **Salvar**.",
    ],
    image_alt: "Diagrama {k}: {t}",
    table_head: "| Configuração | Valor | Descrição |",
    learn_how: "Saiba como {t}.",
    faq_q: "Como {t}?",
    faq_title: "Perguntas frequentes sobre {a}",
    faq_summary: "Este artigo responde a perguntas comuns sobre {a}.",
    faq_section: "Perguntas gerais",
    home: "Documentação da Central de Ajuda",
    home_intro: "Encontre artigos, tutoriais e respostas para perguntas frequentes sobre cobrança, custos e suporte.",
    areas: "Áreas",
};

pub const ZH: Prose = Prose {
    subjects: &[
        "计费帐户",
        "您的订阅",
        "支持计划",
        "计费管理员",
        "成本管理仪表板",
        "每个资源组",
        "发票",
        "预留实例",
        "您的组织",
        "帐户所有者",
        "Azure 门户",
        "支持工程师",
        "使用情况报告",
        "预算",
        "已登记的付款方式",
    ],
    verbs: &[
        "显示", "包含", "计算", "更新", "控制", "汇总", "决定", "列出", "跟踪", "影响",
    ],
    objects: &[
        "当前计费周期的费用",
        "租户中的所有资源",
        "每个支持请求的状态",
        "发票上适用的税费",
        "帐户中剩余的额度",
        "每项服务的每日使用量",
        "付款所用的汇率",
        "其他用户的权限",
        "预留的估计成本",
        "每个区域的配额",
    ],
    tails: &[
        "",
        "",
        "每隔二十四小时",
        "在 Azure 门户中",
        "在默认情况下",
        "在每个计费周期结束时",
        "在生成发票之后",
        "针对每个计费配置文件",
        "在订阅处于活动状态时",
    ],
    standalone: &[
        "如果需要更多帮助，请创建支持请求。",
        "价格可能因区域和货币而异。",
        "更改最多可能需要 48 小时才会显示。",
        "只有具有所有者角色的用户才能执行此操作。",
        "选择“**保存**”以应用更改。",
        "使用页面顶部的筛选器缩小结果范围。",
        "有关详细信息，请联系帐户管理员。",
        "也可以运行 `az billing account list` 命令查看相同的信息。",
        "~~估计~~最终费用会显示在下一张发票上。",
    ],
    link_sentences: &[
        "有关详细信息，请参阅[{t}]({h})。",
        "若要了解操作方法，请参阅[{t}]({h})。",
        "继续操作之前，请查看[{t}]({h})。",
        "如果问题仍然存在，请参阅[{t}]({h})。",
    ],
    code_intro: &[
        "以下示例演示如何执行此操作：",
        "运行以下命令：",
        "可以将以下示例作为起点：",
    ],
    steps: &[
        "登录到 [Azure 门户](https://portal.azure.com)。",
        "搜索“**成本管理 + 计费**”。",
        "在左侧菜单中选择“**{o}**”。",
        "选择要更改的项，然后选择“**编辑**”。",
        "查看设置，然后选择“**保存**”。",
    ],
    image_alt: "示意图 {k}：{t}",
    table_head: "| 设置 | 值 | 说明 |",
    learn_how: "了解如何{t}。",
    faq_q: "如何{t}？",
    faq_title: "关于{a}的常见问题",
    faq_summary: "本文解答有关{a}的常见问题。",
    faq_section: "一般问题",
    home: "帮助中心文档",
    home_intro: "查找有关计费、成本和支持的文章、教程以及常见问题解答。",
    areas: "领域",
};

pub fn prose(l: Lang) -> &'static Prose {
    match l {
        Lang::En => &EN,
        Lang::Pt => &PT,
        Lang::Zh => &ZH,
    }
}

pub const CODE_LANGS: &[&str] = &["powershell", "json", "bash", "csharp", "azurecli", "xml"];

pub fn code_template(lang: &str, variant: usize) -> &'static str {
    match (lang, variant % 2) {
        ("powershell", 0) => "Connect-AzAccount\nGet-AzSubscription -SubscriptionName \"@SUB@\" | Set-AzContext\nGet-AzConsumptionUsageDetail -StartDate @DATE@ -EndDate @DATE2@ |\n    Where-Object { $_.InstanceName -like \"@RG@*\" } |\n    Select-Object InstanceName, PretaxCost, Currency\n",
        ("powershell", _) => "$budget = Get-AzConsumptionBudget -Name \"@NAME@\"\nif ($budget.Amount -lt @AMOUNT@) {\n    Set-AzConsumptionBudget -Name \"@NAME@\" -Amount @AMOUNT@ -ContactEmail @USER@@contoso.com\n}\nNew-AzSupportTicket -Name \"@NAME@\" -Title \"Quota increase for @RG@\" -Severity Minimal\n",
        ("json", 0) => "{\n  \"properties\": {\n    \"category\": \"Cost\",\n    \"amount\": @AMOUNT@,\n    \"timeGrain\": \"Monthly\",\n    \"timePeriod\": { \"startDate\": \"@DATE@T00:00:00Z\" },\n    \"notifications\": {\n      \"actual_GreaterThan_80_Percent\": {\n        \"enabled\": true,\n        \"operator\": \"GreaterThan\",\n        \"threshold\": 80,\n        \"contactEmails\": [ \"@USER@@contoso.com\" ]\n      }\n    }\n  }\n}\n",
        ("json", _) => "{\n  \"id\": \"/subscriptions/@GUID@/resourceGroups/@RG@\",\n  \"name\": \"@NAME@\",\n  \"tags\": { \"costCenter\": \"@QTY@\", \"owner\": \"@USER@\" },\n  \"billingPeriod\": \"@DATE@\",\n  \"pretaxCost\": @AMOUNT@\n}\n",
        ("bash", 0) => "#!/usr/bin/env bash\nset -euo pipefail\nRG=\"@RG@\"\ncurl -sS -H \"Authorization: Bearer $TOKEN\" \\\n  \"https://management.azure.com/subscriptions/$SUB/resourceGroups/$RG/providers/Microsoft.Consumption/usageDetails?api-version=2023-05-01\" \\\n  | jq '.value[] | {name: .name, cost: .properties.costInBillingCurrency}'\n",
        ("bash", _) => "for month in 01 02 03; do\n  az costmanagement export run --name \"@NAME@-$month\" --scope \"subscriptions/@GUID@\"\ndone\nls -l exports/ | grep -c \"@RG@\"\n",
        ("csharp", 0) => "using Azure.Identity;\nusing Azure.ResourceManager;\n\nvar client = new ArmClient(new DefaultAzureCredential());\nvar subscription = await client.GetDefaultSubscriptionAsync();\nawait foreach (var group in subscription.GetResourceGroups())\n{\n    if (group.Data.Name.StartsWith(\"@RG@\"))\n        Console.WriteLine($\"{group.Data.Name}: {group.Data.Location}\");\n}\n",
        ("csharp", _) => "public sealed class BudgetChecker\n{\n    private const decimal Limit = @AMOUNT@m;\n\n    public bool IsOverBudget(IEnumerable<decimal> charges) =>\n        charges.Sum() > Limit; // @NAME@\n}\n",
        ("azurecli", 0) => "az login\naz account set --subscription \"@SUB@\"\naz consumption budget create --budget-name \"@NAME@\" --amount @AMOUNT@ \\\n    --category cost --time-grain monthly --start-date @DATE@ --end-date @DATE2@\naz support tickets list --filter \"Status eq 'Open'\" --output table\n",
        ("azurecli", _) => "az group create --name @RG@ --location westeurope\naz billing invoice list --period-start-date @DATE@ --period-end-date @DATE2@ --output table\n",
        ("xml", 0) => "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<BillingExport xmlns=\"urn:contoso:billing:v1\">\n  <Subscription id=\"@GUID@\">\n    <ResourceGroup name=\"@RG@\" currency=\"USD\">\n      <Charge meter=\"Standard_D2s_v5\" quantity=\"@QTY@\" cost=\"@AMOUNT@\" />\n    </ResourceGroup>\n  </Subscription>\n</BillingExport>\n",
        (_, _) => "<configuration>\n  <appSettings>\n    <add key=\"BudgetName\" value=\"@NAME@\" />\n    <add key=\"AlertEmail\" value=\"@USER@@contoso.com\" />\n  </appSettings>\n</configuration>\n",
    }
}

pub const WORDS: &[&str] = &[
    "contoso",
    "fabrikam",
    "northwind",
    "tailspin",
    "adatum",
    "litware",
    "wingtip",
    "proseware",
];
pub const USERS: &[&str] = &[
    "kschmidt", "mlopes", "wzhang", "apatel", "jdoe", "rsilva", "lchen", "tnguyen", "afonseca",
    "yli",
];
pub const TOPICS: &[&str] = &[
    "conceptual",
    "how-to",
    "troubleshooting",
    "reference",
    "quickstart",
    "tutorial",
];
pub const SERVICES: &[&str] = &[
    "cost-management-billing",
    "azure-support",
    "azure-portal",
    "virtual-machines",
    "storage",
];
