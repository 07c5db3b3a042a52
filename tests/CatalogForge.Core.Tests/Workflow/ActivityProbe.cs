using System.Collections.Concurrent;

namespace CatalogForge.Core.Tests.Workflow;

/// <summary>Shared between the hosts of one test: counts activity invocations per probe key and lets the test hook into them.</summary>
public sealed class ActivityProbe
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    /// <summary>Runs inside <see cref="StepActivity"/> after the call was counted (gates, delays, clocks).</summary>
    public Func<StepInput, CancellationToken, Task>? BeforeStep { get; set; }

    public void Record(string probeKey) => _calls.AddOrUpdate(probeKey, 1, (_, count) => count + 1);

    public int CallsFor(string probeKey) => _calls.TryGetValue(probeKey, out var count) ? count : 0;

    public IReadOnlyDictionary<string, int> CallsWithPrefix(string prefix) =>
        _calls.Where(pair => pair.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(pair => pair.Key, pair => pair.Value);

    public int TotalCalls(string prefix) => CallsWithPrefix(prefix).Values.Sum();
}
