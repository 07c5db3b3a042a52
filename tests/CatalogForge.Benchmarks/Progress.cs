namespace CatalogForge.Benchmarks;

/// <summary>Human progress lines on stderr (stdout is reserved for the result line).</summary>
public static class Progress
{
    public static void Say(string message) =>
        Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");
}
