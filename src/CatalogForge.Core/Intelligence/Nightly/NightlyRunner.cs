using CatalogForge.Core.Orchestration;

namespace CatalogForge.Core.Intelligence.Nightly;

/// <summary>Starts a tenant's nightly run for a UTC day; starting the same tenant and day again is a no-op (one instance id).</summary>
public sealed class NightlyRunner(IWorkflowClient workflows)
{
    public async Task<string> StartAsync(string tenantId, DateTimeOffset day, CancellationToken cancellationToken)
    {
        var runDate = NightlyIds.RunDate(day);
        var instanceId = NightlyIds.InstanceId(tenantId, runDate);
        await workflows.StartAsync(NightlyRunWorkflow.Name, instanceId, new NightlyRunInput(tenantId, runDate), cancellationToken);
        return instanceId;
    }
}
