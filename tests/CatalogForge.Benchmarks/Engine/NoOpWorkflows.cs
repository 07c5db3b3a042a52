using CatalogForge.Core.Pipeline.Workflows;
using CatalogForge.Core.Orchestration;

namespace CatalogForge.Benchmarks.Engine;

public sealed record NoOpJob(int Items, int ChunkSize, int ChunkWindow, int ItemWindow);

public sealed record NoOpChunk(int Start, int Count, int ItemWindow);

/// <summary>An activity that does nothing: what is left is the engine's own cost (dispatch, memo write, scheduling).</summary>
public sealed class NoOpActivity : IActivity<int, int>
{
    public static string Name => "BenchNoOp";

    public Task<int> RunAsync(int input, CancellationToken cancellationToken) => Task.FromResult(input);
}

/// <summary>
/// The shape of <see cref="ProductJobWorkflow"/> without its I/O: chunks as sub-workflows with a window, items with a
/// window inside each chunk, and per item four activities, the middle two in parallel (like generate → embed ∥ image → save).
/// </summary>
public sealed class NoOpJobWorkflow : IWorkflow<NoOpJob, int>
{
    public const int ActivitiesPerItem = 4;

    public static string Name => "BenchNoOpJob";

    public async Task<int> RunAsync(IWorkflowContext context, NoOpJob job)
    {
        var chunks = (job.Items + job.ChunkSize - 1) / job.ChunkSize;
        var outcome = await WindowedFanOut.RunAsync(context, chunks, job.ChunkWindow, chunk =>
        {
            var start = chunk * job.ChunkSize;
            var input = new NoOpChunk(start, Math.Min(job.ChunkSize, job.Items - start), job.ItemWindow);
            return context.CallSubWorkflowAsync<int>(NoOpChunkWorkflow.Name, input, $"chunk/{chunk:D5}");
        });
        return outcome.Results.Sum();
    }
}

public sealed class NoOpChunkWorkflow : IWorkflow<NoOpChunk, int>
{
    public static string Name => "BenchNoOpChunk";

    public async Task<int> RunAsync(IWorkflowContext context, NoOpChunk chunk)
    {
        var outcome = await WindowedFanOut.RunAsync(context, chunk.Count, chunk.ItemWindow, async offset =>
        {
            var item = chunk.Start + offset;
            await context.CallActivityAsync<int>(NoOpActivity.Name, item, $"a/{item:D6}");
            await Task.WhenAll(
                context.CallActivityAsync<int>(NoOpActivity.Name, item, $"b/{item:D6}"),
                context.CallActivityAsync<int>(NoOpActivity.Name, item, $"c/{item:D6}"));
            await context.CallActivityAsync<int>(NoOpActivity.Name, item, $"d/{item:D6}");
            return 1;
        });
        return outcome.Results.Sum();
    }
}
