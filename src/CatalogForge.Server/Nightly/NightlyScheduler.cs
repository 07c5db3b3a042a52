using CatalogForge.Core.Intelligence.Nightly;
using CatalogForge.Core.Intelligence.Nightly.Triggers;
using CatalogForge.Core.Orchestration;
using Cronos;
using Microsoft.Extensions.Options;

namespace CatalogForge.Server.Nightly;

/// <summary>
/// The Server's nightly trigger. Once the day's occurrence of <c>Nightly:Schedule</c> has passed (also right at start, so
/// a Server that was down at 02:00 catches up), it takes the day's lease row (ETag-guarded, renewed while it works) and
/// has Core's <see cref="NightlyDayStarter"/> start every tenant's run of the day; then it marks the day done. A second
/// Server process, or this one restarted, finds the day leased or done and starts nothing; a holder that died lets its
/// lease expire and another process finishes the day (starts are idempotent per tenant and day). Every fault is logged
/// and retried with backoff: it never stops the host.
/// </summary>
internal sealed partial class NightlyScheduler(
    NightlyDayStarter starter,
    NightlyLeaseStore leases,
    IOptions<NightlySchedulerOptions> options,
    TimeProvider time,
    ILogger<NightlyScheduler> logger) : BackgroundService
{
    internal static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    /// <summary>Longest single wait; a cron that fires rarely is looked at again after it.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(1);

    private readonly string _owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.SchedulerEnabled)
        {
            return;
        }

        var cron = settings.ParseCron();
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var now = time.GetUtcNow();
                if (IsDueToday(cron, now))
                {
                    await RunDayAsync(now, stoppingToken);
                }

                failures = 0;
                wait = UntilNext(cron, time.GetUtcNow());
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                failures++;
                wait = Backoff(failures);
                LogFailed(ex, ActivityErrorClassifier.Classify(ex), failures, wait);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>True when an occurrence of the schedule lies between the start of today (UTC) and now.</summary>
    internal static bool IsDueToday(CronExpression cron, DateTimeOffset now) =>
        cron.GetPreviousOccurrence(now.UtcDateTime, inclusive: true) is { } previous && previous.Date == now.UtcDateTime.Date;

    private static TimeSpan UntilNext(CronExpression cron, DateTimeOffset now)
    {
        var next = cron.GetNextOccurrence(now.UtcDateTime);
        var wait = next is { } at ? at - now.UtcDateTime : MaxWait;
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxWait ? MaxWait : wait;
    }

    private static TimeSpan Backoff(int failures) =>
        TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << Math.Min(failures - 1, 20)));

    private async Task RunDayAsync(DateTimeOffset now, CancellationToken stoppingToken)
    {
        var runDate = NightlyIds.RunDate(now);
        if (await leases.TryAcquireDayAsync(runDate, _owner, LeaseDuration, stoppingToken) is not { } lease)
        {
            LogNotMine(runDate);
            return;
        }

        NightlyDayResult result;
        using (var lost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
        using (var stopRenewing = new CancellationTokenSource())
        {
            var renewing = KeepRenewedAsync(lease, lost, stopRenewing.Token);
            try
            {
                result = await starter.StartDayAsync(now, lost.Token);
            }
            finally
            {
                await stopRenewing.CancelAsync();
                await renewing;
            }
        }

        if (result.Failed > 0)
        {
            throw new NightlyDayIncompleteException(result);
        }

        if (!await leases.CompleteDayAsync(lease, stoppingToken))
        {
            LogLeaseLost(runDate);
        }
    }

    /// <summary>Renews the lease until <paramref name="stop"/>; when another process took it, cancels <paramref name="lost"/>.</summary>
    private async Task KeepRenewedAsync(DayLeaseEntity lease, CancellationTokenSource lost, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(LeaseDuration / 3, time, stop);
                if (!await leases.RenewDayAsync(lease, LeaseDuration, stop))
                {
                    LogLeaseLost(lease.RowKey);
                    await lost.CancelAsync();
                    return;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogRenewFailed(ex, lease.RowKey, ActivityErrorClassifier.Classify(ex));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Nightly scheduler failed ({ErrorClass}, {Failures} in a row); it tries again in {Backoff}")]
    private partial void LogFailed(Exception exception, Core.Domain.ErrorClass errorClass, int failures, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Information, Message = "Nightly runs of {RunDate}: done or being started by another process")]
    private partial void LogNotMine(string runDate);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nightly runs of {RunDate}: the day's lease was taken over by another process")]
    private partial void LogLeaseLost(string runDate);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nightly runs of {RunDate}: renewing the day's lease failed ({ErrorClass}); trying again")]
    private partial void LogRenewFailed(Exception exception, string runDate, Core.Domain.ErrorClass errorClass);
}

/// <summary>A day some of whose tenants' runs could not be started (each logged); the scheduler tries the day again.</summary>
internal sealed class NightlyDayIncompleteException(NightlyDayResult result)
    : Exception($"Nightly runs of {result.RunDate}: {result.Failed} tenant(s) could not be started ({result.Started} started).");
