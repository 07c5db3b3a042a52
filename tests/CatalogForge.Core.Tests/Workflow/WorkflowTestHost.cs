using Azure.Data.Tables;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Workflow;
using CatalogForge.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Tests.Workflow;

/// <summary>A generic host with the embedded engine on the shared Azurite, all test workflows registered and the test's probe.</summary>
public sealed class WorkflowTestHost : IAsyncDisposable
{
    private bool _stopped;

    private WorkflowTestHost(IHost host, TestLogSink logs)
    {
        Host = host;
        Logs = logs;
    }

    public IHost Host { get; }

    public TestLogSink Logs { get; }

    public IWorkflowEngine Engine => Host.Services.GetRequiredService<IWorkflowEngine>();

    internal WorkflowHistoryStore History => Host.Services.GetRequiredService<WorkflowHistoryStore>();

    internal WorkflowEngineLifetime Lifetime => Host.Services.GetRequiredService<WorkflowEngineLifetime>();

    public static string NewInstanceId(string test) => $"{test}-{Guid.NewGuid():N}";

    public static async Task<TableServiceClient> TablesAsync(AzuriteFixture azurite)
    {
        var tables = new TableServiceClient(azurite.ConnectionString);
        await tables.CreateTableIfNotExistsAsync(StorageNames.Tables.WorkflowInstances, TestContext.Current.CancellationToken);
        await tables.CreateTableIfNotExistsAsync(StorageNames.Tables.WorkflowHistory, TestContext.Current.CancellationToken);
        return tables;
    }

    /// <summary>Builds and starts a host. Defaults: no resume on start (tests opt in), 32 concurrent activities.</summary>
    public static async Task<WorkflowTestHost> StartAsync(
        AzuriteFixture azurite,
        ActivityProbe probe,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null)
    {
        var tables = await TablesAsync(azurite);
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var config = new Dictionary<string, string?> { ["Workflow:ResumeOnStart"] = "false" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(config);
        var logs = new TestLogSink(TestContext.Current.TestOutputHelper);
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Services.AddSingleton(tables);
        builder.Services.AddSingleton(probe);
        configure?.Invoke(builder.Services);
        builder.Services.AddWorkflowEngine(builder.Configuration).AddTestWorkflows();

        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new WorkflowTestHost(host, logs);
    }

    public async Task StopAsync()
    {
        _stopped = true;
        await Host.StopAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await Host.StopAsync(CancellationToken.None);
        }

        if (Host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        else
        {
            Host.Dispose();
        }
    }
}
