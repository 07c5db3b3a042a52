using CatalogForge.Core.Jobs;
using CatalogForge.Core.Orchestration;
using Microsoft.Extensions.Options;

namespace CatalogForge.Server.Recovery;

/// <summary>
/// The Server's recovery of jobs written but never started (a crash between writing a job, or claiming its retry round,
/// and starting its orchestration): Core's <see cref="PendingJobSweeper"/> once at start for every Pending job, then on
/// a timer for those Pending longer than <see cref="PendingJobSweepOptions.MinAge"/>; each time also the items of job
/// writes abandoned half-way (<see cref="AbandonedJobWriteSweeper"/>). Starting is idempotent, so
/// several Server processes sweeping the same jobs start each once. A failed sweep is logged and the timer goes on.
/// </summary>
internal sealed partial class PendingJobSweepService(
    PendingJobSweeper sweeper,
    AbandonedJobWriteSweeper abandonedWrites,
    IOptions<PendingJobSweepOptions> options,
    TimeProvider time,
    ILogger<PendingJobSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        await SweepAsync(TimeSpan.Zero, stoppingToken);
        using var timer = new PeriodicTimer(settings.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await SweepAsync(settings.MinAge, stoppingToken);
        }
    }

    private async Task SweepAsync(TimeSpan minAge, CancellationToken stoppingToken)
    {
        try
        {
            await sweeper.SweepAsync(minAge, stoppingToken);
            await abandonedWrites.SweepAsync(options.Value.AbandonedWriteAge, stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogSweepFailed(ex, ActivityErrorClassifier.Classify(ex));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Pending-job sweep failed ({ErrorClass}); the next one tries again")]
    private partial void LogSweepFailed(Exception exception, Core.Domain.ErrorClass errorClass);
}
