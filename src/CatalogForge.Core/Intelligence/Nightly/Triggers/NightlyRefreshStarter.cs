using Azure.Data.Tables;
using CatalogForge.Core.Orchestration;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Intelligence.Nightly.Triggers;

/// <summary>What a refresh request got: the run it started, or (<see cref="Started"/> false) the tenant's run still in progress.</summary>
public sealed record NightlyRefresh(string RunId, string InstanceId, bool Started);

/// <summary>
/// Starts a tenant's on-demand run (<c>POST /api/catalog/refresh</c>, run id <c>yyyyMMdd-HHmmss</c>) unless one of the
/// tenant's runs is in progress: a run row still Running whose instance runs, or the tenant's run lease
/// (<see cref="TenantRunLeaseEntity"/>). The lease is written ETag-guarded before the start, so of two concurrent requests
/// only one starts a run; the other is told about that run.
/// </summary>
public sealed class NightlyRefreshStarter(
    NightlySnapshotStore snapshots,
    NightlyLeaseStore leases,
    NightlyRunner runner,
    IWorkflowClient workflows,
    TimeProvider time,
    ILogger<NightlyRefreshStarter> logger)
{
    /// <summary>How long a lease whose instance does not exist yet still counts: the time a request needs from lease to start.</summary>
    public static readonly TimeSpan StartGrace = TimeSpan.FromMinutes(1);

    public async Task<NightlyRefresh> StartAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (await RunInProgressAsync(tenantId, cancellationToken) is { } running)
        {
            return Busy(tenantId, running);
        }

        var lease = await leases.TenantRunLeaseAsync(tenantId, cancellationToken);
        if (lease is not null && await HoldsAsync(tenantId, lease, cancellationToken))
        {
            return Busy(tenantId, lease.RunId);
        }

        var runId = NightlyIds.OnDemandRunId(time.GetUtcNow());
        if (!await leases.TryTakeTenantRunLeaseAsync(tenantId, runId, lease, cancellationToken))
        {
            var winner = await leases.TenantRunLeaseAsync(tenantId, cancellationToken);
            return Busy(tenantId, winner?.RunId ?? runId);
        }

        // The run row first, so the status URL the answer names answers at once (the run's first step keeps it).
        await snapshots.BeginRunAsync(tenantId, runId, time.GetUtcNow(), cancellationToken);
        string instanceId;
        try
        {
            instanceId = await runner.StartRunAsync(tenantId, runId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "On-demand nightly run {RunId} of tenant {TenantId} could not be started; its row and lease are removed", runId, tenantId);
            await snapshots.Runs.DeleteEntityAsync(tenantId, runId, cancellationToken: CancellationToken.None);
            await leases.ReleaseTenantRunLeaseAsync(tenantId, runId, CancellationToken.None);
            throw;
        }

        logger.LogInformation("On-demand nightly run {RunId} of tenant {TenantId} started ({InstanceId})", runId, tenantId, instanceId);
        return new NightlyRefresh(runId, instanceId, Started: true);
    }

    private static NightlyRefresh Busy(string tenantId, string runId) => new(runId, NightlyIds.InstanceId(tenantId, runId), Started: false);

    /// <summary>A run row of the tenant that says Running and whose instance does run (a row whose instance ended without a word does not block).</summary>
    private async Task<string?> RunInProgressAsync(string tenantId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter<NightlyRunEntity>(e => e.PartitionKey == tenantId && e.Status == NightlyRunStatus.Running);
        await foreach (var row in snapshots.Runs.QueryAsync<NightlyRunEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (await workflows.GetAsync(NightlyIds.InstanceId(tenantId, row.RowKey), cancellationToken) is { Status: WorkflowStatus.Running })
            {
                return row.RowKey;
            }
        }

        return null;
    }

    private async Task<bool> HoldsAsync(string tenantId, TenantRunLeaseEntity lease, CancellationToken cancellationToken) =>
        await workflows.GetAsync(NightlyIds.InstanceId(tenantId, lease.RunId), cancellationToken) switch
        {
            { Status: WorkflowStatus.Running } => true,
            null => time.GetUtcNow() - lease.AcquiredAt < StartGrace,
            _ => false,
        };
}
