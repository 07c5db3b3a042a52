using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CatalogForge.Core.Domain;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CatalogForge.Server.Tests.Dashboard;

/// <summary>
/// The nightly catalog intelligence in the dashboard, in Chromium against the real Server, Azurite and the AI emulator:
/// a run started with the page's Refresh now, then its insights (risk, perception, drift, clusters, runs) and a
/// product's similar products. Screenshots go to artifacts/dashboard/.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardNightlyTests(AzuriteFixture azurite, ChromiumFixture chromium)
{
    private const float RunTimeout = 90_000;

    [Fact]
    public async Task After_a_run_started_from_the_page_the_insights_show_risk_and_perception_and_a_product_its_similar_products()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await DashboardSession.StartAsync(azurite, chromium);
        var page = session.Page;

        // Four sample briefs, one of them twice: the twin embeds identically and is the run's near-duplicate.
        var briefs = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "samples", "briefs.json"), ct))!.AsArray();
        var items = new JsonArray(briefs[0]!.DeepClone(), briefs[1]!.DeepClone(), briefs[4]!.DeepClone(), briefs[1]!.DeepClone());
        var accepted = await session.Client.SubmitJobAsync(new JsonObject { ["kind"] = "generate", ["items"] = items }.ToJsonString(), ct);
        Assert.Equal(JobStatus.Completed, (await session.Client.WaitForJobAsync(accepted.JobId, ct)).Status);
        var products = await session.Client.GetAllItemsAsync(accepted.JobId, ct);
        using (var profile = await session.Client.PutAsync("api/catalog/brand-profile",
            new StringContent(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "samples", "brand-profile.json"), ct), System.Text.Encoding.UTF8, "application/json"), ct))
        {
            await ApiCalls.EnsureStatusAsync(profile, HttpStatusCode.OK, ct);
        }

        // Before any run: the product page and the insights page say so.
        await session.SignInAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Jobs");
        await page.GotoAsync($"/#/products/{Uri.EscapeDataString(products[1].ProductId!)}");
        await Expect(page.Locator("[data-state=no-snapshot]")).ToContainTextAsync("No nightly snapshot yet");
        await page.GetByRole(AriaRole.Link, new() { Name = "Insights" }).First.ClickAsync();
        await Expect(page.Locator("[data-state=no-snapshot]")).ToContainTextAsync("No nightly snapshot yet");
        await session.ScreenshotAsync("insights-empty");

        // Refresh now: 202, the page follows the run and shows the snapshot when it completes.
        await page.GetByRole(AriaRole.Button, new() { Name = "Refresh now" }).ClickAsync();
        await Expect(page.Locator(".alert-info")).ToContainTextAsync("started");
        await Expect(page.Locator("[data-stat=risk] .stat-value")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+$"), new() { Timeout = RunTimeout });
        var insights = await session.Client.GetFromJsonAsync<JsonElement>("api/catalog/insights", ct);
        var risk = insights.GetProperty("risk");
        await Expect(page.Locator("[data-stat=risk] .stat-value")).ToHaveTextAsync(risk.GetProperty("score").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("[data-term]")).ToHaveCountAsync(risk.GetProperty("terms").GetArrayLength());
        if (insights.GetProperty("perception").ValueKind == JsonValueKind.Null)
        {
            await Expect(page.Locator("[data-state=no-perception]")).ToHaveTextAsync("No brand profile probes in this snapshot.");
        }
        else
        {
            await Expect(page.Locator("table.perception [data-brand]")).ToHaveCountAsync(insights.GetProperty("perception").GetArrayLength());
            await Expect(page.Locator("table.perception [data-brand='Maple & Quill']")).ToContainTextAsync("you");
        }

        await Expect(page.Locator("[data-state=first-snapshot]")).ToContainTextAsync("First snapshot: 4 products");
        await Expect(page.Locator(".cluster")).ToHaveCountAsync(1);
        await Expect(page.Locator(".cluster .cluster-members a")).ToHaveCountAsync(2);
        await Expect(page.Locator("table.runs tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("table.runs .badge[data-status]")).ToHaveAttributeAsync("data-status", "Completed");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Refresh now" })).ToBeEnabledAsync();
        await session.ScreenshotAsync("insights-snapshot");

        // 409 from the real API: a run started elsewhere is still going when the button is pressed.
        using (var other = await session.Client.PostAsync("api/catalog/refresh", null, ct))
        {
            await ApiCalls.EnsureStatusAsync(other, HttpStatusCode.Accepted, ct);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Refresh now" }).ClickAsync();
        await Expect(page.Locator(".alert-error[data-status='409']")).ToContainTextAsync("/api/catalog/runs/");
        await session.ScreenshotAsync("insights-409");
        await Expect(page.Locator("table.runs tbody tr")).ToHaveCountAsync(2, new() { Timeout = RunTimeout });
        await Expect(page.Locator("table.runs .badge[data-status=Running]")).ToHaveCountAsync(0, new() { Timeout = RunTimeout });

        // The second snapshot is compared with the first: drift has a previous snapshot now.
        await Expect(page.Locator("table.runs tbody tr").First.Locator(".badge.current")).ToBeVisibleAsync();
        await Expect(page.Locator(".mini-stats")).ToContainTextAsync("Churn");
        await session.ScreenshotAsync("insights-second-run");

        // The twin's product page lists the other copy first, with its score and the snapshot it comes from.
        var twin = products[3];
        await page.GotoAsync($"/#/products/{Uri.EscapeDataString(products[1].ProductId!)}");
        await Expect(page.Locator("ol.similar li").First).ToHaveAttributeAsync("data-product-id", twin.ProductId!);
        await Expect(page.Locator("ol.similar li").First.Locator(".score")).ToContainTextAsync("1.00");
        await Expect(page.Locator("ol.similar li")).ToHaveCountAsync(3);
        await Expect(page.Locator("[data-snapshot]")).ToContainTextAsync("Snapshot ");
        await Expect(page.Locator("img.hero")).ToBeVisibleAsync();
        await session.ScreenshotAsync("product-similar");
        session.AssertNoPageErrors();
    }
}
