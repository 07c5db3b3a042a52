using Azure.Data.Tables;
using CatalogForge.Core.Ai;
using CatalogForge.Core.Intelligence.Duplicates;
using CatalogForge.Core.Intelligence.Nightly.Views;
using CatalogForge.Core.Products;
using CatalogForge.Core.Storage;

namespace CatalogForge.Core.Intelligence.Nightly;

/// <summary>
/// The read side of the nightly runs, for one tenant at a time. Snapshot reads follow the tenant's <c>current</c>
/// pointer and read that one snapshot's blobs, so an answer never mixes two snapshots. Runs and alerts are table rows
/// whose keys sort oldest first (run ids and snapshot ids are UTC times); they are listed newest first by reading the
/// rows older than the page's cursor and sorting them: runs are about one a day (plus on-demand refreshes) and alerts
/// are deleted with their snapshots after <see cref="NightlyOptions.KeepDays"/>, so such a read stays small.
/// </summary>
public sealed class NightlyQueries(
    NightlySnapshotStore store, SimilarProductsIndex similarIndex, ProductTitles titles, ContinuationTokens tokens)
{
    /// <summary>
    /// The product's top <paramref name="k"/> similar products, or null when the tenant has no such product (another
    /// tenant's product included).
    /// </summary>
    public async Task<SimilarProductsView?> SimilarAsync(string tenantId, string productId, int k, CancellationToken cancellationToken)
    {
        var current = await store.CurrentAsync(tenantId, cancellationToken);
        var snapshot = current is null ? null : await similarIndex.GetAsync(tenantId, current.SnapshotId, cancellationToken);
        var neighbors = snapshot?.Neighbors.GetValueOrDefault(productId)?.Take(k).ToList() ?? [];
        var named = await titles.ReadAsync(tenantId, neighbors.Select(n => n.ProductId).Append(productId), cancellationToken);
        if (!named.ContainsKey(productId))
        {
            return null;
        }

        if (snapshot is null || !snapshot.Neighbors.ContainsKey(productId))
        {
            return new SimilarProductsView(productId, null, null, []);
        }

        return new SimilarProductsView(productId, snapshot.SnapshotId, snapshot.ComputedAt,
            neighbors.Select(n => new SimilarProductView(n.ProductId, named.GetValueOrDefault(n.ProductId), n.Score)).ToList());
    }

    public async Task<DuplicatesView> DuplicatesAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (await store.CurrentAsync(tenantId, cancellationToken) is not { } current)
        {
            return new DuplicatesView(null, null, []);
        }

        var snapshotId = current.SnapshotId;
        var computedAt = ComputedAtAsync(tenantId, current, cancellationToken);
        var clusters = await store.ReadAsync<List<DuplicateCluster>>(tenantId, snapshotId, NightlySnapshotStore.Duplicates, cancellationToken) ?? [];
        var named = await titles.ReadAsync(tenantId, clusters.SelectMany(c => c.Members), cancellationToken);
        var views = clusters.Select(cluster => new DuplicateClusterView(
            cluster.Key,
            cluster.Members.Select(id => new ClusterMemberView(id, named.GetValueOrDefault(id))).ToList(),
            cluster.Pairs.Select(p => new DuplicatePairView(p.First, p.Second, p.Score)).ToList())).ToList();
        return new DuplicatesView(snapshotId, await computedAt, views);
    }

    public async Task<CatalogInsightsView> InsightsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var insights = await store.CurrentAsync(tenantId, cancellationToken) is { } current
            ? await store.ReadAsync<NightlyInsights>(tenantId, current.SnapshotId, NightlySnapshotStore.Insights, cancellationToken)
            : null;
        if (insights is null)
        {
            return new CatalogInsightsView(null, null, null, null, null, null, [], false);
        }

        // The alert rows of this snapshot: "{snapshotId}-nnn"; '.' is the character after '-'.
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {tenantId} and RowKey ge {insights.SnapshotId + "-"} and RowKey lt {insights.SnapshotId + "."}");
        var alerts = new List<NightlyAlertView>();
        await foreach (var row in store.Alerts.QueryAsync<NightlyAlertEntity>(filter, cancellationToken: cancellationToken))
        {
            alerts.Add(ToView(row));
        }

        return new CatalogInsightsView(insights.SnapshotId, insights.PreviousSnapshotId, insights.ComputedAt, insights.Drift,
            insights.Perception, insights.Risk, alerts, insights.NearDuplicatePairsTruncated);
    }

    public async Task<NightlyAlertPage> AlertsAsync(string tenantId, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var (rows, next) = await NewestFirstAsync<NightlyAlertEntity>(
            store.Alerts, tenantId, "catalog/alerts", pageSize, continuationToken, cancellationToken);
        return new NightlyAlertPage(rows.Select(ToView).ToList(), next);
    }

    public async Task<NightlyRunPage> RunsAsync(string tenantId, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var current = store.CurrentAsync(tenantId, cancellationToken);
        var (rows, next) = await NewestFirstAsync<NightlyRunEntity>(
            store.Runs, tenantId, "catalog/runs", pageSize, continuationToken, cancellationToken);
        var currentId = (await current)?.SnapshotId;
        return new NightlyRunPage(rows.Select(row => ToView(row, currentId)).ToList(), next);
    }

    /// <summary>The run, or null when the tenant has no run of that id.</summary>
    public async Task<NightlyRunView?> RunAsync(string tenantId, string runId, CancellationToken cancellationToken)
    {
        var current = store.CurrentAsync(tenantId, cancellationToken);
        var row = await store.Runs.GetEntityIfExistsAsync<NightlyRunEntity>(tenantId, runId, cancellationToken: cancellationToken);
        var currentId = (await current)?.SnapshotId;
        return row.HasValue && row.Value is { } run ? ToView(run, currentId) : null;
    }

    private async Task<DateTimeOffset> ComputedAtAsync(string tenantId, NightlySnapshotEntity current, CancellationToken cancellationToken)
    {
        var row = await store.Snapshots.GetEntityIfExistsAsync<NightlySnapshotEntity>(tenantId, current.SnapshotId, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } snapshot ? snapshot.PublishedAt : current.PublishedAt;
    }

    /// <summary>
    /// A page of the partition newest first: the rows whose keys sort before the cursor (the last key of the previous
    /// page, carried in a token signed for this tenant and route), the last <paramref name="pageSize"/> of them reversed.
    /// </summary>
    private async Task<(List<TEntity> Rows, string? Next)> NewestFirstAsync<TEntity>(
        TableClient table, string tenantId, string route, int pageSize, string? continuationToken, CancellationToken cancellationToken)
        where TEntity : class, ITableEntity, new()
    {
        var scope = ContinuationTokens.Scope(tenantId, route, "newest-first");
        var before = tokens.Decode(continuationToken, scope);
        var filter = before is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey lt {before}");
        var rows = new List<TEntity>();
        await foreach (var row in table.QueryAsync<TEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        var page = rows.OrderByDescending(row => row.RowKey, StringComparer.Ordinal).Take(pageSize).ToList();
        var next = rows.Count > pageSize ? tokens.Encode(page[^1].RowKey, scope) : null;
        return (page, next);
    }

    private static NightlyAlertView ToView(NightlyAlertEntity row) =>
        new($"{row.PartitionKey}:{row.RowKey}", row.SnapshotId, row.Rule, row.Value, row.Threshold, row.Message, row.RaisedAt);

    private static NightlyRunView ToView(NightlyRunEntity row, string? currentSnapshotId)
    {
        var completed = row.Status == NightlyRunStatus.Completed;
        return new NightlyRunView
        {
            RunId = row.RowKey,
            Status = row.Status,
            SnapshotId = row.SnapshotId,
            PreviousSnapshotId = row.PreviousSnapshotId,
            IsCurrent = completed && row.SnapshotId == currentSnapshotId,

            // A run that failed before its first step has no start time (default).
            StartedAt = row.StartedAt == default ? null : row.StartedAt,
            FinishedAt = row.FinishedAt,
            DurationSeconds = row.FinishedAt is { } finished && row.StartedAt != default ? (finished - row.StartedAt).TotalSeconds : null,
            Products = completed ? row.Products : null,
            Reembedded = completed ? row.Reembedded : null,
            EmbedFailures = completed ? row.EmbedFailures : null,
            NearDuplicatePairs = completed ? row.NearDuplicatePairs : null,
            Clusters = completed ? row.Clusters : null,
            NewClusters = completed ? row.NewClusters : null,
            RiskScore = completed ? row.RiskScore : null,
            Alerts = completed ? row.Alerts : null,
            InputTokens = completed ? row.InputTokens : null,
            CostUsd = completed ? Money.FromMicros(row.CostMicroUsd) : null,
            ErrorClass = row.ErrorClass,
            ErrorMessage = row.ErrorMessage,
        };
    }
}
