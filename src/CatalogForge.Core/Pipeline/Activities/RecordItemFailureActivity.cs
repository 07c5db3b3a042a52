using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage.Entities;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Pipeline.Activities;

/// <summary>
/// Records a failed item with its error class, the class's message for people (<see cref="FailureMessages"/>) and the
/// step that failed; the job goes on. The raw detail goes to the log.
/// </summary>
public sealed class RecordItemFailureActivity(JobItemWriter items, ILogger<RecordItemFailureActivity> logger)
    : Orchestration.IActivity<ItemFailure, ItemResult>
{
    public static string Name => "RecordItemFailure";

    public async Task<ItemResult> RunAsync(ItemFailure failure, CancellationToken cancellationToken)
    {
        var job = failure.Item.Job;
        logger.LogWarning("Item {Index} of job {JobId} (tenant {TenantId}) failed in {Step} with {ErrorClass}: {Message}",
            failure.Item.Index, job.JobId, job.TenantId, failure.Step, failure.ErrorClass, failure.Message);
        var row = await items.ReadAsync(job, failure.Item.Index, cancellationToken);
        await items.FinishAsync(job, row, failure.CostSoFar, r =>
        {
            r.ItemStatus = ItemStatus.Failed;
            r.ErrorClass = failure.ErrorClass.ToString();
            // The raw detail was logged above; the API shows the class's own sentence.
            var message = FailureMessages.ForItem(failure.ErrorClass, failure.Message);
            r.ErrorMessage = message.Length <= 1000 ? message : message[..1000];
            // A row rejected at ingestion keeps that step: it marks an input a retry cannot mend.
            r.FailedStep = r.FailedStep == JobItemEntity.RejectedStep ? r.FailedStep : failure.Step;
        }, cancellationToken);
        Telemetry.CatalogForgeMetrics.ItemFinished(job.TenantId, nameof(ItemStatus.Failed), failure.ErrorClass.ToString());
        return new ItemResult(failure.Item.Index, ItemStatus.Failed, failure.CostSoFar);
    }
}
