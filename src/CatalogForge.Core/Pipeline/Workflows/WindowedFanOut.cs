using CatalogForge.Core.Orchestration;

namespace CatalogForge.Core.Pipeline.Workflows;

/// <summary>
/// Starts work items one by one with at most <c>window</c> in flight, and stops starting new ones once cancellation
/// is requested. Deterministic under replay: what starts next depends only on completions and the cancel flag.
/// </summary>
public static class WindowedFanOut
{
    public sealed record Outcome<T>(IReadOnlyList<T> Results, int Started);

    public static async Task<Outcome<T>> RunAsync<T>(
        IWorkflowContext context, int count, int window, Func<int, Task<T>> start, Func<T, Task>? onCompleted = null)
    {
        var running = new List<Task<T>>(window);
        var results = new List<T>(count);
        var next = 0;
        while (true)
        {
            while (running.Count < window && next < count && !context.IsCancellationRequested)
            {
                running.Add(start(next++));
            }

            if (running.Count == 0)
            {
                return new Outcome<T>(results, next);
            }

            var done = await Task.WhenAny(running);
            running.Remove(done);
            var result = await done;
            results.Add(result);
            if (onCompleted is not null)
            {
                await onCompleted(result);
            }
        }
    }
}
