using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace CatalogForge.Core.Tests.Ingestion;

/// <summary>
/// A pipeline policy that lets the first <c>allowed</c> table transactions (<c>$batch</c>) through and fails every later one
/// with a 503 before it leaves the process (outside the SDK's retries): a writer that loses storage half-way through.
/// </summary>
internal sealed class FailingTableBatches(int allowed) : HttpPipelinePolicy
{
    private int _seen;

    public bool Failing { get; set; } = true;

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (Failing && message.Request.Uri.Path.EndsWith("/$batch", StringComparison.Ordinal) && Interlocked.Increment(ref _seen) > allowed)
        {
            throw new RequestFailedException(503, "Injected: storage lost half-way through the write.", "ServerBusy", null);
        }

        await ProcessNextAsync(message, pipeline);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("For async calls only.");
}
