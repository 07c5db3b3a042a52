namespace CatalogForge.Core.Storage;

/// <summary>
/// Every table, container and queue CatalogForge uses. <see cref="StorageInitializer"/> creates them on
/// Azurite; infra/ declares them in Azure. Keys inside them always start with the tenant.
/// </summary>
public static class StorageNames
{
    public static class Tables
    {
        public const string Tenants = "Tenants";
        public const string ApiKeys = "ApiKeys";
        public const string Jobs = "Jobs";
        public const string JobItems = "JobItems";
        public const string Products = "Products";
        public const string Embeddings = "Embeddings";
        public const string Usage = "Usage";
        public const string JobIdempotency = "JobIdempotency";

        // The AI core's: daily budgets, the pay-once request cache, circuit breaker state shared by every host.
        public const string Budgets = "Budgets";
        public const string AiCache = "AiCache";
        public const string CircuitBreakers = "CircuitBreakers";

        /// <summary>One row per tenant and kind of data whose ETag changes when that data changes (see <c>ProductCatalogVersion</c>).</summary>
        public const string CatalogVersions = "CatalogVersions";

        /// <summary>Per tenant: the brand profile the perception probes ask about.</summary>
        public const string BrandProfiles = "BrandProfiles";

        /// <summary>Per tenant: the webhooks alerts are delivered to (URL and signing secret).</summary>
        public const string Webhooks = "Webhooks";

        // The nightly run's: one row per run, the snapshot pointer and snapshot rows, the alerts raised.
        public const string NightlyRuns = "NightlyRuns";
        public const string NightlySnapshots = "NightlySnapshots";
        public const string NightlyAlerts = "NightlyAlerts";

        /// <summary>Who may start nightly runs: the Server scheduler's row per day, a tenant's on-demand run in progress.</summary>
        public const string NightlyLeases = "NightlyLeases";

        public static readonly IReadOnlyList<string> All =
            [Tenants, ApiKeys, Jobs, JobItems, JobIdempotency, Products, Embeddings, Usage, Budgets, AiCache, CircuitBreakers,
             CatalogVersions, BrandProfiles, Webhooks, NightlyRuns, NightlySnapshots, NightlyAlerts, NightlyLeases];
    }

    public static class Containers
    {
        /// <summary><c>products/{tenantId}/{productId}/content.json|image.png|raw-*.txt</c></summary>
        public const string Products = "products";

        /// <summary><c>ingest/{tenantId}/…</c>: files dropped for queue ingestion.</summary>
        public const string Ingest = "ingest";

        /// <summary><c>ai-cache/{tenantId}/{requestHash}</c>: cached model results too large for a table row (images).</summary>
        public const string AiCache = "ai-cache";

        /// <summary><c>nightly/{tenantId}/{snapshotId}/similar.json|duplicates.json|state.json|insights.json</c>: a nightly snapshot.</summary>
        public const string Nightly = "nightly";

        public static readonly IReadOnlyList<string> All = [Products, Ingest, AiCache, Nightly];
    }

    public static class Queues
    {
        public const string Ingest = "ingest";
        public const string IngestPoison = "ingest-poison";

        /// <summary>Alert messages (<c>AlertMessage</c>) to deliver to the tenant's webhooks; poison in <see cref="AlertsPoison"/>.</summary>
        public const string Alerts = "alerts";
        public const string AlertsPoison = "alerts-poison";

        public static readonly IReadOnlyList<string> All = [Ingest, IngestPoison, Alerts, AlertsPoison];
    }
}
