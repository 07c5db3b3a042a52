using System.Text.RegularExpressions;
using CatalogForge.Testing;

namespace CatalogForge.Core.Tests.Architecture;

/// <summary>
/// The folders of <c>src/CatalogForge.Core</c> depend one way: a folder may use the folders of earlier layers only,
/// never a peer of its own layer or a later one. A reference is a <c>using CatalogForge.Core.X</c> line or a (fully or
/// partly) qualified name <c>CatalogForge.Core.X.…</c> / <c>X.…</c> in code or in a <c>cref</c>. Files at Core's root
/// (the composition root) may use everything.
/// </summary>
public sealed partial class FolderDependencyTests
{
    private static readonly string[][] Layers =
    [
        ["Telemetry"],
        ["Domain"],
        ["Storage", "Orchestration"],
        ["Ai", "Tenancy", "Products"],
        ["Jobs", "Search", "Perception", "Alerts"],
        ["Intelligence"],
        ["Pipeline"],
        ["Ingestion", "Health"],
    ];

    private static readonly string CoreRoot = Path.Combine(RepositoryRoot.Path, "src", "CatalogForge.Core");

    [Fact]
    public void Every_folder_of_Core_has_a_layer()
    {
        var folders = Directory.GetDirectories(CoreRoot)
            .Select(Path.GetFileName)
            .Where(name => name is not ("bin" or "obj"))
            .Where(name => Directory.EnumerateFiles(Path.Combine(CoreRoot, name!), "*.cs", SearchOption.AllDirectories).Any());
        Assert.Empty(folders.Except(Layers.SelectMany(layer => layer)));
    }

    [Fact]
    public void No_folder_uses_a_folder_of_its_own_or_a_later_layer()
    {
        var violations = new List<string>();
        foreach (var file in Directory.EnumerateFiles(CoreRoot, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(CoreRoot, file).Replace('\\', '/');
            var folder = relative.Split('/')[0];
            if (folder is "bin" or "obj" || !relative.Contains('/'))
            {
                continue;
            }

            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (var (used, text) in References(lines[i]))
                {
                    if (used != folder && !MayUse(folder, used))
                    {
                        violations.Add($"{relative}:{i + 1}: {folder} uses {used} ({text})");
                    }
                }
            }
        }

        Assert.True(violations.Count == 0,
            $"{violations.Count} reference(s) against the folder order {string.Join(" ← ", Layers.Select(l => string.Join(", ", l)))}:\n"
            + string.Join("\n", violations));
    }

    [Theory]
    [InlineData("using CatalogForge.Core.Jobs;", "Jobs")]
    [InlineData("using static CatalogForge.Core.Pipeline.ProductIds;", "Pipeline")]
    [InlineData("    var x = global::CatalogForge.Core.Ai.Money.FromMicros(1);", "Ai")]
    [InlineData("    public const string Budgets = Ai.Ledger.DailyBudgetGuard.TableName;", "Ai")]
    [InlineData("/// <summary>See <see cref=\"Ingestion.IngestJobWriter\"/>.</summary>", "Ingestion")]
    [InlineData("    : Orchestration.IActivity<JobRef, JobPlan>", "Orchestration")]
    [InlineData("    var jobs = tables.Jobs.QueryAsync(); // Pipeline.ProductIds in a comment", null)]
    [InlineData("namespace CatalogForge.Core.Jobs;", null)]
    [InlineData("    logger.LogInformation(\"Jobs.Count {N}\", n);", null)]
    public void References_are_found_in_usings_qualified_names_and_crefs(string line, string? expected) =>
        Assert.Equal(expected is null ? [] : [expected], References(line).Select(r => r.Folder));

    private static bool MayUse(string folder, string used)
    {
        var layerOf = Layers.Select((layer, index) => (layer, index)).ToDictionary(x => x.layer, x => x.index)
            .SelectMany(kv => kv.Key.Select(name => (name, kv.Value))).ToDictionary(x => x.name, x => x.Value);
        return layerOf.TryGetValue(folder, out var mine) && layerOf.TryGetValue(used, out var theirs) && theirs < mine;
    }

    /// <summary>The Core folders a line of C# names, with the text that names them.</summary>
    private static IEnumerable<(string Folder, string Text)> References(string line)
    {
        var trimmed = line.TrimStart();
        if (trimmed.StartsWith("namespace ", StringComparison.Ordinal))
        {
            return [];
        }

        var code = trimmed.StartsWith("///", StringComparison.Ordinal)
            ? string.Join(" ", Cref().Matches(trimmed).Select(m => m.Groups[1].Value))
            : LineComment().Replace(StringLiteral().Replace(line, "\"\""), "");
        return QualifiedName().Matches(code)
            .Select(m => (m.Groups["folder"].Value, m.Value))
            .Where(r => Layers.Any(layer => layer.Contains(r.Item1)))
            .Distinct();
    }

    [GeneratedRegex("cref=\"([^\"]*)\"")]
    private static partial Regex Cref();

    [GeneratedRegex(@"@?\$?""(?:[^""\\]|\\.)*""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex("//.*$")]
    private static partial Regex LineComment();

    /// <summary><c>CatalogForge.Core.X</c> anywhere, or <c>X.Name</c> not preceded by a dot or identifier (code inside <c>CatalogForge.Core</c> resolves it to the folder's namespace).</summary>
    [GeneratedRegex(@"CatalogForge\.Core\.(?<folder>[A-Z]\w*)|(?<![\w.])(?<folder>[A-Z]\w*)\.[A-Z]\w*")]
    private static partial Regex QualifiedName();
}
