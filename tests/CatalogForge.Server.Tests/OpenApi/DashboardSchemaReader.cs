using System.Diagnostics;
using System.Text.Json;
using CatalogForge.Testing;

namespace CatalogForge.Server.Tests.OpenApi;

/// <summary>What the dashboard's <c>js/schemas.js</c> declares: each paired route's schema description, and the schemas paired with no route.</summary>
/// <param name="Responses">"METHOD /route status" → the schema's <c>.shape</c> (type, properties, items, enum, nullable).</param>
/// <param name="Unpaired">Exported object schemas that neither a route nor a paired schema uses.</param>
internal sealed record DashboardSchemas(IReadOnlyDictionary<string, JsonElement> Responses, IReadOnlyList<string> Unpaired);

/// <summary>
/// Loads the dashboard's schemas module in Node (the same file the Server serves, no copy) and prints its route table
/// as JSON. Node is already needed by the tests, for Azurite.
/// </summary>
internal static class DashboardSchemaReader
{
    private const string Script = """
        const schemas = await import(process.argv[1]);
        const reached = new Set();
        const walk = (shape) => {
          if (!shape || typeof shape !== 'object' || reached.has(shape)) return;
          reached.add(shape);
          Object.values(shape).forEach(walk);
        };
        Object.values(schemas.responses).forEach((schema) => walk(schema.shape));
        const unpaired = Object.entries(schemas)
          .filter(([, value]) => typeof value === 'function' && value.shape?.type === 'object' && !reached.has(value.shape))
          .map(([name]) => name);
        const responses = Object.fromEntries(Object.entries(schemas.responses).map(([route, schema]) => [route, schema.shape]));
        console.log(JSON.stringify({ responses, unpaired }));
        """;

    public static string ModulePath => Path.Combine(RepositoryRoot.Path, "src", "CatalogForge.Server", "wwwroot", "js", "schemas.js");

    public static async Task<DashboardSchemas> ReadAsync(CancellationToken ct)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--no-warnings", "--input-type=module", "-e", Script, new Uri(ModulePath).AbsoluteUri })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        Assert.True(process.ExitCode == 0, $"node could not read {ModulePath} (exit {process.ExitCode}): {await errors}");

        using var document = JsonDocument.Parse(await output);
        var root = document.RootElement.Clone();
        return new DashboardSchemas(
            root.GetProperty("responses").EnumerateObject().ToDictionary(route => route.Name, route => route.Value),
            root.GetProperty("unpaired").EnumerateArray().Select(name => name.GetString()!).ToList());
    }
}
