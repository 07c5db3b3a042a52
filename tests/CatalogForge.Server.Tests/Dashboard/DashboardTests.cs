using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;
using CatalogForge.Server.Tests.Apis;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CatalogForge.Server.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser against the real Server (Kestrel), Azurite and the AI emulator: what a person does
/// on the page, checked on the page and through the API. Each test leaves screenshots in artifacts/dashboard/.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed partial class DashboardTests(AzuriteFixture azurite, ChromiumFixture chromium)
{
    private const float JobTimeout = 90_000;

    [Fact]
    public async Task A_wrong_key_shows_the_401_message_and_keeps_nothing()
    {
        await using var session = await DashboardSession.StartAsync(azurite, chromium);
        var page = session.Page;

        await session.SignInAsync("cfk_this-key-does-not-exist");

        var alert = page.Locator(".alert-error");
        await Expect(alert).ToHaveAttributeAsync("data-status", "401");
        await Expect(alert).ToContainTextAsync("The API key is not valid");
        await Expect(alert).ToContainTextAsync("Sign in again with a valid key.");
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('catalogforge.apiKey')"));
        Assert.DoesNotContain("cfk_", page.Url, StringComparison.Ordinal);
        await session.ScreenshotAsync("signin-401");
        session.AssertNoPageErrors();
    }

    [Fact]
    public async Task A_job_submitted_from_the_page_finishes_live_and_its_product_opens()
    {
        await using var session = await DashboardSession.StartAsync(azurite, chromium);
        var page = session.Page;

        await session.SignInAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Jobs");
        Assert.Equal(session.Tenant.ApiKey, await page.EvaluateAsync<string?>("() => sessionStorage.getItem('catalogforge.apiKey')"));
        Assert.DoesNotContain(session.Tenant.ApiKey, page.Url, StringComparison.Ordinal);
        await Expect(page.Locator(".empty")).ToContainTextAsync("No jobs yet");
        await session.ScreenshotAsync("jobs-empty");

        await page.GetByRole(AriaRole.Link, new() { Name = "New job" }).First.ClickAsync();
        await page.GetByLabel("Briefs, one per line").FillAsync(
            "A beginner guide to sourdough baking\nWatercolor landscapes in ten evenings\nHome espresso without expensive gear");
        await page.GetByLabel("Audience").FillAsync("curious beginners");
        await session.ScreenshotAsync("new-job");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit job" }).ClickAsync();

        // The page moves to the new job and follows it to the end without a reload.
        await page.WaitForURLAsync(JobPageUrl());
        var jobId = Uri.UnescapeDataString(page.Url.Split("#/jobs/")[1]);
        await Expect(page.Locator(".job-status .badge")).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = JobTimeout });
        await Expect(page.Locator(".items tbody tr")).ToHaveCountAsync(3);
        await Expect(page.Locator(".items a.product-link")).ToHaveCountAsync(3);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel job" })).ToBeDisabledAsync();
        await session.ScreenshotAsync("job-completed");

        var job = await session.Client.GetFromJsonAsync<JobView>($"api/jobs/{Uri.EscapeDataString(jobId)}", ApiCalls.Json, TestContext.Current.CancellationToken);
        Assert.Equal(JobStatus.Completed, job!.Status);
        Assert.Equal(3, job.Counts.Succeeded);

        // The product page shows the stored product with its image, fetched with the key and shown as a blob: URL.
        var firstProduct = page.Locator(".items a.product-link").First;
        var title = await firstProduct.InnerTextAsync();
        await firstProduct.ClickAsync();
        await Expect(page.Locator("h1.product-title")).ToHaveTextAsync(title);
        await Expect(page.Locator("img.hero")).ToHaveAttributeAsync("src", BlobUrl());
        Assert.True(await page.Locator("img.hero").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "The product image did not load.");
        await Expect(page.Locator("[data-state=no-snapshot]")).ToContainTextAsync("No nightly snapshot yet");
        await session.ScreenshotAsync("product");

        // The gallery lists the tenant's products from GET /api/products, with no fallback notice.
        await page.GetByRole(AriaRole.Link, new() { Name = "Products", Exact = true }).ClickAsync();
        await Expect(page.Locator(".gallery a.card")).ToHaveCountAsync(3);
        await Expect(page.Locator(".gallery img.media")).ToHaveCountAsync(3);
        await Expect(page.Locator("[data-placeholder=product-list]")).ToHaveCountAsync(0);
        await session.ScreenshotAsync("products");

        await page.GetByRole(AriaRole.Link, new() { Name = "Usage" }).ClickAsync();
        await Expect(page.Locator("svg.chart rect.bar").First).ToBeVisibleAsync();
        await Expect(page.Locator("table.usage tbody tr").First).ToBeVisibleAsync();
        await session.ScreenshotAsync("usage");

        await page.GetByRole(AriaRole.Link, new() { Name = "Insights" }).ClickAsync();
        await Expect(page.Locator("[data-state=no-snapshot]")).ToContainTextAsync("No nightly snapshot yet");
        await session.ScreenshotAsync("insights");

        await page.GetByRole(AriaRole.Link, new() { Name = "Jobs", Exact = true }).ClickAsync();
        await Expect(page.Locator("[data-filter=completed] .total-value")).ToHaveTextAsync("1");
        await Expect(page.Locator("[data-filter=all] .total-value")).ToHaveTextAsync("1");
        await Expect(page.Locator($"tr[data-job-id='{jobId}'] .badge")).ToHaveAttributeAsync("data-status", "Completed");
        await session.ScreenshotAsync("jobs");
        session.AssertNoPageErrors();
    }

    [Fact]
    public async Task A_running_job_is_cancelled_from_its_page()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await DashboardSession.StartAsync(
            azurite, chromium, JobsApiResumeTests.SlowEmulator(), JobsApiResumeTests.SlowJobSettings);
        var page = session.Page;
        var accepted = await session.Client.SubmitJobAsync(Payloads.Generate(ServerFactory.MaxItemsPerJob, salt: Guid.NewGuid().ToString("N")), ct);

        await session.SignInAsync();
        await page.Locator($"tr[data-job-id='{accepted.JobId}'] a.job-link").ClickAsync();
        await Expect(page.Locator(".job-status .badge")).ToHaveAttributeAsync("data-status", "Running", new() { Timeout = JobTimeout });
        await Expect(page.Locator(".items .badge[data-status=Succeeded]").First).ToBeVisibleAsync(new() { Timeout = JobTimeout });
        await session.ScreenshotAsync("job-running");

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel job" }).ClickAsync();

        await Expect(page.Locator(".job-status .badge")).ToHaveAttributeAsync("data-status", "Cancelled", new() { Timeout = JobTimeout });
        await Expect(page.Locator(".items .badge[data-status=Cancelled]").First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel job" })).ToBeDisabledAsync();
        await session.ScreenshotAsync("job-cancelled");
        var job = await session.Client.WaitForJobAsync(accepted.JobId, ct);
        Assert.Equal(JobStatus.Cancelled, job.Status);
        Assert.True(job.Counts.Cancelled >= 1, $"No item was cancelled: {job.Counts}");
        session.AssertNoPageErrors();
    }

    [Fact]
    public async Task Error_answers_read_as_messages_with_their_status()
    {
        await using var session = await DashboardSession.StartAsync(azurite, chromium);
        var page = session.Page;
        await session.SignInAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Jobs");

        // 404 from the real API: a job id this tenant does not have.
        await page.GotoAsync("/#/jobs/no-such-job");
        await Expect(page.Locator(".alert-error")).ToHaveAttributeAsync("data-status", "404");
        await Expect(page.Locator(".alert-error")).ToContainTextAsync("GET /api/jobs/no-such-job");
        await session.ScreenshotAsync("job-404");

        // 409 from the real API: retrying a job with no failed items.
        var accepted = await session.Client.SubmitJobAsync(Payloads.Generate(1, salt: Guid.NewGuid().ToString("N"), images: false), TestContext.Current.CancellationToken);
        var done = await session.Client.WaitForJobAsync(accepted.JobId, TestContext.Current.CancellationToken);
        Assert.Equal(JobStatus.Completed, done.Status);
        await page.GotoAsync($"/#/jobs/{accepted.JobId}");
        await Expect(page.Locator(".job-status .badge")).ToHaveAttributeAsync("data-status", "Completed");
        // Enabled through the page, to reach the server's own 409 (the page disables it when there is nothing to retry).
        await page.GetByRole(AriaRole.Button, new() { Name = "Retry failed items" }).EvaluateAsync("button => button.disabled = false");
        await page.GetByRole(AriaRole.Button, new() { Name = "Retry failed items" }).ClickAsync();
        await Expect(page.Locator(".alert-error[data-status='409']")).ToContainTextAsync("The job has no failed items");

        // 429 and 503 cannot be provoked on demand here: the browser gets them from a stubbed route, with Retry-After.
        Func<string, bool> usage = url => url.Contains("/api/usage", StringComparison.Ordinal);
        await page.RouteAsync(usage, route => route.FulfillAsync(new()
        {
            Status = 429,
            Headers = new Dictionary<string, string> { ["Retry-After"] = "7" },
            ContentType = "application/problem+json",
            Body = """{"title":"Too many requests for this tenant","status":429}""",
        }));
        await page.GotoAsync("/#/usage");
        await Expect(page.Locator(".alert-error")).ToHaveAttributeAsync("data-status", "429");
        await Expect(page.Locator(".alert-error")).ToContainTextAsync("Try again in 7 s.");
        await session.ScreenshotAsync("usage-429");

        await page.UnrouteAsync(usage);
        await page.RouteAsync(usage, route => route.FulfillAsync(new() { Status = 503, ContentType = "text/plain", Body = "down" }));
        await page.GotoAsync("/#/insights");
        await page.GotoAsync("/#/usage");
        await Expect(page.Locator(".alert-error")).ToHaveAttributeAsync("data-status", "503");
        await Expect(page.Locator(".alert-error")).ToContainTextAsync("The service is unavailable right now.");

        // An answer of the wrong shape is named, field by field, instead of breaking the page.
        await page.UnrouteAsync(usage);
        await page.RouteAsync(usage, route => route.FulfillAsync(new()
        {
            Status = 200,
            ContentType = "application/json",
            Body = """{"tenantId":"t","from":"2026-01-01","to":"2026-01-02","lines":[{"day":"2026-01-01","model":7}]}""",
        }));
        await page.GotoAsync("/#/insights");
        await page.GotoAsync("/#/usage");
        await Expect(page.Locator(".alert-error")).ToContainTextAsync("GET /api/usage does not have the expected shape");
        await Expect(page.Locator(".alert-error")).ToContainTextAsync("lines[0].model should be a string, got number");
        session.AssertNoPageErrors();
    }

    [Fact]
    public async Task The_page_is_served_with_its_security_headers_and_api_routes_keep_priority()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await DashboardSession.StartAsync(azurite, chromium);
        using var anonymous = new HttpClient { BaseAddress = session.BaseUri };

        using var index = await anonymous.GetAsync("/", ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", index.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        using var script = await anonymous.GetAsync("/js/main.js", ct);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);

        // Unknown API paths stay ProblemDetails 404s, and API routes still need the key.
        using var unknown = await anonymous.GetAsync("/api/no-such-route", ct);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.NotEqual("text/html", unknown.Content.Headers.ContentType?.MediaType);
        using var jobs = await anonymous.GetAsync("/api/jobs", ct);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, jobs.StatusCode);
    }

    [GeneratedRegex(@"#/jobs/[^/?]+$")]
    private static partial Regex JobPageUrl();

    [GeneratedRegex("^blob:")]
    private static partial Regex BlobUrl();
}
