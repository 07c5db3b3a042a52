using CatalogForge.Core.Intelligence.Nightly.Triggers;
using CatalogForge.Functions.Durable;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace CatalogForge.Functions.Nightly;

/// <summary>
/// The Functions app's nightly trigger: on the <c>NightlySchedule</c> timer, Core's <see cref="NightlyDayStarter"/> starts the
/// scheduled run of the UTC day for every tenant, at most <c>Nightly:MaxConcurrentTenants</c> Running at once. Instance ids
/// are per tenant and day, so a second invocation the same day starts nothing twice; the host runs one timer invocation
/// at a time across all instances. An invocation stops waiting for free slots after <see cref="StartBudget"/> (below the
/// Flex Consumption default <c>functionTimeout</c> of 30 minutes): the tenants left are started by the next invocation of
/// the day, so a catalog with many tenants fires the schedule more than once a night (e.g. <c>0 0 2-5 * * *</c>).
/// </summary>
public sealed class NightlyScheduleFunction(NightlyDayStarter starter, DurableClientScope durable, TimeProvider time, ILogger<NightlyScheduleFunction> logger)
{
    public const string Name = "NightlySchedule";

    /// <summary>The app setting holding the schedule (six-field cron, default <c>0 0 2 * * *</c>), resolved by the host.</summary>
    public const string ScheduleSetting = "NightlySchedule";

    public static readonly TimeSpan StartBudget = TimeSpan.FromMinutes(25);

    [Function(Name)]
    public async Task RunAsync(
        [TimerTrigger("%" + ScheduleSetting + "%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        if (timer.IsPastDue)
        {
            logger.LogInformation("The nightly trigger is running late (last scheduled {Last})", timer.ScheduleStatus?.Last);
        }

        NightlyDayResult result;
        using (durable.Use(client))
        {
            result = await starter.StartDayAsync(time.GetUtcNow(), context.CancellationToken, StartBudget);
        }

        // Each failed start is logged with its tenant; failing the invocation shows it in the host's monitoring too.
        if (result.Failed > 0)
        {
            throw new NightlyStartException(result);
        }
    }
}

/// <summary>A nightly trigger that could not start some tenants' runs (each logged by <see cref="NightlyDayStarter"/>).</summary>
public sealed class NightlyStartException(NightlyDayResult result)
    : Exception($"Nightly runs of {result.RunDate}: {result.Failed} tenant(s) could not be started ({result.Started} started); see the preceding errors.")
{
    public NightlyDayResult Result { get; } = result;
}
