using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Benchmarks.Nightly;

/// <summary>
/// When each step of the run began: the engine resolves an activity from the container right before running it, so
/// a factory registered over the activity's own notes the time and builds it as usual. A step lasts until the next began.
/// </summary>
public sealed class StepClock
{
    private readonly ConcurrentDictionary<string, long> _began = new(StringComparer.Ordinal);

    public void Time<TActivity>(IServiceCollection services, string step)
        where TActivity : class =>
        services.AddTransient(provider =>
        {
            _began.TryAdd(step, Stopwatch.GetTimestamp());
            return ActivatorUtilities.CreateInstance<TActivity>(provider);
        });

    /// <summary>Forgets the steps timed so far: the next run is timed afresh.</summary>
    public void Reset() => _began.Clear();

    /// <summary>Seconds per step, in the order they began; the last one lasts until <paramref name="end"/>.</summary>
    public JsonObject Seconds(long end)
    {
        var steps = _began.OrderBy(step => step.Value).ToList();
        var seconds = new JsonObject();
        for (var i = 0; i < steps.Count; i++)
        {
            var until = i + 1 < steps.Count ? steps[i + 1].Value : end;
            seconds[steps[i].Key] = BenchmarkOutput.Round(Stopwatch.GetElapsedTime(steps[i].Value, until).TotalSeconds);
        }

        return seconds;
    }
}
