using Azure;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Ingestion;
using CatalogForge.Core.Orchestration;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Server.Tests.Ingestion;

/// <summary>
/// Starting a job's orchestration fails in the Durable Task Azure Storage provider (its own, internal
/// <c>DurableTaskStorageException</c>, made here by reflection as the provider makes it): a transient storage failure, so
/// the message is retried with error class Storage, not Unknown, and poison only after Ingestion:MaxDequeueCount deliveries.
/// </summary>
public sealed class IngestStartFailureTests(AzuriteFixture azurite)
{
    private static readonly Type StorageExceptionType = Type.GetType(
        "DurableTask.AzureStorage.Storage.DurableTaskStorageException, DurableTask.AzureStorage", throwOnError: true)!;

    public static TheoryData<string> Failures => ["request failed", "message only"];

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_storage_failure_while_starting_the_orchestration_is_retried_as_Storage(string failure)
    {
        var ct = TestContext.Current.CancellationToken;
        var error = (Exception)Activator.CreateInstance(StorageExceptionType, failure == "request failed"
            ? [new RequestFailedException(503, "The server is busy.", "ServerBusy", null)]
            : ["The history table query to determine the blob storage URL failed."])!;
        await using var env = await ServerTestEnvironment.StartAsync(azurite,
            settings: new Dictionary<string, string?> { ["Ingestion:ListenerEnabled"] = "false", ["Ingestion:MaxDequeueCount"] = "2" },
            configureTestServices: services => services.AddSingleton<IWorkflowClient>(new FailingStarts(error)));
        var (tenant, _) = await env.CreateTenantClientAsync("start-fails");
        var message = await IngestQueues.SignAsync(env, tenant.TenantId,
            IngestQueues.Message(tenant.TenantId, "enrich", "start-fails-1", "\"items\":[{\"sku\":\"F-1\",\"name\":\"Fan\"}]"));
        var handler = env.Server.Services.GetRequiredService<IngestMessageHandler>();

        var first = await handler.HandleAsync(message, 1, null, ct);
        var last = await handler.HandleAsync(message, 2, null, ct);

        Assert.Equal((IngestOutcomeKind.Retry, ErrorClass.Storage), (first.Kind, first.ErrorClass));
        Assert.Contains(failure == "request failed" ? "(503 ServerBusy)" : "the orchestration store failed", first.Reason, StringComparison.Ordinal);
        Assert.Equal((IngestOutcomeKind.Poison, ErrorClass.Storage), (last.Kind, last.ErrorClass));
    }

    private sealed class FailingStarts(Exception error) : IWorkflowClient
    {
        public Task StartAsync(string workflowName, string instanceId, object input, CancellationToken ct = default) => Task.FromException(error);

        public Task<WorkflowInstanceInfo?> GetAsync(string instanceId, CancellationToken ct = default) => Task.FromResult<WorkflowInstanceInfo?>(null);

        public Task RaiseCancelAsync(string instanceId, CancellationToken ct = default) => Task.CompletedTask;

        public Task<WorkflowInstanceInfo> WaitForCompletionAsync(string instanceId, TimeSpan timeout, CancellationToken ct = default) =>
            throw new NotSupportedException("No workflow runs in this test.");
    }
}
