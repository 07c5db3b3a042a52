using Microsoft.Playwright;

namespace CatalogForge.Server.Tests.Dashboard;

/// <summary>
/// One headless Debian Chromium (the <c>chromium</c> package, never a browser Playwright downloads) for the dashboard
/// tests, driven by Playwright for .NET. <c>scripts/test.sh</c> installs the package when it is missing;
/// <c>CHROMIUM_PATH</c> points at another executable.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private const string DefaultExecutable = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : DefaultExecutable;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at {ExecutablePath}. scripts/test.sh installs Debian's package when it is missing " +
                "(apt-get install -y chromium); or set CHROMIUM_PATH to a Chromium executable.");
        }

        // Expect(...) waits 5 s by default; a loaded CI machine running other test assemblies needs more.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // Tests run as root in CI, where Chromium's sandbox cannot start; /dev/shm is small in containers.
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "Dashboard in Chromium";
}
