using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CatalogForge.Api.Endpoints;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;
using CatalogForge.Core.Pipeline;
using CatalogForge.Core.Storage.Entities;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Server.Tests.Apis;

/// <summary>
/// What a job request may hold and how it is written: text in any script stored as it is, items measured in their stored
/// form, control characters and unknown fields refused, an idempotency key bound to its first request's content.
/// </summary>
public sealed class JobsApiInputTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Japanese_item_at_the_field_limits_is_accepted_and_stored_unescaped()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite, settings: new Dictionary<string, string?>
        {
            ["Jobs:MaxFieldLength"] = "4000",
        });
        var (tenant, client) = await env.CreateTenantClientAsync("japanese");
        var brief = string.Concat(Enumerable.Repeat("日本語の説明文<&>", 400))[..3997];
        var keywords = Enumerable.Range(0, 50).Select(i => new string((char)('あ' + i % 80), 200)).ToArray();
        var body = JsonSerializer.Serialize(new
        {
            kind = "generate",
            items = new[] { new { productType = "電子書籍", brief, keywords } },
            options = new { images = false },
        });

        var accepted = await client.SubmitJobAsync(body, ct);

        var item = Assert.Single(await env.Storage.JobItemsAsync(tenant.TenantId, ct));
        var stored = item.GetString(nameof(JobItemEntity.InputJson));
        Assert.Contains(brief, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", stored, StringComparison.Ordinal);
        Assert.Equal(brief, JsonSerializer.Deserialize<ProductBrief>(stored, CatalogJson.Options)!.Brief);
        Assert.Single(await env.Storage.JobsAsync(tenant.TenantId, ct));
        Assert.Equal(accepted.JobId, (await client.GetJobAsync(accepted.JobId, ct)).JobId);
    }

    [Fact]
    public async Task Item_too_large_to_store_is_400_naming_it_and_writes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite, settings: new Dictionary<string, string?>
        {
            ["Jobs:MaxItemsPerJob"] = "150",
            ["Jobs:MaxFieldLength"] = "40000", // each field within its own limit; item 119 as a whole is not
        });
        var (tenant, client) = await env.CreateTenantClientAsync("too-large-item");
        var items = Enumerable.Range(0, 150).Select(i => new
        {
            sku = $"SKU-{i}",
            name = $"Product {i}",
            description = i == 119 ? new string('x', JobLimits.MaxStoredItemChars) : "A small row.",
        });
        var body = JsonSerializer.Serialize(new { kind = "enrich", items, idempotencyKey = "large-120" });

        using var response = await client.PostJobAsync(body, ct);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest, ct);
        var error = Assert.Single(problem.Errors);
        Assert.Equal("items[119]", error.Key);
        Assert.Contains($"{JobLimits.MaxStoredItemChars}", Assert.Single(error.Value), StringComparison.Ordinal);
        Assert.Empty(await env.Storage.JobsAsync(tenant.TenantId, ct));
        Assert.Empty(await env.Storage.JobItemsAsync(tenant.TenantId, ct));
    }

    [Fact]
    public async Task Same_key_with_other_content_is_409_with_the_job_id_and_the_same_content_is_200()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (tenant, client) = await env.CreateTenantClientAsync("key-conflict");
        var first = Payloads.Generate(2, salt: "first", images: false, idempotencyKey: "order-7");
        var other = Payloads.Generate(2, salt: "other", images: false, idempotencyKey: "order-7");

        var accepted = await client.SubmitJobAsync(first, ct);
        using var conflict = await client.PostJobAsync(other, ct);
        var problem = await Problem.ReadAsync(conflict, HttpStatusCode.Conflict, ct);
        using var again = await client.PostJobAsync(first, ct);

        Assert.Equal(JobsApi.IdempotencyConflictTitle, problem.Title);
        Assert.Equal(accepted.JobId, problem.Body.GetProperty("jobId").GetString());
        await ApiCalls.EnsureStatusAsync(again, HttpStatusCode.OK, ct);
        Assert.Equal(accepted.JobId, (await again.Content.ReadFromJsonAsync<JobAccepted>(ApiCalls.Json, ct))!.JobId);
        Assert.Single(await env.Storage.JobsAsync(tenant.TenantId, ct));
        Assert.All(await env.Storage.JobItemsAsync(tenant.TenantId, ct),
            item => Assert.Contains("(first)", item.GetString(nameof(JobItemEntity.InputJson)), StringComparison.Ordinal));
        await client.WaitForJobAsync(accepted.JobId, ct);
    }

    /// <summary>
    /// The state a failure between the items and the job row leaves: the key claimed, some items written, no job row.
    /// Those items are not visible, other content under the key is refused, and the same content finishes the job.
    /// </summary>
    [Fact]
    public async Task Items_written_before_a_failure_stay_invisible_and_only_the_same_content_finishes_the_job()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (tenant, client) = await env.CreateTenantClientAsync("half-written");
        var first = Payloads.Generate(3, salt: "first", images: false, idempotencyKey: "half-1");
        var other = Payloads.Generate(3, salt: "other", images: false, idempotencyKey: "half-1");
        var services = env.Server.Services;
        var (job, _) = services.GetRequiredService<JobRequestValidator>()
            .Validate(JsonSerializer.Deserialize<SubmitJobRequest>(first, CatalogJson.Options)!);
        var jobId = JobIds.New(DateTimeOffset.UtcNow);
        var repository = services.GetRequiredService<JobRepository>();
        await repository.ClaimIdempotencyKeyAsync(tenant.TenantId, "half-1", jobId, job!.ContentHash(), ct);
        var partial = job with { ItemsJson = job.ItemsJson.Take(2).ToList() };
        var orphanRow = JobRepository.NewRow(tenant.TenantId, jobId, job.Kind, job.Priority, job.Images, job.Language, "half-1", 3, DateTimeOffset.UtcNow);
        var orphans = partial.ItemsJson.Select((json, index) => new JobItemEntity
        {
            PartitionKey = JobItemEntity.PartitionFor(tenant.TenantId, jobId),
            RowKey = JobItemEntity.RowKeyFor(index),
            Index = index,
            ItemStatus = ItemStatus.Pending,
            InputJson = json,
            UpdatedAt = orphanRow.CreatedAt,
        }).ToList();
        foreach (var orphan in orphans)
        {
            await new Azure.Data.Tables.TableClient(azurite.ConnectionString, Core.Storage.StorageNames.Tables.JobItems).AddEntityAsync(orphan, ct);
        }

        using var items = await client.GetAsync($"/api/jobs/{jobId}/items", ct);
        using var conflict = await client.PostJobAsync(other, ct);
        var problem = await Problem.ReadAsync(conflict, HttpStatusCode.Conflict, ct);
        var finished = await client.SubmitJobAsync(first, ct);

        Assert.Equal(HttpStatusCode.NotFound, items.StatusCode);
        Assert.Equal(jobId, problem.Body.GetProperty("jobId").GetString());
        Assert.Equal(jobId, finished.JobId);
        var stored = await env.Storage.JobItemsAsync(tenant.TenantId, ct);
        Assert.Equal(job.ItemsJson, stored.OrderBy(i => i.RowKey, StringComparer.Ordinal).Select(i => i.GetString(nameof(JobItemEntity.InputJson))));
        await client.WaitForJobAsync(jobId, ct);
    }

    [Fact]
    public async Task Same_key_for_a_job_whose_start_failed_starts_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var runner = new FailFirstStart();
        await using var env = await ServerTestEnvironment.StartAsync(azurite, configureTestServices: services =>
        {
            services.AddSingleton(sp => runner.Wrap(ActivatorUtilities.CreateInstance<ProductJobRunner>(sp)));
            services.AddSingleton<IJobRunner>(sp => sp.GetRequiredService<FailFirstStart>());
        });
        var (_, client) = await env.CreateTenantClientAsync("pending-start");
        var body = Payloads.Generate(1, salt: Guid.NewGuid().ToString("N"), images: false, idempotencyKey: "start-me");

        using var failed = await client.PostJobAsync(body, ct);
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        using var again = await client.PostJobAsync(body, ct);

        await ApiCalls.EnsureStatusAsync(again, HttpStatusCode.OK, ct);
        var accepted = (await again.Content.ReadFromJsonAsync<JobAccepted>(ApiCalls.Json, ct))!;
        Assert.Equal(JobStatus.Pending, accepted.Status);
        var done = await client.WaitForJobAsync(accepted.JobId, ct);
        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.Equal(2, runner.Starts);
    }

    /// <summary>Accepted before, silently: control characters in text, and fields the request does not have (typos).</summary>
    public static TheoryData<string, string, string> Refused => new()
    {
        { """{"kind":"generate","items":[{"productType":"ebook","brief":"A guide\u0000 to knots."}]}""", "items[0].brief", "control characters" },
        { """{"kind":"generate","items":[{"productType":"ebook","brief":"A guide to knots.","keywords":["ok","b\u0007ell"]}]}""", "items[0].keywords[1]", "control characters" },
        { """{"kind":"generate","items":[{"productType":"ebook\u001b","brief":"A guide to knots."}]}""", "items[0].productType", "control characters" },
        { """{"kind":"enrich","items":[{"sku":"S1","name":"Shoe","attributes":{"color":"red\u0085"}}]}""", "items[0].attributes.color", "control characters" },
        { """{"kind":"generate","items":[{"productType":"ebook","brief":"A guide to knots."}],"idempotencyKey":"k\u0000"}""", "idempotencyKey", "control characters" },
        { """{"kind":"generate","items":[{"productType":"ebook","brief":"A guide to knots."}],"options":{"prority":"high"}}""", "options.prority", "Unknown field" },
        { """{"kind":"generate","items":[{"productType":"ebook","brief":"A guide to knots."}],"idempotencyKy":"k1"}""", "idempotencyKy", "Unknown field" },
        { """{"kind":"generate","items":[{"productType":"ebook","brief":"A guide to knots.","breif":"typo"}]}""", "items[0].breif", "Unknown field" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Control_characters_and_unknown_fields_are_400_naming_the_field_and_write_nothing(string body, string field, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (tenant, client) = await env.CreateTenantClientAsync("refused");

        using var response = await client.PostJobAsync(body, ct);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest, ct);
        Assert.Contains(expected, Assert.Single(Assert.Contains(field, problem.Errors)), StringComparison.Ordinal);
        foreach (var leak in new[] { "CatalogForge", "System.", "JsonException", ".NET", "   at " })
        {
            Assert.DoesNotContain(leak, problem.Raw, StringComparison.Ordinal);
        }

        Assert.Empty(await env.Storage.JobsAsync(tenant.TenantId, ct));
        Assert.Empty(await env.Storage.JobItemsAsync(tenant.TenantId, ct));
    }

    [Fact]
    public async Task Continuation_token_is_valid_only_for_its_tenant_route_and_filter()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (_, client) = await env.CreateTenantClientAsync("token-owner");
        var (_, stranger) = await env.CreateTenantClientAsync("token-stranger");
        var job = await client.SubmitJobAsync(Payloads.Generate(3, salt: Guid.NewGuid().ToString("N"), images: false), ct);
        var other = await client.SubmitJobAsync(Payloads.Generate(3, salt: Guid.NewGuid().ToString("N"), images: false), ct);
        await stranger.SubmitJobAsync(Payloads.Generate(1, salt: Guid.NewGuid().ToString("N"), images: false), ct);
        await stranger.SubmitJobAsync(Payloads.Generate(1, salt: Guid.NewGuid().ToString("N"), images: false), ct);

        var jobsToken = (await client.ListJobsAsync("?pageSize=1", ct)).ContinuationToken!;
        var itemsPage = await client.GetFromJsonAsync<Page<JobItemView>>($"/api/jobs/{job.JobId}/items?pageSize=1", ApiCalls.Json, ct);
        var itemsToken = itemsPage!.ContinuationToken!;
        var tampered = itemsToken[..^2] + (itemsToken[^2] == 'A' ? "B" : "A") + itemsToken[^1];

        // The token's own request pages on.
        Assert.Single((await client.ListJobsAsync($"?pageSize=1&continuationToken={Uri.EscapeDataString(jobsToken)}", ct)).Items);
        using var next = await client.GetAsync($"/api/jobs/{job.JobId}/items?pageSize=1&continuationToken={Uri.EscapeDataString(itemsToken)}", ct);
        await ApiCalls.EnsureStatusAsync(next, HttpStatusCode.OK, ct);

        foreach (var (caller, url) in new[]
        {
            (stranger, $"/api/jobs?pageSize=1&continuationToken={Uri.EscapeDataString(jobsToken)}"),
            (client, $"/api/jobs?pageSize=1&status=Running&continuationToken={Uri.EscapeDataString(jobsToken)}"),
            (client, $"/api/jobs/{other.JobId}/items?pageSize=1&continuationToken={Uri.EscapeDataString(itemsToken)}"),
            (client, $"/api/jobs/{job.JobId}/items?pageSize=1&status=Pending&continuationToken={Uri.EscapeDataString(itemsToken)}"),
            (client, $"/api/jobs/{job.JobId}/items?pageSize=1&continuationToken={Uri.EscapeDataString(tampered)}"),
        })
        {
            using var response = await caller.GetAsync(url, ct);
            var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest, ct);
            Assert.Contains("continuation token", problem.Detail, StringComparison.OrdinalIgnoreCase);
        }

        await client.WaitForJobAsync(job.JobId, ct);
        await client.WaitForJobAsync(other.JobId, ct);
    }

    /// <summary>An <see cref="IJobRunner"/> whose first start fails, as a storage outage between writing and starting would.</summary>
    private sealed class FailFirstStart : IJobRunner
    {
        private IJobRunner? _inner;
        private int _starts;

        public int Starts => Volatile.Read(ref _starts);

        public FailFirstStart Wrap(IJobRunner inner)
        {
            _inner = inner;
            return this;
        }

        public Task StartAsync(string tenantId, string jobId, JobPriority priority, int round, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _starts) == 1
                ? throw new InvalidOperationException("The first start fails (test double).")
                : _inner!.StartAsync(tenantId, jobId, priority, round, cancellationToken);

        public Task RequestCancelAsync(string tenantId, string jobId, int round, CancellationToken cancellationToken) =>
            _inner!.RequestCancelAsync(tenantId, jobId, round, cancellationToken);

        public Task<RoundState> GetRoundStateAsync(string tenantId, string jobId, int round, CancellationToken cancellationToken) =>
            _inner!.GetRoundStateAsync(tenantId, jobId, round, cancellationToken);
    }
}
