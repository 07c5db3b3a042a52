using CatalogForge.Core.Ai;
using CatalogForge.Core.Orchestration;
using CatalogForge.Core.Perception;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Intelligence.Nightly.Activities;

/// <summary>
/// Asks the tenant's perception probes as of the run's day (<see cref="PerceptionProber"/>, through the AI gateway: a
/// resumed run is answered from the request cache, the next day asks again) and writes the <see cref="PerceptionReport"/> as the snapshot's <c>perception.json</c>, its
/// changes counted against the previous snapshot's report. A tenant without a brand profile is skipped: no report, and
/// the snapshot's perception stays null.
/// </summary>
public sealed class ProbePerceptionActivity(
    BrandProfileStore profiles,
    PerceptionProber prober,
    NightlySnapshotStore store,
    ILogger<ProbePerceptionActivity> logger) : IActivity<ComputeSnapshotInput, PerceptionProbeResult>
{
    public static string Name => "ProbePerception";

    public async Task<PerceptionProbeResult> RunAsync(ComputeSnapshotInput input, CancellationToken cancellationToken)
    {
        var (tenantId, snapshotId) = (input.Run.TenantId, input.Plan.SnapshotId);
        if (await profiles.GetAsync(tenantId, cancellationToken) is not { } profile)
        {
            logger.LogInformation("Nightly run {RunDate} of tenant {TenantId}: no brand profile, no perception probes", input.Run.RunDate, tenantId);
            return PerceptionProbeResult.None;
        }

        var previous = input.Plan.PreviousSnapshotId is { } previousId
            ? await store.ReadAsync<PerceptionReport>(tenantId, previousId, NightlySnapshotStore.Perception, cancellationToken)
            : null;
        var report = await prober.RunAsync(tenantId, profile.Profile, previous, cancellationToken,
            jobId: $"nightly-{input.Run.RunDate}", asOf: DateOnly.FromDateTime(NightlyIds.ParseRunDate(input.Run.RunDate[..NightlyIds.DateFormat.Length])));
        await store.WriteAsync(tenantId, snapshotId, NightlySnapshotStore.Perception, report, cancellationToken);
        if (report.Failures.Count > 0)
        {
            logger.LogWarning("Nightly run {RunDate} of tenant {TenantId}: {Failed} of {Probes} perception probes failed ({ErrorClasses})",
                input.Run.RunDate, tenantId, report.Failures.Count, report.ProbeCount, string.Join(", ", report.Failures.Select(f => f.ErrorClass).Distinct()));
        }

        return new PerceptionProbeResult(report.ProbeCount, report.Failures.Count, report.InputTokens, Money.ToMicros(report.CostUsd));
    }
}
