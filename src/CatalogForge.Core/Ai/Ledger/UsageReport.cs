using System.Globalization;
using Azure.Data.Tables;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;

namespace CatalogForge.Core.Ai.Ledger;

/// <summary>
/// One day × model line of a usage report. <see cref="Calls"/> counts logical calls (cache hits and failed calls
/// included); <see cref="Attempts"/> the requests actually sent to providers.
/// </summary>
public sealed record UsageReportLine(
    DateOnly Day,
    string Model,
    int Calls,
    int CacheHits,
    long InputTokens,
    long OutputTokens,
    long Images,
    decimal CostUsd)
{
    /// <summary>Calls that got no result from any deployment.</summary>
    public int FailedCalls { get; init; }

    public long Attempts { get; init; }

    public long Retries { get; init; }

    /// <summary>429 responses received.</summary>
    public long RateLimited { get; init; }

    /// <summary>Calls served (or last tried) by a deployment other than the preferred one.</summary>
    public int Fallbacks { get; init; }
}

public sealed record UsageReportResult(string TenantId, DateOnly From, DateOnly To, IReadOnlyList<UsageReportLine> Lines)
{
    public int Calls => Lines.Sum(l => l.Calls);
    public int CacheHits => Lines.Sum(l => l.CacheHits);
    public long InputTokens => Lines.Sum(l => l.InputTokens);
    public long OutputTokens => Lines.Sum(l => l.OutputTokens);
    public long Images => Lines.Sum(l => l.Images);
    public decimal CostUsd => Lines.Sum(l => l.CostUsd);
    public int FailedCalls => Lines.Sum(l => l.FailedCalls);
    public long Attempts => Lines.Sum(l => l.Attempts);
    public long Retries => Lines.Sum(l => l.Retries);
    public long RateLimited => Lines.Sum(l => l.RateLimited);
    public int Fallbacks => Lines.Sum(l => l.Fallbacks);
}

/// <summary>
/// Aggregates the <c>Usage</c> table (one partition per tenant per day) per day and model, from one partition-range
/// query: a year costs the pages of its rows, not 366 sequential queries.
/// </summary>
public sealed class UsageReport(CatalogTables tables)
{
    public const int MaxDays = 366;

    private static readonly string[] Columns =
    [
        nameof(UsageEntity.Model), nameof(UsageEntity.InputTokens), nameof(UsageEntity.OutputTokens),
        nameof(UsageEntity.Images), nameof(UsageEntity.CostMicroUsd), nameof(UsageEntity.CacheHit),
        nameof(UsageEntity.Failed), nameof(UsageEntity.Attempts), nameof(UsageEntity.Retries),
        nameof(UsageEntity.RateLimited), nameof(UsageEntity.FallbackFrom),
    ];

    /// <summary>Usage of <paramref name="tenantId"/> from <paramref name="from"/> to <paramref name="to"/> (UTC days, inclusive), ordered by day then model.</summary>
    public async Task<UsageReportResult> GetAsync(string tenantId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        if (to < from)
        {
            throw new ArgumentException($"'to' ({to:yyyy-MM-dd}) is before 'from' ({from:yyyy-MM-dd}).", nameof(to));
        }

        if (to.DayNumber - from.DayNumber + 1 > MaxDays)
        {
            throw new ArgumentException($"A usage report covers at most {MaxDays} days.", nameof(to));
        }

        // One range query over the tenant's day partitions ({tenantId}|yyyyMMdd sorts by day; both bounds share the
        // "{tenantId}|" prefix, so no other tenant's partition falls in between), not one query per day.
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {Partition(tenantId, from)} and PartitionKey le {Partition(tenantId, to)}");
        var perDayAndModel = new SortedDictionary<(DateOnly Day, string Model), UsageReportLine>();
        await foreach (var row in tables.Usage.QueryAsync<UsageEntity>(filter, select: [.. Columns, "PartitionKey"], cancellationToken: cancellationToken))
        {
            if (DayOf(tenantId, row.PartitionKey) is not { } day)
            {
                continue;
            }

            var key = (day, row.Model);
            var line = perDayAndModel.TryGetValue(key, out var existing) ? existing : new UsageReportLine(day, row.Model, 0, 0, 0, 0, 0, 0m);
            perDayAndModel[key] = line with
            {
                Calls = line.Calls + 1,
                CacheHits = line.CacheHits + (row.CacheHit ? 1 : 0),
                InputTokens = line.InputTokens + row.InputTokens,
                OutputTokens = line.OutputTokens + row.OutputTokens,
                Images = line.Images + row.Images,
                CostUsd = line.CostUsd + Money.FromMicros(row.CostMicroUsd),
                FailedCalls = line.FailedCalls + (row.Failed ? 1 : 0),
                Attempts = line.Attempts + row.Attempts,
                Retries = line.Retries + row.Retries,
                RateLimited = line.RateLimited + row.RateLimited,
                Fallbacks = line.Fallbacks + (row.FallbackFrom is null ? 0 : 1),
            };
        }

        var lines = perDayAndModel.Values.ToList();
        return new UsageReportResult(tenantId, from, to, lines);
    }

    private static string Partition(string tenantId, DateOnly day) =>
        $"{tenantId}|{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";

    private static DateOnly? DayOf(string tenantId, string partitionKey) =>
        partitionKey.Length == tenantId.Length + 9
        && partitionKey.StartsWith(tenantId + "|", StringComparison.Ordinal)
        && DateOnly.TryParseExact(partitionKey.AsSpan(tenantId.Length + 1), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : null;
}
