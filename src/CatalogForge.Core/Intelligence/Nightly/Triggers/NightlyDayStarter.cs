using Azure.Data.Tables;
using CatalogForge.Core.Orchestration;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using CatalogForge.Core.Tenancy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Intelligence.Nightly.Triggers;

/// <param name="Started">Runs this call started.</param>
/// <param name="Existing">Tenants whose run of the day existed already (started earlier, by another trigger or a previous attempt).</param>
/// <param name="Failed">Tenants whose run could not be started (each logged); the next trigger of the day tries them again.</param>
/// <param name="Deferred">Tenants not started because the call's time budget ran out while it waited for a free slot; the next trigger of the day starts them.</param>
public sealed record NightlyDayResult(string RunDate, int Started, int Existing, int Failed, int Deferred);

/// <summary>
/// Starts the scheduled run of a UTC day for every tenant of the <c>Tenants</c> table, with at most
/// <see cref="NightlyOptions.MaxConcurrentTenants"/> of them Running at once: a sliding window — when it is full, the
/// starter waits (through <see cref="IWorkflowClient"/>) until one of the day's runs ends, then starts the next tenant.
/// Instance ids are per tenant and day, so calling it again the same day (a second trigger, a restart, another process)
/// starts only the tenants not started yet, counting the day's runs still Running against the limit. A caller that may
/// not wait for hours (a Functions invocation) passes a time budget: tenants still waiting for a slot when it runs out
/// are left for the next trigger of the day.
/// </summary>
public sealed class NightlyDayStarter(
    CatalogTables tables,
    NightlyRunner runner,
    IWorkflowClient workflows,
    IOptions<NightlyOptions> options,
    ILogger<NightlyDayStarter> logger)
{
    /// <summary>How long one wait for a run to end lasts before the window is looked at again.</summary>
    private static readonly TimeSpan SlotWait = TimeSpan.FromSeconds(30);

    public async Task<NightlyDayResult> StartDayAsync(DateTimeOffset day, CancellationToken cancellationToken, TimeSpan? budget = null)
    {
        var runDate = NightlyIds.RunDate(day);
        var limit = options.Value.MaxConcurrentTenants;
        var running = new List<string>();
        int started = 0, existing = 0, failed = 0, deferred = 0;
        using var waitBudget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (budget is { } limitOfWaiting)
        {
            waitBudget.CancelAfter(limitOfWaiting);
        }

        await foreach (var tenantId in TenantIdsAsync(cancellationToken))
        {
            var instanceId = NightlyIds.InstanceId(tenantId, runDate);
            try
            {
                if (await workflows.GetAsync(instanceId, cancellationToken) is { } instance)
                {
                    existing++;
                    if (instance.Status == WorkflowStatus.Running)
                    {
                        running.Add(instanceId);
                    }

                    continue;
                }

                if (waitBudget.IsCancellationRequested || !await WaitForSlotAsync(running, limit, waitBudget.Token))
                {
                    deferred++;
                    continue;
                }

                await runner.StartRunAsync(tenantId, runDate, cancellationToken);
                running.Add(instanceId);
                started++;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                failed++;
                logger.LogError(ex, "Nightly run {RunDate} of tenant {TenantId} could not be started ({ErrorClass}); the next trigger of the day tries again",
                    runDate, tenantId, ActivityErrorClassifier.Classify(ex));
            }
        }

        logger.LogInformation("Nightly runs of {RunDate}: {Started} started, {Existing} already there, {Failed} failed to start, {Deferred} left for the next trigger",
            runDate, started, existing, failed, deferred);
        return new NightlyDayResult(runDate, started, existing, failed, deferred);
    }

    /// <summary>True once fewer than <paramref name="limit"/> of the day's runs are Running; false when <paramref name="budget"/> ran out first.</summary>
    private async Task<bool> WaitForSlotAsync(List<string> running, int limit, CancellationToken budget)
    {
        try
        {
            await WaitUntilBelowAsync(running, limit, budget);
            return true;
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task WaitUntilBelowAsync(List<string> running, int limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            for (var i = running.Count - 1; i >= 0; i--)
            {
                if (await workflows.GetAsync(running[i], cancellationToken) is not { Status: WorkflowStatus.Running })
                {
                    running.RemoveAt(i);
                }
            }

            if (running.Count < limit)
            {
                return;
            }

            try
            {
                await workflows.WaitForCompletionAsync(running[0], SlotWait, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Still running: look at the whole window again.
            }
        }
    }

    /// <summary>Every tenant: the <c>tenant</c> row of each partition of the <c>Tenants</c> table (its other rows are the tenant's ingest keys).</summary>
    private async IAsyncEnumerable<string> TenantIdsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter<TenantEntity>(e => e.RowKey == TenantDirectory.TenantRow);
        await foreach (var row in tables.Tenants.QueryAsync<TenantEntity>(filter, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            yield return row.PartitionKey;
        }
    }
}
