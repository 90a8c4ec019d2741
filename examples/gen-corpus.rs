//! Synthetic corpus generator for benchmarks: a localized Microsoft-Docs/DocFX-style
//! knowledge base (front matter, alerts, anchors, cross-links, FAQ YAML, TOC.yml).
//!
//!     cargo run --release --example gen-corpus -- \
//!         --pages 10000 --locales en-US,pt-BR,zh-CN --out DIR [--seed 42] [--force]
//!
//! `--pages` is the TOTAL number of pages (articles + faq.yml + index.md) over all locales.
//! Every locale has the same file set (page identity = path); the structure of a page
//! (sections, links, anchors, code blocks) is the same in every locale, only the prose differs.
//! The output is a pure function of (pages, locales, seed): same bytes on every run and machine.
//!
//! Randomness: a tiny self-contained SplitMix64 generator, seeded per (seed, stream, page),
//! so the output does not depend on thread scheduling nor on any crate's version.
//! (The brief asked for `rand_chacha::ChaCha8Rng::seed_from_u64`; to switch, put `rand` and
//! `rand_chacha` under `[dev-dependencies]` and make `Rng::next_u64` call the ChaCha8Rng.)

use rayon::prelude::*;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

// ---------------------------------------------------------------------------------------------
// RNG

struct Rng(u64);

impl Rng {
    /// An independent stream for `(seed, parts...)`.
    fn new(seed: u64, parts: &[u64]) -> Rng {
        let mut s = seed ^ 0x6a09_e667_f3bc_c908;
        for &p in parts {
            s = mix(s ^ p.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        }
        Rng(s)
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }
    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    fn word(&mut self, xs: &[&'static str]) -> &'static str {
        xs[self.below(xs.len())]
    }
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

// Stream ids.
const S_STRUCT: u64 = 1;
const S_LINKS: u64 = 2;
const S_TEXT: u64 = 3;
const S_FAQ: u64 = 4;
const S_FAQ_TEXT: u64 = 5;
const S_INDEX: u64 = 6;

// ---------------------------------------------------------------------------------------------
// Vocabulary. `[en, pt, zh]` triples are translations of each other; `{}` is a slot.

#[derive(Clone, Copy, PartialEq)]
enum Lang {
    En = 0,
    Pt = 1,
    Zh = 2,
}

fn lang_of(code: &str) -> Lang {
    let c = code.to_ascii_lowercase();
    if c.starts_with("pt") {
        Lang::Pt
    } else if c.starts_with("zh") {
        Lang::Zh
    } else {
        Lang::En
    }
}

type T3 = [&'static str; 3];

const ACTIONS: &[T3] = &[
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

const OBJECTS: &[T3] = &[
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

const CONTEXTS: &[T3] = &[
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

const HEADINGS: &[T3] = &[
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
const NEXT_STEPS: T3 = ["Next steps", "Próximas etapas", "后续步骤"];

const AREAS: &[T3] = &[
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
struct Prose {
    subjects: &'static [&'static str],
    verbs: &'static [&'static str],
    objects: &'static [&'static str],
    /// en/pt: appended after the object (ends the sentence); zh: adverbial placed before the verb.
    tails: &'static [&'static str],
    standalone: &'static [&'static str],
    link_sentences: &'static [&'static str],
    code_intro: &'static [&'static str],
    steps: &'static [&'static str],
    image_alt: &'static str,
    table_head: &'static str,
    learn_how: &'static str,
    faq_q: &'static str,
    faq_title: &'static str,
    faq_summary: &'static str,
    faq_section: &'static str,
    home: &'static str,
    home_intro: &'static str,
    areas: &'static str,
}

const EN: Prose = Prose {
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

const PT: Prose = Prose {
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

const ZH: Prose = Prose {
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

fn prose(l: Lang) -> &'static Prose {
    match l {
        Lang::En => &EN,
        Lang::Pt => &PT,
        Lang::Zh => &ZH,
    }
}

const CODE_LANGS: &[&str] = &["powershell", "json", "bash", "csharp", "azurecli", "xml"];

fn code_template(lang: &str, variant: usize) -> &'static str {
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

const WORDS: &[&str] = &[
    "contoso",
    "fabrikam",
    "northwind",
    "tailspin",
    "adatum",
    "litware",
    "wingtip",
    "proseware",
];
const USERS: &[&str] = &[
    "kschmidt", "mlopes", "wzhang", "apatel", "jdoe", "rsilva", "lchen", "tnguyen", "afonseca",
    "yli",
];
const TOPICS: &[&str] = &[
    "conceptual",
    "how-to",
    "troubleshooting",
    "reference",
    "quickstart",
    "tutorial",
];
const SERVICES: &[&str] = &[
    "cost-management-billing",
    "azure-support",
    "azure-portal",
    "virtual-machines",
    "storage",
];

// ---------------------------------------------------------------------------------------------
// Corpus layout

struct Layout {
    seed: u64,
    /// folder index of each article
    folder_of: Vec<usize>,
    /// first article of each folder, plus a final sentinel
    folder_start: Vec<usize>,
}

impl Layout {
    fn folders(&self) -> usize {
        self.folder_start.len() - 1
    }
    fn articles_in(&self, f: usize) -> std::ops::Range<usize> {
        self.folder_start[f]..self.folder_start[f + 1]
    }
    fn rel_path(&self, a: usize) -> String {
        format!("area-{:03}/topic-{:04}.md", self.folder_of[a] + 1, a + 1)
    }
    /// Link from article/faq in folder `from` to article `to`.
    fn href(&self, from_folder: usize, to: usize) -> String {
        if self.folder_of[to] == from_folder {
            format!("topic-{:04}.md", to + 1)
        } else {
            format!("../{}", self.rel_path(to))
        }
    }
    fn sections_of(&self, a: usize) -> usize {
        Rng::new(self.seed, &[S_STRUCT, a as u64]).range(4, 6)
    }
    fn title(&self, a: usize, l: Lang) -> String {
        let mut r = Rng::new(self.seed, &[S_STRUCT, a as u64]);
        r.next_u64(); // sections_of
        let act = r.pick(ACTIONS)[l as usize];
        let obj = r.pick(OBJECTS)[l as usize];
        let ctx = r.pick(CONTEXTS)[l as usize];
        let t = act.replace("{}", obj);
        ctx.replace("{}", &t)
    }
    fn area_name(&self, f: usize, l: Lang) -> String {
        format!("{} {}", AREAS[f % AREAS.len()][l as usize], f + 1)
    }
}

/// "Manage billing accounts" -> "manage billing accounts" (titles start with a verb).
fn lcfirst(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn ucfirst(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// YAML double-quoted scalar.
fn yq(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for ch in s.chars() {
        match ch {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            _ => o.push(ch),
        }
    }
    o.push('"');
    o
}

fn sentence(r: &mut Rng, l: Lang) -> String {
    let p = prose(l);
    if r.chance(0.18) {
        return r.pick(p.standalone).to_string();
    }
    let si = r.below(p.subjects.len());
    let v = *r.pick(p.verbs);
    let o = *r.pick(p.objects);
    let ti = r.below(p.tails.len());
    // Subject 10 is the Azure portal and tail 3 is "in the Azure portal" in every language.
    let (s, t) = (
        p.subjects[si],
        p.tails[if si == 10 && ti == 3 { 0 } else { ti }],
    );
    match l {
        Lang::Zh => format!("{s}{t}{v}{o}。"),
        _ => format!("{s} {v} {o}{t}"),
    }
}

fn paragraph(r: &mut Rng, l: Lang, n: usize) -> String {
    let sep = if l == Lang::Zh { "" } else { " " };
    (0..n).map(|_| sentence(r, l)).collect::<Vec<_>>().join(sep)
}

fn link_sentence(r: &mut Rng, l: Lang, title: &str, href: &str) -> String {
    r.pick(prose(l).link_sentences)
        .replace("{t}", title)
        .replace("{h}", href)
}

fn hex(r: &mut Rng, n: usize) -> String {
    let mut s = String::with_capacity(n);
    while s.len() < n {
        write!(s, "{:016x}", r.next_u64()).unwrap();
    }
    s.truncate(n);
    s
}

fn guid(r: &mut Rng) -> String {
    let h = hex(r, 32);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

fn date(r: &mut Rng) -> (usize, usize, usize) {
    (r.range(1, 12), r.range(1, 28), r.range(2021, 2024))
}

fn code_block(r: &mut Rng) -> String {
    let lang = *r.pick(CODE_LANGS);
    let (m, d, y) = date(r);
    let t = code_template(lang, r.below(2));
    let body = t
        .replace("@SUB@", &format!("{} Production", ucfirst(r.word(WORDS))))
        .replace(
            "@RG@",
            &format!("rg-{}-{:02}", r.pick(WORDS), r.range(1, 40)),
        )
        .replace(
            "@NAME@",
            &format!("{}-budget-{}", r.pick(WORDS), r.range(1, 999)),
        )
        .replace("@AMOUNT@", &format!("{}", r.range(100, 50_000)))
        .replace("@QTY@", &format!("{}", r.range(1, 720)))
        .replace("@USER@", r.word(USERS))
        .replace("@GUID@", &guid(r))
        .replace("@DATE@", &format!("{y}-{m:02}-{d:02}"))
        .replace("@DATE2@", &format!("{}-{m:02}-{d:02}", y + 1));
    format!("```{lang}\n{body}```\n")
}

// ---------------------------------------------------------------------------------------------
// Page writers

struct Locale {
    code: String,
    dir: String,
    lang: Lang,
    idx: u64,
}

fn front_matter(out: &mut String, r: &mut Rng, lay: &Layout, a: usize, loc: &Locale, title: &str) {
    let mut s = Rng::new(lay.seed, &[S_STRUCT, a as u64, 99]);
    let (m, d, y) = date(&mut s);
    let topic = *s.pick(TOPICS);
    let user = *s.pick(USERS);
    let service = SERVICES[lay.folder_of[a] % SERVICES.len()];
    let p = prose(loc.lang);
    let desc = p.learn_how.replace(
        "{t}",
        &if loc.lang == Lang::Zh {
            title.to_string()
        } else {
            lcfirst(title)
        },
    );
    let tt = if r.chance(0.7) { "HT" } else { "MT" };
    let _ = writeln!(out, "---");
    let _ = writeln!(out, "title: {}", yq(title));
    let _ = writeln!(out, "description: {}", yq(&desc));
    let _ = writeln!(out, "ms.date: {m}/{d}/{y}");
    let _ = writeln!(out, "ms.topic: {topic}");
    let _ = writeln!(out, "author: {user}-msft");
    let _ = writeln!(out, "ms.author: {user}");
    let _ = writeln!(out, "ms.service: {service}");
    let _ = writeln!(out, "ms.contentlocale: {}", loc.code);
    let _ = writeln!(out, "ms.translationtype: {tt}");
    let _ = writeln!(out, "ms.openlocfilehash: {}", hex(r, 40));
    let _ = writeln!(
        out,
        "ms.locfileid: \"{}\"",
        r.range(100_000_000, 199_999_999)
    );
    let _ = writeln!(out, "---\n");
}

fn article(lay: &Layout, a: usize, loc: &Locale) -> String {
    let l = loc.lang;
    let p = prose(l);
    let folder = lay.folder_of[a];
    let nsec = lay.sections_of(a);
    let title = lay.title(a, l);
    // Structure: same in every locale.
    let mut s = Rng::new(lay.seed, &[S_STRUCT, a as u64, 1]);
    let mut heads: Vec<usize> = (0..HEADINGS.len()).collect();
    for i in 0..nsec - 1 {
        let j = i + s.below(heads.len() - i);
        heads.swap(i, j);
    }
    let body_target = s.range(2700, 3400);
    let alert_sec = s.below(nsec - 1);
    let alert_tip = s.chance(0.5);
    let image_sec = s.below(nsec - 1);
    let image_k = s.range(1, 5);
    let steps_sec = if s.chance(0.5) {
        Some(s.below(nsec - 1))
    } else {
        None
    };
    let table_sec = if s.chance(0.3) {
        Some(s.below(nsec - 1))
    } else {
        None
    };
    let ncode = s.range(1, 2);
    let code_secs: Vec<usize> = (0..ncode).map(|_| s.below(nsec - 1)).collect();
    let code_seed = s.next_u64();
    let self_anchor = if s.chance(0.3) {
        Some(s.range(1, nsec))
    } else {
        None
    };

    // Links: 3-8 distinct targets, half in the same folder when possible.
    let mut lr = Rng::new(lay.seed, &[S_LINKS, a as u64]);
    let nlinks = lr.range(3, 8);
    let mut targets: Vec<(usize, Option<usize>)> = Vec::new();
    let same = lay.articles_in(folder);
    let mut guard = 0;
    while targets.len() < nlinks && guard < 100 {
        guard += 1;
        let t = if same.len() > 1 && lr.chance(0.5) {
            same.start + lr.below(same.len())
        } else {
            lr.below(lay.folder_of.len())
        };
        if t == a || targets.iter().any(|&(x, _)| x == t) {
            continue;
        }
        let anchor = if lr.chance(0.4) {
            Some(lr.range(1, lay.sections_of(t)))
        } else {
            None
        };
        targets.push((t, anchor));
    }
    let ninline = targets.len() / 2;

    // Prose: per locale.
    let mut r = Rng::new(lay.seed, &[S_TEXT, a as u64, loc.idx]);
    let mut out = String::with_capacity(5000);
    front_matter(&mut out, &mut r, lay, a, loc, &title);
    let _ = writeln!(out, "# {title}\n");
    let n = r.range(2, 3);
    let _ = writeln!(out, "{}\n", paragraph(&mut r, l, n));
    let start = out.len();
    let mut cr = Rng::new(code_seed, &[]);
    let mut next_link = 0;
    for sec in 0..nsec - 1 {
        let h = HEADINGS[heads[sec]][l as usize];
        let _ = writeln!(out, "## <a name=\"section-{}\"></a>{h}\n", sec + 1);
        let n = r.range(2, 4);
        let mut para = paragraph(&mut r, l, n);
        if next_link < ninline {
            let (t, anc) = targets[next_link];
            next_link += 1;
            let href =
                lay.href(folder, t) + &anc.map(|k| format!("#section-{k}")).unwrap_or_default();
            para.push_str(if l == Lang::Zh { "" } else { " " });
            para.push_str(&link_sentence(&mut r, l, &lay.title(t, l), &href));
        }
        let _ = writeln!(out, "{para}\n");
        if sec == alert_sec {
            let _ = writeln!(
                out,
                "> [!{}]\n> {}\n",
                if alert_tip { "TIP" } else { "NOTE" },
                paragraph(&mut r, l, 2)
            );
        }
        if steps_sec == Some(sec) {
            let obj = OBJECTS[(a * 7 + sec) % OBJECTS.len()][l as usize];
            for (i, st) in p.steps.iter().enumerate() {
                let _ = writeln!(out, "{}. {}", i + 1, st.replace("{o}", &ucfirst(obj)));
            }
            out.push('\n');
        }
        if sec == image_sec {
            let alt = p
                .image_alt
                .replace("{k}", &image_k.to_string())
                .replace("{t}", &title);
            let _ = writeln!(out, "![{alt}](../../media/diagram-{image_k}.png)\n");
        }
        if table_sec == Some(sec) {
            let _ = writeln!(out, "{}\n| --- | --- | --- |", p.table_head);
            for i in 0..3 {
                let obj = OBJECTS[(a + i * 5) % OBJECTS.len()][l as usize];
                let _ = writeln!(
                    out,
                    "| {} | `{}` | {} |",
                    ucfirst(obj),
                    cr.range(1, 100),
                    sentence(&mut r, l)
                );
            }
            out.push('\n');
        }
        for _ in code_secs.iter().filter(|&&c| c == sec) {
            let _ = writeln!(out, "{}\n\n{}", r.pick(p.code_intro), code_block(&mut cr));
        }
        if let Some(k) = self_anchor.filter(|_| sec == 0) {
            let h = if k == nsec {
                NEXT_STEPS
            } else {
                HEADINGS[heads[k - 1]]
            }[l as usize];
            let _ = match l {
                Lang::En => writeln!(out, "See also [{h}](#section-{k}).\n"),
                Lang::Pt => writeln!(out, "Confira também [{h}](#section-{k}).\n"),
                Lang::Zh => writeln!(out, "另请参阅[{h}](#section-{k})。\n"),
            };
        }
        // Pad this section with prose up to its share of the byte budget.
        let goal = start + body_target * (sec + 1) / (nsec - 1);
        while out.len() < goal {
            let n = r.range(2, 4);
            let _ = writeln!(out, "{}\n", paragraph(&mut r, l, n));
        }
    }
    let _ = writeln!(
        out,
        "## <a name=\"section-{nsec}\"></a>{}\n",
        NEXT_STEPS[l as usize]
    );
    for &(t, anc) in &targets[next_link..] {
        let href = lay.href(folder, t) + &anc.map(|k| format!("#section-{k}")).unwrap_or_default();
        let _ = writeln!(out, "- [{}]({href})", lay.title(t, l));
    }
    out
}

fn faq(lay: &Layout, f: usize, loc: &Locale) -> String {
    let l = loc.lang;
    let p = prose(l);
    let area = lay.area_name(f, l);
    let mut s = Rng::new(lay.seed, &[S_FAQ, f as u64]);
    let (m, d, y) = date(&mut s);
    let arts: Vec<usize> = lay.articles_in(f).collect();
    let mut r = Rng::new(lay.seed, &[S_FAQ_TEXT, f as u64, loc.idx]);
    let title = p.faq_title.replace("{a}", &area);
    let mut o = String::with_capacity(3000);
    let _ = writeln!(o, "### YamlMime:FAQ");
    let _ = writeln!(o, "metadata:");
    let _ = writeln!(o, "  title: {}", yq(&title));
    let _ = writeln!(o, "  ms.date: {m}/{d}/{y}");
    let _ = writeln!(o, "  ms.contentlocale: {}", loc.code);
    let _ = writeln!(o, "title: {}", yq(&title));
    let _ = writeln!(
        o,
        "summary: |\n  {} {}",
        p.faq_summary.replace("{a}", &area),
        sentence(&mut r, l)
    );
    let _ = writeln!(o, "sections:");
    let _ = writeln!(o, "  - name: {}", yq(p.faq_section));
    let _ = writeln!(o, "    questions:");
    for q in 0..4 {
        let t = arts[(q * 5 + s.below(5)) % arts.len()];
        let tt = lay.title(t, l);
        let qt = p.faq_q.replace(
            "{t}",
            &if l == Lang::Zh {
                tt.clone()
            } else {
                lcfirst(&tt)
            },
        );
        let _ = writeln!(o, "      - question: {}", yq(&qt));
        let _ = writeln!(o, "        answer: |");
        let _ = writeln!(o, "          {}", paragraph(&mut r, l, 2));
        let _ = writeln!(
            o,
            "          {}",
            link_sentence(&mut r, l, &tt, &lay.href(f, t))
        );
    }
    o
}

fn toc(lay: &Layout, loc: &Locale) -> String {
    let l = loc.lang;
    let mut o = String::new();
    let home = match l {
        Lang::En => "Overview",
        Lang::Pt => "Visão geral",
        Lang::Zh => "概述",
    };
    let _ = writeln!(o, "- name: {}\n  href: index.md", yq(home));
    for f in 0..lay.folders() {
        let _ = writeln!(o, "- name: {}\n  items:", yq(&lay.area_name(f, l)));
        for a in lay.articles_in(f) {
            let _ = writeln!(
                o,
                "  - name: {}\n    href: {}",
                yq(&lay.title(a, l)),
                lay.rel_path(a)
            );
        }
        let faq = match l {
            Lang::En => "FAQ",
            Lang::Pt => "Perguntas frequentes",
            Lang::Zh => "常见问题",
        };
        let _ = writeln!(
            o,
            "  - name: {}\n    href: area-{:03}/faq.yml",
            yq(faq),
            f + 1
        );
    }
    o
}

fn index(lay: &Layout, loc: &Locale) -> String {
    let l = loc.lang;
    let p = prose(l);
    let mut r = Rng::new(lay.seed, &[S_INDEX, loc.idx]);
    let mut o = String::new();
    let _ = writeln!(
        o,
        "---\ntitle: {}\ndescription: {}\nms.date: 1/15/2024\nms.topic: landing-page",
        yq(p.home),
        yq(p.home_intro)
    );
    let _ = writeln!(o, "ms.contentlocale: {}\n---\n", loc.code);
    let _ = writeln!(
        o,
        "# {}\n\n{} {}\n\n## {}\n",
        p.home,
        p.home_intro,
        sentence(&mut r, l),
        p.areas
    );
    for f in 0..lay.folders() {
        let a = lay.folder_start[f];
        let _ = writeln!(
            o,
            "- [{}]({}): {}",
            lay.area_name(f, l),
            lay.rel_path(a),
            lay.title(a, l)
        );
    }
    o
}

const PNG_1X1: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

fn locale_name(code: &str) -> String {
    match code.to_ascii_lowercase().as_str() {
        "en-us" => "English (United States)",
        "en-gb" => "English (United Kingdom)",
        "pt-br" => "Português (Brasil)",
        "pt-pt" => "Português (Portugal)",
        "zh-cn" => "中文 (简体)",
        "zh-tw" => "中文 (繁體)",
        "es-es" => "Español (España)",
        "fr-fr" => "Français (France)",
        "de-de" => "Deutsch (Deutschland)",
        "ja-jp" => "日本語 (日本)",
        _ => return code.to_string(),
    }
    .to_string()
}

// ---------------------------------------------------------------------------------------------

fn die(msg: &str) -> ! {
    eprintln!("gen-corpus: {msg}");
    eprintln!(
        "usage: gen-corpus --pages N --locales en-US,pt-BR,zh-CN --out DIR [--seed 42] [--force]"
    );
    std::process::exit(2);
}

fn write(path: &Path, data: &[u8]) -> u64 {
    std::fs::write(path, data)
        .unwrap_or_else(|e| die(&format!("cannot write {}: {e}", path.display())));
    data.len() as u64
}

fn main() {
    let t0 = Instant::now();
    let (mut pages, mut locales, mut out, mut seed, mut force) =
        (0usize, String::from("en-US"), None, 42u64, false);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = |name: &str| {
            args.next()
                .unwrap_or_else(|| die(&format!("{name} needs a value")))
        };
        match a.as_str() {
            "--pages" => {
                pages = val("--pages")
                    .parse()
                    .unwrap_or_else(|_| die("--pages: not a number"))
            }
            "--locales" => locales = val("--locales"),
            "--out" => out = Some(PathBuf::from(val("--out"))),
            "--seed" => {
                seed = val("--seed")
                    .parse()
                    .unwrap_or_else(|_| die("--seed: not a number"))
            }
            "--force" => force = true,
            "-h" | "--help" => die("help"),
            _ => die(&format!("unknown argument {a}")),
        }
    }
    let out = out.unwrap_or_else(|| die("--out is required"));
    let locs: Vec<Locale> = locales
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .enumerate()
        .map(|(i, c)| Locale {
            code: c.to_string(),
            dir: c.to_ascii_lowercase(),
            lang: lang_of(c),
            idx: i as u64,
        })
        .collect();
    if locs.is_empty() {
        die("--locales is empty");
    }
    let per_locale = pages / locs.len();
    if per_locale < 3 {
        die("--pages must be at least 3 per locale");
    }
    // Per locale: 1 index.md + F faq.yml + A articles, ~20 articles per folder.
    let rest = per_locale - 1;
    let nfolders = rest.div_ceil(21);
    let narticles = rest - nfolders;
    let folder_start: Vec<usize> = (0..=nfolders).map(|f| narticles * f / nfolders).collect();
    let mut folder_of = vec![0; narticles];
    for f in 0..nfolders {
        for slot in &mut folder_of[folder_start[f]..folder_start[f + 1]] {
            *slot = f;
        }
    }
    let lay = Layout {
        seed,
        folder_of,
        folder_start,
    };

    // Write only into an empty or new directory, or over our own earlier output (then
    // `content/` is replaced); `--force` allows any directory (`content/` is still replaced).
    let stamp = out.join(".gen-corpus");
    let content = out.join("content");
    let non_empty = std::fs::read_dir(&out).is_ok_and(|mut d| d.next().is_some());
    if non_empty && !stamp.exists() && !force {
        die(&format!(
            "{} is not empty and was not made by gen-corpus (use --force, which replaces its content/)",
            out.display()
        ));
    }
    if content.exists() {
        std::fs::remove_dir_all(&content)
            .unwrap_or_else(|e| die(&format!("cannot remove {}: {e}", content.display())));
    }
    let _ = std::fs::remove_file(&stamp);
    std::fs::create_dir_all(&out)
        .unwrap_or_else(|e| die(&format!("cannot create {}: {e}", out.display())));

    let mut bytes = 0u64;
    let mut toml = String::new();
    let _ = writeln!(toml, "title = \"Bench Help Center\"\nbase_url = \"https://bench.example.com\"\ndefault_locale = \"{}\"", locs[0].code);
    for loc in &locs {
        let _ = writeln!(
            toml,
            "\n[[locales]]\ncode = \"{}\"\nname = \"{}\"\ndir = \"content/{}\"\nprefix = \"{}\"",
            loc.code,
            locale_name(&loc.code),
            loc.dir,
            loc.dir
        );
    }
    bytes += write(&out.join("ajuda.toml"), toml.as_bytes());

    for loc in &locs {
        let root = content.join(&loc.dir);
        let docs = root.join("docs");
        let media = root.join("media");
        std::fs::create_dir_all(&media).unwrap();
        for f in 0..nfolders {
            std::fs::create_dir_all(docs.join(format!("area-{:03}", f + 1))).unwrap();
        }
        for k in 1..=5 {
            bytes += write(&media.join(format!("diagram-{k}.png")), PNG_1X1);
        }
        bytes += write(&docs.join("TOC.yml"), toc(&lay, loc).as_bytes());
        bytes += write(&docs.join("index.md"), index(&lay, loc).as_bytes());
        bytes += (0..nfolders)
            .into_par_iter()
            .map(|f| {
                write(
                    &docs.join(format!("area-{:03}/faq.yml", f + 1)),
                    faq(&lay, f, loc).as_bytes(),
                )
            })
            .sum::<u64>();
        bytes += (0..narticles)
            .into_par_iter()
            .map(|a| {
                write(
                    &docs.join(lay.rel_path(a)),
                    article(&lay, a, loc).as_bytes(),
                )
            })
            .sum::<u64>();
    }
    let total_pages = per_locale * locs.len();
    let secs = t0.elapsed().as_secs_f64();
    write(
        &stamp,
        format!(
            "requested={pages} locales={} seed={seed} pages={total_pages} bytes={bytes}\n",
            locs.iter()
                .map(|l| l.code.as_str())
                .collect::<Vec<_>>()
                .join(",")
        )
        .as_bytes(),
    );
    println!(
        "gen-corpus: {total_pages} pages ({} locales x ({narticles} articles + {nfolders} faq + 1 index)), {:.1} MB, {secs:.2} s -> {}",
        locs.len(),
        bytes as f64 / 1e6,
        out.display()
    );
}
