extern alias AiEmulator;

using System.Net;
using AiEmulator::CatalogForge.AiEmulator;
using CatalogForge.Core.Tenancy;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CatalogForge.Server.Tests.Dashboard;

/// <summary>
/// One dashboard test's world: the real Server on Kestrel (a browser needs a real port) with Azurite and its own AI
/// emulator, a tenant, and a fresh browser page. Collects the page's script errors and failed console messages (a
/// Content-Security-Policy violation is one), which <see cref="AssertNoPageErrors"/> turns into a failure.
/// </summary>
internal sealed class DashboardSession : IAsyncDisposable
{
    public const float ViewportWidth = 1280;

    private readonly List<string> _pageErrors = [];

    private DashboardSession(ServerTestEnvironment env, Uri baseUri, CreatedTenant tenant, HttpClient client, IBrowserContext context, IPage page)
    {
        Env = env;
        BaseUri = baseUri;
        Tenant = tenant;
        Client = client;
        Context = context;
        Page = page;
        page.PageError += (_, error) => _pageErrors.Add($"page error: {error}");
        page.Console += (_, message) =>
        {
            // The browser logs every non-2xx fetch as a console error; those answers are what some tests provoke.
            if (message.Type == "error" && !message.Text.Contains("the server responded with a status of", StringComparison.Ordinal))
            {
                _pageErrors.Add($"console error: {message.Text}");
            }
        };
    }

    public ServerTestEnvironment Env { get; }

    public Uri BaseUri { get; }

    public CreatedTenant Tenant { get; }

    /// <summary>An API client with the tenant's key, for setting up and checking what the page did.</summary>
    public HttpClient Client { get; }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public static async Task<DashboardSession> StartAsync(
        AzuriteFixture azurite,
        ChromiumFixture chromium,
        EmulatorOptions? emulatorOptions = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var env = await ServerTestEnvironment.StartAsync(azurite, emulatorOptions, settings);
        env.Server.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        env.Server.StartServer();
        var address = env.Server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var baseUri = new Uri(address.EndsWith('/') ? address : address + "/");

        var tenant = await env.Server.CreateTenantAsync($"dashboard-{Guid.NewGuid():N}", TestContext.Current.CancellationToken);
        var client = new HttpClient { BaseAddress = baseUri };
        client.DefaultRequestHeaders.Add("x-api-key", tenant.ApiKey);

        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUri.ToString(),
            ViewportSize = new ViewportSize { Width = (int)ViewportWidth, Height = 860 },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        return new DashboardSession(env, baseUri, tenant, client, context, page);
    }

    /// <summary>Opens the dashboard and signs in with <paramref name="apiKey"/> (the tenant's key by default).</summary>
    public async Task SignInAsync(string? apiKey = null)
    {
        await Page.GotoAsync("/");
        await Page.GetByLabel("API key").FillAsync(apiKey ?? Tenant.ApiKey);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>A full-page screenshot to artifacts/dashboard/<paramref name="name"/>.png.</summary>
    public Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(RepositoryRoot.Path, "artifacts", "dashboard", $"{name}.png"),
            FullPage = true,
            Animations = ScreenshotAnimations.Disabled,
        });

    public void AssertNoPageErrors() => Assert.True(_pageErrors.Count == 0, string.Join(Environment.NewLine, _pageErrors));

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        Client.Dispose();
        await Env.DisposeAsync();
    }
}
