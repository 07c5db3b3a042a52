using System.Text.Json;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;
using CatalogForge.Core.Orchestration;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Pipeline.Activities;

/// <summary>
/// When the job's own bookkeeping fails (not an item), the job ends <c>Failed</c> with the reason, never stuck Running.
/// This is the job's last step, so it outlasts a short storage outage itself (<see cref="Backoff"/>); should it still
/// fail, the workflow ends and the pending-job sweep settles the job (<see cref="PendingJobSweeper"/>).
/// </summary>
public sealed class FailJobActivity(JobRepository jobs, TimeProvider time, ILogger<FailJobActivity> logger) : IActivity<FailJobInput, bool>
{
    /// <summary>Waits between attempts on a storage or network failure: some 30 s in all.</summary>
    public static readonly TimeSpan[] Backoff =
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(16)];

    public static string Name => "FailJob";

    public async Task<bool> RunAsync(FailJobInput input, CancellationToken cancellationToken)
    {
        logger.LogError("Job {JobId} of tenant {TenantId} failed with {ErrorClass}: {Message}",
            input.Job.JobId, input.Job.TenantId, input.ErrorClass, input.Message);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await MarkFailedAsync(input, cancellationToken);
                Telemetry.CatalogForgeMetrics.JobEntered(input.Job.TenantId, nameof(JobStatus.Failed));
                return true;
            }
            catch (Exception ex) when (attempt < Backoff.Length && IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Job {JobId} of tenant {TenantId}: recording its failure failed ({ErrorClass}); attempt {Attempt} of {Attempts} in {Delay}",
                    input.Job.JobId, input.Job.TenantId, ActivityErrorClassifier.Classify(ex), attempt + 2, Backoff.Length + 1, Backoff[attempt]);
                await Task.Delay(Backoff[attempt], time, cancellationToken);
            }
        }
    }

    private Task MarkFailedAsync(FailJobInput input, CancellationToken cancellationToken) =>
        jobs.UpdateAsync(input.Job.TenantId, input.Job.JobId, r =>
        {
            r.JobStatus = JobStatus.Failed;
            r.ErrorsJson = JsonSerializer.Serialize(
                new[] { new ErrorSummary(input.ErrorClass, 1, FailureMessages.ForJob(input.ErrorClass, input.Message)) }, CatalogJson.Options);
            r.CompletedAt = time.GetUtcNow();
            return true;
        }, cancellationToken);

    // A missing job row (404) does not come back by waiting.
    private static bool IsTransient(Exception ex) =>
        ex is not Azure.RequestFailedException { Status: 404 }
        && ActivityErrorClassifier.Classify(ex) is ErrorClass.Storage or ErrorClass.Timeout or ErrorClass.Network;
}
