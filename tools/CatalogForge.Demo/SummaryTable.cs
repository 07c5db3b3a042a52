using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CatalogForge.Demo;

/// <summary>One product as downloaded: its view, the job it came from and the saved image (relative path).</summary>
internal sealed record DownloadedProduct(ProductView View, TrackedJob Job, string? ImagePath);

/// <summary>The plain-text summary printed on stdout: one row per job, a total row, then the emulator's totals.</summary>
internal static class SummaryTable
{
    private static readonly string[] Headers =
        ["job", "status", "items", "ok", "failed", "products", "images", "embeddings", "input tok", "output tok", "cost USD", "wall"];

    public static string Render(IReadOnlyList<TrackedJob> jobs, IReadOnlyList<DownloadedProduct> products, TimeSpan totalWall, JsonElement? emulatorCounters)
    {
        var rows = new List<string[]>();
        foreach (var job in jobs)
        {
            var mine = products.Where(p => p.Job == job).ToList();
            var view = job.Latest;
            rows.Add(Row(
                job.Label,
                view?.Status ?? "not submitted",
                view?.Counts.Total ?? job.Inputs.Count,
                view?.Counts.Succeeded ?? 0,
                view?.Counts.Failed ?? 0,
                mine,
                view?.InputTokens ?? 0,
                view?.OutputTokens ?? 0,
                view?.CostUsd ?? 0,
                job.WallTime));
        }

        rows.Add(Row(
            "total",
            "",
            jobs.Sum(j => j.Latest?.Counts.Total ?? j.Inputs.Count),
            jobs.Sum(j => j.Latest?.Counts.Succeeded ?? 0),
            jobs.Sum(j => j.Latest?.Counts.Failed ?? 0),
            products,
            jobs.Sum(j => j.Latest?.InputTokens ?? 0),
            jobs.Sum(j => j.Latest?.OutputTokens ?? 0),
            jobs.Sum(j => j.Latest?.CostUsd ?? 0),
            totalWall));

        var text = new StringBuilder();
        AppendTable(text, Headers, rows);
        if (emulatorCounters is { } counters)
        {
            text.AppendLine();
            text.AppendLine("AI emulator counters (/admin/counters):");
            var lines = EmulatorTotals(counters);
            if (lines.Count == 0)
            {
                text.AppendLine("  (no numeric counters)");
            }

            foreach (var line in lines)
            {
                text.Append("  ").AppendLine(line);
            }
        }

        return text.ToString();
    }

    private static string[] Row(string label, string status, int items, int ok, int failed, IReadOnlyList<DownloadedProduct> products,
        long inputTokens, long outputTokens, decimal cost, TimeSpan wall) =>
    [
        label,
        status,
        Number(items),
        Number(ok),
        Number(failed),
        Number(products.Count),
        Number(products.Count(p => p.ImagePath is not null)),
        Number(products.Count(p => p.View.EmbeddingDimensions > 0)),
        Number(inputTokens),
        Number(outputTokens),
        cost.ToString("0.0000", CultureInfo.InvariantCulture),
        string.Create(CultureInfo.InvariantCulture, $"{(int)wall.TotalMinutes:00}:{wall.Seconds:00}.{wall.Milliseconds / 100}"),
    ];

    private static string Number(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    private static void AppendTable(StringBuilder text, string[] headers, List<string[]> rows)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        void AppendRow(string[] cells)
        {
            for (var i = 0; i < cells.Length; i++)
            {
                if (i > 0)
                {
                    text.Append("  ");
                }

                // Text columns left-aligned, numbers right-aligned.
                text.Append(i < 2 ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i]));
            }

            text.AppendLine();
        }

        AppendRow(headers);
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        for (var r = 0; r < rows.Count; r++)
        {
            if (r == rows.Count - 1)
            {
                text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
            }

            AppendRow(rows[r]);
        }
    }

    /// <summary>
    /// The counters' shape is the emulator's business, so read it defensively: a top-level number is
    /// printed as it is; an object of objects (a breakdown, e.g. per deployment) prints one line per
    /// part with its non-zero numbers; any other object or array prints its "total" when it has one,
    /// else the sum of its numeric leaves, followed by up to five of its largest parts.
    /// </summary>
    internal static List<string> EmulatorTotals(JsonElement counters)
    {
        var lines = new List<string>();
        if (counters.ValueKind != JsonValueKind.Object)
        {
            if (Sum(counters) is { } total)
            {
                lines.Add($"total: {Format(total)}");
            }

            return lines;
        }

        var width = counters.EnumerateObject().Select(p => p.Name.Length).DefaultIfEmpty(0).Max();
        foreach (var property in counters.EnumerateObject())
        {
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Number)
            {
                lines.Add($"{property.Name.PadRight(width)}  {Format(value.GetDecimal())}");
                continue;
            }

            if (value.ValueKind == JsonValueKind.Object && value.EnumerateObject().Any()
                && value.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.Object))
            {
                // A breakdown (e.g. per deployment): one line per part with its non-zero numbers.
                lines.Add($"{property.Name}:");
                foreach (var part in value.EnumerateObject())
                {
                    var numbers = part.Value.EnumerateObject()
                        .Where(p => p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDecimal(out var n) && n != 0)
                        .Select(p => $"{p.Name} {Format(p.Value.GetDecimal())}")
                        .ToList();
                    lines.Add($"  {part.Name}: {(numbers.Count > 0 ? string.Join(", ", numbers) : "0")}");
                }

                continue;
            }

            if (value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array) || Sum(value) is not { } sum)
            {
                continue;
            }

            var total = value.ValueKind == JsonValueKind.Object
                        && value.TryGetProperty("total", out var t) && t.ValueKind == JsonValueKind.Number
                ? t.GetDecimal()
                : sum;
            var parts = value.ValueKind == JsonValueKind.Object
                ? value.EnumerateObject()
                    .Where(p => p.Name != "total")
                    .Select(p => (p.Name, Sum: Sum(p.Value)))
                    .Where(p => p.Sum is > 0)
                    .OrderByDescending(p => p.Sum)
                    .Take(5)
                    .Select(p => $"{p.Name} {Format(p.Sum!.Value)}")
                    .ToList()
                : [];
            lines.Add($"{property.Name.PadRight(width)}  {Format(total)}{(parts.Count > 0 ? "  (" + string.Join(", ", parts) + ")" : "")}");
        }

        return lines;
    }

    private static decimal? Sum(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                return element.TryGetDecimal(out var number) ? number : null;
            case JsonValueKind.Object:
            case JsonValueKind.Array:
                decimal? total = null;
                var children = element.ValueKind == JsonValueKind.Object
                    ? element.EnumerateObject().Select(p => p.Value)
                    : element.EnumerateArray();
                foreach (var child in children)
                {
                    if (Sum(child) is { } value)
                    {
                        total = (total ?? 0) + value;
                    }
                }

                return total;
            default:
                return null;
        }
    }

    private static string Format(decimal value) =>
        value == decimal.Truncate(value)
            ? value.ToString("#,0", CultureInfo.InvariantCulture)
            : value.ToString("#,0.####", CultureInfo.InvariantCulture);
}
