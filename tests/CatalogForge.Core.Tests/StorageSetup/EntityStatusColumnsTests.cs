using Azure.Data.Tables;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage.Entities;
using CatalogForge.Testing;

namespace CatalogForge.Core.Tests.StorageSetup;

/// <summary>The typed status, kind and priority accessors write the same string columns as ever, and no column of their own.</summary>
public sealed class EntityStatusColumnsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Typed_accessors_store_enum_names_in_the_existing_columns_only()
    {
        var ct = TestContext.Current.CancellationToken;
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient("EntityColumns" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync(ct);
        var job = new JobEntity
        {
            PartitionKey = "t", RowKey = "job", JobKind = JobKind.Enrich, JobStatus = JobStatus.CompletedWithErrors, JobPriority = JobPriority.Low,
        };
        var item = new JobItemEntity { PartitionKey = "t", RowKey = JobItemEntity.RowKeyFor(7), ItemStatus = ItemStatus.Cancelled };
        await table.AddEntityAsync(job, ct);
        await table.AddEntityAsync(item, ct);

        var storedJob = (await table.GetEntityAsync<TableEntity>("t", "job", cancellationToken: ct)).Value;
        var storedItem = (await table.GetEntityAsync<TableEntity>("t", "000007", cancellationToken: ct)).Value;
        Assert.Equal(("Enrich", "CompletedWithErrors", "Low"),
            (storedJob.GetString("Kind"), storedJob.GetString("Status"), storedJob.GetString("Priority")));
        Assert.Equal("Cancelled", storedItem.GetString("Status"));
        Assert.DoesNotContain(storedJob.Keys, key => key is "JobKind" or "JobStatus" or "JobPriority");
        Assert.DoesNotContain(storedItem.Keys, key => key is "ItemStatus");

        var readJob = (await table.GetEntityAsync<JobEntity>("t", "job", cancellationToken: ct)).Value;
        Assert.Equal((JobKind.Enrich, JobStatus.CompletedWithErrors, JobPriority.Low), (readJob.JobKind, readJob.JobStatus, readJob.JobPriority));
        await table.DeleteAsync(ct);
    }
}
