using System.Text.RegularExpressions;

namespace CatalogForge.Testing;

/// <summary>
/// The checked-in list of API routes (<c>tests/api-routes.txt</c>) shared by the Server's and the Functions app's
/// route tests, and the normalisation both apply: upper-case method, leading slash, no trailing slash, every route
/// parameter (with any constraint) written <c>{}</c>.
/// </summary>
public static partial class ApiRouteList
{
    public static string FilePath => System.IO.Path.Combine(RepositoryRoot.Path, "tests", "api-routes.txt");

    public static IReadOnlyList<string> Read() => Sort(File.ReadAllLines(FilePath)
        .Select(line => line.Trim())
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .Select(line => line.Split(' ', 2, StringSplitOptions.TrimEntries))
        .Select(parts => Format(parts[0], parts[1])));

    public static string Format(string method, string path) => $"{method.ToUpperInvariant()} {NormalisePath(path)}";

    public static string NormalisePath(string path)
    {
        var trimmed = "/" + path.Trim().Trim('/');
        return Parameter().Replace(trimmed, "{}");
    }

    public static IReadOnlyList<string> Sort(IEnumerable<string> routes) =>
        routes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
