using System.Globalization;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;

namespace CatalogForge.Core.Ai;

/// <summary>
/// Writes one <c>Usage</c> row per model call (tenant, job, item, deployment, tokens, images, cost, cache hit, and
/// what resilience cost: attempts, retries, 429s, fallback) — also for a call that sent requests and got no result.
/// </summary>
public sealed class UsageLedger(CatalogTables tables, TimeProvider time)
{
    public Task RecordAsync(
        AiCallContext context, AiTask task, RoutedDeployment deployment, AiUsage usage, AiCallTrace trace, CancellationToken cancellationToken)
    {
        AiCallMetrics.Record(context, task, deployment, usage, trace, failure: null);
        return WriteAsync(NewRow(context, task, deployment, trace, usage), cancellationToken);
    }

    public Task RecordFailureAsync(
        AiCallContext context, AiTask task, RoutedDeployment deployment, AiCallTrace trace, ErrorClass errorClass, CancellationToken cancellationToken)
    {
        var row = NewRow(context, task, deployment, trace, new AiUsage(deployment.Name, deployment.Options.Model, 0, 0, 0, 0m, CacheHit: false));
        row.Failed = true;
        row.ErrorClass = errorClass.ToString();
        AiCallMetrics.Record(context, task, deployment, new AiUsage(deployment.Name, deployment.Options.Model, 0, 0, 0, 0m, CacheHit: false), trace, errorClass);
        return WriteAsync(row, cancellationToken);
    }

    private UsageEntity NewRow(AiCallContext context, AiTask task, RoutedDeployment deployment, AiCallTrace trace, AiUsage usage)
    {
        var now = time.GetUtcNow();
        return new UsageEntity
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
            Attempts = trace.Attempts,
            Retries = trace.Retries,
            RateLimited = trace.RateLimited,
            FallbackFrom = trace.FallbackFrom,
            At = now,
        };
    }

    private async Task WriteAsync(UsageEntity row, CancellationToken cancellationToken) =>
        await tables.Usage.AddEntityAsync(row, cancellationToken);
}
