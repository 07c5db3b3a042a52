using CatalogForge.Core.Ai;
using CatalogForge.Core.Alerts;
using CatalogForge.Core.Health;
using CatalogForge.Core.Ingestion;
using CatalogForge.Core.Intelligence.Nightly;
using CatalogForge.Core.Jobs;
using CatalogForge.Core.Pipeline;
using CatalogForge.Core.Pipeline.Activities;
using CatalogForge.Core.Pipeline.Workflows;
using CatalogForge.Core.Perception;
using CatalogForge.Core.Products;
using CatalogForge.Core.Search;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Tenancy;
using CatalogForge.Core.Orchestration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CatalogForge.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// Everything a host needs but the orchestration engine: storage clients, the AI gateway, the product pipeline's
    /// orchestrations and activities (<see cref="OrchestrationCatalog"/>), the job/product/tenant services and readiness
    /// checks. The host adds the engine and its <see cref="IWorkflowClient"/>: the Server the Durable Task Framework,
    /// the Functions app Durable Functions.
    /// </summary>
    public static IHostApplicationBuilder AddCatalogForgeCore(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddSingleton(TimeProvider.System);
        services.AddCatalogForgeStorage(configuration);
        services.AddCatalogForgeAi(configuration);
        services.AddOptions<JobLimits>().Bind(configuration.GetSection(JobLimits.Section)).ValidateDataAnnotations()
            .Validate(o => o.MaxQueuedItemsPerTenant >= o.MaxItemsPerJob,
                "Jobs:MaxQueuedItemsPerTenant must be at least Jobs:MaxItemsPerJob, or no full job could ever be queued.")
            .ValidateOnStart();

        services.AddSingleton<ITenantDirectory, TenantDirectory>();
        services.AddSingleton<IApiKeyDirectory, ApiKeyDirectory>();
        services.AddSingleton<JobRequestValidator>();
        services.AddSingleton<JobRepository>();
        services.AddOptions<ContinuationTokenOptions>().Bind(configuration.GetSection(ContinuationTokenOptions.Section))
            .Validate(o => o.IsValid, $"Api:ContinuationTokenKey must be at least {ContinuationTokenOptions.MinKeyLength} characters, or unset for a per-process key.")
            .ValidateOnStart();
        services.AddSingleton<ContinuationTokens>();
        services.AddSingleton<SignedTablePages>();
        services.AddSingleton<JobQueries>();
        services.AddSingleton<JobItemCounter>();
        services.AddSingleton<JobItemWriter>();
        services.AddSingleton<IJobRunner, ProductJobRunner>();
        services.AddSingleton<JobService>();
        services.AddSingleton<IJobService>(sp => sp.GetRequiredService<JobService>());
        services.AddSingleton<ProductQueries>();
        services.AddSingleton<ProductCatalogVersion>();
        services.AddSingleton<ICatalogVersionSource>(sp => sp.GetRequiredService<ProductCatalogVersion>());
        services.AddSingleton<IProductService, ProductService>();
        services.AddCatalogForgeIngestion(configuration);
        services.AddCatalogForgeSearch(configuration);
        services.AddCatalogForgePerception();
        services.AddCatalogForgeAlerts(configuration);

        services.AddOrchestrations(catalog => catalog
            .AddWorkflow<ProductJobWorkflow, JobRef, JobSummary>()
            .AddWorkflow<ProductChunkWorkflow, ChunkInput, ChunkResult>()
            .AddActivity<StartJobActivity, JobRef, JobPlan>()
            .AddActivity<GenerateContentActivity, ItemRef, ContentRef>()
            .AddActivity<EmbedProductActivity, ContentRef, EmbeddingRef>()
            .AddActivity<RenderImageActivity, ContentRef, ImageRef>()
            .AddActivity<SaveProductActivity, SaveProductInput, ItemResult>()
            .AddActivity<RecordItemFailureActivity, ItemFailure, ItemResult>()
            .AddActivity<CancelItemsActivity, CancelItemsInput, int>()
            .AddActivity<ListRetryItemsActivity, ItemRangeInput, int[]>()
            .AddActivity<UpdateJobProgressActivity, JobProgressInput, bool>()
            .AddActivity<CompleteJobActivity, CompleteJobInput, JobSummary>()
            .AddActivity<FailJobActivity, FailJobInput, bool>());
        services.AddSingleton<PendingJobSweeper>();
        services.AddCatalogForgeNightly(configuration);
        services.AddCatalogForgeNightlyReads();

        services.AddHttpClient(AiEndpointHealthCheck.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(5));
        services.AddHealthChecks()
            .AddCheck<TablesHealthCheck>("tables", tags: ["ready"])
            .AddCheck<BlobsHealthCheck>("blobs", tags: ["ready"])
            .AddCheck<QueuesHealthCheck>("queues", tags: ["ready"])
            .AddCheck<AiEndpointHealthCheck>("ai", tags: ["ready"]);
        return builder;
    }
}
