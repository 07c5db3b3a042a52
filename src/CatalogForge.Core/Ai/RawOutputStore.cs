using System.Globalization;
using CatalogForge.Core.Storage;

namespace CatalogForge.Core.Ai;

/// <summary>
/// Keeps model output that could not be used, for a person to read: <c>products/{tenantId}/{productId}/raw-{n}.txt</c>
/// for a job item, <c>products/{tenantId}/raw/{time}/raw-{n}.txt</c> otherwise.
/// </summary>
public sealed class RawOutputStore(ProductBlobs blobs, TimeProvider time)
{
    /// <summary>Writes each output and returns the folder (container-relative) that holds them.</summary>
    public async Task<string> KeepAsync(AiCallContext context, IReadOnlyList<string> outputs, CancellationToken cancellationToken)
    {
        var owner = context is { JobId: { } job, ItemKey: { } item }
            ? $"{job}-{item}"
            : $"raw/{time.GetUtcNow().UtcTicks.ToString(CultureInfo.InvariantCulture)}";
        for (var i = 0; i < outputs.Count; i++)
        {
            var path = ProductBlobs.RawOutputPath(context.TenantId, owner, (i + 1).ToString(CultureInfo.InvariantCulture));
            await blobs.WriteAsync(path, BinaryData.FromString(outputs[i]), "text/plain; charset=utf-8", cancellationToken);
        }

        return $"{StorageNames.Containers.Products}/{context.TenantId}/{owner}/";
    }
}
