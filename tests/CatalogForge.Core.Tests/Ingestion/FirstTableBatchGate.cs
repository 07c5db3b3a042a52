using Azure.Core;
using Azure.Core.Pipeline;

namespace CatalogForge.Core.Tests.Ingestion;

/// <summary>
/// A pipeline policy that holds the first table transaction (<c>$batch</c>) its client sends until <see cref="Release"/>:
/// a writer paused between deciding to write and writing, for interleaving two deliveries deterministically.
/// </summary>
internal sealed class FirstTableBatchGate : HttpPipelinePolicy
{
    private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _held;

    /// <summary>Completes when the first batch reached the gate (and is being held).</summary>
    public Task Arrived => _arrived.Task;

    public void Release() => _released.TrySetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (IsBatch(message) && Interlocked.Exchange(ref _held, 1) == 0)
        {
            _arrived.TrySetResult();
            await _released.Task.WaitAsync(message.CancellationToken);
        }

        await ProcessNextAsync(message, pipeline);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("The gate is for async calls only.");

    private static bool IsBatch(HttpMessage message) =>
        message.Request.Uri.Path.EndsWith("/$batch", StringComparison.Ordinal);
}
