using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CatalogForge.Demo;

/// <summary>
/// Writes index.html: a self-contained gallery (inline CSS, no scripts) of the downloaded products,
/// images referenced relatively from images/. Every string from the server or the inputs is HTML-encoded.
/// </summary>
internal static class GalleryWriter
{
    public static string Render(IReadOnlyList<TrackedJob> jobs, IReadOnlyList<DownloadedProduct> products, DateTimeOffset generatedAt)
    {
        var html = new StringBuilder();
        html.Append("""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>CatalogForge demo gallery</title>
            <style>
            """).Append(Css).Append("""
            </style>
            </head>
            <body>
            <header class="top">
              <div>
                <h1>CatalogForge demo gallery</h1>
            """);
        html.Append(CultureInfo.InvariantCulture,
            $"    <p class=\"muted\">Generated {E(generatedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))} · {products.Count} products</p>\n");
        html.Append("  </div>\n  <div class=\"stats\">\n");
        foreach (var job in jobs)
        {
            var view = job.Latest;
            html.Append(CultureInfo.InvariantCulture,
                $"    <div class=\"stat\"><span class=\"stat-label\">{E(job.Label)}</span><span class=\"stat-value\">{view?.Counts.Succeeded ?? 0}/{view?.Counts.Total ?? job.Inputs.Count}</span><span class=\"stat-note {StatusClass(view?.Status)}\">{E(view?.Status ?? "not submitted")}</span></div>\n");
        }

        var cost = jobs.Sum(j => j.Latest?.CostUsd ?? 0);
        var tokens = jobs.Sum(j => (j.Latest?.InputTokens ?? 0) + (j.Latest?.OutputTokens ?? 0));
        html.Append(CultureInfo.InvariantCulture,
            $"    <div class=\"stat\"><span class=\"stat-label\">emulated cost</span><span class=\"stat-value\">${cost:0.0000}</span><span class=\"stat-note\">{tokens:#,0} tokens</span></div>\n");
        html.Append("  </div>\n</header>\n<main>\n");

        foreach (var job in jobs)
        {
            var mine = products.Where(p => p.Job == job).ToList();
            html.Append(CultureInfo.InvariantCulture,
                $"<section id=\"{E(job.Label)}\">\n<h2>{E(SectionTitle(job))} <span class=\"count\">{mine.Count}</span></h2>\n");
            AppendErrors(html, job);
            if (mine.Count == 0)
            {
                html.Append("<p class=\"muted\">No products.</p>\n");
            }
            else
            {
                html.Append("<div class=\"grid\">\n");
                foreach (var product in mine)
                {
                    AppendCard(html, product);
                }

                html.Append("</div>\n");
            }

            html.Append("</section>\n");
        }

        html.Append("""
            </main>
            <footer class="muted">Made by the CatalogForge demo client against the local AI emulator: texts and images are synthetic.</footer>
            </body>
            </html>

            """);
        return html.ToString();
    }

    private static string SectionTitle(TrackedJob job) => job.Kind switch
    {
        "generate" => "Generated from briefs",
        "enrich" => "Enriched catalog rows",
        _ => job.Label,
    };

    private static void AppendErrors(StringBuilder html, TrackedJob job)
    {
        var errors = job.Latest?.Errors;
        if (errors is not { Count: > 0 })
        {
            return;
        }

        html.Append("<ul class=\"errors\">\n");
        foreach (var error in errors)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"  <li><strong>{E(error.ErrorClass ?? "Error")}</strong> × {error.Count}: {E(error.SampleMessage ?? "")}</li>\n");
        }

        html.Append("</ul>\n");
    }

    private static void AppendCard(StringBuilder html, DownloadedProduct product)
    {
        var view = product.View;
        var content = view.Content;
        var input = product.View.ItemIndex >= 0 && product.View.ItemIndex < product.Job.Inputs.Count
            ? product.Job.Inputs[product.View.ItemIndex] as JsonObject
            : null;
        var generated = product.Job.Kind == "generate";

        var title = First(view.Title, Str(content, "title"), InputStr(input, "name"), InputStr(input, "workingTitle"), view.ProductId);
        var subtitle = generated ? Str(content, "subtitle") : null;
        var summary = First(view.Summary, Str(content, "description"));
        var kindLabel = generated
            ? First(InputStr(input, "productType"), "product")
            : string.Join(" › ", Strs(content, "categoryPath")) is { Length: > 0 } path ? path : First(InputStr(input, "category"), "catalog item");
        var bullets = (generated ? Strs(content, "features") : Strs(content, "tags")).Take(3).ToList();
        var price = generated ? PriceHint(content) : ListPrice(input);

        html.Append(CultureInfo.InvariantCulture, $"<article class=\"card{(view.Degraded ? " is-degraded" : "")}\" data-product-id=\"{E(view.ProductId)}\">\n");
        if (product.ImagePath is not null)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"  <img class=\"media\" src=\"{E(product.ImagePath)}\" alt=\"{E(title)}\" loading=\"lazy\">\n");
        }
        else
        {
            html.Append(CultureInfo.InvariantCulture,
                $"  <div class=\"media placeholder\" aria-hidden=\"true\">{E(Initials(title))}</div>\n");
        }

        html.Append("  <div class=\"body\">\n    <div class=\"badges\">");
        html.Append(CultureInfo.InvariantCulture, $"<span class=\"badge kind\">{E(kindLabel)}</span>");
        if (view.Degraded)
        {
            html.Append("<span class=\"badge degraded\" title=\"Content came from a fallback prompt after a content-policy refusal\">degraded</span>");
        }

        html.Append("</div>\n");
        html.Append(CultureInfo.InvariantCulture, $"    <h3>{E(title)}</h3>\n");
        if (!string.IsNullOrWhiteSpace(subtitle))
        {
            html.Append(CultureInfo.InvariantCulture, $"    <p class=\"subtitle\">{E(subtitle)}</p>\n");
        }

        if (!string.IsNullOrWhiteSpace(summary) && summary != subtitle)
        {
            html.Append(CultureInfo.InvariantCulture, $"    <p class=\"summary\">{E(summary)}</p>\n");
        }

        if (bullets.Count > 0)
        {
            if (generated)
            {
                html.Append("    <ul class=\"features\">");
                foreach (var bullet in bullets)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<li>{E(bullet)}</li>");
                }

                html.Append("</ul>\n");
            }
            else
            {
                html.Append("    <div class=\"tags\">");
                foreach (var bullet in bullets)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<span class=\"tag\">#{E(bullet)}</span>");
                }

                html.Append("</div>\n");
            }
        }

        AppendDetails(html, view, generated);
        html.Append("    <div class=\"meta\">");
        if (price is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<span class=\"price\">{E(price)}</span>");
        }

        var servedBy = ServedBy(view);
        if (servedBy.Length > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<span class=\"served\" title=\"deployments that served this product\">{E(servedBy)}</span>");
        }

        html.Append("</div>\n  </div>\n</article>\n");
    }

    private static void AppendDetails(StringBuilder html, ProductView view, bool generated)
    {
        var content = view.Content;
        html.Append("    <details>\n      <summary>Details</summary>\n");
        if (Str(content, "description") is { Length: > 0 } description)
        {
            html.Append(CultureInfo.InvariantCulture, $"      <p>{E(description)}</p>\n");
        }

        if (generated)
        {
            var outline = Items(content, "outline")
                .Select(s => (Heading: Str(s, "heading"), Summary: Str(s, "summary")))
                .Where(s => !string.IsNullOrWhiteSpace(s.Heading))
                .ToList();
            if (outline.Count > 0)
            {
                html.Append("      <h4>Outline</h4>\n      <ol>");
                foreach (var (heading, summary) in outline)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<li><strong>{E(heading!)}</strong>{(string.IsNullOrWhiteSpace(summary) ? "" : " — " + E(summary))}</li>");
                }

                html.Append("</ol>\n");
            }

            AppendWordList(html, "SEO keywords", Strs(content, "seoKeywords"));
        }
        else
        {
            var attributes = Items(content, "attributes")
                .Select(a => (Name: Str(a, "name"), Value: Str(a, "value")))
                .Where(a => !string.IsNullOrWhiteSpace(a.Name))
                .ToList();
            if (attributes.Count > 0)
            {
                html.Append("      <h4>Attributes</h4>\n      <dl>");
                foreach (var (name, value) in attributes)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<dt>{E(name!)}</dt><dd>{E(value ?? "")}</dd>");
                }

                html.Append("</dl>\n");
            }

            AppendWordList(html, "Tags", Strs(content, "tags"));
        }

        var embedding = view.EmbeddingDimensions > 0
            ? $"{view.EmbeddingDimensions}-d embedding{(view.EmbeddingModel is { Length: > 0 } model ? " (" + model + ")" : "")}"
            : "no embedding";
        html.Append(CultureInfo.InvariantCulture, $"      <p class=\"muted small\">{E(embedding)} · id {E(view.ProductId)}</p>\n");
        html.Append("    </details>\n");
    }

    private static void AppendWordList(StringBuilder html, string heading, IReadOnlyList<string> words)
    {
        if (words.Count > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"      <h4>{E(heading)}</h4>\n      <p class=\"small\">{E(string.Join(", ", words))}</p>\n");
        }
    }

    private static string ServedBy(ProductView view)
    {
        if (view.ServedBy is not { Count: > 0 } servedBy)
        {
            return "";
        }

        // Task → deployment, chat first ("chat: gpt-4o-mini · image: …").
        return string.Join(" · ", servedBy
            .OrderBy(p => p.Key == "chat" ? 0 : 1)
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}: {(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.ToString())}"));
    }

    private static string? PriceHint(JsonElement content)
    {
        if (content.ValueKind != JsonValueKind.Object
            || !content.TryGetProperty("priceHint", out var hint) || hint.ValueKind != JsonValueKind.Object
            || !hint.TryGetProperty("amount", out var amount) || !amount.TryGetDecimal(out var value))
        {
            return null;
        }

        var currency = Str(hint, "currency") ?? "";
        return Money(value, currency);
    }

    private static string? ListPrice(JsonObject? input)
    {
        if (input?["price"] is JsonValue price && price.TryGetValue<decimal>(out var value))
        {
            return "list " + value.ToString("0.00", CultureInfo.InvariantCulture);
        }

        return null;
    }

    private static string Money(decimal value, string currency)
    {
        var amount = value.ToString("0.00", CultureInfo.InvariantCulture);
        return currency.ToUpperInvariant() switch
        {
            "USD" => "$" + amount,
            "EUR" => "€" + amount,
            "GBP" => "£" + amount,
            "" => amount,
            var other => amount + " " + other,
        };
    }

    private static string StatusClass(string? status) => status switch
    {
        "Completed" => "ok",
        "CompletedWithErrors" => "warn",
        "Failed" or "Cancelled" => "bad",
        _ => "",
    };

    private static string Initials(string title) =>
        string.Concat(title.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => char.IsLetterOrDigit(w[0]))
            .Take(2)
            .Select(w => char.ToUpperInvariant(w[0])));

    private static string First(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) ?? "";

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static IReadOnlyList<string> Strs(JsonElement element, string name) =>
        Items(element, name).Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).Where(s => s.Length > 0).ToList();

    private static IEnumerable<JsonElement> Items(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : [];

    private static string? InputStr(JsonObject? input, string name) =>
        input?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Css = """
        :root {
          --bg: #f6f5f2; --card: #ffffff; --text: #1d1f23; --muted: #6b7079; --line: #e4e2dc;
          --accent: #4f46e5; --accent-soft: #eef0ff; --warn: #b45309; --warn-soft: #fff4e0;
          --bad: #b91c1c; --ok: #15803d; --shadow: 0 1px 2px rgba(0,0,0,.05), 0 6px 20px rgba(0,0,0,.06);
        }
        @media (prefers-color-scheme: dark) {
          :root {
            --bg: #121316; --card: #1b1d22; --text: #e8e9ec; --muted: #9aa0aa; --line: #2b2e35;
            --accent: #a5b4fc; --accent-soft: #262a45; --warn: #fbbf24; --warn-soft: #3a2c10;
            --bad: #f87171; --ok: #4ade80; --shadow: none;
          }
        }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--bg); color: var(--text);
          font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        .top { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-end; justify-content: space-between;
          padding: 2rem clamp(1rem, 4vw, 3rem) 1.5rem; border-bottom: 1px solid var(--line); }
        h1 { margin: 0; font-size: clamp(1.5rem, 3vw, 2.1rem); letter-spacing: -.02em; }
        h2 { font-size: 1.2rem; margin: 2rem 0 1rem; display: flex; align-items: center; gap: .5rem; }
        h3 { margin: .35rem 0 .15rem; font-size: 1.05rem; line-height: 1.3; }
        h4 { margin: .8rem 0 .25rem; font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
        .muted { color: var(--muted); margin: .25rem 0 0; }
        .small { font-size: .85rem; }
        .count { font-size: .8rem; font-weight: 600; background: var(--accent-soft); color: var(--accent);
          border-radius: 999px; padding: .05rem .55rem; }
        .stats { display: flex; flex-wrap: wrap; gap: .75rem; }
        .stat { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: .6rem .9rem;
          min-width: 8.5rem; display: flex; flex-direction: column; }
        .stat-label { font-size: .75rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
        .stat-value { font-size: 1.35rem; font-weight: 650; }
        .stat-note { font-size: .8rem; color: var(--muted); }
        .stat-note.ok { color: var(--ok); } .stat-note.warn { color: var(--warn); } .stat-note.bad { color: var(--bad); }
        main { padding: 0 clamp(1rem, 4vw, 3rem) 2rem; }
        .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 1.25rem; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 14px; overflow: hidden;
          box-shadow: var(--shadow); display: flex; flex-direction: column; }
        .card.is-degraded { border-color: var(--warn); }
        .media { width: 100%; aspect-ratio: 4 / 3; object-fit: cover; display: block; background: var(--accent-soft); }
        .placeholder { display: grid; place-items: center; font-size: 2.5rem; font-weight: 700; color: var(--accent);
          background: linear-gradient(135deg, var(--accent-soft), var(--bg)); }
        .body { padding: .9rem 1rem 1rem; display: flex; flex-direction: column; flex: 1; }
        .badges { display: flex; flex-wrap: wrap; gap: .35rem; }
        .badge { font-size: .72rem; font-weight: 600; border-radius: 999px; padding: .1rem .55rem;
          background: var(--accent-soft); color: var(--accent); }
        .badge.degraded { background: var(--warn-soft); color: var(--warn); text-transform: uppercase; letter-spacing: .04em; }
        .subtitle { margin: 0 0 .35rem; color: var(--muted); font-style: italic; }
        .summary { margin: .2rem 0 .5rem; font-size: .92rem; display: -webkit-box; -webkit-line-clamp: 3;
          -webkit-box-orient: vertical; overflow: hidden; }
        .features { margin: .2rem 0 .5rem; padding-left: 1.1rem; font-size: .88rem; }
        .features li::marker { color: var(--accent); }
        .tags { display: flex; flex-wrap: wrap; gap: .35rem; margin: .2rem 0 .6rem; }
        .tag { font-size: .78rem; color: var(--muted); border: 1px solid var(--line); border-radius: 6px; padding: .05rem .4rem; }
        details { font-size: .88rem; margin: .2rem 0 .6rem; }
        details summary { cursor: pointer; color: var(--accent); font-weight: 600; }
        details ol { padding-left: 1.2rem; margin: .2rem 0; }
        dl { display: grid; grid-template-columns: auto 1fr; gap: .1rem .75rem; margin: .2rem 0; }
        dt { color: var(--muted); } dd { margin: 0; }
        .meta { margin-top: auto; padding-top: .6rem; border-top: 1px dashed var(--line); display: flex; flex-wrap: wrap;
          gap: .5rem; align-items: baseline; justify-content: space-between; }
        .price { font-weight: 700; font-size: 1.05rem; }
        .served { font-size: .75rem; color: var(--muted); font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
        .errors { background: var(--warn-soft); color: var(--warn); border-radius: 10px; padding: .6rem 1rem .6rem 2rem; }
        footer { padding: 1rem clamp(1rem, 4vw, 3rem) 2rem; font-size: .85rem; }
        """;
}
