using CatalogForge.Core.Orchestration;

namespace CatalogForge.Core.Intelligence.Nightly;

/// <summary>Starts a tenant's nightly run; starting the same run id again is a no-op (one instance id per tenant and run id).</summary>
public sealed class NightlyRunner(IWorkflowClient workflows)
{
    /// <summary>The scheduled run of <paramref name="day"/>'s UTC day (run id <c>yyyyMMdd</c>).</summary>
    public Task<string> StartAsync(string tenantId, DateTimeOffset day, CancellationToken cancellationToken) =>
        StartRunAsync(tenantId, NightlyIds.RunDate(day), cancellationToken);

    /// <summary>The run <paramref name="runId"/> (scheduled <c>yyyyMMdd</c> or on-demand <c>yyyyMMdd-HHmmss</c>); returns its instance id.</summary>
    public async Task<string> StartRunAsync(string tenantId, string runId, CancellationToken cancellationToken)
    {
        if (!NightlyIds.IsRunId(runId))
        {
            throw new ArgumentException($"'{runId}' is not a nightly run id.", nameof(runId));
        }

        var instanceId = NightlyIds.InstanceId(tenantId, runId);
        await workflows.StartAsync(NightlyRunWorkflow.Name, instanceId, new NightlyRunInput(tenantId, runId), cancellationToken);
        return instanceId;
    }
}
