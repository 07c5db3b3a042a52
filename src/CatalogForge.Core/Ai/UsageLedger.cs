using System.Globalization;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;

namespace CatalogForge.Core.Ai;

/// <summary>Writes one <c>Usage</c> row per model call (tenant, job, item, deployment, tokens, images, cost, cache hit).</summary>
public sealed class UsageLedger(CatalogTables tables, TimeProvider time)
{
    public async Task RecordAsync(AiCallContext context, AiTask task, RoutedDeployment deployment, AiUsage usage, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var entity = new UsageEntity
        {
            PartitionKey = $"{context.TenantId}|{now.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}",
            RowKey = $"{now.UtcTicks:D19}-{Guid.NewGuid():N}",
            TenantId = context.TenantId,
            JobId = context.JobId,
            ItemKey = context.ItemKey,
            Task = task.ToString(),
            Provider = deployment.Options.Provider,
            Deployment = deployment.Name,
            Model = deployment.Options.Model,
            InputTokens = usage.InputTokens,
            OutputTokens = usage.OutputTokens,
            Images = usage.Images,
            CostMicroUsd = Money.ToMicros(usage.CostUsd),
            CacheHit = usage.CacheHit,
            At = now,
        };
        await tables.Usage.AddEntityAsync(entity, cancellationToken);
    }
}
